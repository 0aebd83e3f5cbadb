import type { FastifyRequest, FastifyServerOptions } from "fastify";

/** Query parameters whose values are credentials for a moment: a sign-in's code and state, tokens. */
const SECRET_PARAMS = new Set(["code", "state", "access_token", "token", "code_verifier", "client_secret"]);

/**
 * The request's address as the log shows it: the values of credential-like query parameters (a sign-in's `code` and
 * `state`) and the signed part of a media URL (`/media/<token>`) are replaced by `[redacted]`, so whoever reads the
 * server's logs cannot finish a sign-in or fetch a post's media with them.
 */
export function loggedUrl(url: string): string {
  const [path = "", query] = url.split("?", 2) as [string, string | undefined];
  const safePath = path.replace(/^(\/media\/)[^/]+/, "$1[redacted]");
  if (query === undefined) return safePath;
  const parts = query.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const name = decodeURIComponentSafe(eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
    return SECRET_PARAMS.has(name) && eq !== -1 ? `${pair.slice(0, eq)}=[redacted]` : pair;
  });
  return `${safePath}?${parts.join("&")}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Fastify's own request serializer, with the address redacted. */
function serializeRequest(req: FastifyRequest) {
  return { method: req.method, url: loggedUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** The logger options with the redacting request serializer added (a logger given as an instance is left as is). */
export function withRedactedRequests(logger: FastifyServerOptions["logger"]): FastifyServerOptions["logger"] {
  if (!logger) return logger;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...(options.serializers ?? {}), req: serializeRequest as never } };
}

import fastifySwagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";

export const DOCS_PREFIX = "/api/docs";

// Hop-by-hop headers and the body's length: this app's reply sets its own (it may compress the body).
const NOT_COPIED = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "date"]);

/**
 * The API documentation (Swagger UI) at /api/docs, loaded on its first request. Registering @fastify/swagger-ui at
 * start cost about 8 % of the server's start-up CPU (its package, `yaml`, its own @fastify/static over its files)
 * and memory for a page few people open. Its addresses are declared here at start (public, hidden from the OpenAPI
 * document, as before); the first request builds a small Fastify instance that holds Swagger UI over this app's
 * finished OpenAPI document, and every request is passed to it. Its answer (status, headers, body) is sent as this
 * app's reply, so this app's hooks (security headers, compression) apply as before, and its 404 is this app's 404.
 */
export function registerApiDocs(app: FastifyInstance): void {
  let docs: Promise<FastifyInstance> | undefined;
  const load = () =>
    (docs ??= createDocsApp(app).catch((err: unknown) => {
      docs = undefined; // a failed load is tried again on the next request
      throw err;
    }));
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const inner = await load();
    const res = await inner.inject({ method: "GET", url: request.url, headers: request.headers });
    if (res.statusCode === 404) return reply.callNotFound();
    reply.code(res.statusCode);
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined && !NOT_COPIED.has(name)) reply.header(name, value);
    // An empty answer (a redirect, a 304, a HEAD) is sent without a body, so no content type is added to it.
    return res.rawPayload.length > 0 ? reply.send(res.rawPayload) : reply.send();
  };
  const options = { config: { public: true }, schema: { hide: true } };
  app.get(DOCS_PREFIX, options, handler);
  app.get(`${DOCS_PREFIX}/*`, options, handler);
}

async function createDocsApp(app: FastifyInstance): Promise<FastifyInstance> {
  const { default: fastifySwaggerUi } = await import("@fastify/swagger-ui");
  const inner = Fastify({ logger: false });
  // Swagger UI requires @fastify/swagger registered beside it and reads the document through `swagger()`: that is this
  // app's own (made when first asked for, as before — the page itself does not need it). The registration only
  // satisfies the requirement; its own decorator, under another name, is never used.
  await inner.register(fastifySwagger, { decorator: "unusedSwagger" });
  inner.decorate("swagger", ((opts?: { yaml?: boolean }) => app.swagger(opts as { yaml: true })) as FastifyInstance["swagger"]);
  await inner.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
  await inner.ready();
  return inner;
}

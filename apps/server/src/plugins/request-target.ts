import { jsonSchemaTransform } from "fastify-type-provider-zod";

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * The origin form ("/path?query") of a request target. HTTP/1.1 servers must accept the absolute form
 * ("http://host/path"), which names the same resource; routing, authentication and CSRF then all see one spelling.
 * Anything else that is not a path ("*", authority form, "http:/x") becomes an API address that matches nothing.
 */
export function originForm(target: string): string {
  if (target.startsWith("/")) return target;
  const authority = ABSOLUTE_FORM.exec(target);
  // Any other target, neither a path nor absolute ("*", "http:/x"), is answered as an unknown API address (a JSON
  // 404), never as the web app.
  if (!authority) return "/api/.invalid-request-target";
  const rest = target.slice(authority[0].length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

type TransformArgs = Parameters<typeof jsonSchemaTransform>[0];

/**
 * The OpenAPI document states each operation's access as the server enforces it: public operations have no
 * security requirement (`security: []`), and workspace operations name the least role they need
 * (`x-minimum-role`). Clients read it; the generated access tests are built from it.
 */
export function documentAccess(args: TransformArgs): ReturnType<typeof jsonSchemaTransform> {
  const out = jsonSchemaTransform(args);
  const config = (args.route.config ?? {}) as { public?: boolean; role?: string };
  const method = String(args.route.method).toUpperCase();
  const extra: Record<string, unknown> = {};
  if (config.public === true) extra.security = [];
  if (args.url.includes(":workspaceId")) extra["x-minimum-role"] = config.role ?? (method === "GET" || method === "HEAD" ? "viewer" : "editor");
  return { ...out, schema: { ...(out.schema as object), ...extra } } as ReturnType<typeof jsonSchemaTransform>;
}

import type { FastifyInstance } from "fastify";

export interface RouteInfo {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  params: string[];
  hasBody: boolean;
}

/** Every route the OpenAPI document lists: the tests read the API from it, not from a hand-kept list. */
export async function routesFromOpenApi(app: FastifyInstance): Promise<RouteInfo[]> {
  const doc = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>();
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ["get", "post", "put", "patch", "delete"].includes(m))
      .map(([m, op]) => ({
        method: m.toUpperCase() as RouteInfo["method"],
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!),
        hasBody: op.requestBody !== undefined,
      })),
  );
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? "00000000-0000-4000-8000-000000000000"));
}

import fc from "fast-check";

/** A JSON schema as the OpenAPI document carries it (inline, no $ref). */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
}

/** One operation of the OpenAPI document, with what the generated tests need to attack it. */
export interface Operation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  pathParams: string[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
  /** Declared without a security requirement (`security: []`): reachable without a session. */
  public: boolean;
  /** For workspace operations: the least role the server asks for (`x-minimum-role`). */
  minimumRole: string | null;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
  "x-minimum-role"?: string;
}

/** Every operation the document lists: tests read the API from it, so a route added tomorrow is covered. */
export function operationsOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ["get", "post", "put", "patch", "delete"].includes(m))
      .map(([m, op]) => ({
        method: m.toUpperCase() as Operation["method"],
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!),
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        body: op.requestBody?.content["application/json"]?.schema ?? null,
        public: Array.isArray(op.security) && op.security.length === 0,
        minimumRole: op["x-minimum-role"] ?? null,
      })),
  );
}

export const isWrite = (op: Operation) => op.method !== "GET";
export const ROLE_ORDER = ["viewer", "editor", "admin", "owner"];

const DATE_NAMES = /^(from|to|day|date|start|end|deadline|due|dueDate|month|periodStart)$/i;
const first = (s: JsonSchema): JsonSchema => s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0] ?? s;
const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type);

/** A value the schema accepts, chosen deterministically (the schema's patterns are sampled with a fixed seed). */
export function validSample(schema: JsonSchema, name = ""): unknown {
  const s = first(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  switch (typeOf(s)) {
    case "string":
      if (s.format === "uuid") return "6f1c7c1e-8f5a-4d7e-9a3b-2c4d5e6f7a8b";
      if (s.format === "email") return "someone@example.com";
      if (s.format === "date-time") return "2026-05-01T09:00:00.000Z";
      // A date or month pattern gets a real one (a sampled "9177-00-56" would stop every request at validation).
      if (s.pattern?.includes("\\d{4}-")) return s.pattern.includes("\\d{2}-\\d{2}") ? "2026-05-01" : "2026-05";
      if (s.pattern) return fc.sample(fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity)), { numRuns: 1, seed: 7 })[0];
      // Dates whose schema is a refinement (no pattern in the document) are known by their name.
      if (DATE_NAMES.test(name)) return /month/i.test(name) ? "2026-05" : "2026-05-01";
      return "a".repeat(Math.max(1, s.minLength ?? 1));
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : typeof s.maximum === "number" ? Math.min(1, s.maximum) : 1;
    case "boolean":
      return true;
    case "array":
      return Array.from({ length: s.minItems ?? 0 }, () => validSample(s.items ?? {}));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = validSample(s.properties?.[key] ?? {}, key);
      return out;
    }
    default:
      return null;
  }
}

const BAD_DATES = ["2026-13-45", "0000-00-00", "9999-19-39", "2026-02-30", "1899-12-31", "10000-01-01", "2026-02-30T25:61:00Z"];
const CONTROL = "a\u0000b\u0007c\u001bd\u202Egnp.exe\uFFFE";
const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 2, -(2 ** 53) - 2, 1.5, -1, 0];

/** Values that break the schema's type, size, date or number rules, for one property. */
export function badValues(schema: JsonSchema): unknown[] {
  const s = first(schema);
  const wrongTypes = [null, [], {}, true];
  switch (typeOf(s)) {
    case "string":
      // An RRULE the rrule library loops on for ever (a negative INTERVAL): any string field gets it.
      return [...BAD_DATES, CONTROL, "x".repeat((s.maxLength ?? 60_000) + 1), "1e308", "0x10", "12abc34", "FREQ=DAILY;INTERVAL=-1", 42, ...wrongTypes];
    case "integer":
    case "number":
      return [...HUGE_NUMBERS, "12", "1e308", ...wrongTypes];
    case "boolean":
      return ["true", 1, ...wrongTypes];
    case "array":
      return [[null], [CONTROL], Array.from({ length: (s.maxItems ?? 100) + 1 }, () => validSample(s.items ?? {})), "x", ...wrongTypes];
    default:
      return ["x", 42, ...wrongTypes];
  }
}

/** The body's properties paired with each of their bad values (one property broken at a time, the rest valid). */
export function badBodies(schema: JsonSchema): unknown[] {
  const s = first(schema);
  const base = validSample(s);
  if (typeOf(s) !== "object" || !s.properties) return [base, ...badValues(s)];
  const bodies: unknown[] = [base, [], "x", null];
  for (const [key, prop] of Object.entries(s.properties)) {
    for (const value of badValues(prop)) bodies.push({ ...(base as object), [key]: value });
    // One level deeper: an array of objects gets each of its item's properties broken too.
    const item = first(prop).items;
    if (item && first(item).properties) {
      for (const inner of badBodies(item).slice(4)) bodies.push({ ...(base as object), [key]: [inner] });
    }
  }
  return bodies;
}

/** Query strings with one parameter broken at a time (a 1 MB value among them), the required ones otherwise valid. */
export function badQueries(query: Operation["query"]): Record<string, string>[] {
  const base = Object.fromEntries(query.filter((q) => q.required).map((q) => [q.name, String(validSample(q.schema, q.name))]));
  const out: Record<string, string>[] = [base];
  for (const q of query) {
    for (const value of [...BAD_DATES, CONTROL, "", "1e308", "-1", "x".repeat(1_048_576), "%zz", "[object Object]"]) out.push({ ...base, [q.name]: value });
  }
  return out;
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? "00000000-0000-4000-8000-000000000000"));
}

/**
 * The same request target spelled the ways a client, proxy or attacker may send it: absolute form (RFC 9112 §3.2.2),
 * doubled slashes, upper case, percent-encoding, dot segments, a trailing slash and `;` parameters.
 */
export function targetVariants(path: string, host: string): Record<string, string> {
  const rest = path.replace(/^\/api\//, "");
  return {
    origin: path,
    absolute: `http://${host}${path}`,
    "absolute, other host": `http://attacker.example${path}`,
    "absolute, upper-case scheme": `HTTP://${host}${path}`,
    "double slash": `/${path}`,
    "double slash inside": `/api//${rest}`,
    "upper-case prefix": `/API/${rest}`,
    "upper-case path": path.toUpperCase(),
    "percent-encoded prefix": `/%61%70%69/${rest}`,
    "percent-encoded slash": `/api%2F${rest}`,
    "dot segment": `/api/./${rest}`,
    "dot-dot segment": `/api/x/../${rest}`,
    "encoded dot-dot": `/x/%2e%2e/api/${rest}`,
    "trailing slash": `${path}/`,
    "semicolon parameter": `${path};jsessionid=1`,
    "semicolon in prefix": `/api;x=1/${rest}`,
    "scheme, one slash": `http:${path}`,
    "bad percent-encoding": `/api/${rest}%zz`,
    backslash: `/api\\${rest}`.replace(/\\/g, "%5C"),
  };
}

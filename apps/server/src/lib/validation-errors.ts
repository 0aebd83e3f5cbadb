import type { FastifySchemaValidationError } from "fastify";
import type { FieldIssue } from "./errors.ts";

type Params = Record<string, unknown>;

/** Turns the zod issues of a failed request validation into translatable field issues. */
export function toFieldIssues(issues: FastifySchemaValidationError[], context: string | undefined): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const base = issue.instancePath.replace(/^\//, "").split("/").filter(Boolean).join(".");
    const params = (issue.params ?? {}) as Params;
    if (issue.keyword === "unrecognized_keys") {
      const keys = Array.isArray(params.keys) ? (params.keys as string[]) : [];
      return keys.map((k) => ({ field: base ? `${base}.${k}` : k, key: "validation.unknown_field" }));
    }
    return [{ field: base || context || "body", ...describe(issue.keyword, params, issue.message) }];
  });
}

function describe(keyword: string, p: Params, message: string | undefined): Omit<FieldIssue, "field"> {
  const origin = typeof p.origin === "string" ? p.origin : "";
  const kind = origin === "string" ? "string" : origin === "array" || origin === "set" ? "array" : "number";
  switch (keyword) {
    case "invalid_type":
      if (message?.includes("received undefined")) return { key: "validation.required" };
      return { key: "validation.invalid_type", params: { expected: String(p.expected ?? "value") } };
    case "too_small":
      if (kind === "string" && p.minimum === 1) return { key: "validation.required" };
      return { key: `validation.too_small_${kind}`, params: { min: Number(p.minimum) } };
    case "too_big":
      return { key: `validation.too_big_${kind}`, params: { max: Number(p.maximum) } };
    case "invalid_format":
      if (p.format === "email") return { key: "validation.email" };
      if (p.format === "uuid" || p.format === "guid") return { key: "validation.uuid" };
      return { key: messageKey(message) ?? "validation.format" };
    case "invalid_value":
      return { key: "validation.one_of", params: { options: Array.isArray(p.values) ? p.values.join(", ") : "" } };
    case "custom":
      return { key: messageKey(message) ?? "validation.invalid" };
    default:
      return { key: "validation.invalid" };
  }
}

/** Schemas name their own message key (e.g. `{ error: "validation.timezone" }`). */
function messageKey(message: string | undefined): string | undefined {
  return message?.startsWith("validation.") ? message : undefined;
}

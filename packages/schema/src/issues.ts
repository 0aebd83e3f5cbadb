import type { MessageParams } from "./i18n/translate.ts";

/** The parts of a zod issue that decide its message. */
export interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message?: string | undefined;
  [extra: string]: unknown;
}

export interface FieldIssue {
  field: string;
  /** Message key, e.g. "validation.email"; translate it with `translate`. */
  key: string;
  params?: MessageParams;
}

/** Turns zod issues into translatable field issues; used by the server's error answers and by the web forms alike. */
export function issuesToFields(issues: readonly IssueLike[], fallbackField = "body"): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
      return keys.map((k) => ({ field: base ? `${base}.${k}` : k, key: "validation.unknown_field" }));
    }
    return [{ field: base || fallbackField, ...describe(issue) }];
  });
}

function describe(issue: IssueLike): Omit<FieldIssue, "field"> {
  const origin = typeof issue.origin === "string" ? issue.origin : "";
  const kind = origin === "string" ? "string" : origin === "array" || origin === "set" ? "array" : "number";
  const own = issue.message?.startsWith("validation.") ? issue.message : undefined;
  switch (issue.code) {
    case "invalid_type":
      if (issue.message?.includes("received undefined")) return { key: "validation.required" };
      return { key: "validation.invalid_type", params: { expected: String(issue.expected ?? "value") } };
    case "too_small":
      if (kind === "string" && issue.minimum === 1) return { key: "validation.required" };
      return { key: `validation.too_small_${kind}`, params: { min: Number(issue.minimum) } };
    case "too_big":
      return { key: `validation.too_big_${kind}`, params: { max: Number(issue.maximum) } };
    case "invalid_format":
      if (issue.format === "email") return { key: "validation.email" };
      if (issue.format === "uuid" || issue.format === "guid") return { key: "validation.uuid" };
      return { key: own ?? "validation.format" };
    case "invalid_value":
      return { key: "validation.one_of", params: { options: Array.isArray(issue.values) ? issue.values.join(", ") : "" } };
    default:
      return { key: own ?? "validation.invalid" };
  }
}

import type { Locale } from "../locale.ts";
import { CATALOG, type Question } from "../strategy/catalog.ts";
import { en } from "./messages.en.ts";
import { ko } from "./messages.ko.ts";

export const MESSAGES = { en, ko } as const;
export type MessageParams = Record<string, string | number>;

/** Looks up a dotted key ("auth.locked") and fills {{placeholders}}; unknown keys come back as the key. */
export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const template = lookup(MESSAGES[locale], key) ?? lookup(MESSAGES.en, key) ?? key;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? `{{${name}}}`));
}

/** The translated label of a request field, or the field path itself when it has none. */
export function fieldLabel(locale: Locale, path: string): string {
  const last = path.split(".").filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  return lookup(MESSAGES[locale], `fields.${last}`) ?? QUESTIONS_BY_FIELD.get(last)?.[locale].label ?? path;
}

function lookup(tree: unknown, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** Strategy answers are named by their question in the catalog (the first question with that field). */
const QUESTIONS_BY_FIELD = new Map<string, Question>();
for (const q of CATALOG) if ("field" in q.store && !QUESTIONS_BY_FIELD.has(q.store.field)) QUESTIONS_BY_FIELD.set(q.store.field, q);

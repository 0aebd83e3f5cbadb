import type { Locale } from "../locale.ts";
import { CATALOG, type Question } from "../strategy/catalog.ts";
import { en } from "./messages.en.ts";
import { ko } from "./messages.ko.ts";
import { fill, lastSegment, lookup, type MessageParams } from "./lookup.ts";

export const MESSAGES = { en, ko } as const;
export type { MessageParams };

/** Looks up a dotted key ("auth.locked") and fills {{placeholders}}; unknown keys come back as the key. */
export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  return fill(lookup(MESSAGES[locale], key) ?? lookup(MESSAGES.en, key) ?? key, params);
}

/** The translated label of a request field, or the field path itself when it has none. */
export function fieldLabel(locale: Locale, path: string): string {
  const last = lastSegment(path);
  return lookup(MESSAGES[locale], `fields.${last}`) ?? questionsByField().get(last)?.[locale].label ?? path;
}

/** Strategy answers are named by their question in the catalog (the first question with that field); built on first use. */
let byField: Map<string, Question> | null = null;
function questionsByField(): Map<string, Question> {
  if (byField) return byField;
  byField = new Map();
  for (const q of CATALOG) if ("field" in q.store && !byField.has(q.store.field)) byField.set(q.store.field, q);
  return byField;
}

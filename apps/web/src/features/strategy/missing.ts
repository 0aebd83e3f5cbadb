import type { MissingAnswer } from "@socialplan/domain";
import { QUESTIONS_BY_ID, type Lang, type PageKey } from "@socialplan/schema";
import { pagePath } from "./paths.ts";

/** A link that opens a record (`open`) and puts the cursor in one of its fields (`field`): see useFocusFromUrl. */
export function fieldLink(base: string, open: string | null, field: string | null): string {
  const params = new URLSearchParams();
  if (open) params.set("open", open);
  if (field) params.set("field", field);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/**
 * Where a missing answer is given: the budget, or the strategy page with the first record that lacks it opened and
 * the question focused; for a collection without records, the page itself (its add button).
 */
export function missingTarget(workspaceId: string, q: MissingAnswer): string {
  if (q.section === "budget") return `/w/${workspaceId}/budget`;
  const base = pagePath(workspaceId, q.section as PageKey);
  if (q.empty || q.section === "people") return base;
  return fieldLink(base, q.records?.[0] ?? null, q.id);
}

export type MissingLabel = { kind: "question"; text: string } | { kind: "message"; key: string };

/**
 * What a missing answer is called on screen: the question's own wording, or what to do when there is nothing to
 * answer yet ("Add a channel", "Plan a budget"). Never the question's ID.
 */
export function missingLabel(q: Pick<MissingAnswer, "id" | "section" | "empty">, lang: Lang): MissingLabel {
  if (q.section === "budget") return { kind: "message", key: "strategy.top.budget" };
  const question = QUESTIONS_BY_ID.get(q.id);
  if (q.empty && question && "kind" in question.store) return { kind: "message", key: `strategy.addRecord.${question.store.kind}` };
  return { kind: "question", text: question?.[lang].label ?? "" };
}

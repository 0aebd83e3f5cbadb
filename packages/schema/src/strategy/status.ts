import type { QuestionState, SectionState } from "@socialplan/domain";
import { CATALOG, STRATEGY_PAGES, type EntryKind, type PageKey, type Question } from "./catalog.ts";
import type { Kpi, Timeframe } from "./entries.ts";

/** The parts of a stored record that the status needs. */
export interface EntryLike {
  readonly id: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

const nonEmpty = (v: unknown) => (typeof v === "string" ? v.trim().length > 0 : Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null);

/** Whether a value answers a question, by the question's input type. */
export function isAnswered(q: Question, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  switch (q.input) {
    case "yesno":
      return (value as { answer?: unknown }).answer != null;
    case "kpi": {
      const k = value as Kpi;
      return nonEmpty(k.metric) && k.baseline !== undefined && k.target !== undefined;
    }
    case "timeframe": {
      const t = value as Timeframe;
      return Boolean(t.start && t.deadline);
    }
    case "daterange": {
      const r = value as { start?: string; end?: string };
      return Boolean(r.start && r.end);
    }
    case "margin":
      return (value as { unit_cost?: number }).unit_cost !== undefined;
    case "swot":
      return Object.values(value as Record<string, unknown[]>).some((l) => Array.isArray(l) && l.length > 0);
    default:
      return nonEmpty(value);
  }
}

/** A short name for a record, for "what is missing" lists. */
export function entryTitle(e: EntryLike): string {
  const d = e.data;
  const candidates = [d.title, d.name, d.handle, d.action, d.specific, d.network, d.date];
  const found = candidates.find((c) => typeof c === "string" && c.trim());
  if (typeof found !== "string") return "";
  const line = found.trim().split("\n")[0]!;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

const kindOf = (q: Question): EntryKind | null => ("kind" in q.store ? q.store.kind : null);
const fieldOf = (q: Question): string => ("field" in q.store ? q.store.field : "");

function collectionQuestion(q: Question, records: readonly EntryLike[]): QuestionState {
  if (records.length === 0) return { id: q.id, answered: false };
  const missing = records.filter((r) => !isAnswered(q, r.data[fieldOf(q)]));
  return missing.length === 0 ? { id: q.id, answered: true } : { id: q.id, answered: false, detail: missing.map(entryTitle).join(", ") };
}

function channelQuestion(q: Question, channels: readonly EntryLike[]): QuestionState {
  const website = channels.filter((c) => c.data.network === "website");
  const profiles = channels.filter((c) => c.data.network !== "website");
  switch (q.id) {
    case "channels.website":
      return { id: q.id, answered: website.some((c) => nonEmpty(c.data.purpose)) };
    case "channels.profile_purpose":
      return collectionQuestion(q, profiles);
    case "channels.main_sales":
      return { id: q.id, answered: channels.some((c) => c.data.main_sales === true) };
    case "channels.support":
      return { id: q.id, answered: channels.length > 0 && channels.every((c) => typeof c.data.support === "boolean") };
    case "channels.ad_priority":
      return { id: q.id, answered: channels.some((c) => typeof c.data.ad_priority === "number") };
    default:
      return collectionQuestion(q, channels);
  }
}

/**
 * Which questions of the strategy (guide sections 1 and 3–11) are answered, page by page, for the completeness
 * figures and the "what is missing" list. Check-ins (section 2) happen while executing and are not counted.
 * An outline question counts as answered when it has its own answer or every page that answers it has content.
 */
export function strategyStatus(entries: readonly EntryLike[], uncoveredHats: readonly string[]): SectionState[] {
  const byKind = (k: EntryKind) => entries.filter((e) => e.kind === k);
  const pageState = (page: PageKey): SectionState => {
    const questions = CATALOG.filter((q) => q.page === page).map((q): QuestionState => {
      if (page === "people") return { id: q.id, answered: !uncoveredHats.includes(q.id) };
      const kind = kindOf(q);
      if (!kind) return { id: q.id, answered: false };
      if (kind === "channel") return channelQuestion(q, byKind("channel"));
      const records = byKind(kind);
      if (["outline", "company", "mission", "swot", "geo", "industry", "distribution", "journey"].includes(kind)) {
        return { id: q.id, answered: isAnswered(q, records[0]?.data[fieldOf(q)]) };
      }
      return collectionQuestion(q, records);
    });
    return { section: page, questions };
  };
  const pages = STRATEGY_PAGES.filter((p) => p !== "reviews" && p !== "outline").map(pageState);
  const hasContent = (p: PageKey) => pages.find((s) => s.section === p)?.questions.some((q) => q.answered) ?? false;
  const outline = pageState("outline");
  const outlineQuestions = outline.questions.map((q) => {
    const pointers = CATALOG.find((c) => c.id === q.id)?.answeredBy ?? [];
    return q.answered || (pointers.length > 0 && pointers.every(hasContent)) ? { ...q, answered: true } : q;
  });
  return [{ section: "outline", questions: outlineQuestions }, ...pages];
}

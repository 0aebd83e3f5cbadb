import type { QuestionState, SectionState } from "@socialplan/domain";
import { CATALOG, isSectionKind, STRATEGY_PAGES, type EntryKind, type PageKey, type Question } from "./catalog.ts";
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

/**
 * The answers a first plan needs, ranked by how much they matter (1 first): company basics, channels, a measurable
 * goal, the target customer, then the rest. The "what matters most" list follows this order.
 */
export const ANSWER_RANKS: Readonly<Record<string, number>> = {
  "company.name": 1,
  "channels.profile_purpose": 2,
  "channels.website": 3,
  "goal.specific": 5,
  "goal.measurable": 6,
  "goal.timebound": 7,
  "persona.name": 8,
  "persona.demographics": 9,
  // 10: the budget (budgetStatus)
  "mission.business": 11,
  "company.hq": 12,
  "initiative.action": 13,
  "price.price": 14,
  "persona.challenges": 15,
  "distribution.networks": 16,
};
const BUDGET_RANK = 10;

/**
 * Questions a small business can leave open without the plan missing anything it needs: details and advanced parts
 * of the guide. They are asked on the pages but are not counted against anyone. (Hats: see `people`.)
 */
export const OPTIONAL_QUESTIONS: ReadonlySet<string> = new Set([
  "company.milestones",
  "company.resources",
  "company.story",
  "goal.achievable",
  "goal.relevant",
  "initiative.measure",
  "initiative.resources",
  "geo.holidays",
  "industry.occupation",
  "industry.location",
  "industry.goals",
  "persona.professional",
  "persona.personal",
  "persona.business_goals",
  "persona.personal_goals",
  "persona.impact",
  "persona.objections",
  "persona.usp",
  "competitor.channel_stats",
  "competitor.swot",
  "product.materials",
  "product.handmade",
  "product.origin",
  "price.fit",
  "price.frequency",
  "price.reinvest",
  "distribution.blog",
  "distribution.affiliate",
  "distribution.influencers",
  "distribution.paid",
  "distribution.formats",
  "journey.receive",
  "journey.speed",
  "journey.status",
  "journey.shipping",
  "journey.tracking",
  "journey.feedback",
  "journey.reviews",
  "journey.returns",
  "journey.refunds",
  // A channel is complete with its purpose; the content types, a flag left unticked (an answer: "no") and the ad
  // priority (it matters only with an ad budget) are details.
  "channels.content",
  "channels.main_sales",
  "channels.support",
  "channels.ad_priority",
]);

const withRank = (q: Question, state: QuestionState): QuestionState => {
  const rank = ANSWER_RANKS[q.id];
  return { ...state, ...(rank !== undefined ? { rank } : {}), ...(OPTIONAL_QUESTIONS.has(q.id) ? { optional: true } : {}) };
};

/** A question asked of every record: answered in the share of records that answer it; "add the first" when there are none. */
function collectionQuestion(q: Question, records: readonly EntryLike[], answers: (r: EntryLike) => boolean = (r) => isAnswered(q, r.data[fieldOf(q)])): QuestionState {
  if (records.length === 0) return { id: q.id, answered: false, share: 0, empty: true };
  const missing = records.filter((r) => !answers(r));
  if (missing.length === 0) return { id: q.id, answered: true, share: 1 };
  const detail = missing.map(entryTitle).filter(Boolean).join(", ");
  return { id: q.id, answered: false, share: (records.length - missing.length) / records.length, records: missing.map((r) => r.id), ...(detail ? { detail } : {}) };
}

/**
 * A channel record is complete with its network and its purpose (the website's or the profile's, by its network):
 * two such channels are the whole Channels page. The website's purpose is asked only when there is a website; the
 * content types, the flags and the ad priority are optional.
 */
function channelQuestion(q: Question, channels: readonly EntryLike[]): QuestionState {
  const website = channels.filter((c) => c.data.network === "website");
  const profiles = channels.filter((c) => c.data.network !== "website");
  const purpose = (c: EntryLike) => nonEmpty(c.data.purpose);
  switch (q.id) {
    case "channels.website":
      return website.length ? collectionQuestion(q, website, purpose) : { id: q.id, answered: false, optional: true };
    case "channels.profile_purpose":
      return profiles.length || !channels.length ? collectionQuestion(q, profiles, purpose) : { id: q.id, answered: false, optional: true };
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

/** Hats that only matter when the distribution says so: ads with paid campaigns, influencers when working with them. */
const HAT_CONDITIONS: Readonly<Record<string, string>> = { "people.ads": "paid", "people.influencers": "influencers" };

/**
 * Which questions of the strategy (guide sections 1 and 3–11) are answered, page by page, for the completeness
 * figures and the "what is missing" list: each question with the share answered, whether it counts (optional
 * ones do not) and its rank. Check-ins (section 2) happen while executing and are not counted.
 * An outline question counts as answered when it has its own answer or every page that answers it has content.
 */
export function strategyStatus(entries: readonly EntryLike[], uncoveredHats: readonly string[]): SectionState[] {
  const byKind = (k: EntryKind) => entries.filter((e) => e.kind === k);
  const distribution = byKind("distribution")[0]?.data ?? {};
  const pageState = (page: PageKey): SectionState => {
    const questions = CATALOG.filter((q) => q.page === page).map((q): QuestionState => {
      if (page === "people") {
        const condition = HAT_CONDITIONS[q.id];
        const needed = !condition || (distribution[condition] as { answer?: unknown } | undefined)?.answer === "yes";
        return withRank(q, { id: q.id, answered: !uncoveredHats.includes(q.id), ...(needed ? {} : { optional: true }) });
      }
      const kind = kindOf(q);
      if (!kind) return { id: q.id, answered: false, optional: true };
      if (kind === "channel") return withRank(q, channelQuestion(q, byKind("channel")));
      const records = byKind(kind);
      if (isSectionKind(kind)) return withRank(q, { id: q.id, answered: isAnswered(q, records[0]?.data[fieldOf(q)]) });
      return withRank(q, collectionQuestion(q, records));
    });
    return { section: page, questions };
  };
  const pages = STRATEGY_PAGES.filter((p) => p !== "reviews" && p !== "outline").map(pageState);
  const hasContent = (p: PageKey) => pages.find((s) => s.section === p)?.questions.some((q) => q.answered || (q.share ?? 0) > 0) ?? false;
  const outline = pageState("outline");
  const outlineQuestions = outline.questions.map((q) => {
    const pointers = CATALOG.find((c) => c.id === q.id)?.answeredBy ?? [];
    return q.answered || (pointers.length > 0 && pointers.every(hasContent)) ? { ...q, answered: true } : q;
  });
  return [{ section: "outline", questions: outlineQuestions }, ...pages];
}

/**
 * The budget (guide section 12) for the "what matters most" list: planned once it has a line. It lives outside
 * the strategy's records, so the caller says how many lines it has.
 */
export function budgetStatus(lines: number): SectionState {
  return { section: "budget", questions: [{ id: "budget.months", answered: lines > 0, rank: BUDGET_RANK, ...(lines > 0 ? {} : { empty: true }) }] };
}

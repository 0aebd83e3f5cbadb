/**
 * One question of a section and how far it is answered. A question asked of every record of a collection (each
 * persona's demographics, each channel's purpose) is answered in part when some records answer it: `share`.
 */
export interface QuestionState {
  readonly id: string;
  /** Fully answered (for a collection: by every record, and there is at least one). */
  readonly answered: boolean;
  /** 0–1: how much of the question is answered (2 of 3 records → 0.67); `answered ? 1 : 0` when not given. */
  readonly share?: number;
  /** Optional or advanced: adds nothing to the figures and is never listed as missing. */
  readonly optional?: boolean;
  /** How much the answer matters for a first plan: lower first in the "what matters most" list; unranked ones come after. */
  readonly rank?: number;
  /** A collection question with no record yet: the thing to do is to add the first record. */
  readonly empty?: boolean;
  /** What is missing, for people (e.g. the records that lack the answer). */
  readonly detail?: string;
  /** The records that lack the answer, so a link can open the first of them. */
  readonly records?: readonly string[];
}

export interface SectionState {
  readonly section: string;
  readonly questions: readonly QuestionState[];
}

export interface SectionCompleteness {
  readonly section: string;
  /** Questions that count (optional ones do not) and are fully answered. */
  readonly answered: number;
  /** Questions that count. */
  readonly total: number;
  /** 0–100, whole numbers, from the answered shares: 100 only when nothing that counts is missing. */
  readonly percent: number;
  /** Questions that count and are not fully answered, in the section's order. */
  readonly missing: readonly QuestionState[];
}

export interface Completeness {
  /** The one overall figure: every section weighs the same, so a long section does not drown a short one. */
  readonly percent: number;
  readonly answered: number;
  readonly total: number;
  readonly sections: readonly SectionCompleteness[];
}

/** A missing answer with its section, for the "what matters most" list. */
export interface MissingAnswer extends QuestionState {
  readonly section: string;
}

const shareOf = (q: QuestionState) => (q.answered ? 1 : Math.max(0, Math.min(q.share ?? 0, 0.99)));
/** Floored, so that 99.9 % is not shown as 100 % while something is missing. */
const floorPercent = (value: number) => Math.floor(value * 100 + 1e-9);

/**
 * Completeness per section and overall. Only the questions that count are counted (optional ones add nothing and
 * take nothing away); a question asked of each record counts the share of records that answer it. A section's
 * percent is its answered share; the overall percent is the mean of the sections, so that filling a short section
 * moves the figure as much as a long one. Either is 100 only when nothing that counts is missing.
 */
export function completeness(sections: readonly SectionState[]): Completeness {
  const perSection = sections.map((s): SectionCompleteness & { share: number } => {
    const counted = s.questions.filter((q) => !q.optional);
    const credit = counted.reduce((n, q) => n + shareOf(q), 0);
    const share = counted.length === 0 ? 1 : credit / counted.length;
    return {
      section: s.section,
      answered: counted.filter((q) => q.answered).length,
      total: counted.length,
      percent: floorPercent(share),
      missing: counted.filter((q) => !q.answered),
      share,
    };
  });
  const answered = perSection.reduce((n, s) => n + s.answered, 0);
  const total = perSection.reduce((n, s) => n + s.total, 0);
  const complete = perSection.every((s) => s.missing.length === 0);
  // A section with nothing that counts (only optional questions) does not weigh in the overall figure.
  const weighed = perSection.filter((s) => s.total > 0);
  const mean = weighed.length === 0 ? 1 : weighed.reduce((n, s) => n + s.share, 0) / weighed.length;
  const percent = complete ? 100 : Math.min(99, floorPercent(mean));
  return { percent, answered, total, sections: perSection.map(({ share: _, ...s }) => s) };
}

/**
 * The few missing answers that matter most, most important first: ranked questions by rank, then the rest in the
 * order given. A collection with no record yet is one item (add the first record), not one per question.
 */
export function topMissing(sections: readonly SectionState[], limit = 5): MissingAnswer[] {
  const all = sections.flatMap((s) => s.questions.filter((q) => !q.optional && !q.answered).map((q): MissingAnswer => ({ ...q, section: s.section })));
  const order = (q: MissingAnswer) => q.rank ?? Number.POSITIVE_INFINITY;
  const sorted = all.map((q, i) => ({ q, i })).sort((a, b) => order(a.q) - order(b.q) || a.i - b.i);
  const seenEmpty = new Set<string>();
  const out: MissingAnswer[] = [];
  for (const { q } of sorted) {
    if (out.length >= limit) break;
    if (q.empty) {
      if (seenEmpty.has(q.section)) continue;
      seenEmpty.add(q.section);
    }
    out.push(q);
  }
  return out;
}

/** One question of a section and whether it has an answer; `detail` says what is missing (e.g. which record). */
export interface QuestionState {
  readonly id: string;
  readonly answered: boolean;
  readonly detail?: string;
}

export interface SectionState {
  readonly section: string;
  readonly questions: readonly QuestionState[];
}

export interface SectionCompleteness {
  readonly section: string;
  readonly answered: number;
  readonly total: number;
  /** 0–100, whole numbers */
  readonly percent: number;
  readonly missing: readonly QuestionState[];
}

export interface Completeness {
  readonly percent: number;
  readonly answered: number;
  readonly total: number;
  readonly sections: readonly SectionCompleteness[];
}

const percentOf = (answered: number, total: number) => (total === 0 ? 100 : Math.floor((answered / total) * 100));

/**
 * Completeness per section and overall: the share of questions answered. Overall counts every question
 * once, so a long section weighs more than a short one; 100 % only when nothing is missing.
 */
export function completeness(sections: readonly SectionState[]): Completeness {
  const perSection = sections.map((s): SectionCompleteness => {
    const answered = s.questions.filter((q) => q.answered).length;
    return {
      section: s.section,
      answered,
      total: s.questions.length,
      percent: percentOf(answered, s.questions.length),
      missing: s.questions.filter((q) => !q.answered),
    };
  });
  const answered = perSection.reduce((n, s) => n + s.answered, 0);
  const total = perSection.reduce((n, s) => n + s.total, 0);
  return { percent: percentOf(answered, total), answered, total, sections: perSection };
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { completeness, topMissing, type QuestionState } from "./completeness.ts";

describe("completeness", () => {
  it("counts answered questions per section, and the overall figure as the mean of the sections", () => {
    const c = completeness([
      { section: "company", questions: [{ id: "company.name", answered: true }, { id: "company.hq", answered: false }] },
      { section: "journey", questions: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ id: `journey.q${n}`, answered: true })) },
    ]);
    expect(c.sections[0]).toMatchObject({ answered: 1, total: 2, percent: 50, missing: [{ id: "company.hq" }] });
    expect(c.sections[1]!.percent).toBe(100);
    // Counting every question would give 9 of 10 (90 %): a long section would drown the short one.
    expect(c.percent).toBe(75);
  });

  it("does not count optional questions, answered or not", () => {
    const c = completeness([
      {
        section: "channels",
        questions: [
          { id: "channels.profile_purpose", answered: true },
          { id: "channels.content", answered: true },
          { id: "channels.main_sales", answered: false, optional: true },
          { id: "channels.ad_priority", answered: false, optional: true },
        ],
      },
    ]);
    expect(c.sections[0]).toMatchObject({ answered: 2, total: 2, percent: 100, missing: [] });
    expect(c.percent).toBe(100);
  });

  it("counts the share of records that answer a question asked of each record", () => {
    const c = completeness([{ section: "personas", questions: [{ id: "persona.name", answered: true }, { id: "persona.demographics", answered: false, share: 2 / 3 }] }]);
    expect(c.sections[0]).toMatchObject({ answered: 1, total: 2, percent: 83 });
    // Nearly all is still not all.
    const almost = completeness([{ section: "personas", questions: [{ id: "persona.name", answered: false, share: 0.999 }] }]);
    expect(almost.percent).toBe(99);
  });

  it("is 100 % exactly when nothing that counts is missing, never moves down when an answer is added, and an empty strategy is at 0 %", () => {
    const question = fc.record({ answered: fc.boolean(), share: fc.double({ min: 0, max: 1, noNaN: true }), optional: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.array(question, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 14 }), fc.nat(), (raw, pick) => {
        const sections = raw.map((qs, i) => ({ section: `s${i}`, questions: qs.map((q, j): QuestionState => ({ id: `s${i}.q${j}`, ...q })) }));
        const c = completeness(sections);
        const counted = sections.flatMap((s) => s.questions.filter((q) => !q.optional));
        expect(c.percent === 100).toBe(counted.every((q) => q.answered));
        expect(c.answered).toBe(counted.filter((q) => q.answered).length);
        expect(c.total).toBe(counted.length);
        // Answer one more question: the figure does not go down.
        const flat = sections.flatMap((s, i) => s.questions.map((_, j) => [i, j] as const));
        const [si, qi] = flat[pick % flat.length]!;
        const more = sections.map((s, i) => (i !== si ? s : { ...s, questions: s.questions.map((q, j) => (j === qi ? { ...q, answered: true } : q)) }));
        expect(completeness(more).percent).toBeGreaterThanOrEqual(c.percent);
        const none = sections.map((s) => ({ ...s, questions: s.questions.map((q) => ({ id: q.id, answered: false, optional: q.optional })) }));
        expect(completeness(none).percent).toBe(counted.length ? 0 : 100);
      }),
    );
  });
});

describe("topMissing", () => {
  const sections = [
    { section: "mission", questions: [{ id: "mission.business", answered: false, rank: 11 }, { id: "mission.change", answered: false }] },
    { section: "company", questions: [{ id: "company.name", answered: false, rank: 1 }, { id: "company.hq", answered: true, rank: 12 }] },
    {
      section: "goals",
      questions: [
        { id: "goal.specific", answered: false, rank: 5, empty: true },
        { id: "goal.measurable", answered: false, rank: 6, empty: true },
        { id: "goal.achievable", answered: false, optional: true, empty: true },
      ],
    },
    { section: "channels", questions: [{ id: "channels.profile_purpose", answered: false, rank: 2, share: 0.5, records: ["c2"], detail: "@shop" }, { id: "channels.main_sales", answered: false, optional: true }] },
    { section: "budget", questions: [{ id: "budget.months", answered: false, rank: 10, empty: true }] },
  ];

  it("leads with the ranked answers, most important first, then the rest in order, and stops at the limit", () => {
    expect(topMissing(sections).map((q) => q.id)).toEqual(["company.name", "channels.profile_purpose", "goal.specific", "budget.months", "mission.business"]);
    expect(topMissing(sections, 10).map((q) => q.id)).toEqual(["company.name", "channels.profile_purpose", "goal.specific", "budget.months", "mission.business", "mission.change"]);
    expect(topMissing(sections, 2)).toHaveLength(2);
  });

  it("names a collection without records once (add the first), never lists optional questions, and keeps what a link needs", () => {
    const top = topMissing(sections, 10);
    expect(top.filter((q) => q.section === "goals")).toHaveLength(1);
    expect(top.some((q) => q.optional)).toBe(false);
    expect(top[1]).toMatchObject({ section: "channels", records: ["c2"], detail: "@shop" });
  });

  it("is empty when everything that counts is answered", () => {
    expect(topMissing([{ section: "company", questions: [{ id: "company.name", answered: true, rank: 1 }, { id: "company.story", answered: false, optional: true }] }])).toEqual([]);
  });
});

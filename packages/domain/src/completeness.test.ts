import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { completeness } from "./completeness.ts";

describe("completeness", () => {
  it("counts answered questions per section and overall, and lists what is missing", () => {
    const c = completeness([
      { section: "company", questions: [{ id: "company.name", answered: true }, { id: "company.hq", answered: false }] },
      { section: "mission", questions: [{ id: "mission.business", answered: true }, { id: "mission.change", answered: true }] },
    ]);
    expect(c.percent).toBe(75);
    expect(c.sections[0]).toMatchObject({ answered: 1, total: 2, percent: 50, missing: [{ id: "company.hq" }] });
    expect(c.sections[1]!.percent).toBe(100);
  });

  it("never rounds up to 100 % while something is missing, and an empty strategy is at 0 %", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 12 }), (sections) => {
        const c = completeness(sections.map((qs, i) => ({ section: `s${i}`, questions: qs.map((answered, j) => ({ id: `s${i}.q${j}`, answered })) })));
        const all = sections.flat();
        expect(c.percent === 100).toBe(all.every(Boolean));
        expect(c.percent === 0).toBe(all.filter(Boolean).length * 100 < all.length);
        expect(c.answered).toBe(all.filter(Boolean).length);
      }),
    );
  });
});

import fs from "node:fs";
import path from "node:path";
import { topMissing } from "@socialplan/domain";
import { budgetStatus, CATALOG, GOAL_GAPS, strategyStatus, type Post } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { GAP_FIELDS, gapTarget, postsOfGoal } from "./goal-logic.ts";
import { missingLabel, missingTarget } from "./missing.ts";

describe("the missing answers on screen", () => {
  it("link to the page, opening the record that lacks the answer at its question", () => {
    const channel = { id: "c1", kind: "channel", data: { network: "instagram", handle: "@shop" } };
    const [first] = topMissing(strategyStatus([{ id: "co", kind: "company", data: { name: "Shop" } }, channel], []), 1);
    expect(first).toMatchObject({ id: "channels.profile_purpose" });
    expect(missingTarget("w1", first!)).toBe("/w/w1/strategy/channels?open=c1&field=channels.profile_purpose");
  });

  it("send an empty collection to its page (the add button), and the budget to the budget", () => {
    const top = topMissing([...strategyStatus([], []), budgetStatus(0)], 5);
    expect(top.map((q) => missingTarget("w1", q))).toEqual(["/w/w1/strategy/company?field=company.name", "/w/w1/strategy/channels", "/w/w1/strategy/goals", "/w/w1/strategy/personas", "/w/w1/budget"]);
  });

  it("are named by the question's wording or what to do, never by an internal ID", () => {
    const top = topMissing([...strategyStatus([], []), budgetStatus(0)], 50);
    for (const lang of ["en", "ko"] as const) {
      for (const q of top) {
        const label = missingLabel(q, lang);
        if (label.kind === "question") {
          expect(label.text).toBe(CATALOG.find((c) => c.id === q.id)![lang].label);
          expect(label.text).not.toContain(q.id);
        } else expect(label.key).toMatch(/^strategy\.(addRecord\.\w+|top\.budget)$/);
      }
    }
    expect(missingLabel(top.find((q) => q.section === "channels")!, "en")).toEqual({ kind: "message", key: "strategy.addRecord.channel" });
  });
});

describe("a goal's links", () => {
  it("open the goal's editor at the field it lacks, or the channels page when there is no channel to pick", () => {
    expect(gapTarget("w1", "g1", "channels", true)).toBe("/w/w1/strategy/goals?open=g1&field=measurable.channels");
    expect(gapTarget("w1", "g1", "deadline", true)).toBe("/w/w1/strategy/goals?open=g1&field=timebound.deadline");
    expect(gapTarget("w1", "g1", "channels", false)).toBe("/w/w1/strategy/channels");
  });

  it("reach fields the goal editor marks", () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, "structured.tsx"), "utf8");
    for (const gap of GOAL_GAPS) expect(source).toMatch(new RegExp(`data-field(=|": )"${GAP_FIELDS[gap].replace(".", "\\.")}"`));
  });

  it("count the posts of the goal and of its initiatives", () => {
    const post = (id: string, goalId: string | null, initiativeId: string | null) => ({ id, goalId, initiativeId }) as Post;
    const posts = [post("a", "g1", null), post("b", null, "i1"), post("c", null, "i9"), post("d", "g2", null), post("e", null, null)];
    expect(postsOfGoal(posts, "g1", ["i1", "i2"]).map((p) => p.id)).toEqual(["a", "b"]);
  });
});

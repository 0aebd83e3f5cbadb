import { completeness, topMissing } from "@socialplan/domain";
import { describe, expect, it } from "vitest";
import { HATS } from "../roles.ts";
import { budgetStatus, strategyStatus, type EntryLike } from "./status.ts";

let n = 0;
const entry = (kind: string, data: Record<string, unknown>): EntryLike => ({ id: `e${++n}`, kind, data });
const section = (entries: EntryLike[], page: string, hats: readonly string[] = []) => completeness(strategyStatus(entries, hats)).sections.find((s) => s.section === page)!;

describe("strategy status", () => {
  it("counts two complete channels as the whole Channels page, without flags, priorities or a website", () => {
    const channels = [
      entry("channel", { network: "instagram", handle: "@candles", purpose: "Sales and ads", content_types: ["reels"] }),
      entry("channel", { network: "facebook", handle: "Candles", purpose: "Loyal customers", content_types: ["events", "photos"] }),
    ];
    expect(section(channels, "channels")).toMatchObject({ percent: 100, missing: [] });
  });

  it("counts each channel's purpose by the share of channels that have it, and names the one missing", () => {
    const ig = entry("channel", { network: "instagram", handle: "@candles", purpose: "Sales" });
    const fb = entry("channel", { network: "facebook", handle: "Candles" });
    const site = entry("channel", { network: "website", url: "https://candles.example", purpose: "Orders" });
    const s = section([ig, fb, site], "channels");
    // Website purpose 1 of 1, profile purpose 1 of 2: (1 + 0.5) / 2.
    expect(s.percent).toBe(75);
    expect(s.missing.map((q) => q.id)).toEqual(["channels.profile_purpose"]);
    expect(s.missing[0]).toMatchObject({ records: [fb.id], detail: "Candles" });
  });

  it("asks for a channel when there is none, as one thing to do", () => {
    const s = section([], "channels");
    expect(s.percent).toBe(0);
    expect(topMissing(strategyStatus([], []), 20).filter((q) => q.section === "channels")).toEqual([expect.objectContaining({ id: "channels.profile_purpose", empty: true })]);
  });

  it("leads the missing list of a new workspace with company basics, a channel, a goal, the target customer and the budget", () => {
    const top = topMissing([...strategyStatus([], [...HATS]), budgetStatus(0)]);
    expect(top.map((q) => [q.section, q.id])).toEqual([
      ["company", "company.name"],
      ["channels", "channels.profile_purpose"],
      ["goals", "goal.specific"],
      ["personas", "persona.name"],
      ["budget", "budget.months"],
    ]);
  });

  it("asks next for a goal's number once the basics are there", () => {
    const entries = [
      entry("company", { name: "Seoul Candles" }),
      entry("channel", { network: "instagram", purpose: "Sales" }),
      entry("goal", { title: "Double followers", specific: "Double Instagram followers in 6 months" }),
    ];
    expect(topMissing([...strategyStatus(entries, []), budgetStatus(2)], 3).map((q) => q.id)).toEqual(["goal.measurable", "goal.timebound", "persona.name"]);
  });

  it("does not count the details of the guide a small business can leave open", () => {
    const entries = [entry("company", { name: "Seoul Candles", hq: "Seoul", founded: "2021", founders: "Minji Kim" })];
    expect(section(entries, "company")).toMatchObject({ percent: 100, total: 4 });
    const journey = section([entry("journey", { source: "Instagram", landing: "The shop page", questions: "A DM", order: "Online", payment: "Card" })], "journey");
    expect(journey).toMatchObject({ percent: 100 });
  });

  it("asks for the ads and influencer hats only when the distribution says so", () => {
    const uncovered = ["people.ads", "people.influencers"];
    expect(section([], "people", uncovered).percent).toBe(100);
    const paid = entry("distribution", { paid: { answer: "yes" } });
    expect(section([paid], "people", uncovered).missing.map((q) => q.id)).toEqual(["people.ads"]);
  });
});

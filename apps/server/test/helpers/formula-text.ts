import type { Budget, Report } from "@socialplan/schema";
import type { FastifyInstance } from "fastify";
import Papa from "papaparse";
import { expect } from "vitest";
import { buildUser, buildWorkspace } from "./factories.ts";
import { addChannel, addPost, schedule } from "./posts.ts";

/** Text a spreadsheet would run as a formula, as security issue 17 lists it. */
export const HYPERLINK = '=HYPERLINK("http://evil","x")';
export const CMD = "+cmd|' /C calc'!A0";
export const SUM = "@SUM(1,1)";
export const MINUS = "-2+3";

/** The rows of one of our CSV files as a CSV reader sees them (BOM off, quotes undone). */
export const rowsOf = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;

/**
 * A workspace whose calendar, budget and report hold the formula texts — a post titled HYPERLINK with the text SUM and
 * the campaign MINUS, a budget line named CMD overspent by 12.50, a report whose answers are SUM, MINUS and CMD and
 * whose goal is titled HYPERLINK — and its three CSV exports.
 */
export async function exportsWithFormulaText(app: FastifyInstance) {
  const { owner, workspace } = await buildWorkspace(app, await buildUser(app, { locale: "en" }), { currency: "USD" });
  const w = `/api/workspaces/${workspace.id}`;
  const insta = await addChannel(owner, workspace.id, "instagram");
  const post = await addPost(owner, workspace.id, { title: HYPERLINK, body: SUM, variants: [{ channelId: insta, text: null }], campaign: MINUS });
  await schedule(owner, workspace.id, post.id, "2026-12-01T00:30:00Z");

  const line = (await owner.client.post(`${w}/budget/lines`, { name: CMD, category: "ads", planned: { "2026-11": 1000 } })).json<Budget>().lines[0]!;
  await owner.client.put(`${w}/budget/cells`, { cells: [{ lineId: line.id, month: "2026-11", field: "actual", amount: 2250 }] });

  await owner.client.put(`${w}/metrics`, { cells: [{ channelId: insta, day: "2026-11-10", metric: "followers", value: 950 }] });
  const goal = await owner.client.post(`${w}/strategy/collections/goal`, {
    data: { title: HYPERLINK, measurable: { metric: "Followers", channels: [insta], baseline: 500, target: 2000 }, timebound: { start: "2026-11-01", deadline: "2027-06-30" } },
  });
  expect(goal.statusCode, goal.body).toBe(201);
  const report = (await owner.client.post(`${w}/reports`, { periodKind: "month", from: "2026-11-01", to: "2026-11-30" })).json<Report>();
  await owner.client.patch(`${w}/reports/${report.id}`, { answers: { results: SUM, next: MINUS, effective: CMD, improve: "More reels" } });

  return {
    owner,
    workspace,
    post,
    line,
    csv: {
      posts: (await owner.client.get(`${w}/posts/export`)).body,
      budget: (await owner.client.get(`${w}/budget/export?format=csv`)).body,
      report: (await owner.client.get(`${w}/reports/${report.id}/export?format=csv`)).body,
    },
  };
}

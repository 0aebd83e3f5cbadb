import { addMonths, monthIn, periodMonths } from "@socialplan/domain";
import { RECOMMENDED_TOOLS, type Locale, type RecommendedToolKey, type SaveTool, type Tool } from "@socialplan/schema";
import type { Membership, ServiceContext } from "../../context.ts";
import type { ToolsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { deleteLines, findLine, upsertCell } from "../budget/budget.repository.ts";
import { createLine, periodOf } from "../budget/budget.service.ts";

type Row = ToolsTable;

const toTool = (r: Row): Tool => ({
  id: r.id,
  key: r.key as RecommendedToolKey | null,
  name: r.name,
  purpose: r.purpose,
  url: r.url,
  used: r.used === 1,
  plan: r.plan as Tool["plan"],
  cost: Number(r.cost),
  tryingSince: r.trying_since,
  budgetLineId: r.budget_line_id,
});

/** The guide's recommended tools (as saved, or not yet looked at) followed by the business's own. */
export async function listTools(ctx: ServiceContext, m: Membership, locale: Locale): Promise<Tool[]> {
  const rows = await ctx.db.selectFrom("tools").selectAll().where("workspace_id", "=", m.workspaceId).orderBy("created_at").execute();
  const recommended = RECOMMENDED_TOOLS.map((t): Tool => {
    const row = rows.find((r) => r.key === t.key);
    const base = { key: t.key, name: t.name, purpose: t[locale], url: t.url };
    return row ? { ...toTool(row), ...base } : { id: null, ...base, used: false, plan: "free", cost: 0, tryingSince: null, budgetLineId: null };
  });
  return [...recommended, ...rows.filter((r) => r.key === null).map(toTool)];
}

/**
 * A tool in use that costs money keeps one software line of the current budget: a monthly plan is planned every
 * month from now to the end of the period, an annual one once, this month. Not used or free: the line goes.
 */
async function syncBudgetLine(ctx: ServiceContext, m: Membership, row: Row): Promise<string | null> {
  const existing = row.budget_line_id ? await findLine(ctx.db, m.workspaceId, row.budget_line_id) : undefined;
  const cost = Number(row.cost);
  if (!row.used || row.plan === "free" || cost <= 0) {
    if (existing) await deleteLines(ctx.db, [existing.id]);
    return null;
  }
  const period = periodOf(m);
  const months = periodMonths(period);
  const now = monthIn(ctx.now, m.workspace.timezone);
  const from = months.includes(now) ? now : now < months[0]! ? months[0]! : null;
  const planned: Record<string, number> = {};
  if (from) {
    if (row.plan === "annual") planned[from] = cost;
    else for (let k = 0, mo = from; months.includes(mo); k++, mo = addMonths(from, k)) planned[mo] = cost;
  }
  if (existing && existing.period_start === period.start) {
    await ctx.db.deleteFrom("budget_cells").where("line_id", "=", existing.id).execute();
    await ctx.db.updateTable("budget_lines").set({ name: row.name, updated_at: iso(ctx.now) }).where("id", "=", existing.id).execute();
    for (const [month, amount] of Object.entries(planned)) await upsertCell(ctx.db, existing.id, month, "planned", amount);
    return existing.id;
  }
  return createLine(ctx, m, { name: row.name, category: "software", trackActuals: false, rollover: false, planned });
}

async function save(ctx: ServiceContext, m: Membership, row: Row): Promise<void> {
  row.budget_line_id = await syncBudgetLine(ctx, m, row);
  await ctx.db.updateTable("tools").set({ ...row, updated_at: iso(ctx.now) }).where("id", "=", row.id).execute();
}

function applyPatch(row: Row, patch: SaveTool): Row {
  return {
    ...row,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.purpose !== undefined ? { purpose: patch.purpose } : {}),
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.used !== undefined ? { used: patch.used ? 1 : 0 } : {}),
    ...(patch.plan !== undefined ? { plan: patch.plan } : {}),
    ...(patch.cost !== undefined ? { cost: patch.cost } : {}),
    ...(patch.tryingSince !== undefined ? { trying_since: patch.tryingSince } : {}),
  };
}

function newRow(m: Membership, now: Date, fields: Partial<Row>): Row {
  return {
    id: newId(),
    workspace_id: m.workspaceId,
    key: null,
    name: "",
    purpose: "",
    url: "",
    used: 0,
    plan: "free",
    cost: 0,
    trying_since: null,
    budget_line_id: null,
    created_at: iso(now),
    updated_at: iso(now),
    ...fields,
  };
}

export async function saveRecommended(ctx: ServiceContext, m: Membership, key: RecommendedToolKey, patch: SaveTool): Promise<void> {
  let row = await ctx.db.selectFrom("tools").selectAll().where("workspace_id", "=", m.workspaceId).where("key", "=", key).executeTakeFirst();
  if (!row) {
    const t = RECOMMENDED_TOOLS.find((x) => x.key === key)!;
    row = newRow(m, ctx.now, { key, name: t.name, url: t.url });
    await ctx.db.insertInto("tools").values(row).execute();
  }
  await save(ctx, m, applyPatch(row, { ...patch, name: undefined, url: undefined, purpose: undefined }));
}

export async function createTool(ctx: ServiceContext, m: Membership, body: SaveTool & { name: string }): Promise<void> {
  const row = newRow(m, ctx.now, { name: body.name });
  await ctx.db.insertInto("tools").values(row).execute();
  await save(ctx, m, applyPatch(row, body));
}

async function requireOwnTool(ctx: ServiceContext, m: Membership, toolId: string): Promise<Row> {
  const row = await ctx.db.selectFrom("tools").selectAll().where("workspace_id", "=", m.workspaceId).where("id", "=", toolId).executeTakeFirst();
  if (!row) throw new AppError(404, "tools.not_found");
  return row;
}

export async function updateTool(ctx: ServiceContext, m: Membership, toolId: string, patch: SaveTool): Promise<void> {
  const row = await requireOwnTool(ctx, m, toolId);
  await save(ctx, m, applyPatch(row, row.key ? { ...patch, name: undefined, url: undefined, purpose: undefined } : patch));
}

export async function deleteTool(ctx: ServiceContext, m: Membership, toolId: string): Promise<void> {
  const row = await requireOwnTool(ctx, m, toolId);
  if (row.budget_line_id) await deleteLines(ctx.db, [row.budget_line_id]);
  await ctx.db.deleteFrom("tools").where("id", "=", row.id).execute();
}

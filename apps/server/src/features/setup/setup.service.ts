import { SETUP_ITEMS, type Locale, type Setup, type SetupItemKey } from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { findEntry } from "../strategy/strategy.repository.ts";

/** Every channel of the strategy with the guide's six setup items and the business's own, done or not, by whom. */
export async function getSetup(ctx: ServiceContext, m: Membership, locale: Locale): Promise<Setup> {
  const channels = await ctx.db.selectFrom("strategy_entries").select(["id"]).where("workspace_id", "=", m.workspaceId).where("kind", "=", "channel").orderBy("position").orderBy("created_at").execute();
  const checks = await ctx.db
    .selectFrom("setup_checks")
    .leftJoin("users", "users.id", "setup_checks.done_by")
    .select(["setup_checks.id", "setup_checks.channel_id", "setup_checks.key", "setup_checks.label", "setup_checks.done", "setup_checks.done_at", "setup_checks.created_at", "users.name as done_by_name"])
    .where("setup_checks.workspace_id", "=", m.workspaceId)
    .orderBy("setup_checks.created_at")
    .execute();
  return {
    channels: channels.map((c) => {
      const mine = checks.filter((x) => x.channel_id === c.id);
      const standard = SETUP_ITEMS.map((item) => {
        const row = mine.find((x) => x.key === item.key);
        return { id: row?.id ?? null, key: item.key, label: item[locale][0], reason: item[locale][1], done: row?.done === 1, doneBy: row?.done === 1 ? (row.done_by_name ?? null) : null, doneAt: row?.done === 1 ? row.done_at : null };
      });
      const custom = mine.filter((x) => x.key === null).map((x) => ({ id: x.id, key: null, label: x.label ?? "", reason: "", done: x.done === 1, doneBy: x.done === 1 ? (x.done_by_name ?? null) : null, doneAt: x.done === 1 ? x.done_at : null }));
      return { channelId: c.id, items: [...standard, ...custom] };
    }),
  };
}

async function requireChannel(ctx: ServiceContext, m: Membership, channelId: string) {
  const entry = await findEntry(ctx.db, m.workspaceId, channelId);
  if (!entry || entry.kind !== "channel") throw new AppError(404, "setup.channel_not_found");
}

const doneFields = (done: boolean, user: UserRow, now: Date) => ({ done: done ? 1 : 0, done_by: done ? user.id : null, done_at: done ? iso(now) : null });

export async function setStandard(ctx: ServiceContext, m: Membership, user: UserRow, channelId: string, key: SetupItemKey, done: boolean) {
  await requireChannel(ctx, m, channelId);
  await ctx.db
    .insertInto("setup_checks")
    .values({ id: newId(), workspace_id: m.workspaceId, channel_id: channelId, key, label: null, created_at: iso(ctx.now), ...doneFields(done, user, ctx.now) })
    .onConflict((oc) => oc.columns(["channel_id", "key"]).doUpdateSet(doneFields(done, user, ctx.now)))
    .execute();
}

export async function addCustom(ctx: ServiceContext, m: Membership, user: UserRow, channelId: string, label: string) {
  await requireChannel(ctx, m, channelId);
  await ctx.db.insertInto("setup_checks").values({ id: newId(), workspace_id: m.workspaceId, channel_id: channelId, key: null, label, created_at: iso(ctx.now), ...doneFields(false, user, ctx.now) }).execute();
}

async function requireItem(ctx: ServiceContext, m: Membership, itemId: string) {
  const row = await ctx.db.selectFrom("setup_checks").selectAll().where("workspace_id", "=", m.workspaceId).where("id", "=", itemId).executeTakeFirst();
  if (!row) throw new AppError(404, "setup.item_not_found");
  return row;
}

export async function setItem(ctx: ServiceContext, m: Membership, user: UserRow, itemId: string, done: boolean) {
  const row = await requireItem(ctx, m, itemId);
  await ctx.db.updateTable("setup_checks").set(doneFields(done, user, ctx.now)).where("id", "=", row.id).execute();
}

export async function removeCustom(ctx: ServiceContext, m: Membership, itemId: string) {
  const row = await requireItem(ctx, m, itemId);
  if (row.key !== null) throw new AppError(400, "setup.standard_item");
  await ctx.db.deleteFrom("setup_checks").where("id", "=", row.id).execute();
}

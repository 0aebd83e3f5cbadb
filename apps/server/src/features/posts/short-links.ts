import { randomBytes } from "node:crypto";
import type { LinkStats } from "@socialplan/schema";
import { isbot } from "isbot";
import { sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { iso } from "../../lib/clock.ts";

const ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** 8 characters from 56 (no look-alikes): 10^14 codes, unguessable enough for public links. */
function newCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
}

/**
 * The short link of a post on one channel (made once, then reused: a retry or a reminder shows the same code).
 * It redirects to the UTM-tagged address.
 */
export async function shortLinkFor(db: DB, workspaceId: string, postId: string, channelId: string, target: string, now: Date): Promise<string> {
  const existing = await db.selectFrom("short_links").select(["code", "target"]).where("post_id", "=", postId).where("channel_id", "=", channelId).executeTakeFirst();
  if (existing) {
    if (existing.target !== target) await db.updateTable("short_links").set({ target }).where("code", "=", existing.code).execute();
    return existing.code;
  }
  const code = newCode();
  await db
    .insertInto("short_links")
    .values({ code, workspace_id: workspaceId, post_id: postId, channel_id: channelId, target, created_at: iso(now) })
    .onConflict((oc) => oc.columns(["post_id", "channel_id"]).doNothing())
    .execute();
  const row = await db.selectFrom("short_links").select("code").where("post_id", "=", postId).where("channel_id", "=", channelId).executeTakeFirstOrThrow();
  return row.code;
}

/**
 * Follows a short link: the target, and one more click for today (UTC day) unless the visitor is an obvious bot
 * (crawlers, link-preview fetchers such as those of the networks themselves).
 */
export async function followShortLink(db: DB, code: string, userAgent: string | undefined, now: Date): Promise<string | null> {
  const link = await db.selectFrom("short_links").select(["code", "target"]).where("code", "=", code).executeTakeFirst();
  if (!link) return null;
  if (userAgent && !isbot(userAgent)) {
    const day = iso(now).slice(0, 10);
    await db
      .insertInto("link_clicks")
      .values({ code, day, clicks: 1 })
      .onConflict((oc) => oc.columns(["code", "day"]).doUpdateSet({ clicks: sql`link_clicks.clicks + 1` }))
      .execute();
  }
  return link.target;
}

/** Clicks per short link of the workspace (post, channel, campaign), with the count per day. */
export async function linkStats(db: DB, workspaceId: string): Promise<LinkStats[]> {
  const links = await db
    .selectFrom("short_links")
    .innerJoin("posts", "posts.id", "short_links.post_id")
    .select(["short_links.code", "short_links.post_id", "short_links.channel_id", "short_links.target", "posts.campaign"])
    .where("short_links.workspace_id", "=", workspaceId)
    .execute();
  if (!links.length) return [];
  const clicks = await db.selectFrom("link_clicks").selectAll().where("code", "in", links.map((l) => l.code)).orderBy("day").execute();
  return links.map((l) => {
    const days = clicks.filter((c) => c.code === l.code).map((c) => ({ day: c.day, clicks: c.clicks }));
    return { code: l.code, postId: l.post_id, channelId: l.channel_id, campaign: l.campaign, target: l.target, clicks: days.reduce((n, d) => n + d.clicks, 0), days };
  });
}

import { NEAR_DUPLICATE, textSimilarity } from "@socialplan/domain";
import type { PostWarning } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import type { PostsTable } from "../src/db/schema.ts";
import { textFor, variantsOf, type ChannelInfo } from "../src/features/posts/post-channels.ts";
import { neighboursOf, postWarnings } from "../src/features/posts/post-rules.ts";

const DAY_MS = 86_400_000;

/** The comparison as written before neighbours were indexed: every post of the list, in the list's order. */
function reference(post: PostsTable, list: readonly PostsTable[]): [string, string | null, string | null][] {
  const out: [string, string | null, string | null][] = [];
  if (!post.scheduled_at) return out;
  const at = Date.parse(post.scheduled_at);
  for (const other of list) {
    if (other.id === post.id || !other.scheduled_at) continue;
    if (Math.abs(Date.parse(other.scheduled_at) - at) >= DAY_MS) continue;
    const otherChannels = new Set(variantsOf(other).map((v) => v.channelId));
    for (const v of variantsOf(post)) {
      if (!otherChannels.has(v.channelId)) continue;
      if (Math.floor(at / 60_000) === Math.floor(Date.parse(other.scheduled_at) / 60_000)) out.push(["same_minute", v.channelId, other.id]);
      if (textSimilarity(textFor(post, v.channelId), textFor(other, v.channelId)) >= NEAR_DUPLICATE) out.push(["near_duplicate", v.channelId, other.id]);
    }
  }
  return out;
}

/** A seeded pseudo-random sequence (the test is the same on every run). */
function random(seed: number) {
  return () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
}

describe("the same-minute and near-duplicate warnings of a list", () => {
  it("are what comparing every post with every other gives, at the 24-hour edges, out of order and undated", () => {
    const next = random(7);
    const base = Date.parse("2026-12-01T00:00:00.000Z");
    const texts = ["Our autumn menu is here! Come try it today.", "Our autumn menu is here!! Come and try it today", "Winter candles are in", "Opening hours change next week", "가을 메뉴가 나왔어요! 오늘 들러 주세요."];
    const rows: PostsTable[] = Array.from({ length: 250 }, (_, i) => {
      // Times on whole minutes and seconds apart, and some exactly a day (or a day less a millisecond) from another.
      const at = i % 40 === 1 ? base + DAY_MS : i % 40 === 2 ? base + DAY_MS - 1 : i % 40 === 3 ? base - DAY_MS : base + Math.floor(next() * 4 * DAY_MS / 30_000) * 30_000 - DAY_MS;
      const channels = ["c1", "c2", "c3"].filter(() => next() < 0.5);
      return {
        id: `p${i}`, workspace_id: "w", title: "", body: texts[Math.floor(next() * texts.length)]!, variants: JSON.stringify(channels.map((c) => ({ channelId: c, text: next() < 0.2 ? texts[0]! : null }))), media: "[]", link: null, utm: "{}",
        pillar: null, campaign: null, goal_id: null, initiative_id: null, status: "scheduled", scheduled_at: i % 50 === 0 ? null : new Date(at).toISOString(), recurrence: null, assignee_member_id: null, card_id: null,
        approved_by: null, approved_at: null, created_by: null, created_at: "2026-11-01T00:00:00.000Z", updated_at: "2026-11-01T00:00:00.000Z", example: 0,
      };
    });
    // The list as the database might hand it over: not in time order.
    const shuffled = [...rows].sort(() => next() - 0.5);
    const channels = new Map<string, ChannelInfo>(["c1", "c2", "c3"].map((id) => [id, { id, network: "bluesky" } as ChannelInfo]));
    const around = neighboursOf(shuffled);
    const key = (w: [string, string | null, string | null]) => w.join("|");
    let compared = 0;
    for (const post of shuffled) {
      const got = postWarnings(post, around, channels, { zone: "Asia/Seoul", now: new Date(base) })
        .filter((w: PostWarning) => w.kind === "same_minute" || w.kind === "near_duplicate")
        .map((w): [string, string | null, string | null] => [w.kind, w.channelId, w.otherPostId]);
      const want = reference(post, shuffled);
      expect(got.map(key).sort(), post.id).toEqual(want.map(key).sort());
      compared += want.length;
    }
    // The list has pairs of both kinds (the comparison above proves something), across the edges.
    expect(compared).toBeGreaterThan(100);
  });
});

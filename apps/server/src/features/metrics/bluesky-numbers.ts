import type { BlueskySync } from "@socialplan/schema";
import { DateTime } from "luxon";
import type { AppDeps, Membership, ServiceContext } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { session } from "../publishing/adapters/bluesky.ts";

const SOURCE = "bluesky";

/**
 * Reads back, from each connected Bluesky account's PDS, the posts Socialplan published there and matches them to
 * their records (`com.atproto.repo.listRecords`, which every PDS answers): a post whose record is gone was deleted on
 * Bluesky. Where the PDS also answers `app.bsky.feed.getPosts` (it proxies to an AppView, as bsky.social does), each
 * post's likes, reposts + quotes and replies are saved as the post's numbers (likes, shares, comments), on the day
 * it was published. A lone PDS has no AppView: then the records are matched and the numbers are said to be missing.
 */
export async function syncBluesky(ctx: ServiceContext, deps: Pick<AppDeps, "secrets" | "outbound">, m: Membership): Promise<BlueskySync> {
  const connections = await ctx.db.selectFrom("connections").selectAll().where("workspace_id", "=", m.workspaceId).where("kind", "=", "bluesky").where("status", "=", "active").execute();
  const out: BlueskySync = { accounts: 0, posts: 0, matched: 0, missing: [], numbers: 0, appView: null };
  for (const c of connections) {
    const deliveries = await ctx.db
      .selectFrom("deliveries")
      .select(["post_id", "remote_id", "published_at"])
      .where("workspace_id", "=", m.workspaceId)
      .where("channel_id", "=", c.channel_id)
      .where("status", "=", "published")
      .where("remote_id", "like", "at://%")
      .execute();
    out.accounts += 1;
    if (!deliveries.length) continue;
    const config = JSON.parse(c.config) as Record<string, unknown>;
    const agent = await session({ config, secret: JSON.parse(deps.secrets.open(c.secret)) as Record<string, string>, fetch: deps.outbound.fetch }).catch((err: unknown) => {
      throw new AppError(502, "metrics.bluesky_unreachable", { handle: String(config.handle ?? ""), reason: err instanceof Error ? err.message : String(err) });
    });
    const records = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await agent.com.atproto.repo.listRecords({ repo: agent.session!.did, collection: "app.bsky.feed.post", limit: 100, ...(cursor ? { cursor } : {}) });
      for (const r of page.data.records) records.add(r.uri);
      cursor = page.data.records.length ? page.data.cursor : undefined;
    } while (cursor);
    const found = deliveries.filter((d) => records.has(d.remote_id!));
    out.posts += deliveries.length;
    out.matched += found.length;
    out.missing.push(...deliveries.filter((d) => !records.has(d.remote_id!)).map((d) => d.post_id));
    for (let i = 0; i < found.length; i += 25) {
      const chunk = found.slice(i, i + 25);
      const views = await agent.app.bsky.feed.getPosts({ uris: chunk.map((d) => d.remote_id!) }).then(
        (r) => r.data.posts,
        () => null,
      );
      if (!views) {
        out.appView = false;
        break;
      }
      out.appView = true;
      const at = iso(ctx.now);
      for (const v of views) {
        const d = chunk.find((x) => x.remote_id === v.uri);
        if (!d?.published_at) continue;
        const day = DateTime.fromISO(d.published_at, { zone: "utc" }).setZone(m.workspace.timezone).toISODate()!;
        const numbers = { likes: v.likeCount ?? 0, shares: (v.repostCount ?? 0) + (v.quoteCount ?? 0), comments: v.replyCount ?? 0 };
        for (const [metric, value] of Object.entries(numbers)) {
          await ctx.db
            .insertInto("metrics_per_post")
            .values({ workspace_id: m.workspaceId, channel_id: c.channel_id, post_key: d.post_id, day, metric, value, source: SOURCE, updated_at: at })
            .onConflict((oc) => oc.columns(["workspace_id", "day", "channel_id", "metric", "post_key"]).doUpdateSet({ value, source: SOURCE, updated_at: at }))
            .execute();
          out.numbers += 1;
        }
      }
    }
  }
  return out;
}

import type { DB } from "../../db/database.ts";
import { canonicalUrl } from "./metric-import.ts";

/**
 * Where numbers read from a network go, and how they meet numbers entered by hand or imported from a file. The rule:
 * one number per post (or channel), day and metric, and never two for the same thing.
 * - The network's reading replaces its own earlier reading (source = the connection kind).
 * - A number entered by hand or imported from a file for the same post and metric (any day, under the post's id or
 *   under the key a file gave the same network post) is kept: the network's number is not written beside it, and an
 *   earlier reading of ours for it is removed, so the two are never added up.
 * - A channel's own number of a day (followers, reach) entered or imported is kept the same way; the network's fills
 *   the days that have none.
 */

export interface Target {
  db: DB;
  workspaceId: string;
  channelId: string;
  /** The connection kind: the `source` of every number read through it. */
  source: string;
  at: string;
}

export interface KnownPost {
  postKey: string;
  source: string;
}

/** The channel's imported posts (metric_posts), by key and by permalink, read once per reading. */
export class ImportedPosts {
  private readonly byKey = new Map<string, KnownPost>();
  private readonly byLink = new Map<string, KnownPost>();
  private constructor() {}

  static async load(t: Target): Promise<ImportedPosts> {
    const rows = await t.db.selectFrom("metric_posts").select(["post_key", "permalink", "source"]).where("workspace_id", "=", t.workspaceId).where("channel_id", "=", t.channelId).execute();
    const index = new ImportedPosts();
    for (const r of rows) {
      const known = { postKey: r.post_key, source: r.source };
      index.byKey.set(r.post_key, known);
      if (r.permalink) index.byLink.set(canonicalUrl(r.permalink), known);
    }
    return index;
  }

  /** The imported posts that are this network post: the same key, or the same permalink. */
  find(keys: readonly string[], links: readonly (string | null)[]): KnownPost[] {
    const found = new Map<string, KnownPost>();
    for (const k of keys) {
      const hit = this.byKey.get(k);
      if (hit) found.set(hit.postKey, hit);
    }
    for (const l of links) {
      const hit = l ? this.byLink.get(canonicalUrl(l)) : undefined;
      if (hit) found.set(hit.postKey, hit);
    }
    return [...found.values()];
  }

  remember(p: KnownPost, permalink: string): void {
    this.byKey.set(p.postKey, p);
    if (permalink) this.byLink.set(canonicalUrl(permalink), p);
  }

  forget(postKey: string): void {
    this.byKey.delete(postKey);
    for (const [link, p] of this.byLink) if (p.postKey === postKey) this.byLink.delete(link);
  }
}

/**
 * Saves a post's numbers under `key` on `day`, by the rule above; `aliases` are other keys of the same network post
 * (an imported post's). Returns how many numbers were written.
 */
export async function savePostNumbers(t: Target, key: string, aliases: readonly KnownPost[], day: string, numbers: Record<string, number>): Promise<number> {
  const metrics = Object.keys(numbers);
  if (!metrics.length) return 0;
  const keys = [...new Set([key, ...aliases.map((a) => a.postKey)])];
  const scope = () => t.db.deleteFrom("metrics_per_post").where("workspace_id", "=", t.workspaceId).where("channel_id", "=", t.channelId).where("post_key", "in", keys).where("source", "=", t.source);
  const existing = await t.db.selectFrom("metrics_per_post").select(["post_key", "day", "metric", "source"]).where("workspace_id", "=", t.workspaceId).where("channel_id", "=", t.channelId).where("post_key", "in", keys).execute();
  let written = 0;
  for (const metric of metrics) {
    const rows = existing.filter((r) => r.metric === metric);
    if (rows.some((r) => r.source !== t.source)) {
      // A member's or a file's number stands; ours would be counted beside it.
      if (rows.some((r) => r.source === t.source)) await scope().where("metric", "=", metric).execute();
      continue;
    }
    // Our earlier reading under another key or day (the post became ours, the workspace's zone changed): moved.
    if (rows.some((r) => r.post_key !== key || r.day !== day)) await scope().where("metric", "=", metric).where((eb) => eb.or([eb("post_key", "<>", key), eb("day", "<>", day)])).execute();
    const value = numbers[metric]!;
    const res = await t.db
      .insertInto("metrics_per_post")
      .values({ workspace_id: t.workspaceId, channel_id: t.channelId, post_key: key, day, metric, value, source: t.source, updated_at: t.at })
      // A number entered meanwhile (between the read above and now) is not overwritten.
      .onConflict((oc) => oc.columns(["workspace_id", "day", "channel_id", "metric", "post_key"]).doUpdateSet({ value, updated_at: t.at }).where("metrics_per_post.source", "=", t.source))
      .executeTakeFirst();
    written += Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? 1 : 0;
  }
  return written;
}

/** A channel's own number of a day (followers, reach): written unless one was entered or imported for that day. */
export async function saveChannelNumber(t: Target, day: string, metric: string, value: number): Promise<number> {
  const res = await t.db
    .insertInto("metrics")
    .values({ workspace_id: t.workspaceId, channel_id: t.channelId, day, metric, value, source: t.source, updated_at: t.at })
    .onConflict((oc) =>
      oc
        .columns(["workspace_id", "metric", "channel_id", "day"])
        .doUpdateSet({ value, source: t.source, updated_at: t.at })
        // A row holding only the day's post sums (no number of its own, source "") takes ours.
        .where((eb) => eb.or([eb("metrics.source", "=", t.source), eb("metrics.value", "is", null)])),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? 1 : 0;
}

/** A network post kept as an imported post, or updated where we imported it before (a file's row is left alone). */
export async function saveRemotePost(t: Target, p: { postKey: string; publishedAt: string; permalink: string; caption: string; postType: string }): Promise<void> {
  await t.db
    .insertInto("metric_posts")
    .values({ workspace_id: t.workspaceId, channel_id: t.channelId, post_key: p.postKey, published_at: p.publishedAt, permalink: p.permalink, caption: p.caption, post_type: p.postType, source: t.source })
    .onConflict((oc) => oc.columns(["workspace_id", "channel_id", "post_key"]).doUpdateSet({ published_at: p.publishedAt, permalink: p.permalink, caption: p.caption, post_type: p.postType }).where("metric_posts.source", "=", t.source))
    .execute();
}

/** A post we imported as made outside Socialplan turned out to be ours (its delivery was confirmed): the import goes. */
export async function dropOwnImport(t: Target, postKey: string): Promise<void> {
  await t.db.deleteFrom("metrics_per_post").where("workspace_id", "=", t.workspaceId).where("channel_id", "=", t.channelId).where("post_key", "=", postKey).where("source", "=", t.source).execute();
  await t.db.deleteFrom("metric_posts").where("workspace_id", "=", t.workspaceId).where("channel_id", "=", t.channelId).where("post_key", "=", postKey).where("source", "=", t.source).execute();
}

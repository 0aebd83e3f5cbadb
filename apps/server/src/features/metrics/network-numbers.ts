import { OAUTH_CONNECTION_KINDS, type NumbersSync } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import { sql } from "kysely";
import { DateTime } from "luxon";
import type { ConnectionsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { notFound } from "../../lib/errors.ts";
import { flowCall, openConnection, type TokenDeps } from "../oauth/access-token.ts";
import { isOauthKind } from "../oauth/connection-check.ts";
import { flowOf } from "../oauth/flows/index.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { NumbersStop, type NumbersReader, type RemotePost } from "./numbers-reader.ts";
import { canonicalUrl, externalKey } from "./metric-import.ts";
import { telegramReader } from "./telegram-numbers.ts";
import { dropOwnImport, ImportedPosts, saveChannelNumber, savePostNumbers, saveRemotePost, type Target } from "./meta-store.ts";

export type NumbersDeps = TokenDeps;

/** The kinds whose numbers are read: the signed-in networks, and Telegram (a bot reads its channel's members). */
const NUMBERS_KINDS = [...OAUTH_CONNECTION_KINDS, "telegram"];

const DAY_MS = 86_400_000;
/** How far back posts are read: a year the first time (so best-time analysis sees the account), then 90 days. */
const FIRST_DAYS = 365;
const LATER_DAYS = 90;
/** Account numbers by day: the days since the last reading and three more (Meta's numbers settle within 48 hours). */
const SETTLE_DAYS = 3;
/** Posts read per account and reading: bounds the calls (each post is one or two). */
const MAX_POSTS = 400;
/** Connections the daily job reads per round of the publisher (a round also publishes: it must stay short). */
const DAILY_PER_ROUND = 2;
/** After a rate limit with no time given, the daily job tries the account again this much later. */
const RATE_LIMIT_RETRY_MS = 60 * 60_000;

/**
 * Reads numbers from the networks for each OAuth connection of the workspace (or the one named): our published
 * posts' numbers, the account's followers and daily reach, and the posts made on the network outside Socialplan
 * (imported as posts, with their numbers). How they combine with numbers entered by hand or imported from a file:
 * see meta-store.ts. An account that cannot be read is reported in `failed` with a message key; the others are
 * read all the same.
 */
export async function syncNetworkNumbers(deps: NumbersDeps, log: FastifyBaseLogger, workspaceId: string, opts: { connectionId?: string | undefined } = {}): Promise<NumbersSync> {
  const workspace = await deps.db.selectFrom("workspaces").select(["timezone"]).where("id", "=", workspaceId).executeTakeFirst();
  if (!workspace) throw notFound();
  let query = deps.db.selectFrom("connections").selectAll().where("workspace_id", "=", workspaceId).where("kind", "in", NUMBERS_KINDS);
  if (opts.connectionId) query = query.where("id", "=", opts.connectionId);
  const connections = await query.orderBy("created_at").execute();
  if (opts.connectionId && !connections.length) throw notFound("connection.not_found");
  const out: NumbersSync = { accounts: 0, posts: 0, imported: 0, numbers: 0, failed: [] };
  for (const c of connections) {
    out.accounts += 1;
    const stop = await readConnection(deps, log, c, workspace.timezone, out);
    if (stop) out.failed.push({ connectionId: c.id, code: stop.code });
  }
  return out;
}

/**
 * The daily reading: each active OAuth connection whose numbers are a day old (or were never read) is claimed with
 * a conditional update (two workers never both read it), then read. A few per call: the publisher's round runs it.
 */
export async function runDailyNumbers(deps: NumbersDeps, log: FastifyBaseLogger): Promise<void> {
  // The reports and reminders after it run whatever happens here.
  await readDueConnections(deps, log).catch((err: unknown) => log.error({ err, event: "numbers.daily_failed" }, "the daily numbers reading failed"));
}

async function readDueConnections(deps: NumbersDeps, log: FastifyBaseLogger): Promise<void> {
  const now = deps.clock();
  const due = iso(new Date(now.getTime() - DAY_MS));
  const candidates = await deps.db
    .selectFrom("connections")
    .innerJoin("workspaces", "workspaces.id", "connections.workspace_id")
    .selectAll("connections")
    .select("workspaces.timezone")
    .where("connections.kind", "in", NUMBERS_KINDS)
    .where("connections.status", "=", "active")
    .where((eb) => eb.or([eb("connections.numbers_synced_at", "is", null), eb("connections.numbers_synced_at", "<=", due)]))
    .where((eb) => eb.or([eb("connections.hold_until", "is", null), eb("connections.hold_until", "<=", iso(now))]))
    // Never read first (an empty text sorts first on both databases; PostgreSQL puts nulls last).
    .orderBy(sql`coalesce(connections.numbers_synced_at, '')`)
    .limit(DAILY_PER_ROUND * 4)
    .execute();
  let read = 0;
  for (const c of candidates) {
    if (read >= DAILY_PER_ROUND) break;
    const claimed = await deps.db
      .updateTable("connections")
      .set({ numbers_synced_at: iso(now) })
      .where("id", "=", c.id)
      .where((eb) => (c.numbers_synced_at === null ? eb("numbers_synced_at", "is", null) : eb("numbers_synced_at", "=", c.numbers_synced_at)))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    read += 1;
    const out: NumbersSync = { accounts: 1, posts: 0, imported: 0, numbers: 0, failed: [] };
    try {
      const stop = await readConnection(deps, log, c, c.timezone, out);
      if (stop) {
        log.warn({ event: "numbers.read_stopped", connectionId: c.id, code: stop.code }, "numbers of a connection could not be read");
        // A rate limit: tried again once it has passed (at least an hour), not a day later.
        if (stop.code === "metrics.numbers_rate_limited") {
          const retryAt = now.getTime() + Math.max(stop.retryAfterMs ?? 0, RATE_LIMIT_RETRY_MS);
          await deps.db.updateTable("connections").set({ numbers_synced_at: iso(new Date(retryAt - DAY_MS)) }).where("id", "=", c.id).execute();
        }
      } else log.info({ event: "numbers.read", connectionId: c.id, posts: out.posts, imported: out.imported, numbers: out.numbers }, "numbers read from the network");
    } catch (err) {
      log.error({ err, event: "numbers.read_failed", connectionId: c.id }, "reading a connection's numbers failed");
    }
  }
}

/** Reads one connection into `out`; returns why it stopped (a message key), or null when it was read whole. */
async function readConnection(deps: NumbersDeps, log: FastifyBaseLogger, c: ConnectionsTable, zone: string, out: NumbersSync): Promise<NumbersStop | null> {
  const now = deps.clock();
  if (c.status !== "active") return new NumbersStop("metrics.numbers_paused");
  if (c.hold_until && c.hold_until > iso(now)) return new NumbersStop("metrics.numbers_rate_limited", Date.parse(c.hold_until) - now.getTime());
  const found = await readerFor(deps, log, c).catch((err: unknown) => {
    if (err instanceof PublishError) return err.kind === "auth" ? new NumbersStop("metrics.numbers_auth") : new NumbersStop("metrics.numbers_unavailable", err.retryAfterMs);
    throw err;
  });
  if (found instanceof NumbersStop) return found;
  if (!found) return new NumbersStop("metrics.numbers_not_offered");
  const { reader, accountId } = found;
  const target: Target = { db: deps.db, workspaceId: c.workspace_id, channelId: c.channel_id, source: c.kind, at: iso(now) };
  const dayIn = (t: string) => DateTime.fromISO(t, { zone: "utc" }).setZone(zone).toISODate()!;
  const since = new Date(now.getTime() - (c.numbers_synced_at ? LATER_DAYS : FIRST_DAYS) * DAY_MS);
  try {
    const deliveries = await deps.db.selectFrom("deliveries").select(["post_id", "status", "remote_id", "remote_steps", "permalink", "published_at"]).where("workspace_id", "=", c.workspace_id).where("channel_id", "=", c.channel_id).execute();
    // Every id a delivery of ours recorded (published or not yet known): such a post is ours, never imported as another's.
    const ours = new Set<string>();
    const ourLinks = new Set<string>();
    for (const d of deliveries) {
      if (d.remote_id) ours.add(d.remote_id).add(`${accountId}_${d.remote_id}`);
      for (const id of Object.values(d.remote_steps ? (JSON.parse(d.remote_steps) as Record<string, string>) : {})) ours.add(String(id));
      if (d.permalink) ourLinks.add(canonicalUrl(d.permalink));
    }
    const recent = await reader.recentPosts(since, MAX_POSTS);
    const listed = new Map(recent.map((p) => [p.id, p]));

    const imported = await ImportedPosts.load(target);
    const published = deliveries.filter((d) => d.status === "published" && d.remote_id && d.published_at && d.published_at >= iso(since));
    for (const d of published) {
      const post = listed.get(d.remote_id!) ?? (await reader.post(d.remote_id!));
      if (!post) continue;
      const aliases = imported.find([externalKey(post.id)], [d.permalink, post.permalink]);
      for (const a of aliases.filter((x) => x.source === target.source)) {
        await dropOwnImport(target, a.postKey);
        imported.forget(a.postKey);
      }
      out.numbers += await savePostNumbers(target, d.post_id, aliases.filter((x) => x.source !== target.source), dayIn(d.published_at!), await reader.numbers(post));
      out.posts += 1;
    }

    for (const post of recent) {
      if (ours.has(post.id) || (post.permalink && ourLinks.has(canonicalUrl(post.permalink)))) continue;
      out.numbers += await importOutside(target, imported, post, dayIn(post.publishedAt), await reader.numbers(post));
      out.imported += 1;
    }

    const account = await reader.account(new Date(Math.max(since.getTime(), (c.numbers_synced_at ? Date.parse(c.numbers_synced_at) : 0) - SETTLE_DAYS * DAY_MS)), now);
    if (account.followers !== null) out.numbers += await saveChannelNumber(target, DateTime.fromJSDate(now, { zone }).toISODate()!, "followers", account.followers);
    for (const v of account.daily) out.numbers += await saveChannelNumber(target, v.day, v.metric, v.value);
  } catch (err) {
    if (err instanceof NumbersStop) return err;
    // A refusal of the account's own reads (its list, its numbers): the network answered with an error.
    if (err instanceof PublishError) return new NumbersStop("metrics.numbers_unavailable");
    throw err;
  }
  await deps.db.updateTable("connections").set({ numbers_synced_at: iso(now) }).where("id", "=", c.id).execute();
  return null;
}

/**
 * A post made on the network outside Socialplan: kept as an imported post (metric_posts) under the key a file import
 * gives it ("m:<network id>"), or under the key of the same post imported earlier from a file (same id or permalink:
 * that row stays as the file gave it), with its numbers.
 */
async function importOutside(t: Target, imported: ImportedPosts, post: RemotePost, day: string, numbers: Record<string, number>): Promise<number> {
  const key = externalKey(post.id);
  const aliases = imported.find([key], [post.permalink]);
  const earlier = aliases.find((a) => a.source !== t.source);
  const primary = earlier?.postKey ?? key;
  if (earlier) {
    // Imported by us before the file brought the same post: the file's row is the post now.
    for (const a of aliases.filter((x) => x.source === t.source && x.postKey !== primary)) {
      await dropOwnImport(t, a.postKey);
      imported.forget(a.postKey);
    }
  } else {
    await saveRemotePost(t, { postKey: key, publishedAt: post.publishedAt, permalink: post.permalink.slice(0, 2000), caption: post.caption.slice(0, 5000), postType: post.postType.slice(0, 60) });
    imported.remember({ postKey: key, source: t.source }, post.permalink);
  }
  return savePostNumbers(t, primary, aliases.filter((a) => a.source !== t.source || a.postKey === primary), day, numbers);
}

/**
 * The reader for a connection: its provider flow's (`ProviderFlow.numbersReader`, with an access token refreshed
 * when it runs out soon); null for a kind whose network offers no numbers to read.
 */
async function readerFor(deps: NumbersDeps, log: FastifyBaseLogger, c: ConnectionsTable): Promise<{ reader: NumbersReader; accountId: string } | NumbersStop | null> {
  if (c.kind === "telegram") {
    const config = JSON.parse(c.config) as Record<string, unknown>;
    return { reader: telegramReader(deps.outbound.fetch, deps.config.networkSimulatorUrl, config, JSON.parse(deps.secrets.open(c.secret)) as Record<string, string>), accountId: String(config.chat ?? "") };
  }
  if (!isOauthKind(c.kind)) return null;
  const flow = flowOf(c.kind);
  if (!flow?.numbersReader) return null;
  const conn = await openConnection(deps, log, c);
  if (!conn.accountId || !conn.secret.accessToken) return new NumbersStop("metrics.numbers_auth");
  return { reader: flow.numbersReader(flowCall(deps), conn), accountId: conn.accountId };
}

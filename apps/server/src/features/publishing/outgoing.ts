import { tagLink, utmPreset, withLink, type Utm } from "@socialplan/domain";
import type { Network, VariantOptions } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import type { ConnectionsTable, DeliveriesTable, PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { blobKey } from "../assets/assets.service.ts";
import { freshSecret } from "../oauth/access-token.ts";
import { isOauthKind } from "../oauth/connection-check.ts";
import { mediaOf, textFor } from "../posts/posts.service.ts";
import { shortLinkFor } from "../posts/short-links.ts";
import { PublishError, type Outgoing, type OutgoingConnection, type OutgoingMedia } from "./adapters/types.ts";
import { mediaUrlFor } from "./media-urls.ts";
import * as repo from "./publishing.repository.ts";

/** What building a delivery's `Outgoing` needs from the publisher. */
export interface OutgoingContext {
  deps: Pick<AppDeps, "db" | "clock" | "secrets" | "blobs" | "config" | "outbound" | "mailer">;
  log: FastifyBaseLogger;
  workerId: string;
}

/** Everything an adapter gets for one delivery: the channel's text and media, the account, and the ways to resume. */
export async function buildOutgoing(
  x: OutgoingContext,
  o: {
    delivery: DeliveriesTable;
    post: PostsTable;
    connection: ConnectionsTable;
    network: Network;
    shorten: boolean;
    timeoutMs: number;
    /** Aborts the send (its time is up); `AbortSignal.timeout(timeoutMs)` when not given. */
    signal?: AbortSignal;
    /** Secrets already opened this round, by connection id (sealed secrets of signed-in accounts are not kept). */
    opened?: Map<string, Record<string, string>>;
  },
): Promise<Outgoing> {
  const { delivery: d, post, connection } = o;
  const text = await channelText(x.deps, post, d.channel_id, o.network, o.shorten);
  const media = await loadMedia(x.deps, post);
  return {
    deliveryId: d.id,
    postId: post.id,
    workspaceId: d.workspace_id,
    title: post.title,
    ...text,
    media: media.items,
    network: o.network,
    channelId: d.channel_id,
    dueAt: d.due_at,
    createdAt: d.created_at,
    config: JSON.parse(connection.config) as Record<string, unknown>,
    // A signed-in account's access token is refreshed first when it runs out within minutes (X, Google, TikTok…).
    secret: isOauthKind(connection.kind) ? ((await freshSecret(x.deps, x.log, connection)) as Record<string, string>) : openSecret(x, connection, o.opened),
    signal: o.signal ?? AbortSignal.timeout(o.timeoutMs),
    fetch: x.deps.outbound.fetch,
    send: x.deps.outbound.send,
    ...resumable(x, d),
    mediaUrl: async (item) => {
      const asset = media.assets.get(item.assetId);
      if (!asset) throw new PublishError("rejected", "publish.media_missing", `file of ${item.name} is missing`);
      return mediaUrlFor(x.deps, asset);
    },
    asset: async (assetId) => (await loadMedia(x.deps, { ...post, media: JSON.stringify([{ assetId, alt: "" }]) })).items[0] ?? null,
    connection: outgoingConnection(x, connection),
    networkSimulatorUrl: x.deps.config.networkSimulatorUrl,
    now: () => x.deps.clock(),
    ...variantOptions(post, d.channel_id),
  };
}

/** A connection's own secret (webhook signing key, app password), opened once per round when `opened` is given. */
function openSecret(x: OutgoingContext, connection: ConnectionsTable, opened?: Map<string, Record<string, string>>): Record<string, string> {
  let secret = opened?.get(connection.id);
  if (!secret) {
    secret = JSON.parse(x.deps.secrets.open(connection.secret)) as Record<string, string>;
    opened?.set(connection.id, secret);
  }
  // A copy: an adapter may change what it was given without it reaching the next post.
  return { ...secret };
}

/**
 * The steps earlier attempts recorded, and how this attempt records its own: each write is awaited and made only
 * while this worker still holds the delivery, so a step is known to be stored before the next one is taken.
 */
function resumable(x: OutgoingContext, d: DeliveriesTable): Pick<Outgoing, "steps" | "recordStep"> {
  const steps = repo.stepsOf(d);
  return {
    steps,
    recordStep: async (step, remoteId) => {
      steps[step] = remoteId;
      if (!(await repo.writeSteps(x.deps.db, d.id, x.workerId, steps, x.deps.clock()))) {
        throw new PublishError("unknown", "publish.interrupted", `delivery ${d.id} is no longer held by ${x.workerId}`);
      }
    },
  };
}

/** What an adapter may note on its connection: a rate limit's wait, the quota it read. */
function outgoingConnection(x: OutgoingContext, c: ConnectionsTable): OutgoingConnection {
  return {
    id: c.id,
    remoteAccountId: c.remote_account_id,
    hold: async (until) => {
      await repo.holdConnection(x.deps.db, c.id, until, x.deps.clock());
      x.log.warn({ event: "publish.channel_held", connection: c.id, until: iso(until) }, "the network's rate limit holds this channel");
    },
    setQuota: (quota) => repo.setConnectionQuota(x.deps.db, c.id, quota, x.deps.clock()),
  };
}

type MediaAssetRow = { id: string; workspace_id: string; sha256: string; content_type: string };

/** The post's media as adapters read them (bytes on demand), and the asset rows for their URLs. */
async function loadMedia(deps: OutgoingContext["deps"], post: PostsTable): Promise<{ items: OutgoingMedia[]; assets: Map<string, MediaAssetRow> }> {
  const listed = mediaOf(post);
  const assets = await repo.assetsFor(deps.db, post.workspace_id, listed.map((m) => m.assetId));
  const items = listed.flatMap((m): OutgoingMedia[] => {
    const a = assets.find((x) => x.id === m.assetId);
    if (!a) return [];
    return [
      {
        assetId: a.id,
        name: a.name,
        contentType: a.content_type,
        size: Number(a.size),
        sha256: a.sha256,
        alt: m.alt || a.alt_text,
        width: a.width,
        height: a.height,
        durationMs: a.duration_ms ?? null,
        bytes: async () => {
          const stream = await deps.blobs.read(blobKey(a.workspace_id, a.sha256));
          if (!stream) throw new PublishError("rejected", "publish.media_missing", `file of ${a.name} is missing`);
          return Buffer.concat(await stream.toArray());
        },
      },
    ];
  });
  return { items, assets: new Map(assets.map((a) => [a.id, a])) };
}

/** A channel's text with the post's link tagged, and shortened to the app's counting link when the workspace wants. */
export async function channelText(deps: Pick<AppDeps, "db" | "clock" | "config">, post: PostsTable, channelId: string, network: Network, shorten: boolean, db: DB = deps.db): Promise<{ text: string; link: string | null }> {
  const tagged = taggedLink(post, network);
  const link = tagged && shorten ? `${deps.config.appUrl}/l/${await shortLinkFor(db, post.workspace_id, post.id, channelId, tagged, deps.clock())}` : tagged;
  return outgoingText(post, channelId, link);
}

/** The post's link tagged with UTM parameters for a network (the channel's preset, then the post's own values). */
export function taggedLink(post: PostsTable, network: Network): string | null {
  if (!post.link) return null;
  const utm = { ...utmPreset(network, false, post.campaign ?? undefined), ...(JSON.parse(post.utm) as Utm) };
  return tagLink(post.link, utm) ?? post.link;
}

/** The channel's format and first comment, from its variant (absent on older posts: a feed post, no comment). */
export function variantOptions(post: Pick<PostsTable, "variants">, channelId: string): { format: "feed" | "story"; firstComment: string | null; options: VariantOptions } {
  const v = (JSON.parse(post.variants) as Array<{ channelId: string; format?: string; firstComment?: string | null; options?: VariantOptions }>).find((x) => x.channelId === channelId);
  return { format: v?.format === "story" ? "story" : "feed", firstComment: v?.firstComment?.trim() || null, options: v?.options ?? {} };
}

/** The text of a post for one channel with `link` in place of the post's link (or added after the text). */
export function outgoingText(post: PostsTable, channelId: string, link: string | null): { text: string; link: string | null } {
  const base = textFor(post, channelId);
  if (!post.link || !link) return { text: base, link: null };
  return { text: withLink(base, post.link, link), link };
}

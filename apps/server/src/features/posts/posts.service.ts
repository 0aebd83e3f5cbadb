import { NEAR_DUPLICATE, normaliseUtm, occurrenceNotes, occurrences, readLocalTime, textSimilarity, utcToZoned, type Utm } from "@socialplan/domain";
import {
  checkPostForNetwork,
  EDITABLE_STATUSES,
  type CheckedMedia,
  type CreatePost,
  type Delivery,
  type DeliveryStatus,
  type Network,
  type Post,
  type PostStatus,
  type PostWarning,
  type UpdatePost,
  type Violation,
} from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import type { DeliveriesTable, PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, type FieldIssue } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { lastReviews, recordEvent, type Actor, type LastReview } from "./review-history.ts";

type Row = PostsTable;
type DeliveryRow = DeliveriesTable;
const DAY_MS = 86_400_000;
/** A reminder nobody has confirmed this long after its time shows as overdue. */
export const REMINDER_GRACE_MS = 60 * 60_000;
/** How far ahead a recurring post's occurrences are turned into deliveries. */
export const RECURRENCE_HORIZON_MS = 8 * DAY_MS;
const EARLY_TOLERANCE_MS = 60_000;

export interface ChannelInfo {
  id: string;
  network: Network;
  handle: string;
  name: string;
  /** The channel's address as written in the strategy ("" when none): an export's account id may be part of it. */
  url: string;
}

/** The workspace's channels (strategy §11), by id. */
export async function channelsOf(db: DB, workspaceId: string): Promise<Map<string, ChannelInfo>> {
  const rows = await db.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", workspaceId).where("kind", "=", "channel").execute();
  return channelsFromRows(rows);
}

/** Channels from their strategy records (`data` as stored). */
export function channelsFromRows(rows: readonly { id: string; data: string }[]): Map<string, ChannelInfo> {
  return new Map(
    rows.map((r) => {
      const d = JSON.parse(r.data) as { network?: Network; handle?: string; url?: string };
      const network = d.network ?? "other";
      const handle = (d.handle ?? "").trim().replace(/^@/, "");
      return [r.id, { id: r.id, network, handle, name: handle ? `${network} @${handle}` : network, url: (d.url ?? "").trim() }];
    }),
  );
}

/** Channels with an active or paused connection publish by themselves; the others by reminder. */
async function connectedChannels(db: DB, workspaceId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("connections").select("channel_id").where("workspace_id", "=", workspaceId).execute();
  return new Set(rows.map((r) => r.channel_id));
}

export const variantsOf = (r: Pick<Row, "variants">) => JSON.parse(r.variants) as { channelId: string; text: string | null }[];
export const mediaOf = (r: Pick<Row, "media">) => JSON.parse(r.media) as { assetId: string; alt: string }[];
/** The text that goes to one channel: its own variant, or the base text. */
export const textFor = (r: Pick<Row, "variants" | "body">, channelId: string) => variantsOf(r).find((v) => v.channelId === channelId)?.text ?? r.body;

function toDelivery(d: DeliveryRow, connected: Set<string>, now: Date, shortPath: string | null): Delivery {
  return {
    id: d.id,
    channelId: d.channel_id,
    mode: connected.has(d.channel_id) ? "auto" : "reminder",
    dueAt: d.due_at,
    // "claimed" (taken by a worker, about to be sent) is, for people, already publishing.
    status: (d.status === "claimed" ? "publishing" : d.status) as DeliveryStatus,
    overdue: d.status === "awaiting_confirmation" && now.getTime() - Date.parse(d.due_at) > REMINDER_GRACE_MS,
    attempts: d.attempts,
    nextAttemptAt: d.next_attempt_at,
    permalink: d.permalink,
    remoteId: d.remote_id,
    shortPath,
    error: d.error_code ? { code: d.error_code, message: d.error_message ?? "" } : null,
    publishedAt: d.published_at,
  };
}

/**
 * What a scheduled post shows: the publisher's news about its deliveries. A reminder waiting for someone to post
 * it is "publishing"; one left unconfirmed past its grace time needs attention. A post is published only when
 * every channel's copy is (and a recurring one never finishes).
 */
function derivedStatus(r: Row, deliveries: Delivery[]): PostStatus {
  if (r.status !== "scheduled") return r.status as PostStatus;
  const live = deliveries.filter((d) => d.status !== "cancelled");
  if (live.some((d) => d.status === "needs_attention" || d.overdue)) return "needs_attention";
  if (live.some((d) => d.status === "failed")) return "failed";
  if (live.some((d) => d.status === "publishing" || d.status === "awaiting_confirmation")) return "publishing";
  if (!r.recurrence && live.length > 0 && live.every((d) => d.status === "published")) return "published";
  return "scheduled";
}

/** A post's state as shown, from its stored one and its deliveries (as stored). */
export function shownStatus(r: Row, deliveries: readonly DeliveryRow[], now: Date): PostStatus {
  return derivedStatus(r, deliveries.map((d) => toDelivery(d, new Set(), now, null)));
}

function toPost(r: Row, deliveries: Delivery[], warnings: PostWarning[], lastReview: LastReview | null): Post {
  return {
    id: r.id,
    status: derivedStatus(r, deliveries),
    title: r.title,
    body: r.body,
    variants: variantsOf(r),
    media: mediaOf(r),
    link: r.link,
    utm: JSON.parse(r.utm) as Record<string, string>,
    pillar: r.pillar,
    campaign: r.campaign,
    goalId: r.goal_id,
    initiativeId: r.initiative_id,
    scheduledAt: r.scheduled_at,
    recurrence: r.recurrence,
    assigneeMemberId: r.assignee_member_id,
    cardId: r.card_id,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    lastReview,
    deliveries,
    warnings,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What the networks' rules need of each asset (kind, size in pixels and bytes, type, a video's length), by id. */
export async function mediaFacts(db: DB, workspaceId: string, rows: readonly Pick<Row, "media">[]): Promise<Map<string, CheckedMedia>> {
  const ids = [...new Set(rows.flatMap((r) => mediaOf(r).map((m) => m.assetId)))];
  if (!ids.length) return new Map();
  const assets = await db
    .selectFrom("assets")
    .select(["id", "kind", "width", "height", "duration_ms", "size", "content_type"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .execute();
  return new Map(
    assets.map((a) => [a.id, { kind: a.kind === "video" ? "video" : "image", width: a.width, height: a.height, durationMs: a.duration_ms ?? null, bytes: Number(a.size), contentType: a.content_type }]),
  );
}

/** What in the post breaks the rules of one channel's network (the shared rules table), its link put in as it goes out. */
export function channelViolations(post: Pick<Row, "variants" | "body" | "link" | "media">, channelId: string, network: Network, media: ReadonlyMap<string, CheckedMedia>): Violation[] {
  return checkPostForNetwork(network, { text: textFor(post, channelId), link: post.link, media: mediaOf(post).flatMap((m) => media.get(m.assetId) ?? []) });
}

/**
 * Warnings, never errors, while writing: anything that breaks a channel's network rules (text too long counted the
 * network's way, too many images or videos, an image the feed crops, a video too long…, each with its numbers and
 * whether the network refuses it), no channel chosen, the same channel getting two posts at the same minute, or
 * nearly the same text within 24 hours.
 */
export function postWarnings(post: Row, neighbours: readonly Row[], channels: Map<string, ChannelInfo>, when: { zone: string; now: Date }, media: ReadonlyMap<string, CheckedMedia> = new Map()): PostWarning[] {
  const out: PostWarning[] = [...timeWarnings(post, when.zone, when.now)];
  const variants = variantsOf(post);
  if (variants.length === 0) out.push({ kind: "no_channel", channelId: null, otherPostId: null });
  for (const v of variants) {
    const network = channels.get(v.channelId)?.network ?? "other";
    for (const x of channelViolations(post, v.channelId, network, media)) {
      out.push({ kind: x.rule, channelId: v.channelId, otherPostId: null, severity: x.severity, params: { network, ...x.params } });
    }
  }
  if (!post.scheduled_at) return out;
  const at = Date.parse(post.scheduled_at);
  for (const other of neighbours) {
    if (other.id === post.id || !other.scheduled_at) continue;
    const gap = Math.abs(Date.parse(other.scheduled_at) - at);
    if (gap >= DAY_MS) continue;
    const otherChannels = new Set(variantsOf(other).map((v) => v.channelId));
    for (const v of variants) {
      if (!otherChannels.has(v.channelId)) continue;
      if (Math.floor(at / 60_000) === Math.floor(Date.parse(other.scheduled_at) / 60_000)) out.push({ kind: "same_minute", channelId: v.channelId, otherPostId: other.id });
      if (textSimilarity(textFor(post, v.channelId), textFor(other, v.channelId)) >= NEAR_DUPLICATE) out.push({ kind: "near_duplicate", channelId: v.channelId, otherPostId: other.id });
    }
  }
  return out;
}

/**
 * What the one local-time rule decided for this post, said where the post is shown: a time that happens twice that
 * day (the first is used), and for a recurring post, its occurrences in the coming year whose time the clock skips
 * (moved forward by the gap) or repeats.
 */
function timeWarnings(post: Row, zone: string, now: Date): PostWarning[] {
  if (!post.scheduled_at) return [];
  const start = utcToZoned(post.scheduled_at, zone);
  if (post.recurrence) {
    const from = iso(new Date(Math.max(Date.parse(post.scheduled_at), now.getTime())));
    const to = iso(new Date(now.getTime() + 366 * DAY_MS));
    return occurrenceNotes(post.recurrence, start, zone, from, to, 10).map((n) => ({
      kind: n.kind === "moved" ? "time_moved" : "time_twice",
      channelId: null,
      otherPostId: null,
      instant: n.instant,
      otherInstant: n.other,
    }));
  }
  const r = readLocalTime(start, zone);
  if (r.kind !== "ambiguous") return [];
  return [{ kind: "time_twice", channelId: null, otherPostId: null, instant: post.scheduled_at, otherInstant: r.earlier === post.scheduled_at ? r.later : r.earlier }];
}

async function deliveriesOf(db: DB, postIds: readonly string[]): Promise<DeliveryRow[]> {
  if (!postIds.length) return [];
  return db.selectFrom("deliveries").selectAll().where("post_id", "in", postIds).orderBy("due_at").execute();
}

/** Posts with their deliveries and warnings, as the calendar shows them. */
async function present(ctx: ServiceContext, workspaceId: string, rows: Row[], neighbours: Row[]): Promise<Post[]> {
  const ids = rows.map((r) => r.id);
  const [channels, connected, deliveries, links, workspace, reviews, media] = await Promise.all([
    channelsOf(ctx.db, workspaceId),
    connectedChannels(ctx.db, workspaceId),
    deliveriesOf(ctx.db, ids),
    ids.length ? ctx.db.selectFrom("short_links").select(["code", "post_id", "channel_id"]).where("post_id", "in", ids).execute() : [],
    ctx.db.selectFrom("workspaces").select("timezone").where("id", "=", workspaceId).executeTakeFirstOrThrow(),
    lastReviews(ctx.db, ids),
    mediaFacts(ctx.db, workspaceId, rows),
  ]);
  const shortPath = (d: DeliveryRow) => {
    const l = links.find((x) => x.post_id === d.post_id && x.channel_id === d.channel_id);
    return l ? `/l/${l.code}` : null;
  };
  const byPost = new Map<string, DeliveryRow[]>();
  for (const d of deliveries) byPost.set(d.post_id, [...(byPost.get(d.post_id) ?? []), d]);
  return rows.map((r) =>
    toPost(
      r,
      (byPost.get(r.id) ?? []).map((d) => toDelivery(d, connected, ctx.now, shortPath(d))),
      postWarnings(r, neighbours, channels, { zone: workspace.timezone, now: ctx.now }, media),
      reviews.get(r.id) ?? null,
    ),
  );
}

/**
 * The workspace's posts: those planned within [from, to) (and a day either side for the warnings), every
 * recurring post, and every idea or draft without a date.
 */
export async function listPosts(ctx: ServiceContext, workspaceId: string, range: { from?: string | undefined; to?: string | undefined; status?: PostStatus | undefined }): Promise<Post[]> {
  const from = range.from ? new Date(range.from).toISOString() : null;
  const to = range.to ? new Date(range.to).toISOString() : null;
  let q = ctx.db.selectFrom("posts").selectAll().where("workspace_id", "=", workspaceId);
  if (range.status) {
    // A post's state as shown: the stored one, or for a scheduled post what its deliveries make of it.
    const rows = await q.where("status", "=", STORED_STATUS[range.status]).orderBy("scheduled_at").orderBy("created_at").limit(5000).execute();
    const posts = await present(ctx, workspaceId, rows, rows);
    return posts.filter((p) => p.status === range.status && (!from || (p.scheduledAt ?? "") >= from) && (!to || (p.scheduledAt ?? "") < to));
  }
  if (from || to) {
    q = q.where((eb) =>
      eb.or([
        eb("scheduled_at", "is", null),
        eb("recurrence", "is not", null),
        eb.and([...(from ? [eb("scheduled_at", ">=", iso(new Date(Date.parse(from) - DAY_MS)))] : []), ...(to ? [eb("scheduled_at", "<", iso(new Date(Date.parse(to) + DAY_MS)))] : [])]),
      ]),
    );
  }
  const rows = await q.orderBy("scheduled_at").orderBy("created_at").limit(5000).execute();
  const inRange = rows.filter((r) => !r.scheduled_at || r.recurrence || ((!from || r.scheduled_at >= from) && (!to || r.scheduled_at < to)));
  return present(ctx, workspaceId, inRange, rows);
}

export async function requirePost(ctx: ServiceContext, workspaceId: string, postId: string): Promise<Row> {
  const row = await ctx.db.selectFrom("posts").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", postId).executeTakeFirst();
  if (!row) throw new AppError(404, "post.not_found");
  return row;
}

export async function getPost(ctx: ServiceContext, workspaceId: string, postId: string): Promise<Post> {
  const row = await requirePost(ctx, workspaceId, postId);
  let neighbours: Row[] = [];
  if (row.scheduled_at) {
    const at = Date.parse(row.scheduled_at);
    neighbours = await ctx.db
      .selectFrom("posts")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("scheduled_at", ">", iso(new Date(at - DAY_MS)))
      .where("scheduled_at", "<", iso(new Date(at + DAY_MS)))
      .execute();
  }
  return (await present(ctx, workspaceId, [row], neighbours))[0]!;
}

/** Goals, initiatives, channels, media and the assignee named by a post must belong to this workspace. */
async function checkLinks(ctx: ServiceContext, m: Membership, patch: UpdatePost): Promise<void> {
  const issues: FieldIssue[] = [];
  const entryOfKind = async (id: string, kind: string) =>
    ctx.db.selectFrom("strategy_entries").select("id").where("workspace_id", "=", m.workspaceId).where("id", "=", id).where("kind", "=", kind).executeTakeFirst();
  if (patch.goalId && !(await entryOfKind(patch.goalId, "goal"))) issues.push({ field: "goalId", key: "post.unknown_goal" });
  if (patch.initiativeId && !(await entryOfKind(patch.initiativeId, "initiative"))) issues.push({ field: "initiativeId", key: "post.unknown_initiative" });
  if (patch.variants) {
    const channels = await channelsOf(ctx.db, m.workspaceId);
    const seen = new Set<string>();
    patch.variants.forEach((v, i) => {
      if (!channels.has(v.channelId)) issues.push({ field: `variants.${i}.channelId`, key: "post.unknown_channel" });
      if (seen.has(v.channelId)) issues.push({ field: `variants.${i}.channelId`, key: "post.channel_twice" });
      seen.add(v.channelId);
    });
  }
  if (patch.media?.length) {
    const ids = patch.media.map((x) => x.assetId);
    const found = await ctx.db.selectFrom("assets").select(["id", "kind"]).where("workspace_id", "=", m.workspaceId).where("id", "in", ids).execute();
    patch.media.forEach((x, i) => {
      const asset = found.find((a) => a.id === x.assetId);
      if (!asset) issues.push({ field: `media.${i}.assetId`, key: "post.unknown_asset" });
      else if (asset.kind !== "image" && asset.kind !== "video") issues.push({ field: `media.${i}.assetId`, key: "post.media_kind" });
    });
  }
  if (patch.assigneeMemberId) {
    const member = await ctx.db.selectFrom("members").select("id").where("workspace_id", "=", m.workspaceId).where("id", "=", patch.assigneeMemberId).executeTakeFirst();
    if (!member) issues.push({ field: "assigneeMemberId", key: "post.unknown_member" });
  }
  if (issues.length) throw badRequest("validation.failed", {}, issues);
}

function applyPatch(p: UpdatePost): Partial<Row> {
  return {
    ...(p.title !== undefined && { title: p.title }),
    ...(p.body !== undefined && { body: p.body }),
    ...(p.variants !== undefined && { variants: JSON.stringify(p.variants) }),
    ...(p.media !== undefined && { media: JSON.stringify(p.media) }),
    ...(p.link !== undefined && { link: p.link }),
    ...(p.utm !== undefined && { utm: JSON.stringify(normaliseUtm(p.utm as Utm)) }),
    ...(p.pillar !== undefined && { pillar: p.pillar || null }),
    ...(p.campaign !== undefined && { campaign: p.campaign || null }),
    ...(p.goalId !== undefined && { goal_id: p.goalId }),
    ...(p.initiativeId !== undefined && { initiative_id: p.initiativeId }),
    ...(p.scheduledAt !== undefined && { scheduled_at: p.scheduledAt === null ? null : new Date(p.scheduledAt).toISOString() }),
    ...(p.recurrence !== undefined && { recurrence: p.recurrence || null }),
    ...(p.assigneeMemberId !== undefined && { assignee_member_id: p.assigneeMemberId }),
    ...(p.status !== undefined && { status: p.status }),
  };
}

/** A title for lists and notifications: the one given, or the text's first line. */
const titleFrom = (title: string | undefined, body: string | undefined) => (title?.trim() || (body ?? "").split("\n")[0]!.trim()).slice(0, 120);

export async function createPost(ctx: ServiceContext, m: Membership, user: UserRow, body: CreatePost): Promise<string> {
  await checkLinks(ctx, m, body);
  const id = newId();
  const now = iso(ctx.now);
  await ctx.db
    .insertInto("posts")
    .values({
      id,
      workspace_id: m.workspaceId,
      body: "",
      variants: "[]",
      media: "[]",
      link: null,
      utm: "{}",
      pillar: null,
      campaign: null,
      goal_id: null,
      initiative_id: null,
      status: "draft",
      scheduled_at: null,
      recurrence: null,
      assignee_member_id: m.memberId,
      card_id: null,
      approved_by: null,
      approved_at: null,
      created_by: user.id,
      created_at: now,
      updated_at: now,
      example: 0,
      ...applyPatch(body),
      title: titleFrom(body.title, body.body),
    })
    .execute();
  return id;
}

const CONTENT_FIELDS = ["title", "body", "variants", "media", "link", "utm"] as const;

/**
 * Edits a post that is still being written. Changing what a post says after it was approved takes the approval
 * back when the workspace requires one. A scheduled post is edited after unscheduling it, so that nothing changes
 * under the publisher's feet; moving it (another time) and its assignee are fine.
 */
export async function updatePost(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, patch: UpdatePost): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  await checkLinks(ctx, m, patch);
  const editable = (EDITABLE_STATUSES as readonly string[]).includes(row.status);
  // Only a real change counts: a form that saves every field unchanged keeps the approval.
  const next = applyPatch(patch);
  if (patch.title !== undefined || patch.body !== undefined) next.title = titleFrom(patch.title ?? row.title, patch.body ?? row.body);
  const touchesContent = CONTENT_FIELDS.some((f) => f in next && next[f] !== row[f]);
  if (!editable) {
    const allowed = new Set(["scheduledAt", "assigneeMemberId"]);
    if (Object.keys(patch).some((k) => !allowed.has(k))) throw conflict("post.unschedule_to_edit");
    if (patch.scheduledAt === null) throw conflict("post.unschedule_to_edit");
    if (patch.scheduledAt) await reschedule(ctx, row, patch.scheduledAt);
  }
  if (patch.status && row.status !== "idea" && row.status !== "draft") throw conflict("post.status_change", { status: row.status });
  const unapprove = touchesContent && m.workspace.require_post_approval && (row.status === "approved" || row.status === "in_review");
  await ctx.db
    .updateTable("posts")
    .set({
      ...next,
      ...(unapprove ? { status: "draft", approved_by: null, approved_at: null } : {}),
      // Edited, an example post is the user's own: clearing the example keeps it.
      example: 0,
      updated_at: iso(ctx.now),
    })
    .where("id", "=", row.id)
    .execute();
  // The approval (or the review under way) no longer covers what will go out: said in the post's history.
  if (unapprove) await recordEvent(ctx, row, "unapproved", { userId: user.id });
}

export async function deletePost(ctx: ServiceContext, m: Membership, postId: string): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  const busy = await ctx.db.selectFrom("deliveries").select("id").where("post_id", "=", row.id).where("status", "in", ["claimed", "publishing"]).executeTakeFirst();
  if (busy) throw conflict("post.publishing_now");
  await ctx.db.deleteFrom("posts").where("id", "=", row.id).execute();
}

/** The stored status a shown one comes from: publishing, published, failed and needs attention are scheduled posts' news. */
const STORED_STATUS: Record<PostStatus, string> = {
  idea: "idea",
  draft: "draft",
  in_review: "in_review",
  approved: "approved",
  scheduled: "scheduled",
  publishing: "scheduled",
  published: "scheduled",
  failed: "scheduled",
  needs_attention: "scheduled",
};

/** Checks that make scheduling refuse a post, with the field to fix. */
async function readyIssues(ctx: ServiceContext, row: Row): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const variants = variantsOf(row);
  if (!variants.length) issues.push({ field: "variants", key: "post.no_channel" });
  const channels = await channelsOf(ctx.db, row.workspace_id);
  const media = await mediaFacts(ctx.db, row.workspace_id, [row]);
  variants.forEach((v, i) => {
    const network = channels.get(v.channelId)?.network ?? "other";
    const text = v.text ?? row.body;
    const textField = v.text === null ? "body" : `variants.${i}.text`;
    if (!text.trim() && mediaOf(row).length === 0) issues.push({ field: textField, key: "post.empty" });
    // What the network itself would refuse (a crop or a scaled-down photo is only a warning).
    for (const x of channelViolations(row, v.channelId, network, media)) {
      if (x.severity !== "error") continue;
      if (x.rule === "too_long") issues.push({ field: textField, key: "post.too_long", params: { network, limit: x.params.limit!, length: x.params.length! } });
      else if (x.rule === "too_many_hashtags") issues.push({ field: textField, key: "post.rule_too_many_hashtags", params: { network, ...x.params } });
      else issues.push({ field: typeof x.params.item === "number" ? `media.${x.params.item - 1}.assetId` : "media", key: `post.rule_${x.rule}`, params: { network, ...x.params } });
    }
  });
  return issues;
}

/** Deliveries of a post at `dueAt`, one per channel, unless they exist already (the identity is unique). */
/** A delivery row that nothing has happened to yet, with what is given. */
export function deliveryRow(fields: Pick<DeliveryRow, "workspace_id" | "post_id" | "channel_id" | "due_at" | "created_at"> & Partial<DeliveryRow>): DeliveryRow {
  return {
    id: newId(),
    status: "scheduled",
    attempts: 0,
    next_attempt_at: null,
    lease_until: null,
    worker: null,
    remote_id: null,
    permalink: null,
    error_code: null,
    error_message: null,
    published_at: null,
    confirmed_by: null,
    updated_at: fields.created_at,
    ...fields,
  };
}

export async function createDeliveries(db: DB, row: Pick<Row, "id" | "workspace_id" | "variants">, dueAt: string, now: Date): Promise<void> {
  const values = variantsOf(row).map((v) => deliveryRow({ workspace_id: row.workspace_id, post_id: row.id, channel_id: v.channelId, due_at: dueAt, created_at: iso(now) }));
  if (values.length) await db.insertInto("deliveries").values(values).onConflict((oc) => oc.columns(["post_id", "channel_id", "due_at"]).doNothing()).execute();
}

/**
 * A recurring post's occurrences from its start up to the horizon become deliveries (the publisher calls this on
 * every round, so the series never runs out). Occurrences before `since` are not created after the fact.
 */
export async function materialiseRecurrence(db: DB, row: Row, zone: string, since: Date, now: Date): Promise<void> {
  if (!row.recurrence || !row.scheduled_at) return;
  const start = utcToZoned(row.scheduled_at, zone);
  const from = iso(new Date(Math.max(Date.parse(row.scheduled_at), since.getTime())));
  const to = iso(new Date(now.getTime() + RECURRENCE_HORIZON_MS));
  for (const at of occurrences(row.recurrence, start, zone, from, to, 100)) await createDeliveries(db, row, at, now);
}

/**
 * Schedules a post: it must say something within every channel's limit, and be approved when the workspace
 * requires approval. Its deliveries are created now, each with the identity it will be published under.
 */
export async function schedulePost(ctx: ServiceContext, m: Membership, postId: string, at: string | undefined, actor: Actor | null = null): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  if (!(EDITABLE_STATUSES as readonly string[]).includes(row.status)) throw conflict("post.status_change", { status: row.status });
  if (m.workspace.require_post_approval && row.status !== "approved") throw conflict("post.needs_approval");
  const scheduledAt = at ? new Date(at).toISOString() : row.scheduled_at;
  if (!scheduledAt) throw badRequest("validation.failed", {}, [{ field: "scheduledAt", key: "post.no_time" }]);
  if (Date.parse(scheduledAt) < ctx.now.getTime() - EARLY_TOLERANCE_MS && !row.recurrence) {
    throw badRequest("validation.failed", {}, [{ field: "scheduledAt", key: "post.in_past" }]);
  }
  const issues = await readyIssues(ctx, row);
  if (issues.length) throw badRequest("validation.failed", {}, issues);
  const scheduled = { ...row, scheduled_at: scheduledAt, status: "scheduled" };
  await ctx.db.updateTable("posts").set({ status: "scheduled", scheduled_at: scheduledAt, updated_at: iso(ctx.now) }).where("id", "=", row.id).execute();
  if (row.recurrence) await materialiseRecurrence(ctx.db, scheduled, m.workspace.timezone, ctx.now, ctx.now);
  else await createDeliveries(ctx.db, scheduled, scheduledAt, ctx.now);
  await recordEvent(ctx, row, "scheduled", actor);
}

/** Deliveries the publisher has not touched yet can be moved or withdrawn; anything else is under way. */
async function untouched(db: DB, postId: string) {
  const all = await db.selectFrom("deliveries").select(["id", "status", "attempts"]).where("post_id", "=", postId).execute();
  const idle = all.filter((d) => d.status === "scheduled" && d.attempts === 0);
  return { idle, started: all.filter((d) => !idle.includes(d) && d.status !== "cancelled") };
}

async function reschedule(ctx: ServiceContext, row: Row, at: string): Promise<void> {
  const scheduledAt = new Date(at).toISOString();
  if (Date.parse(scheduledAt) < ctx.now.getTime() - EARLY_TOLERANCE_MS) throw badRequest("validation.failed", {}, [{ field: "scheduledAt", key: "post.in_past" }]);
  const { idle, started } = await untouched(ctx.db, row.id);
  if (started.length && !row.recurrence) throw conflict("post.publishing_now");
  if (idle.length) await ctx.db.deleteFrom("deliveries").where("id", "in", idle.map((d) => d.id)).execute();
  const moved = { ...row, scheduled_at: scheduledAt };
  const zone = await ctx.db.selectFrom("workspaces").select("timezone").where("id", "=", row.workspace_id).executeTakeFirstOrThrow();
  if (row.recurrence) await materialiseRecurrence(ctx.db, moved, zone.timezone, ctx.now, ctx.now);
  else await createDeliveries(ctx.db, moved, scheduledAt, ctx.now);
}

/** Takes a post off the schedule (back to approved or draft); what was published already stays published. */
export async function unschedulePost(ctx: ServiceContext, m: Membership, postId: string, actor: Actor | null = null): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  if (row.status !== "scheduled") throw conflict("post.status_change", { status: row.status });
  const { idle, started } = await untouched(ctx.db, row.id);
  if (started.some((d) => d.status === "publishing" || d.status === "claimed")) throw conflict("post.publishing_now");
  if (idle.length) await ctx.db.deleteFrom("deliveries").where("id", "in", idle.map((d) => d.id)).execute();
  if (started.length && !row.recurrence) throw conflict("post.already_published");
  await ctx.db
    .updateTable("posts")
    .set({ status: row.approved_at ? "approved" : "draft", updated_at: iso(ctx.now) })
    .where("id", "=", row.id)
    .execute();
  await recordEvent(ctx, row, "unscheduled", actor);
}

async function requireDelivery(ctx: ServiceContext, workspaceId: string, postId: string, deliveryId: string): Promise<DeliveryRow> {
  const d = await ctx.db.selectFrom("deliveries").selectAll().where("workspace_id", "=", workspaceId).where("post_id", "=", postId).where("id", "=", deliveryId).executeTakeFirst();
  if (!d) throw new AppError(404, "post.delivery_not_found");
  return d;
}

/** A member posted a reminder by hand: the copy is published, with its permalink when given. */
export async function confirmDelivery(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, deliveryId: string, permalink: string | null | undefined): Promise<void> {
  const d = await requireDelivery(ctx, m.workspaceId, postId, deliveryId);
  if (!["awaiting_confirmation", "needs_attention", "failed", "scheduled"].includes(d.status)) throw conflict("post.delivery_state", { status: d.status });
  await markPublishedByHand(ctx, d, user, permalink ?? null);
}

async function markPublishedByHand(ctx: ServiceContext, d: DeliveryRow, user: UserRow, permalink: string | null) {
  const done = await ctx.db
    .updateTable("deliveries")
    .set({ status: "published", permalink, confirmed_by: user.id, published_at: iso(ctx.now), error_code: null, error_message: null, lease_until: null, updated_at: iso(ctx.now) })
    .where("id", "=", d.id)
    .where("status", "=", d.status)
    .executeTakeFirst();
  if (!done.numUpdatedRows) throw conflict("post.delivery_state", { status: d.status });
}

/**
 * A person settles a copy the publisher could not: send it again (only they can decide when the outcome was
 * unknown), record that it is out (with its link), or drop it.
 */
export async function resolveDelivery(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, deliveryId: string, action: "retry" | "published" | "cancel", permalink: string | null | undefined): Promise<void> {
  const d = await requireDelivery(ctx, m.workspaceId, postId, deliveryId);
  if (!["needs_attention", "failed", "awaiting_confirmation"].includes(d.status)) throw conflict("post.delivery_state", { status: d.status });
  if (action === "published") return markPublishedByHand(ctx, d, user, permalink ?? null);
  const done = await ctx.db
    .updateTable("deliveries")
    .set(
      action === "retry"
        ? { status: "scheduled", next_attempt_at: iso(ctx.now), error_code: null, error_message: null, lease_until: null, worker: null, updated_at: iso(ctx.now) }
        : { status: "cancelled", updated_at: iso(ctx.now) },
    )
    .where("id", "=", d.id)
    .where("status", "=", d.status)
    .executeTakeFirst();
  if (!done.numUpdatedRows) throw conflict("post.delivery_state", { status: d.status });
}

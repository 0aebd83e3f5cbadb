import { addDays, zonedDayBounds } from "@socialplan/domain";
import type { CreateReviewLink, GuestPost, GuestReview, Network, Post, ReviewLink } from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { WorkspacesTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { hashToken, type SecretBox } from "../../lib/crypto.ts";
import { AppError, conflict } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { channelsOf, listPosts, requirePost } from "./posts.service.ts";
import { insertComment, postActivity } from "./review-history.ts";
import { decide, type Decision } from "./review.service.ts";
import { notify, mentionedUsers } from "../board/notifications.service.ts";

/**
 * Review links: someone without an account (a client, a boss on the road) sees the posts of a period as each network
 * will show them, and approves or comments. The token in the link is `<link id>.<expiry in seconds>.<signature>`,
 * signed with the instance's secret key: a forged or altered token is refused before the database is asked, and the
 * stored hash, the expiry and the revocation are checked after. Every action is recorded in the post's history under
 * the name the reviewer gives.
 */
const PURPOSE = "review-link";
const DAY_MS = 86_400_000;
/** Posts a reviewer sees: planned ones, whatever their state (ideas and drafts not yet). */
const SHOWN = new Set(["in_review", "approved", "scheduled", "publishing", "published", "failed", "needs_attention"]);

const toLink = (r: { id: string; label: string; from_day: string; to_day: string; expires_at: string; revoked_at: string | null; created_at: string }): ReviewLink => ({
  id: r.id,
  label: r.label,
  from: r.from_day,
  to: r.to_day,
  expiresAt: r.expires_at,
  revoked: r.revoked_at !== null,
  createdAt: r.created_at,
});

export async function createReviewLink(ctx: ServiceContext, secrets: SecretBox, m: Membership, user: UserRow, appUrl: string, input: CreateReviewLink): Promise<ReviewLink> {
  const id = newId();
  const expires = new Date(ctx.now.getTime() + input.days * DAY_MS);
  const payload = `${id}.${Math.floor(expires.getTime() / 1000)}`;
  const token = `${payload}.${secrets.sign(PURPOSE, payload)}`;
  const row = { id, workspace_id: m.workspaceId, label: input.label, from_day: input.from, to_day: input.to, token_hash: hashToken(token), expires_at: iso(expires), revoked_at: null, created_by: user.id, created_at: iso(ctx.now) };
  await ctx.db.insertInto("review_links").values(row).execute();
  return { ...toLink(row), url: `${appUrl}/review/${token}` };
}

/** The workspace's links that still work, newest first. */
export async function listReviewLinks(ctx: ServiceContext, workspaceId: string): Promise<ReviewLink[]> {
  const rows = await ctx.db.selectFrom("review_links").selectAll().where("workspace_id", "=", workspaceId).where("revoked_at", "is", null).where("expires_at", ">", iso(ctx.now)).orderBy("created_at", "desc").execute();
  return rows.map(toLink);
}

export async function revokeReviewLink(ctx: ServiceContext, m: Membership, linkId: string): Promise<void> {
  const done = await ctx.db.updateTable("review_links").set({ revoked_at: iso(ctx.now) }).where("workspace_id", "=", m.workspaceId).where("id", "=", linkId).where("revoked_at", "is", null).executeTakeFirst();
  if (!Number(done.numUpdatedRows)) throw new AppError(404, "review.link_not_found");
}

export interface OpenLink {
  link: { id: string; label: string; from_day: string; to_day: string; expires_at: string };
  workspace: WorkspacesTable;
  /** The workspace as a membership with no member: what the services need to act for the reviewer. */
  m: Membership;
}

/** The link a token stands for, if its signature, expiry, hash and revocation all say it works; else 404 (never which check failed). */
export async function openLink(ctx: ServiceContext, secrets: SecretBox, token: string): Promise<OpenLink> {
  const invalid = () => new AppError(404, "review.link_invalid");
  const [id, exp, signature] = token.split(".");
  if (!id || !exp || !signature || !/^\d{1,12}$/.test(exp) || !secrets.verify(PURPOSE, `${id}.${exp}`, signature)) throw invalid();
  if (Number(exp) * 1000 <= ctx.now.getTime()) throw invalid();
  const link = await ctx.db.selectFrom("review_links").selectAll().where("id", "=", id).executeTakeFirst();
  if (!link || link.token_hash !== hashToken(token) || link.revoked_at !== null || link.expires_at <= iso(ctx.now)) throw invalid();
  const workspace = await ctx.db.selectFrom("workspaces").selectAll().where("id", "=", link.workspace_id).executeTakeFirstOrThrow();
  return { link, workspace, m: { memberId: "", workspaceId: workspace.id, role: "viewer", workspace } };
}

/** The posts a link shows: the period's planned posts (in the workspace's days), and any waiting for review. */
async function postsOfLink(ctx: ServiceContext, open: OpenLink): Promise<Post[]> {
  const { link, workspace } = open;
  const from = zonedDayBounds(link.from_day, workspace.timezone).start;
  const to = zonedDayBounds(addDays(link.to_day, 1), workspace.timezone).start;
  const [inPeriod, waiting] = await Promise.all([listPosts(ctx, workspace.id, { from, to }), listPosts(ctx, workspace.id, { status: "in_review" })]);
  const posts = [...new Map([...inPeriod, ...waiting].filter((p) => SHOWN.has(p.status) && (p.status === "in_review" || (p.scheduledAt && p.scheduledAt >= from && p.scheduledAt < to))).map((p) => [p.id, p])).values()];
  return posts.sort((a, b) => (a.scheduledAt ?? "9999").localeCompare(b.scheduledAt ?? "9999"));
}

/** What the reviewer sees: the link's posts with each channel's text, the media through the link, and their history. */
export async function guestReview(ctx: ServiceContext, open: OpenLink, token: string): Promise<GuestReview> {
  const { link, workspace } = open;
  const [posts, channels] = await Promise.all([postsOfLink(ctx, open), channelsOf(ctx.db, workspace.id)]);
  const assetIds = [...new Set(posts.flatMap((p) => p.media.map((x) => x.assetId)))];
  const assets = assetIds.length ? await ctx.db.selectFrom("assets").select(["id", "kind"]).where("workspace_id", "=", workspace.id).where("id", "in", assetIds).execute() : [];
  const out: GuestPost[] = [];
  for (const p of posts) {
    out.push({
      id: p.id,
      title: p.title,
      status: p.status,
      scheduledAt: p.scheduledAt,
      link: p.link,
      channels: p.variants.map((v) => {
        const c = channels.get(v.channelId);
        return { channelId: v.channelId, network: (c?.network ?? "other") as Network, handle: c?.handle ?? "", text: v.text ?? p.body };
      }),
      media: p.media.flatMap((x) => {
        const kind = assets.find((a) => a.id === x.assetId)?.kind;
        return kind === "image" || kind === "video" ? [{ url: `/api/review-links/${token}/media/${x.assetId}`, alt: x.alt, kind }] : [];
      }),
      activity: await postActivity(ctx.db, p.id),
    });
  }
  return { workspaceName: workspace.name, timezone: workspace.timezone, label: link.label, from: link.from_day, to: link.to_day, expiresAt: link.expires_at, posts: out };
}

/** A post the link shows; anything else is refused as not part of it. */
async function postOfLink(ctx: ServiceContext, open: OpenLink, postId: string) {
  if (!(await postsOfLink(ctx, open)).some((p) => p.id === postId)) throw new AppError(404, "review.post_not_in_link");
  return requirePost(ctx, open.workspace.id, postId);
}

/** A reviewer's comment; members named with "@" are told. */
export async function guestComment(ctx: ServiceContext, open: OpenLink, postId: string, name: string, body: string): Promise<void> {
  const row = await postOfLink(ctx, open, postId);
  await insertComment(ctx, row, { guest: name }, body);
  await notify(ctx, open.m, { id: null, name }, "mentioned", { postId }, await mentionedUsers(ctx, open.workspace.id, body));
}

/** A reviewer approves a post in review or asks for changes. */
export async function guestDecide(ctx: ServiceContext, open: OpenLink, postId: string, name: string, decision: Decision, note: string | null): Promise<void> {
  const row = await postOfLink(ctx, open, postId);
  if (row.status !== "in_review") throw conflict("post.not_in_review");
  await decide(ctx, open.m, { guest: name }, row, decision, note);
}

/** A file of a post the link shows (404 for any other, even of the same workspace). */
export async function guestMedia(ctx: ServiceContext, open: OpenLink, assetId: string): Promise<void> {
  if (!(await postsOfLink(ctx, open)).some((p) => p.media.some((x) => x.assetId === assetId))) throw new AppError(404, "upload.not_found");
}

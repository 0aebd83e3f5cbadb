import fsp from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Asset, AssetDetail, AssetKind, AssetLibrary, AssetUploadResult, AssetUse, UpdateAsset } from "@socialplan/schema";
import type { AppDeps, Membership, ServiceContext, UserRow } from "../../context.ts";
import type { AssetsTable } from "../../db/schema.ts";
import type { DB } from "../../db/database.ts";
import { iso } from "../../lib/clock.ts";
import { AppError, badRequest } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { updateEntry } from "../strategy/strategy.service.ts";
import { describeImage, receive, sniff } from "./files.ts";
import { videoFacts } from "./mp4-facts.ts";

/** Where a workspace's file and its thumbnail live in the blob store: by content, so equal files share a key. */
export const blobKey = (workspaceId: string, sha256: string) => `${workspaceId}/${sha256.slice(0, 2)}/${sha256}`;
export const thumbnailKey = (workspaceId: string, sha256: string) => `${blobKey(workspaceId, sha256)}.thumb.webp`;

type Row = AssetsTable & { created_by_name?: string | null };

function toAsset(r: Row, usedIn: number): Asset {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as AssetKind,
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.sha256,
    width: r.width,
    height: r.height,
    durationMs: r.duration_ms ?? null,
    hasThumbnail: r.has_thumbnail === 1,
    altText: r.alt_text,
    tags: JSON.parse(r.tags) as string[],
    collectionId: r.collection_id,
    usedIn,
    createdBy: r.created_by_name ?? null,
    createdAt: r.created_at,
  };
}

const assetRows = (db: DB, workspaceId: string) =>
  db.selectFrom("assets").leftJoin("users", "users.id", "assets.created_by").selectAll("assets").select("users.name as created_by_name").where("assets.workspace_id", "=", workspaceId);

/** Every use of the workspace's assets: cards that attach them, personas whose photo they are, posts that carry them. */
async function uses(db: DB, workspaceId: string, assetId?: string): Promise<(AssetUse & { assetId: string })[]> {
  let cards = db
    .selectFrom("card_attachments")
    .innerJoin("board_cards", "board_cards.id", "card_attachments.card_id")
    .select(["card_attachments.asset_id", "board_cards.id", "board_cards.title"])
    .where("board_cards.workspace_id", "=", workspaceId);
  if (assetId) cards = cards.where("card_attachments.asset_id", "=", assetId);
  const personas = await db.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", workspaceId).where("kind", "=", "persona").execute();
  const posts = await db.selectFrom("posts").select(["id", "title", "media"]).where("workspace_id", "=", workspaceId).where("media", "!=", "[]").execute();
  return [
    ...(await cards.execute()).map((c) => ({ assetId: c.asset_id, kind: "card" as const, id: c.id, title: c.title })),
    ...personas.flatMap((p) => {
      const data = JSON.parse(p.data) as { name?: string; photo_upload_id?: string | null };
      return data.photo_upload_id && (!assetId || data.photo_upload_id === assetId) ? [{ assetId: data.photo_upload_id, kind: "persona" as const, id: p.id, title: data.name ?? "" }] : [];
    }),
    ...posts.flatMap((p) =>
      (JSON.parse(p.media) as { assetId: string }[]).filter((x) => !assetId || x.assetId === assetId).map((x) => ({ assetId: x.assetId, kind: "post" as const, id: p.id, title: p.title })),
    ),
  ];
}

/** The library, filtered; tags and collection counts are over the whole library (the filters offer them all). */
export async function listAssets(ctx: ServiceContext, workspaceId: string, maxBytes: number, filter: { q?: string | undefined; tag?: string | undefined; kind?: AssetKind | undefined; collectionId?: string | undefined }): Promise<AssetLibrary> {
  const rows = await assetRows(ctx.db, workspaceId).orderBy("assets.created_at", "desc").orderBy("assets.id").execute();
  const collections = await ctx.db.selectFrom("asset_collections").select(["id", "name"]).where("workspace_id", "=", workspaceId).orderBy("name").execute();
  const counts = new Map<string, number>();
  for (const use of await uses(ctx.db, workspaceId)) counts.set(use.assetId, (counts.get(use.assetId) ?? 0) + 1);
  const all = rows.map((r) => toAsset(r, counts.get(r.id) ?? 0));
  // Search by name and tag, in any case and in any script (Korean names compare as typed).
  const q = filter.q?.toLocaleLowerCase();
  const tag = filter.tag?.toLocaleLowerCase();
  const wanted = all.filter(
    (a) =>
      (!filter.kind || a.kind === filter.kind) &&
      (!filter.collectionId || a.collectionId === filter.collectionId) &&
      (!q || a.name.toLocaleLowerCase().includes(q) || a.tags.some((t) => t.toLocaleLowerCase().includes(q))) &&
      (!tag || a.tags.some((t) => t.toLocaleLowerCase() === tag)),
  );
  const tags = [...new Set(all.flatMap((a) => a.tags))].sort((x, y) => x.localeCompare(y));
  return { assets: wanted, collections: collections.map((c) => ({ ...c, count: all.filter((a) => a.collectionId === c.id).length })), tags, maxBytes };
}

async function requireAsset(db: DB, workspaceId: string, assetId: string): Promise<Row> {
  const row = await assetRows(db, workspaceId).where("assets.id", "=", assetId).executeTakeFirst();
  if (!row) throw new AppError(404, "upload.not_found");
  return row;
}

/** Just what serving the bytes needs (the most frequent asset request: every thumbnail on a screen). */
export async function requireAssetFile(db: DB, workspaceId: string, assetId: string) {
  const row = await db
    .selectFrom("assets")
    .select(["workspace_id", "sha256", "name", "content_type", "size", "has_thumbnail"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", assetId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, "upload.not_found");
  return row;
}

export async function getAsset(ctx: ServiceContext, workspaceId: string, assetId: string): Promise<AssetDetail> {
  const row = await requireAsset(ctx.db, workspaceId, assetId);
  const found = (await uses(ctx.db, workspaceId, assetId)).map(({ assetId: _, ...use }) => use);
  return { ...toAsset(row, found.length), uses: found };
}

async function checkCollection(db: DB, workspaceId: string, collectionId: string | null | undefined): Promise<void> {
  if (!collectionId) return;
  const found = await db.selectFrom("asset_collections").select("id").where("workspace_id", "=", workspaceId).where("id", "=", collectionId).executeTakeFirst();
  if (!found) throw badRequest("validation.failed", {}, [{ field: "collectionId", key: "asset.unknown_collection" }]);
}

/**
 * Receives a file into the library. The bytes go to the blob store first and the row after, so a crash
 * in between leaves an unreferenced file, never a row without its file. The same bytes uploaded again
 * (even by two members at once) give the asset already there.
 */
export async function uploadAsset(deps: AppDeps, m: Membership, user: UserRow, body: Readable, name: string, collectionId: string | undefined): Promise<AssetUploadResult> {
  await checkCollection(deps.db, m.workspaceId, collectionId);
  const received = await receive(body, deps.blobs.incomingDir, deps.config.assetMaxBytes);
  try {
    const bySha = () => assetRows(deps.db, m.workspaceId).where("assets.sha256", "=", received.sha256).executeTakeFirst();
    const existing = await bySha();
    if (existing) return { asset: toAsset(existing, 0), duplicate: true };
    const { contentType, kind } = await sniff(received.path, name);
    const image = kind === "image" ? await describeImage(received.path) : null;
    // A video's length and picture size, for the networks' rules (MP4 and MOV only; other containers stay unknown).
    const video = kind === "video" && contentType !== "video/webm" ? await videoFacts(received.path).catch(() => null) : null;
    if (image) await deps.blobs.putBytes(thumbnailKey(m.workspaceId, received.sha256), image.thumbnail, "image/webp");
    await deps.blobs.takeFile(blobKey(m.workspaceId, received.sha256), received.path, contentType);
    const now = iso(deps.clock());
    const inserted = await deps.db
      .insertInto("assets")
      .values({
        ...newAssetRow({ id: newId(), workspace_id: m.workspaceId, sha256: received.sha256, name, kind, content_type: contentType, size: received.size, collection_id: collectionId ?? null, created_by: user.id, created_at: now }, image),
        ...(video && { width: video.width, height: video.height, duration_ms: video.durationMs }),
      })
      .onConflict((oc) => oc.columns(["workspace_id", "sha256"]).doNothing())
      .executeTakeFirst();
    // Nothing inserted: another upload of the same bytes got there first.
    return { asset: toAsset((await bySha())!, 0), duplicate: Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0 };
  } finally {
    await fsp.rm(received.path, { force: true });
  }
}

/** A new asset row: no alt text, no tags; the image's size and thumbnail when it is one. */
export function newAssetRow(
  fields: Pick<AssetsTable, "id" | "workspace_id" | "sha256" | "name" | "kind" | "content_type" | "size" | "created_by" | "created_at"> & Partial<AssetsTable>,
  image: { width: number; height: number } | null,
): AssetsTable {
  return { width: image?.width ?? null, height: image?.height ?? null, duration_ms: null, has_thumbnail: image ? 1 : 0, alt_text: "", tags: "[]", collection_id: null, updated_at: fields.created_at, ...fields };
}

export async function updateAsset(ctx: ServiceContext, m: Membership, assetId: string, patch: UpdateAsset): Promise<void> {
  const row = await requireAsset(ctx.db, m.workspaceId, assetId);
  await checkCollection(ctx.db, m.workspaceId, patch.collectionId);
  const set: Partial<AssetsTable> = { updated_at: iso(ctx.now) };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.altText !== undefined) set.alt_text = patch.altText;
  if (patch.tags !== undefined) set.tags = JSON.stringify([...new Set(patch.tags)]);
  if (patch.collectionId !== undefined) set.collection_id = patch.collectionId;
  await ctx.db.updateTable("assets").set(set).where("id", "=", row.id).execute();
}

/**
 * Removes an asset. One still in use is kept unless `force` says otherwise (then cards lose the attachment,
 * personas their photo and posts the file). The row goes first; the bytes after the transaction (see the route).
 */
export async function deleteAsset(ctx: ServiceContext, m: Membership, user: UserRow, assetId: string, force: boolean): Promise<{ workspaceId: string; sha256: string }> {
  const row = await requireAsset(ctx.db, m.workspaceId, assetId);
  const found = await uses(ctx.db, m.workspaceId, assetId);
  if (found.length && !force) throw new AppError(409, "asset.in_use", { count: found.length });
  // Through the strategy's own update, so the persona's version moves on and its history shows the change.
  for (const use of found.filter((u) => u.kind === "persona")) {
    const entry = await ctx.db.selectFrom("strategy_entries").select(["data", "version"]).where("id", "=", use.id).executeTakeFirstOrThrow();
    await updateEntry(ctx, m, user, use.id, { version: entry.version, data: { ...JSON.parse(entry.data), photo_upload_id: null } });
  }
  // Posts lose the file (a post being sent right now keeps it: the delete waits for a person to retry).
  for (const use of found.filter((u) => u.kind === "post")) {
    const post = await ctx.db.selectFrom("posts").select(["media"]).where("id", "=", use.id).executeTakeFirstOrThrow();
    const busy = await ctx.db.selectFrom("deliveries").select("id").where("post_id", "=", use.id).where("status", "in", ["claimed", "publishing"]).executeTakeFirst();
    if (busy) throw new AppError(409, "post.publishing_now");
    const media = (JSON.parse(post.media) as { assetId: string }[]).filter((x) => x.assetId !== row.id);
    await ctx.db.updateTable("posts").set({ media: JSON.stringify(media), updated_at: iso(ctx.now) }).where("id", "=", use.id).execute();
  }
  await ctx.db.deleteFrom("assets").where("id", "=", row.id).execute();
  return { workspaceId: m.workspaceId, sha256: row.sha256 };
}

/** Drops the bytes of a deleted asset unless the same file has come back in the meantime. */
export async function dropBlobs(deps: AppDeps, gone: { workspaceId: string; sha256: string }): Promise<void> {
  const back = await deps.db.selectFrom("assets").select("id").where("workspace_id", "=", gone.workspaceId).where("sha256", "=", gone.sha256).executeTakeFirst();
  if (back) return;
  await deps.blobs.delete(blobKey(gone.workspaceId, gone.sha256));
  await deps.blobs.delete(thumbnailKey(gone.workspaceId, gone.sha256));
}

export async function createCollection(ctx: ServiceContext, m: Membership, name: string): Promise<void> {
  await ctx.db.insertInto("asset_collections").values({ id: newId(), workspace_id: m.workspaceId, name, created_at: iso(ctx.now) }).execute();
}

async function requireCollection(ctx: ServiceContext, m: Membership, collectionId: string) {
  const row = await ctx.db.selectFrom("asset_collections").select("id").where("workspace_id", "=", m.workspaceId).where("id", "=", collectionId).executeTakeFirst();
  if (!row) throw new AppError(404, "asset.collection_not_found");
  return row;
}

export async function renameCollection(ctx: ServiceContext, m: Membership, collectionId: string, name: string): Promise<void> {
  await requireCollection(ctx, m, collectionId);
  await ctx.db.updateTable("asset_collections").set({ name }).where("id", "=", collectionId).execute();
}

/** The collection goes; its files stay in the library, outside any collection. */
export async function deleteCollection(ctx: ServiceContext, m: Membership, collectionId: string): Promise<void> {
  await requireCollection(ctx, m, collectionId);
  await ctx.db.updateTable("assets").set({ collection_id: null }).where("collection_id", "=", collectionId).execute();
  await ctx.db.deleteFrom("asset_collections").where("id", "=", collectionId).execute();
}

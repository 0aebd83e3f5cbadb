import { createHash } from "node:crypto";
import type { AppDeps } from "../../context.ts";
import { blobKey, newAssetRow, thumbnailKey } from "./assets.service.ts";
import { describeImage } from "./files.ts";

/**
 * Before the asset library, persona photos were kept as bytes in the `uploads` table. On start, each is moved
 * into the blob store as an asset with the same id (so the persona keeps pointing at it); the same photo
 * uploaded twice becomes one asset and the persona is pointed at that one. One row per transaction, so an
 * interrupted start simply carries on next time.
 */
export async function moveLegacyUploads(deps: AppDeps): Promise<number> {
  let moved = 0;
  for (;;) {
    const row = await deps.db.selectFrom("uploads").selectAll().limit(1).executeTakeFirst();
    if (!row) return moved;
    const bytes = Buffer.from(row.bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const image = await describeImage(bytes).catch(() => null);
    await deps.blobs.putBytes(blobKey(row.workspace_id, sha256), bytes, row.content_type);
    if (image) await deps.blobs.putBytes(thumbnailKey(row.workspace_id, sha256), image.thumbnail, "image/webp");
    await deps.db.transaction().execute(async (trx) => {
      const same = await trx.selectFrom("assets").select("id").where("workspace_id", "=", row.workspace_id).where("sha256", "=", sha256).executeTakeFirst();
      if (same) {
        const personas = await trx.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", row.workspace_id).where("kind", "=", "persona").execute();
        for (const p of personas.filter((x) => x.data.includes(row.id))) {
          await trx.updateTable("strategy_entries").set({ data: JSON.stringify({ ...JSON.parse(p.data), photo_upload_id: same.id }) }).where("id", "=", p.id).execute();
        }
      } else {
        const extension = row.content_type.split("/")[1] ?? "img";
        await trx
          .insertInto("assets")
          .values(
            newAssetRow(
              { id: row.id, workspace_id: row.workspace_id, sha256, name: `photo.${extension === "jpeg" ? "jpg" : extension}`, kind: "image", content_type: row.content_type, size: bytes.length, created_by: row.created_by, created_at: row.created_at },
              image,
            ),
          )
          .execute();
      }
      await trx.deleteFrom("uploads").where("id", "=", row.id).execute();
    });
    moved++;
  }
}

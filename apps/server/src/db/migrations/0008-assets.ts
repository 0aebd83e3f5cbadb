import type { Kysely } from "kysely";

/**
 * The shared asset library: file metadata here, the bytes in the blob store (DATA_DIR or S3) under the
 * content hash, so one workspace stores a file once. Cards link assets; legacy `uploads` rows (persona photos,
 * kept in the database) move into the store when the server starts (see features/assets/legacy-uploads.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("asset_collections")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "varchar(80)", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("asset_collections_workspace").on("asset_collections").column("workspace_id").execute();

  await db.schema
    .createTable("assets")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("sha256", "varchar(64)", (c) => c.notNull())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("kind", "varchar(10)", (c) => c.notNull())
    .addColumn("content_type", "varchar(100)", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("has_thumbnail", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("alt_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("collection_id", "varchar(36)", (c) => c.references("asset_collections.id").onDelete("set null"))
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  // One row per file per workspace: a second upload of the same bytes finds the first.
  await db.schema.createIndex("assets_workspace_sha").on("assets").columns(["workspace_id", "sha256"]).unique().execute();

  await db.schema
    .createTable("card_attachments")
    .addColumn("card_id", "varchar(36)", (c) => c.notNull().references("board_cards.id").onDelete("cascade"))
    .addColumn("asset_id", "varchar(36)", (c) => c.notNull().references("assets.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("card_attachments_pk", ["card_id", "asset_id"])
    .execute();
  await db.schema.createIndex("card_attachments_asset").on("card_attachments").column("asset_id").execute();
}

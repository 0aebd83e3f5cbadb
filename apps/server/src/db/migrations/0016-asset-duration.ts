import type { Kysely } from "kysely";

/**
 * `duration_ms` on assets: a video's length, read from its MP4/MOV movie header on upload (null for images,
 * documents, other video containers and files uploaded before), so the networks' rules can check a video's length.
 * A video's width and height go in the existing columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("assets").addColumn("duration_ms", "integer").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("assets").dropColumn("duration_ms").execute();
}

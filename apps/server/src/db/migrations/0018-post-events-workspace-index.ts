import type { Kysely } from "kysely";

/**
 * An index on a post history's workspace and kind. Home lists the caller's drafts that were sent back with changes
 * requested (`post_events` of kind `changes_requested` in the workspace); `post_events` had an index by post only, so
 * on SQLite that lookup read the whole table — every workspace's history — on each home request. With 2,000
 * workspaces, a million posts and 1.4 million history lines (`npm run bench:tenants`) home took 3.9× as long as on
 * an instance with the one workspace alone (p95 803 against 208 ms); with this index, 1.13×. PostgreSQL's planner
 * went through the post index instead and was not slowed; the index costs it nothing measurable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("post_events_workspace_kind").on("post_events").columns(["workspace_id", "kind", "post_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("post_events_workspace_kind").execute();
}

import type { Kysely } from "kysely";

/**
 * Official connections through the networks' own sign-in (issue 21):
 * - `users.instance_admin`: who may set the instance's developer apps (the first account made is one);
 * - `oauth_apps`: the operator's developer app per provider (client id, and the secret sealed with the server's key);
 * - `oauth_states`: one sign-in in progress, bound to the member's session and workspace (the `state` and the PKCE
 *   verifier), and, after the network answered, the tokens and accounts found (sealed) until one is picked;
 * - `connections`: when the token runs out, when the member was warned, when the network's rate limit lets us call
 *   again, the publishing quota last read, the account's id at the network, and when its numbers were last read;
 * - `deliveries.remote_steps`: each step's remote id (container, then media) recorded before the next step, so a
 *   send interrupted by a crash is looked up instead of repeated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("instance_admin", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.updateTable("users" as never).set({ instance_admin: 1 } as never).where("id" as never, "=", db.selectFrom("users" as never).select("id" as never).orderBy("created_at" as never).limit(1) as never).execute();
  await db.schema
    .createTable("oauth_apps")
    .addColumn("provider", "varchar(30)", (c) => c.primaryKey())
    .addColumn("client_id", "varchar(200)", (c) => c.notNull())
    .addColumn("client_secret", "text", (c) => c.notNull())
    .addColumn("updated_by", "varchar(36)")
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("oauth_states")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("state_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("provider", "varchar(30)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("session_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull())
    /** The connection signed in again (reconnect), or null for a new one. */
    .addColumn("connection_id", "varchar(36)")
    .addColumn("code_verifier", "text")
    .addColumn("result", "text")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .addColumn("used_at", "varchar(30)")
    .execute();
  await db.schema.alterTable("connections").addColumn("token_expires_at", "varchar(30)").execute();
  await db.schema.alterTable("connections").addColumn("expiry_warned_at", "varchar(30)").execute();
  await db.schema.alterTable("connections").addColumn("hold_until", "varchar(30)").execute();
  await db.schema.alterTable("connections").addColumn("quota", "text").execute();
  await db.schema.alterTable("connections").addColumn("remote_account_id", "varchar(100)").execute();
  await db.schema.alterTable("connections").addColumn("numbers_synced_at", "varchar(30)").execute();
  await db.schema.alterTable("deliveries").addColumn("remote_steps", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("deliveries").dropColumn("remote_steps").execute();
  for (const c of ["numbers_synced_at", "remote_account_id", "quota", "hold_until", "expiry_warned_at", "token_expires_at"]) {
    await db.schema.alterTable("connections").dropColumn(c).execute();
  }
  await db.schema.dropTable("oauth_states").execute();
  await db.schema.dropTable("oauth_apps").execute();
  await db.schema.alterTable("users").dropColumn("instance_admin").execute();
}

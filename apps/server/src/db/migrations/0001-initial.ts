import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("email", "varchar(254)", (c) => c.notNull().unique())
    .addColumn("name", "varchar(120)", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("locale", "varchar(8)", (c) => c.notNull())
    .addColumn("totp_secret", "text")
    .addColumn("totp_pending", "text")
    .addColumn("totp_last_counter", "integer")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("used_at", "varchar(30)")
    .execute();
  await db.schema.createIndex("recovery_codes_user").on("recovery_codes").column("user_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("user_agent", "varchar(300)")
    .addColumn("ip", "varchar(64)")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("last_seen_at", "varchar(30)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("password_resets")
    .addColumn("token_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .addColumn("used_at", "varchar(30)")
    .execute();

  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "varchar(300)", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_start", "varchar(30)", (c) => c.notNull())
    .addColumn("locked_until", "varchar(30)")
    .execute();

  await db.schema
    .createTable("workspaces")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("name", "varchar(120)", (c) => c.notNull())
    .addColumn("timezone", "varchar(64)", (c) => c.notNull())
    .addColumn("currency", "varchar(3)", (c) => c.notNull())
    .addColumn("locale", "varchar(8)", (c) => c.notNull())
    .addColumn("week_start", "integer", (c) => c.notNull())
    .addColumn("period_start", "varchar(7)", (c) => c.notNull())
    .addColumn("period_months", "integer", (c) => c.notNull())
    .addColumn("require_two_factor", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("members")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "varchar(16)", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addUniqueConstraint("members_workspace_user", ["workspace_id", "user_id"])
    .execute();
  await db.schema.createIndex("members_user").on("members").column("user_id").execute();

  await db.schema
    .createTable("member_hats")
    .addColumn("member_id", "varchar(36)", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("hat", "varchar(40)", (c) => c.notNull())
    .addPrimaryKeyConstraint("member_hats_pk", ["member_id", "hat"])
    .execute();

  await db.schema
    .createTable("invitations")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("role", "varchar(16)", (c) => c.notNull())
    .addColumn("email", "varchar(254)")
    .addColumn("created_by", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .addColumn("accepted_at", "varchar(30)")
    .addColumn("accepted_by", "varchar(36)")
    .addColumn("revoked_at", "varchar(30)")
    .execute();
  await db.schema.createIndex("invitations_workspace").on("invitations").column("workspace_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["invitations", "member_hats", "members", "workspaces", "login_throttle", "password_resets", "sessions", "recovery_codes", "users"]) {
    await db.schema.dropTable(t).execute();
  }
}

import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import * as m0001 from "./migrations/0001-initial.ts";
import * as m0002 from "./migrations/0002-strategy.ts";
import * as m0003 from "./migrations/0003-budget.ts";
import * as m0004 from "./migrations/0004-tools.ts";
import * as m0005 from "./migrations/0005-board.ts";
import * as m0006 from "./migrations/0006-setup.ts";
import * as m0007 from "./migrations/0007-comments.ts";
import * as m0008 from "./migrations/0008-assets.ts";
import * as m0009 from "./migrations/0009-posts.ts";
import * as m0010 from "./migrations/0010-metrics.ts";
import * as m0011 from "./migrations/0011-tracking.ts";
import * as m0012 from "./migrations/0012-metrics-layout.ts";
import * as m0013 from "./migrations/0013-metrics-per-post.ts";
import * as m0014 from "./migrations/0014-review.ts";
import * as m0015 from "./migrations/0015-planning.ts";
import * as m0016 from "./migrations/0016-asset-duration.ts";
import * as m0017 from "./migrations/0017-oauth-connections.ts";
import * as m0018 from "./migrations/0018-post-events-workspace-index.ts";
import * as m0019 from "./migrations/0019-channel-delete-indexes.ts";
import * as m0020 from "./migrations/0020-best-times.ts";
import * as m0021 from "./migrations/0021-channel-purge.ts";
import * as m0022 from "./migrations/0022-best-time-sums.ts";
import * as m0023 from "./migrations/0023-recurring-posts-index.ts";

// Imported statically so that the bundled server carries its migrations with it.
const MIGRATIONS: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-strategy": m0002,
  "0003-budget": m0003,
  "0004-tools": m0004,
  "0005-board": m0005,
  "0006-setup": m0006,
  "0007-comments": m0007,
  "0008-assets": m0008,
  "0009-posts": m0009,
  "0010-metrics": m0010,
  "0011-tracking": m0011,
  "0012-metrics-layout": m0012,
  "0013-metrics-per-post": m0013,
  "0014-review": m0014,
  "0015-planning": m0015,
  "0016-asset-duration": m0016,
  "0017-oauth-connections": m0017,
  "0018-post-events-workspace-index": m0018,
  "0019-channel-delete-indexes": m0019,
  "0020-best-times": m0020,
  "0021-channel-purge": m0021,
  "0022-best-time-sums": m0022,
  "0023-recurring-posts-index": m0023,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1) ?? "";

/**
 * Whether the latest migration is already applied (an ordinary restart): one query instead of the migrator's lock,
 * table checks and read of every applied migration. Anything else (an empty database, one behind, one from a newer
 * version) goes through the migrator, which migrates or fails as before.
 */
async function isMigrated(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string | null }>`select max(name) as name from kysely_migration`.execute(db);
    return rows[0]?.name === LATEST_MIGRATION;
  } catch {
    return false; // no migration table yet
  }
}

/** Brings the database to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  if (await isMigrated(db)) return;
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${String(error)}`, { cause: error });
  }
}

/** Brings the database up to the named migration (tests of a migration: data written in the layout before it). */
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw new Error(`database migration to ${name} failed: ${String(error)}`, { cause: error });
}

/** The applied migrations, oldest first. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt).map((m) => m.name);
}

import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/db/database.ts";
import { appliedMigrations, LATEST_MIGRATION, migrateTo, migrateToLatest } from "../src/db/migrate.ts";
import { createStore, DIALECTS, type TestStore } from "./helpers/test-app.ts";

/**
 * A new database is migrated in one transaction on SQLite (fewer commits at a first start): the result must be the
 * schema the migrations give one by one, and a failure must leave nothing half done.
 */
const opened: { handle: DatabaseHandle; store: TestStore }[] = [];
async function fresh(dialect: (typeof DIALECTS)[number]) {
  const store = await createStore(dialect);
  const handle = await openDatabase({ databaseUrl: store.databaseUrl, dataDir: store.dataDir });
  opened.push({ handle, store });
  return handle;
}
afterEach(async () => {
  for (const { handle, store } of opened.splice(0)) {
    await handle.destroy();
    await store.drop();
  }
});

/** Every table, index and trigger with its definition (SQLite), or every column, index and trigger (PostgreSQL). */
async function schemaOf(handle: DatabaseHandle): Promise<unknown[]> {
  if (handle.dialect === "sqlite") {
    return (await sql`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name`.execute(handle.db)).rows;
  }
  const columns = await sql`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = 'public' order by table_name, column_name`.execute(handle.db);
  const indexes = await sql`select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`.execute(handle.db);
  const triggers = await sql`select event_object_table, trigger_name, event_manipulation, action_statement from information_schema.triggers order by trigger_name, event_manipulation`.execute(handle.db);
  return [columns.rows, indexes.rows, triggers.rows];
}

for (const dialect of DIALECTS) {
  describe(`migrating a new database (${dialect})`, () => {
    it("gives the same schema as the migrations applied one at a time", async () => {
      const atOnce = await fresh(dialect);
      await migrateToLatest(atOnce.db);
      const stepwise = await fresh(dialect);
      const names = await appliedMigrations(atOnce.db);
      expect(names.at(-1)).toBe(LATEST_MIGRATION);
      for (const name of names) await migrateTo(stepwise.db, name);
      expect(await appliedMigrations(stepwise.db)).toEqual(names);
      expect(await schemaOf(atOnce)).toEqual(await schemaOf(stepwise));
      // A restart on it has nothing to do.
      await migrateToLatest(atOnce.db);
      expect(await appliedMigrations(atOnce.db)).toEqual(names);
    });

    it("leaves nothing applied when a migration fails, names it, and succeeds once the cause is gone", async () => {
      const handle = await fresh(dialect);
      // A table in the way of migration 0005 (the board): 0001–0004 run first, then 0005 fails.
      await sql`create table board_cards (id integer)`.execute(handle.db);
      await expect(migrateToLatest(handle.db)).rejects.toThrow(/0005-board/);
      const tables = async () =>
        (handle.dialect === "sqlite"
          ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(handle.db)
          : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`.execute(handle.db)
        ).rows.map((r) => r.name);
      // The earlier migrations' tables are gone with the failed one (PostgreSQL keeps Kysely's own, made before its
      // transaction, with no migration recorded).
      expect((await tables()).filter((name) => !name.startsWith("kysely_"))).toEqual(["board_cards"]);
      if (handle.dialect === "postgres") expect((await sql`select name from kysely_migration`.execute(handle.db)).rows).toEqual([]);
      await sql`drop table board_cards`.execute(handle.db);
      await migrateToLatest(handle.db);
      expect((await appliedMigrations(handle.db)).at(-1)).toBe(LATEST_MIGRATION);
    });
  });
}

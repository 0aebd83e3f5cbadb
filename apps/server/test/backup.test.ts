import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AssetLibrary, AssetUploadResult, Workspace } from "@socialplan/schema";
import SQLite from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../src/admin/backup-reader.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { LATEST_MIGRATION, migrateTo } from "../src/db/migrate.ts";
import { createServer } from "../src/server.ts";
import { admin, dirState, manifestFor, rawTarGz, repack, tempDir, unpack } from "./helpers/backup-kit.ts";
import { TestClient } from "./helpers/client.ts";
import { buildWorkspace, PASSWORD } from "./helpers/factories.ts";
import { adminDatabaseUrl, createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/cli.ts");

// Every scratch folder a test makes, removed at the end even when a test fails half-way.
const scratch: string[] = [];
const scratchDir = (label: string) => {
  const dir = tempDir(label);
  scratch.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

/** A small text file of its own: each upload adds a new file to the store. */
const note = (label: string) => Buffer.from(`${label} ${randomUUID()}\n`);

/** Uploads a note into a workspace through the API of an in-process app. */
async function uploadNote(client: TestClient, workspaceId: string, name: string) {
  const bytes = note(name);
  const res = await client.upload(`/api/workspaces/${workspaceId}/assets?name=${name}`, bytes);
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json<AssetUploadResult>().asset.id, bytes };
}

/** The app on a restored data directory (and database), for reading back through the API. */
async function openRestored(dataDir: string, databaseUrl?: string) {
  const config = loadConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), APP_URL: "http://socialplan.test", WEB_DIST: path.join(dataDir, "no-web") });
  const { app } = await createServer(config, { logger: false });
  await app.ready();
  return app;
}

for (const dialect of DIALECTS) {
  if (dialect === "sqlite") {
    describe("backup and restore [sqlite]", () => {
      it("restores every write acknowledged before an online backup taken under write load", { timeout: 120_000 }, async () => {
        const t = await createTestApp("sqlite");
        const target = scratchDir("restored");
        const file = path.join(scratchDir("backups"), "under-load.tar.gz");
        try {
          const { owner, workspace: ws } = await buildWorkspace(t.app, undefined, { name: "Files" });
          const sent = new Map<string, Buffer>();
          const upload = async (name: string) => {
            const bytes = note(name);
            sent.set(name, bytes);
            const res = await owner.client.upload(`/api/workspaces/${ws.id}/assets?name=${name}`, bytes);
            return res.statusCode === 201 ? res.json<AssetUploadResult>().asset.id : null;
          };
          const doomed = [await upload("doomed-1.txt"), await upload("doomed-2.txt")];
          // Some weight (5 MB that does not compress), so that copying the database takes a moment.
          const ballast = new SQLite(path.join(t.config.dataDir, "socialplan.db"));
          ballast.exec("create table ballast (b blob); with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) insert into ballast select randomblob(1000) from n");
          ballast.close();

          // Acknowledged writes, by the phase their acknowledgement came in.
          type Phase = "before" | "during" | "after";
          let phase = "before" as Phase;
          const acked: { name: string; phase: Phase }[] = [];
          let stop = false;
          let seq = 0;
          const pause = () => new Promise((r) => setTimeout(r, 5));
          const creator = async () => {
            while (!stop) {
              const name = `ws-${seq++}`;
              const res = await owner.client.post("/api/workspaces", { name, timezone: "Asia/Seoul", currency: "KRW" });
              if (res.statusCode === 201) acked.push({ name, phase });
              await pause();
            }
          };
          const uploader = async () => {
            for (let i = 0; !stop; i++) {
              if (await upload(`note-${i}.txt`)) acked.push({ name: `note-${i}.txt`, phase });
              await pause();
            }
          };
          const writers = [creator(), creator(), uploader()];
          while (acked.filter((a) => a.name.startsWith("note-")).length < 3 || acked.length < 30) await pause();

          // The backup is its own process, as an administrator runs it: two processes on one database.
          phase = "during";
          const backup = spawn(process.execPath, ["--import", "tsx", CLI, "backup", file], { env: { ...process.env, DATA_DIR: t.config.dataDir }, stdio: ["ignore", "pipe", "pipe"] });
          let printed = "";
          for (const stream of [backup.stdout, backup.stderr]) stream.on("data", (c: Buffer) => (printed += c.toString()));
          // Two acknowledged deletes while the backup runs: their assets may come back or not, but whole.
          const deletes = doomed.map((id) => owner.client.delete(`/api/workspaces/${ws.id}/assets/${id}`));
          const code = await new Promise<number | null>((resolve) => backup.on("exit", resolve));
          phase = "after";
          stop = true;
          await Promise.all([...writers, ...deletes]);
          expect(code, printed).toBe(0);
          expect(printed).toMatch(/database {4}embedded SQLite/);
          // The writes really ran beside the backup.
          expect(acked.filter((a) => a.phase === "during").length, printed).toBeGreaterThan(0);
          expect(fs.statSync(file).mode & 0o777).toBe(0o600);
          const { manifest } = await readManifest(file);
          expect(manifest).toMatchObject({ dialect: "sqlite", database: { included: true }, files: { included: true }, secretKey: { included: true, source: "data-dir" }, migrations: { last: LATEST_MIGRATION } });
          expect(manifest.files.count).toBeGreaterThanOrEqual(3);

          const restored = await admin(["restore", file], { DATA_DIR: target });
          expect(restored.code, restored.text).toBe(0);
          expect(restored.text).toContain("integrity ok");
          const check = new SQLite(path.join(target, "socialplan.db"), { readonly: true });
          expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
          check.close();
          expect(fs.readFileSync(path.join(target, "secret.key"))).toEqual(fs.readFileSync(path.join(t.config.dataDir, "secret.key")));

          const app = await openRestored(target);
          try {
            const reader = new TestClient(app);
            expect((await reader.post("/api/auth/login", { email: owner.email, password: PASSWORD })).statusCode).toBe(200);
            const names = new Set((await reader.get("/api/workspaces")).json<Workspace[]>().map((w) => w.name));
            const assets = new Map((await reader.get(`/api/workspaces/${ws.id}/assets`)).json<AssetLibrary>().assets.map((a) => [a.name, a.id]));
            const lost = acked.filter((a) => a.phase === "before" && !(a.name.startsWith("note-") ? assets.has(a.name) : names.has(a.name)));
            expect(lost).toEqual([]);
            // Whatever came back is whole: a name that was sent, a file with the bytes that were uploaded.
            for (const name of names) expect(name === "Files" || /^ws-\d+$/.test(name)).toBe(true);
            for (const [name, id] of assets) {
              const res = await reader.get(`/api/workspaces/${ws.id}/assets/${id}/file`);
              if (res.statusCode === 404 && manifest.files.missing.length) continue; // deleted in the instant after the database copy, and reported
              expect(res.statusCode, name).toBe(200);
              expect(res.rawPayload).toEqual(sent.get(name));
            }
          } finally {
            await app.close();
          }
        } finally {
          await t.close();
          fs.rmSync(target, { recursive: true, force: true });
          fs.rmSync(path.dirname(file), { recursive: true, force: true });
        }
      });

      describe("restoring a backup file", () => {
        let t: TestApp;
        let backupFile: string;
        let assetBytes: Buffer;
        let work: string;
        beforeAll(async () => {
          work = scratchDir("backup-work");
          t = await createTestApp("sqlite");
          const { owner, workspace } = await buildWorkspace(t.app, undefined, { name: "Backed up" });
          assetBytes = (await uploadNote(owner.client, workspace.id, "kept.txt")).bytes;
          backupFile = path.join(work, "app.tar.gz");
          // Online: the app holds the database open while the backup is made.
          const made = await admin(["backup", backupFile], { DATA_DIR: t.config.dataDir });
          expect(made.code, made.text).toBe(0);
        });
        afterAll(() => t?.close());

        /** A data directory with a database and files of its own, whose state the test compares afterwards. */
        async function occupiedTarget(): Promise<string> {
          const dir = scratchDir("occupied");
          const handle = await openDatabase({ databaseUrl: undefined, dataDir: dir });
          await handle.db.schema.createTable("witness").addColumn("v", "text").execute();
          await handle.db.insertInto("witness" as never).values({ v: "the old database" } as never).execute();
          await handle.destroy();
          fs.mkdirSync(path.join(dir, "files", "old"), { recursive: true });
          fs.writeFileSync(path.join(dir, "files", "old", "file"), "old file");
          return dir;
        }

        it("says what the file does not hold: files in an S3 bucket, a SECRET_KEY from the environment", async () => {
          const file = path.join(work, "s3.tar.gz");
          const s3 = { S3_BUCKET: "shop-assets", S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret", S3_ENDPOINT: "http://127.0.0.1:9" };
          const key = "ab".repeat(32);
          const made = await admin(["backup", file], { DATA_DIR: t.config.dataDir, SECRET_KEY: key, ...s3 });
          expect(made.code, made.text).toBe(0);
          expect(made.text).toContain("files       NOT included: The file store is the S3 bucket shop-assets");
          expect(made.text).toContain("secret key  NOT included: SECRET_KEY comes from the environment: keep it with the backup");
          expect(made.text).not.toContain(key);
          const { manifest } = await readManifest(file);
          expect(manifest).toMatchObject({ files: { store: "s3", included: false, count: 0 }, secretKey: { included: false, source: "environment" } });
          expect(manifest.entries.map((e) => e.path)).toEqual(["database/socialplan.db"]);

          const target = scratchDir("s3-restore");
          const restored = await admin(["restore", file], { DATA_DIR: target, SECRET_KEY: key, ...s3 });
          expect(restored.code, restored.text).toBe(0);
          expect(restored.text).toContain("start the server with the same SECRET_KEY");
          expect(restored.text).toContain("same S3_* settings");
          expect(fs.readdirSync(target)).toEqual(["socialplan.db"]);
          fs.rmSync(target, { recursive: true, force: true });
        });

        it("brings a backup made at an older migration up to this release's migrations", async () => {
          const old = scratchDir("older");
          const handle = await openDatabase({ databaseUrl: undefined, dataDir: old });
          await migrateTo(handle.db, "0012-metrics-layout");
          await handle.destroy();
          const file = path.join(work, "older.tar.gz");
          expect((await admin(["backup", file], { DATA_DIR: old })).code).toBe(0);
          expect((await readManifest(file)).manifest.migrations.last).toBe("0012-metrics-layout");
          const target = scratchDir("from-older");
          const restored = await admin(["restore", file], { DATA_DIR: target });
          expect(restored.code, restored.text).toBe(0);
          expect(restored.text).toContain(`migrations 0012-metrics-layout → ${LATEST_MIGRATION}`);
          const db = new SQLite(path.join(target, "socialplan.db"), { readonly: true });
          expect(db.prepare("select max(name) from kysely_migration").pluck().get()).toBe(LATEST_MIGRATION);
          db.close();
          fs.rmSync(old, { recursive: true, force: true });
          fs.rmSync(target, { recursive: true, force: true });
        });

        it("refuses a backup from a newer release and touches nothing in the data directory", async () => {
          const target = await occupiedTarget();
          const before = dirState(target);
          const { dir, manifest } = await unpack(backupFile, scratchDir("unpacked"));

          const newerMigration = path.join(work, "newer-migration.tar.gz");
          await repack(dir, { ...manifest, appVersion: "9.0.0", migrations: { last: "9999-from-the-future", applied: [...manifest.migrations.applied, "9999-from-the-future"] } }, newerMigration);
          const a = await admin(["restore", newerMigration, "--force"], { DATA_DIR: target });
          expect(a.code).toBe(1);
          expect(a.text).toContain("newer Socialplan (9.0.0");
          expect(a.text).toContain("9999-from-the-future");
          expect(a.text).toContain(`this one (0.1.0, migrations up to ${LATEST_MIGRATION})`);

          const newerFormat = path.join(work, "newer-format.tar.gz");
          await repack(dir, { ...manifest, appVersion: "2.0.0", formatVersion: 2 }, newerFormat);
          const b = await admin(["restore", newerFormat, "--force"], { DATA_DIR: target });
          expect(b.code).toBe(1);
          expect(b.text).toMatch(/newer Socialplan \(2\.0\.0, backup format 2\) than this one \(0\.1\.0, backup format 1\)/);

          // A manifest that hides it: the database itself says it was migrated further.
          const db = new SQLite(path.join(dir, "database/socialplan.db"));
          db.prepare("insert into kysely_migration (name, timestamp) values (?, ?)").run("9999-from-the-future", new Date().toISOString());
          db.close();
          const hidden = path.join(work, "hidden-newer.tar.gz");
          await repack(dir, manifest, hidden);
          const c = await admin(["restore", hidden, "--force"], { DATA_DIR: target });
          expect(c.code).toBe(1);
          expect(c.text).toContain("at migration 9999-from-the-future, newer than this Socialplan");

          expect(dirState(target)).toEqual(before);
          fs.rmSync(dir, { recursive: true, force: true });
          fs.rmSync(target, { recursive: true, force: true });
        });

        it("refuses hostile archives without writing anything, inside the data directory or out of it", async () => {
          const root = scratchDir("hostile");
          const target = path.join(root, "data");
          const outside = path.join(root, "escaped.txt");
          const evil = Buffer.from("evil");
          const files = (name: string) => [{ path: name, bytes: evil.length }];
          const cases: { label: string; tar: Buffer; says: RegExp }[] = [
            { label: "dot-dot entry", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: "files/../../escaped.txt", body: evil }]), says: /not part of its format/ },
            { label: "dot-dot in the manifest", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/../../escaped.txt")) }, { name: "files/../../escaped.txt", body: evil }]), says: /manifest is not valid at entries\.0\.path/ },
            { label: "absolute path", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: outside, body: evil }]), says: /not part of its format/ },
            { label: "symbolic link", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: "files/a", type: "2", linkname: outside }]), says: /not part of its format.*SymbolicLink/ },
            { label: "hard link", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: "files/a", type: "1", linkname: "/etc/passwd" }]), says: /not part of its format.*Link/ },
            { label: "folder", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: "files/a/", type: "5" }]), says: /not part of its format/ },
            { label: "entry not in the format", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: "run-me.sh", body: evil }]), says: /not part of its format/ },
            { label: "entry not in the manifest", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: "files/a", body: evil }, { name: "files/b", body: evil }]), says: /not part of its format/ },
            { label: "huge declared size", tar: rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: "files/a", body: evil, declaredSize: 10 * 1024 ** 3 }]), says: /10737418240 bytes where the manifest says 4/ },
            { label: "huge size in the manifest", tar: rawTarGz([{ name: "manifest.json", body: manifestFor([{ path: "files/a", bytes: 2 ** 50 }]) }, { name: "files/a", body: evil }]), says: /needs 1024 TB .* free/ },
            { label: "manifest not first", tar: rawTarGz([{ name: "files/a", body: evil }, { name: "manifest.json", body: manifestFor(files("files/a")) }]), says: /first entry is files\/a/ },
            { label: "listed entry missing", tar: rawTarGz([{ name: "manifest.json", body: manifestFor([...files("files/a"), ...files("files/b")]) }, { name: "files/a", body: evil }]), says: /incomplete/ },
            { label: "not gzip", tar: Buffer.from("just text"), says: /damaged or not a Socialplan backup/ },
          ];
          for (const c of cases) {
            const file = path.join(root, "hostile.tar.gz");
            fs.writeFileSync(file, c.tar);
            const res = await admin(["restore", file], { DATA_DIR: target });
            expect(res.code, c.label).toBe(1);
            expect(res.text, c.label).toMatch(c.says);
            // The data directory did not exist: it is gone again, and nothing landed beside it.
            expect(fs.readdirSync(root).sort(), c.label).toEqual(["hostile.tar.gz"]);
          }
          // An honest archive of the same shape goes in: the refusals above are about what was wrong.
          fs.writeFileSync(path.join(root, "fine.tar.gz"), rawTarGz([{ name: "manifest.json", body: manifestFor(files("files/a")) }, { name: "files/a", body: evil }]));
          const fine = await admin(["restore", path.join(root, "fine.tar.gz")], { DATA_DIR: target });
          expect(fine.code, fine.text).toBe(0);
          expect(fs.readFileSync(path.join(target, "files", "a"))).toEqual(evil);
          fs.rmSync(root, { recursive: true, force: true });
        });

        it("refuses to restore over a database in use or without --force, and keeps the old one aside with it", async () => {
          const target = await occupiedTarget();
          const before = dirState(target);
          const refused = await admin(["restore", backupFile], { DATA_DIR: target });
          expect(refused.code).toBe(1);
          expect(refused.text).toContain("holds data already (socialplan.db, files/)");
          expect(dirState(target)).toEqual(before);

          // A server on it holds the database open.
          const running = await openDatabase({ databaseUrl: undefined, dataDir: target });
          await running.db.selectFrom("witness" as never).selectAll().execute();
          const busy = await admin(["restore", backupFile, "--force"], { DATA_DIR: target });
          await running.destroy();
          expect(busy.code).toBe(1);
          expect(busy.text).toContain("is in use: stop the Socialplan server");

          const forced = await admin(["restore", backupFile, "--force"], { DATA_DIR: target });
          expect(forced.code, forced.text).toBe(0);
          const names = fs.readdirSync(target);
          const oldDb = names.find((n) => /^socialplan\.db\.before-restore-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(n));
          const oldFiles = names.find((n) => n.startsWith("files.before-restore-"));
          expect(oldDb && oldFiles, names.join(", ")).toBeTruthy();
          const old = new SQLite(path.join(target, oldDb!), { readonly: true });
          expect(old.prepare("select v from witness").pluck().get()).toBe("the old database");
          old.close();
          expect(fs.readFileSync(path.join(target, oldFiles!, "old", "file"), "utf8")).toBe("old file");

          const app = await openRestored(target);
          try {
            const ws = (await app.inject({ method: "GET", url: "/api/health" })).statusCode;
            expect(ws).toBe(200);
            const row = new SQLite(path.join(target, "socialplan.db"), { readonly: true });
            const asset = row.prepare("select workspace_id, sha256 from assets where name = 'kept.txt'").get() as { workspace_id: string; sha256: string };
            row.close();
            expect(fs.readFileSync(path.join(target, "files", asset.workspace_id, asset.sha256.slice(0, 2), asset.sha256))).toEqual(assetBytes);
          } finally {
            await app.close();
            fs.rmSync(target, { recursive: true, force: true });
          }
        });
      });
    });
  }

  if (dialect === "postgres") {
    describe("backup and restore [postgres]", () => {
      it("backs up the file store and key, and the README's pg_dump / pg_restore steps bring the database back", { timeout: 120_000 }, async () => {
        const t = await createTestApp("postgres");
        const work = scratchDir("pg-backup");
        const name = `sp_test_restored_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
        const restoredUrl = Object.assign(new URL(adminDatabaseUrl()), { pathname: `/${name}` }).toString();
        const target = path.join(work, "data");
        const server = new pg.Client({ connectionString: adminDatabaseUrl() });
        await server.connect();
        try {
          const { owner, workspace } = await buildWorkspace(t.app, undefined, { name: "On PostgreSQL" });
          const uploaded = await uploadNote(owner.client, workspace.id, "pg-note.txt");
          const env = { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl! };

          // The README's order: the database first, then the files.
          const dump = path.join(work, "socialplan.dump");
          execFileSync("pg_dump", ["-Fc", "-f", dump, t.config.databaseUrl!], { stdio: "pipe" });
          const backupFile = path.join(work, "files.tar.gz");
          const made = await admin(["backup", backupFile], env);
          expect(made.code, made.text).toBe(0);
          expect(made.text).toContain("database    NOT included: PostgreSQL");
          expect(made.text).toContain('pg_dump -Fc -f socialplan-');
          expect(made.text).not.toContain(t.config.databaseUrl!); // the URL may hold a password: only "$DATABASE_URL" is printed
          const { manifest } = await readManifest(backupFile);
          expect(manifest).toMatchObject({ dialect: "postgres", database: { included: false }, files: { included: true, count: 1 }, secretKey: { included: true }, migrations: { last: LATEST_MIGRATION } });

          await server.query(`CREATE DATABASE ${name}`);
          execFileSync("pg_restore", ["--clean", "--if-exists", "--no-owner", "-d", restoredUrl, dump], { stdio: "pipe" });
          const restored = await admin(["restore", backupFile], { DATA_DIR: target, DATABASE_URL: restoredUrl });
          expect(restored.code, restored.text).toBe(0);
          expect(restored.text).toContain('pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL"');

          const app = await openRestored(target, restoredUrl);
          try {
            const client = new TestClient(app);
            expect((await client.post("/api/auth/login", { email: owner.email, password: PASSWORD })).statusCode).toBe(200);
            expect((await client.get("/api/workspaces")).json<Workspace[]>().map((w) => w.name)).toContain("On PostgreSQL");
            const file = await client.get(`/api/workspaces/${workspace.id}/assets/${uploaded.id}/file`);
            expect(file.statusCode).toBe(200);
            expect(file.rawPayload).toEqual(uploaded.bytes);
          } finally {
            await app.close();
          }
        } finally {
          await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await server.end();
          await t.close();
          fs.rmSync(work, { recursive: true, force: true });
        }
      });
    });
  }
}

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ArchiveImportReport } from "@socialplan/schema";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportWorkspace } from "../src/features/archive/archive.export.ts";
import { DEFAULT_LIMITS } from "../src/features/archive/archive.format.ts";
import { importWorkspace } from "../src/features/archive/archive.import.ts";
import { carriedColumns, EXPORTED, EXCLUDED } from "../src/features/archive/archive.tables.ts";
import { runCli } from "../src/cli.ts";
import { AppError } from "../src/lib/errors.ts";
import { TestClient } from "./helpers/client.ts";
import { addMember, buildUser, buildWorkspace, PASSWORD, type TestUser } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { addPost } from "./helpers/posts.ts";
import { adminDatabaseUrl, createTestApp, DIALECTS, type TestApp, type TestDialect } from "./helpers/test-app.ts";
import { readZip, writeZip, type ZipEntry } from "./helpers/zip.ts";

const KEY = randomBytes(32).toString("hex");
const OTHER_KEY = randomBytes(32).toString("hex");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-archive-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Whether a PostgreSQL server answers at TEST_DATABASE_URL (or the default), for the two-way round trip. */
async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
const hasPostgres = await postgresReachable();

let fileSeq = 0;
const file = (label: string) => path.join(tmp, `${label}-${++fileSeq}.zip`);

async function exportTo(t: TestApp, workspaceId: string, withCredentials = false): Promise<string> {
  const out = file("export");
  await exportWorkspace(t.deps, { workspaceId, appVersion: "test", now: t.clock.now(), withCredentials }, fs.createWriteStream(out));
  return out;
}

/** A workspace with everything in it: the worked example (strategy, budget, posts, numbers, board, a report) and more. */
async function richWorkspace(t: TestApp) {
  const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { name: "Mina Owner" }));
  const ws = `/api/workspaces/${workspace.id}`;
  expect((await owner.client.post(`${ws}/strategy/example`, { locale: "ko" })).statusCode).toBe(200);
  const editor = await addMember(t.app, owner, workspace.id, "editor");
  const admin = await addMember(t.app, owner, workspace.id, "admin");
  const db = t.deps.db;
  const editorMember = await db.selectFrom("members").select("id").where("workspace_id", "=", workspace.id).where("user_id", "=", editor.user.id).executeTakeFirstOrThrow();
  expect((await owner.client.patch(`${ws}/members/${editorMember.id}`, { hats: ["people.creative"] })).statusCode).toBe(200);
  const upload = await owner.client.upload(`${ws}/assets?name=shop.png`, await photo(320, 200, "png"));
  expect(upload.statusCode, upload.body).toBe(201);
  const assetId = upload.json<{ asset: { id: string } }>().asset.id;
  const card = await editor.client.post(`${ws}/board/cards`, { title: "Photograph the winter set", assigneeIds: [editorMember.id], attachmentIds: [assetId], labels: ["photo"] });
  expect(card.statusCode, card.body).toBe(201);
  const cardId = (await db.selectFrom("board_cards").select("id").where("workspace_id", "=", workspace.id).where("title", "=", "Photograph the winter set").executeTakeFirstOrThrow()).id;
  expect((await admin.client.post(`${ws}/board/cards/${cardId}/comments`, { body: "Use the north window light." })).statusCode).toBe(201);
  const channel = await db.selectFrom("strategy_entries").select("id").where("workspace_id", "=", workspace.id).where("kind", "=", "channel").orderBy("id").executeTakeFirstOrThrow();
  // A connection as the service stores it (its secret sealed with the instance's key); made directly, as creating one
  // through the API reaches out to the webhook's address.
  const now = t.clock.now().toISOString();
  await db
    .insertInto("connections")
    .values({ id: crypto.randomUUID(), workspace_id: workspace.id, channel_id: channel.id, kind: "webhook", label: "Shop webhook", config: JSON.stringify({ url: "https://hooks.example.com/socialplan" }), secret: t.deps.secrets.seal(JSON.stringify({ signingSecret: "a-signing-secret-of-enough-length" })), status: "active", status_reason: null, created_at: now, updated_at: now, token_expires_at: null, expiry_warned_at: null, hold_until: null, quota: null, remote_account_id: null, numbers_synced_at: null })
    .execute();
  await addPost(editor, workspace.id, { title: "가을 세일", body: "10% 할인", variants: [{ channelId: channel.id, text: null }] });
  return { owner, editor, admin, workspace, ws };
}

type Row = Record<string, unknown>;

/** Every exported table's rows for the workspace, in key order, with values as both databases agree on them. */
async function snapshot(t: TestApp, workspaceId: string): Promise<Record<string, Row[]>> {
  const db = t.deps.db as unknown as Kysely<any>;
  const users = (await db.selectFrom("members").select("user_id").where("workspace_id", "=", workspaceId).execute()).map((m) => m.user_id as string);
  const out: Record<string, Row[]> = {};
  for (const table of EXPORTED) {
    const columns = carriedColumns(table, false);
    let q = db.selectFrom(table.name).select(columns);
    const s = table.scope;
    if (s.kind === "workspace") q = q.where(s.column, "=", workspaceId);
    else if (s.kind === "users") q = q.where("id", "in", users);
    else if (s.parent === "users") q = q.where(s.column, "in", users);
    else q = q.where(s.column, "in", db.selectFrom(s.parent).select(s.parentKey).where("workspace_id", "=", workspaceId));
    for (const k of table.key) q = q.orderBy(k);
    const rows = (await q.execute()) as Row[];
    out[table.name] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" && /^-?\d+$/.test(v) && /^[bif]/.test(table.columns[k]!) ? Number(v) : v])));
  }
  return out;
}

/** The screens' reads: strategy, budget and dashboard as the owner sees them. */
async function apiReads(client: TestClient, workspaceId: string) {
  const ws = `/api/workspaces/${workspaceId}`;
  const reads: Record<string, unknown> = {};
  for (const p of ["strategy", "budget", "dashboard?from=2026-10-01&to=2026-11-30", "board", "posts", "reports", "members"]) {
    const res = await client.get(`${ws}/${p}`);
    expect(res.statusCode, `${p}: ${res.body}`).toBe(200);
    reads[p.split("?")[0]!] = byId(res.json());
  }
  return reads;
}

/** Lists of rows in id order: the two databases may order equal sort keys (same time) differently. */
function byId(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(byId);
    return items.every((i) => typeof i === "object" && i !== null && "id" in i) ? items.sort((a, b) => String((a as Row).id).localeCompare(String((b as Row).id))) : items;
  }
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, byId(v)]));
  return value;
}

async function login(t: TestApp, email: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  const res = await client.post("/api/auth/login", { email, password: PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  return client;
}

async function expectRefused(t: TestApp, archive: string, pattern: RegExp | string, limits = DEFAULT_LIMITS) {
  const error = await importWorkspace(t.deps, archive, { limits }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the import must be refused").toBeInstanceOf(AppError);
  const { translate } = await import("@socialplan/schema");
  const message = translate("en", (error as AppError).key, (error as AppError).params);
  expect(message).toMatch(pattern);
  return message;
}

// Several tests start two or three instances each (a fresh database apiece): room for that on a busy machine.
const SLOW = { timeout: 180_000 };

describe("workspace archive: the declared table list", () => {
  it("lists every table of schema.ts, exported or excluded with a reason", () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, "../src/db/schema.ts"), "utf8");
    const body = /export interface Database \{([\s\S]*?)\n\}/.exec(source)![1]!;
    const tables = [...body.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]!).sort();
    const declared = [...EXPORTED.map((t) => t.name), ...Object.keys(EXCLUDED)].sort();
    expect(declared).toEqual(tables);
    for (const reason of Object.values(EXCLUDED)) expect(reason!.length).toBeGreaterThan(20);
  });

  it("declares each exported table's columns exactly as the migrated database has them", SLOW, async () => {
    const t = await createTestApp("sqlite");
    try {
      const tables = await t.deps.db.introspection.getTables();
      for (const spec of EXPORTED) {
        const actual = tables.find((x) => x.name === spec.name)!;
        const described = Object.fromEntries(
          actual.columns.map((c) => {
            const varchar = /^varchar\((\d+)\)$/i.exec(c.dataType);
            const type = varchar ? `s${varchar[1]}` : /text/i.test(c.dataType) ? "t" : /bigint/i.test(c.dataType) ? "b" : /int/i.test(c.dataType) ? "i" : "f";
            // SQLite reports a primary key column as nullable; the archive's type says what the app writes.
            return [c.name, `${type}${c.isNullable && !spec.key.includes(c.name) ? "?" : ""}`];
          }),
        );
        expect(spec.columns, spec.name).toEqual(described);
      }
    } finally {
      await t.close();
    }
  });
});

const roundTrip = "workspace archive: SQLite → PostgreSQL → SQLite, compared both ways";
describe.skipIf(!hasPostgres)(hasPostgres ? roundTrip : `${roundTrip} — SKIPPED: no PostgreSQL answers at ${adminDatabaseUrl()} (set TEST_DATABASE_URL)`, () => {
  it("moves a rich workspace to PostgreSQL and back with every row, file and screen the same", SLOW, async () => {
    const env = { SECRET_KEY: KEY };
    const apps: Record<string, TestApp> = {};
    try {
      apps.a = await createTestApp("sqlite", { env });
      const made = await richWorkspace(apps.a);
      const id = made.workspace.id;
      const before = await snapshot(apps.a, id);
      expect(before.metrics!.length).toBeGreaterThan(10);
      expect(before.strategy_revisions!.length).toBeGreaterThan(0);
      const readsBefore = await apiReads(made.owner.client, id);
      const photoBefore = await made.owner.client.get(`${made.ws}/assets/${(before.assets![0] as { id: string }).id}/file`);

      // SQLite → PostgreSQL (the instance move: credentials go along, the same SECRET_KEY)
      const first = await exportTo(apps.a, id, true);
      apps.b = await createTestApp("postgres", { env });
      const report = await importWorkspace(apps.b.deps, first, { acceptCredentials: true });
      expect(report.secretsKept).toBe(true);
      expect(report.usersWithoutPassword).toEqual([]);
      expect(report.connectionsToReconnect).toEqual([]);
      expect(report.files).toBeGreaterThan(0);
      expect(await snapshot(apps.b, id)).toEqual(before);
      const onPg = await login(apps.b, made.owner.email);
      expect(await apiReads(onPg, id)).toEqual(readsBefore);
      const photoOnPg = await onPg.get(`/api/workspaces/${id}/assets/${(before.assets![0] as { id: string }).id}/file`);
      expect(photoOnPg.rawPayload.equals(photoBefore.rawPayload)).toBe(true);

      // PostgreSQL → SQLite
      const second = await exportTo(apps.b, id, true);
      apps.c = await createTestApp("sqlite", { env });
      await importWorkspace(apps.c.deps, second, { acceptCredentials: true });
      expect(await snapshot(apps.c, id)).toEqual(before);
      expect(await apiReads(await login(apps.c, made.editor.email), id)).toMatchObject({ strategy: readsBefore.strategy, budget: readsBefore.budget, dashboard: readsBefore.dashboard });
    } finally {
      for (const t of Object.values(apps)) await t.close();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`workspace archive [${dialect}]`, SLOW, () => {
    let source: TestApp;
    let made: Awaited<ReturnType<typeof richWorkspace>>;
    let archive: string;
    let entries: ZipEntry[];
    beforeAll(async () => {
      source = await createTestApp(dialect, { env: { SECRET_KEY: KEY } });
      made = await richWorkspace(source);
      archive = await exportTo(source, made.workspace.id);
      entries = await readZip(archive);
    }, SLOW.timeout);
    afterAll(() => source.close());

    const other = (d: TestDialect) => (d === "sqlite" && hasPostgres ? "postgres" : "sqlite") as TestDialect;

    it("carries members as email, name and locale only, never password hashes or 2FA secrets", async () => {
      const users = entries.find((e) => e.name === "tables/users.jsonl")!.data.toString().trim().split("\n").map((l) => JSON.parse(l) as Row);
      expect(users.map((u) => u.email).sort()).toEqual([made.owner.email, made.editor.email, made.admin.email].sort());
      for (const u of users) expect(Object.keys(u).sort()).toEqual(["created_at", "email", "id", "locale", "name", "updated_at"]);
      const manifest = JSON.parse(entries.find((e) => e.name === "manifest.json")!.data.toString());
      expect(manifest).toMatchObject({ format: "socialplan-workspace", formatVersion: 1, workspace: { id: made.workspace.id }, withCredentials: false });
      expect(manifest.secretKeyFingerprint).not.toContain(KEY);
      expect(entries.some((e) => e.name.startsWith("tables/recovery_codes"))).toBe(false);
    });

    it("keeps connections' secrets under the same key, and brings them over paused under another", SLOW, async () => {
      const same = await createTestApp(other(dialect), { env: { SECRET_KEY: KEY } });
      const different = await createTestApp(other(dialect), { env: { SECRET_KEY: OTHER_KEY } });
      try {
        const kept = await importWorkspace(same.deps, archive);
        expect(kept.secretsKept).toBe(true);
        const row = await same.deps.db.selectFrom("connections").selectAll().where("workspace_id", "=", made.workspace.id).executeTakeFirstOrThrow();
        expect(JSON.parse(same.deps.secrets.open(row.secret))).toEqual({ signingSecret: "a-signing-secret-of-enough-length" });
        expect(row.status).toBe("active");
        expect(kept.usersWithoutPassword.sort()).toEqual([made.owner.email, made.editor.email, made.admin.email].sort());

        const dropped = await importWorkspace(different.deps, archive);
        expect(dropped.secretsKept).toBe(false);
        expect(dropped.connectionsToReconnect).toHaveLength(1);
        const paused = await different.deps.db.selectFrom("connections").selectAll().where("workspace_id", "=", made.workspace.id).executeTakeFirstOrThrow();
        expect(paused.status).toBe("paused");
        expect(different.deps.secrets.open(paused.secret)).toBe("{}");
        // The people without a password cannot sign in until they reset it.
        const client = new TestClient(different.app);
        expect((await client.post("/api/auth/login", { email: made.owner.email, password: PASSWORD })).statusCode).toBe(401);
      } finally {
        await same.close();
        await different.close();
      }
    });

    it("carries 2FA with credentials to an instance with the same key, and drops it (listed) under another", SLOW, async () => {
      const db = source.deps.db;
      await db.updateTable("users").set({ totp_secret: source.deps.secrets.seal("JBSWY3DPEHPK3PXP") }).where("id", "=", made.admin.user.id).execute();
      await db.insertInto("recovery_codes").values({ id: crypto.randomUUID(), user_id: made.admin.user.id, code_hash: "a".repeat(64), used_at: null }).execute();
      try {
        const zip = await exportTo(source, made.workspace.id, true);
        const same = await createTestApp(other(dialect), { env: { SECRET_KEY: KEY } });
        const different = await createTestApp(other(dialect), { env: { SECRET_KEY: OTHER_KEY } });
        try {
          expect((await importWorkspace(same.deps, zip, { acceptCredentials: true })).twoFactorDropped).toEqual([]);
          const kept = await same.deps.db.selectFrom("users").selectAll().where("email", "=", made.admin.email).executeTakeFirstOrThrow();
          expect(same.deps.secrets.open(kept.totp_secret!)).toBe("JBSWY3DPEHPK3PXP");
          expect(await same.deps.db.selectFrom("recovery_codes").select("code_hash").where("user_id", "=", kept.id).execute()).toEqual([{ code_hash: "a".repeat(64) }]);
          const report = await importWorkspace(different.deps, zip, { acceptCredentials: true });
          expect(report.twoFactorDropped).toEqual([made.admin.email]);
          const dropped = await different.deps.db.selectFrom("users").selectAll().where("email", "=", made.admin.email).executeTakeFirstOrThrow();
          expect(dropped.totp_secret).toBeNull();
          expect(await different.deps.db.selectFrom("recovery_codes").select("id").where("user_id", "=", dropped.id).execute()).toEqual([]);
          // The password hash came along either way: the move keeps the sign-in.
          await login(different, made.admin.email);
        } finally {
          await same.close();
          await different.close();
        }
      } finally {
        await db.updateTable("users").set({ totp_secret: null }).where("id", "=", made.admin.user.id).execute();
        await db.deleteFrom("recovery_codes").where("user_id", "=", made.admin.user.id).execute();
      }
    });

    it("matches members by email: an existing account keeps its own password", SLOW, async () => {
      const target = await createTestApp(dialect, { env: { SECRET_KEY: KEY } });
      try {
        const mine = await buildUser(target.app, { email: made.editor.email });
        const report = await importWorkspace(target.deps, await copyWithNewIds(archive, entries));
        expect(report.usersMatched).toEqual([made.editor.email]);
        expect(report.usersWithoutPassword).not.toContain(made.editor.email);
        const ws = `/api/workspaces/${report.workspace.id}`;
        expect((await mine.client.get(`${ws}/strategy`)).statusCode).toBe(200);
      } finally {
        await target.close();
      }
    });

    it("refuses an archive whose workspace already exists, and one whose rows' ids do, leaving nothing behind", async () => {
      await expectRefused(source, archive, /already exists on this instance/);
      // The same rows under a new workspace id: the first post id that exists refuses the whole import.
      const renamed = await rewrite(entries.filter((e) => !e.name.startsWith("files/")), (name, text) => (name === "manifest.json" || name.startsWith("tables/") ? text.replaceAll(made.workspace.id, "00000000-0000-4000-8000-00000000abcd") : text), true);
      const message = await expectRefused(source, renamed, /tables\/\w+\.jsonl line \d+: .* already exists on this instance/);
      expect(message).toContain("Nothing was imported");
      expect(await source.deps.db.selectFrom("workspaces").select("id").where("id", "=", "00000000-0000-4000-8000-00000000abcd").execute()).toEqual([]);
    });

    describe("hostile archives", () => {
      let target: TestApp;
      beforeAll(async () => {
        target = await createTestApp(dialect, { env: { SECRET_KEY: KEY } });
      }, SLOW.timeout);
      afterAll(() => target.close());
      const edit = (table: string, line: number, change: (row: Row) => Row) =>
        rewrite(entries, (name, text) => {
          if (name !== `tables/${table}.jsonl`) return text;
          const lines = text.split("\n");
          lines[line - 1] = JSON.stringify(change(JSON.parse(lines[line - 1]!)));
          return lines.join("\n");
        }, true);

      it("names the file and line of an unknown column, a wrong type and a row of another workspace", async () => {
        await expectRefused(target, await edit("board_cards", 1, (r) => ({ ...r, is_admin: 1 })), /^tables\/board_cards\.jsonl line 1: unknown column "is_admin"/);
        await expectRefused(target, await edit("posts", 1, (r) => ({ ...r, title: { $ne: 1 } })), /^tables\/posts\.jsonl line 1: "title" must be a text/);
        await expectRefused(target, await edit("budget_lines", 1, (r) => ({ ...r, position: "1; drop table users" })), /budget_lines\.jsonl line 1: "position" must be an integer/);
        await expectRefused(target, await edit("strategy_entries", 2, (r) => ({ ...r, workspace_id: "00000000-0000-4000-8000-000000000001" })), /strategy_entries\.jsonl line 2: the row belongs to another workspace/);
      });

      it("refuses a reference outside the archive: a card assigned to another workspace's member", async () => {
        const stranger = await buildWorkspace(target.app);
        const foreign = await target.deps.db.selectFrom("members").select("id").where("workspace_id", "=", stranger.workspace.id).executeTakeFirstOrThrow();
        await expectRefused(target, await edit("board_assignees", 1, (r) => ({ ...r, member_id: foreign.id })), /board_assignees\.jsonl line 1: "member_id" points at .*not in the archive/);
      });

      it("refuses unknown tables and entries, paths that climb out, and entries not in the manifest", async () => {
        const withTable = [...entries, { name: "tables/sessions.jsonl", data: Buffer.from("{}\n") }];
        await expectRefused(target, await writeZip(file("sessions"), withTable, true), /tables\/sessions\.jsonl/);
        await expectRefused(target, await writeZip(file("extra"), [...entries, { name: "notes.txt", data: Buffer.from("hi") }], true), /notes\.txt, which is not part/);
        const climbing = await writeZip(file("climb"), [...entries, { name: "files/XX/escape", data: Buffer.from("x") }], true);
        const bytes = fs.readFileSync(climbing);
        fs.writeFileSync(climbing, Buffer.from(bytes.toString("latin1").replaceAll("files/XX/escape", "files/../escape"), "latin1"));
        await expectRefused(target, climbing, /not a readable workspace archive|not part of a workspace archive/);
        await expectRefused(target, await writeZip(file("unlisted"), entries.filter((e) => e.name !== "tables/board_cards.jsonl").concat([{ name: "tables/board_cards.jsonl", data: Buffer.from("") }]), false), /tables\/board_cards\.jsonl does not match the sha256/);
      });

      it("refuses a changed file (sha256), too many entries and a zip bomb before writing anything", async () => {
        const changed = await rewrite(entries, (name, text) => (name === "tables/reports.jsonl" ? text.replace("\"example\":1", "\"example\":0") : text), false);
        await expectRefused(target, changed, /tables\/reports\.jsonl does not match the sha256/);
        await expectRefused(target, archive, /entries; at most 5/, { ...DEFAULT_LIMITS, maxEntries: 5 });
        const bomb = await writeZip(file("bomb"), [...entries.filter((e) => e.name !== "manifest.json" && e.name !== "tables/traffic.jsonl"), { name: "tables/traffic.jsonl", data: Buffer.alloc(50_000_000, 32) }, entries.find((e) => e.name === "manifest.json")!], false);
        await expectRefused(target, bomb, /larger than the 10000000 bytes/, { ...DEFAULT_LIMITS, maxTotalBytes: 10_000_000 });
        expect(fs.statSync(bomb).size).toBeLessThan(5_000_000);
        await expectRefused(target, archive, /line 1 is longer than 50 bytes/, { ...DEFAULT_LIMITS, maxLineBytes: 50 });
        expect(await target.deps.db.selectFrom("workspaces").select("id").where("id", "=", made.workspace.id).execute()).toEqual([]);
      });
    });

    it("exports and imports through the admin commands, by workspace name, with credentials", SLOW, async () => {
      const target = await createTestApp(other(dialect), { env: { SECRET_KEY: KEY } });
      try {
        const env = (t: TestApp) => ({ DATA_DIR: t.config.dataDir, SECRET_KEY: KEY, ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) });
        const lines: string[] = [];
        const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
        const zip = file("cli");
        expect(await runCli(["export-workspace", "Seoul Candle Co.", zip, "--with-credentials"], env(source), out)).toBe(0);
        expect(lines.join("\n")).toMatch(/password hashes/);
        expect(await runCli(["import-workspace", zip], env(target), out)).toBe(0);
        expect(lines.join("\n")).toMatch(/Imported "Seoul Candle Co\."/);
        expect(lines.join("\n")).toMatch(/Sealed secrets kept/);
        // The instance move keeps everyone's sign-in.
        await login(target, made.editor.email);
        expect(await runCli(["import-workspace", zip], env(target), out)).toBe(1);
        expect(lines.at(-1)).toMatch(/already exists on this instance/);
      } finally {
        await target.close();
      }
    });

    describe("routes", () => {
      it("lets the owner download the archive, and no one else", async () => {
        const res = await made.owner.client.get(`${made.ws}/archive`);
        expect(res.statusCode).toBe(200);
        expect(res.headers["content-type"]).toBe("application/zip");
        expect(res.headers["content-disposition"]).toMatch(/attachment; filename=".*\.zip"/);
        expect(res.rawPayload.subarray(0, 2).toString()).toBe("PK");
        expect((await made.admin.client.get(`${made.ws}/archive`)).statusCode).toBe(403);
        expect((await made.editor.client.get(`${made.ws}/archive`)).statusCode).toBe(403);
        const outsider = await buildUser(source.app);
        expect((await outsider.client.get(`${made.ws}/archive`)).statusCode).toBe(404);
      });

      it("imports an uploaded archive for instance admins only, answering the report", SLOW, async () => {
        const download = (await made.owner.client.get(`${made.ws}/archive`)).rawPayload;
        const target = await createTestApp(other(dialect), { env: { SECRET_KEY: OTHER_KEY } });
        try {
          const first: TestUser = await buildUser(target.app); // the first account is the instance admin
          const someone = await buildUser(target.app);
          expect((await someone.client.upload("/api/instance/workspace-archives", download, "application/zip")).statusCode).toBe(403);
          const res = await first.client.upload("/api/instance/workspace-archives", download, "application/zip");
          expect(res.statusCode, res.body).toBe(201);
          const report = res.json<ArchiveImportReport>();
          expect(report).toMatchObject({ workspace: { id: made.workspace.id }, secretsKept: false });
          expect(report.rows.posts).toBeGreaterThan(0);
          expect(report.connectionsToReconnect).toHaveLength(1);
          // Credentials in an uploaded archive are ignored: its author never picks a password or admin rights here.
          await target.deps.db.deleteFrom("workspaces").where("id", "=", made.workspace.id).execute();
          await target.deps.db.updateTable("users").set({ email: sql`'old-' || email` }).where("email", "in", [made.owner.email, made.editor.email, made.admin.email]).execute();
          await source.deps.db.updateTable("users").set({ instance_admin: 1 }).where("id", "=", made.editor.user.id).execute();
          const withCredentials = fs.readFileSync(await exportTo(source, made.workspace.id, true));
          await source.deps.db.updateTable("users").set({ instance_admin: 0 }).where("id", "=", made.editor.user.id).execute();
          const ignored = await first.client.upload("/api/instance/workspace-archives", withCredentials, "application/zip");
          expect(ignored.statusCode, ignored.body).toBe(201);
          expect(ignored.json<ArchiveImportReport>().usersWithoutPassword).toContain(made.editor.email);
          const editorHere = await target.deps.db.selectFrom("users").select(["instance_admin", "password_hash"]).where("email", "=", made.editor.email).executeTakeFirstOrThrow();
          expect(editorHere.instance_admin).toBe(0);
          expect((await new TestClient(target.app).post("/api/auth/login", { email: made.editor.email, password: PASSWORD })).statusCode).toBe(401);
          const again = await first.client.upload("/api/instance/workspace-archives", download, "application/zip");
          expect(again.statusCode).toBe(409);
          expect(again.json<{ error: { message: string } }>().error.message).toMatch(/already exists/);
        } finally {
          await target.close();
        }
      });
    });
  });
}

/** Rewrites entries' text; with `resign`, the manifest's sha256 and sizes are recomputed (the archive stays "valid"). */
async function rewrite(entries: ZipEntry[], change: (name: string, text: string) => string, resign: boolean): Promise<string> {
  const changed = entries.map((e) => (e.name.startsWith("files/") ? e : { name: e.name, data: Buffer.from(change(e.name, e.data.toString("utf8"))) }));
  return writeZip(file("edited"), changed, resign);
}

/** The same workspace under new ids throughout (a second copy on the same instance). */
async function copyWithNewIds(_archive: string, entries: ZipEntry[]): Promise<string> {
  const ids = new Set<string>();
  for (const e of entries) if (e.name.startsWith("tables/") && e.name !== "tables/users.jsonl") for (const m of e.data.toString().matchAll(/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g)) ids.add(m[0]);
  const users = new Set([...entries.find((e) => e.name === "tables/users.jsonl")!.data.toString().matchAll(/"id":("[^"]+")/g)].map((m) => m[1]!));
  const map = new Map([...ids].filter((i) => !users.has(i)).map((i) => [i.slice(1, -1), crypto.randomUUID()]));
  const swap = (s: string) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (m) => map.get(m) ?? m);
  const codes = new Map<string, string>();
  const moved = entries.map((e) => {
    const name = swap(e.name);
    if (!e.name.startsWith("tables/") && e.name !== "manifest.json") return { name, data: e.data };
    let text = swap(e.data.toString());
    if (e.name === "tables/short_links.jsonl") {
      text = text.replace(/"code":"([^"]+)"/g, (_m, c: string) => {
        const next = codes.get(c) ?? `${c.slice(0, 10)}z${codes.size}`;
        codes.set(c, next);
        return `"code":"${next}"`;
      });
    }
    if (e.name === "tables/link_clicks.jsonl") text = text.replace(/"code":"([^"]+)"/g, (_m, c: string) => `"code":"${codes.get(c) ?? c}"`);
    if (e.name === "tables/review_links.jsonl") text = text.replace(/"token_hash":"[0-9a-f]+"/g, () => `"token_hash":"${randomBytes(32).toString("hex")}"`);
    return { name, data: Buffer.from(text) };
  });
  return writeZip(file("copy"), moved, true);
}

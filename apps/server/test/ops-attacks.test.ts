import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import http from "node:http";
import pg from "pg";
import SQLite from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_LIMITS } from "../src/features/archive/archive.format.ts";
import { importWorkspace } from "../src/features/archive/archive.import.ts";
import { Publisher } from "../src/features/publishing/publisher.ts";
import { AppError } from "../src/lib/errors.ts";
import { decodeEvent, EVENTS_CHANNEL } from "../src/lib/pg-events.ts";
import { startWorkerListener } from "../src/features/health/worker-listener.ts";
import { hashPassword } from "../src/lib/password.ts";
import { admin, manifestFor, rawTarGz, tempDir } from "./helpers/backup-kit.ts";
import { TestClient } from "./helpers/client.ts";
import { addMember, buildUser, buildWorkspace, PASSWORD, type TestUser } from "./helpers/factories.ts";
import { createStore, createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";
import { readZip, writeZip, type ZipEntry } from "./helpers/zip.ts";

/**
 * Attacks on the operations surfaces of issue 23 — health and metrics, the workspace archive, backup/restore and the
 * cross-server event bus — made as a stranger would: raw request lines on a real socket, odd spellings of addresses,
 * other tenants' ids and hostile files. Each one must be refused.
 */

const TOKEN = "attack-metrics-token-0123456789";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-ops-attacks-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let seq = 0;
const zipPath = (label: string) => path.join(tmp, `${label}-${++seq}.zip`);

/** Sends raw bytes to the server and returns everything it answers (`Connection: close` ends the exchange). */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const parts: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${request.split("\r\n")[0]}`)));
    socket.on("data", (d) => parts.push(d));
    socket.on("end", () => resolve(Buffer.concat(parts).toString("latin1")));
    socket.on("close", () => resolve(Buffer.concat(parts).toString("latin1")));
    socket.on("error", reject);
    // Not half-closed: a server may drop a request whose client has already said it is done sending.
    socket.write(request);
  });
}
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
const get = (target: string, headers: Record<string, string> = {}) =>
  `GET ${target} HTTP/1.1\r\nHost: socialplan.test\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}Connection: close\r\n\r\n`;

type Row = Record<string, unknown>;
const jsonl = (rows: Row[]) => Buffer.from(rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
const rowsOf = (e: ZipEntry) => e.data.toString().trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Row);

/** The import's refusal: an AppError (a translated message naming the place) with a 4xx status, never a crash. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the import must be refused").toBeInstanceOf(AppError);
  const app = error as AppError;
  expect(app.statusCode, `${app.key} ${JSON.stringify(app.params)}`).toBeGreaterThanOrEqual(400);
  expect(app.statusCode).toBeLessThan(500);
  return app;
}

describe("event bus payloads", () => {
  it("ignores a NOTIFY payload whose workspace is not an id (an 'error' event would throw in the emitter)", () => {
    const wire = (w: unknown, type: unknown = "board") => JSON.stringify({ w, e: { type }, t: Date.now(), o: "other" });
    expect(decodeEvent(wire("error"))).toBeNull();
    expect(decodeEvent(wire("newListener"))).toBeNull();
    expect(decodeEvent(wire("__proto__"))).toBeNull();
    // A type is written into the event stream's `event:` line: a newline there would forge other fields.
    expect(decodeEvent(wire(randomUUID(), "board\ndata: {\"forged\":true}"))).toBeNull();
    const ok = decodeEvent(wire("0b7f2a9e-3c1d-4e5f-8a9b-0c1d2e3f4a5b"));
    expect(ok?.e.type).toBe("board");
  });
});

for (const dialect of DIALECTS) {
  describe(`metrics and health under attack [${dialect}]`, () => {
    let t: TestApp;
    let port: number;
    let owner: TestUser;
    let workspaceId: string;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { METRICS_TOKEN: TOKEN } });
      ({ owner, workspace: { id: workspaceId } } = await buildWorkspace(t.app));
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      port = (t.app.server.address() as AddressInfo).port;
    });
    afterAll(() => t?.close());

    it("gives no figures to any other spelling of the address, token place or token form", async () => {
      const targets = [
        "/api/metrics",
        "//api/metrics",
        "/API/metrics",
        "/api/Metrics",
        "/api/metrics/",
        "/api/metrics;x=1",
        "/api/%6detrics",
        "/api/metrics%2f",
        "/api/./metrics",
        "/api/x/../metrics",
        "/api/metrics?token=" + TOKEN,
        "/api/metrics?access_token=" + TOKEN,
        "http://metrics.internal/api/metrics",
        "http://127.0.0.1:9/api/metrics",
        "*",
      ];
      const headerSets: Record<string, string>[] = [
        {},
        { cookie: `token=${TOKEN}; metrics_token=${TOKEN}` },
        { authorization: `Bearer ${TOKEN.slice(0, 8)}` },
        { authorization: `Bearer ${TOKEN} ${TOKEN}` },
        { authorization: `Bearer ${TOKEN},Bearer x` },
        { authorization: `Token ${TOKEN}` },
        { authorization: TOKEN },
        { authorization: `Bearer ${"A".repeat(15_000)}` },
        { "x-metrics-token": TOKEN },
      ];
      for (const target of targets) {
        for (const headers of headerSets) {
          const answer = await raw(port, get(target, headers));
          const label = `${target} ${Object.keys(headers).join(",")} ${(headers.authorization ?? "").slice(0, 30)}`;
          expect(answer, label).not.toMatch(/socialplan_|process_cpu|nodejs_heap/);
          expect(statusOf(answer), label).not.toBe(200);
          expect(statusOf(answer), label).toBeLessThan(500);
        }
      }
      // The token itself is never echoed back.
      const wrong = await raw(port, get("/api/metrics", { authorization: "Bearer nope" }));
      expect(wrong).not.toContain(TOKEN);
      // And the right token does work, also through the absolute form and with the scheme in any case.
      expect(statusOf(await raw(port, get("/api/metrics", { authorization: `Bearer ${TOKEN}` })))).toBe(200);
      expect(statusOf(await raw(port, get("/api/metrics", { authorization: `bearer ${TOKEN}` })))).toBe(200);
    });

    it("keeps the scrape bounded under thousands of distinct addresses, methods and 404s, with no ids in labels", async () => {
      const scrape = async () => (await t.app.inject({ method: "GET", url: "/api/metrics", headers: { authorization: `Bearer ${TOKEN}` } })).body;
      // Warm every route class once so that the comparison is about the random addresses only.
      for (const url of ["/api/nothing", `/api/workspaces/${workspaceId}/board`, "/x", "/api/health"]) await t.app.inject({ method: "GET", url });
      const before = await scrape();
      const methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
      for (let i = 0; i < 2500; i++) {
        const id = randomUUID();
        const url = [`/api/${id}`, `/api/workspaces/${id}/posts/${id}`, `/${id}.js`, `/api/workspaces/${workspaceId}/cards/${id}`, `/l/${id.slice(0, 8)}`][i % 5]!;
        await t.app.inject({ method: methods[i % methods.length] as "GET", url, headers: { cookie: owner.client.cookieHeaderValue() } });
      }
      // A few through a real socket, with methods the client never sends.
      for (const method of ["PROPFIND", "MKCOL", "SEARCH", "PURGE", "LINK", "UNLOCK", "REPORT", "M-SEARCH"]) await raw(port, `${method} /api/${randomUUID()} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const after = await scrape();
      const series = (text: string) => text.split("\n").filter((l) => l.startsWith("socialplan_http_request_duration_seconds_count")).length;
      expect(series(after) - series(before), "new request series after 2,500 random addresses").toBeLessThan(60);
      expect(after.length - before.length).toBeLessThan(80_000);
      expect(after).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
      expect(after).not.toContain(workspaceId);
      expect(after).not.toContain(owner.user.id);
    });

    it("tells health and readiness probes nothing about paths, connection strings or errors", async () => {
      for (const url of ["/api/health", "/api/health/live", "/api/health/ready", "/api/health/ready/", "/api/health?verbose=1"]) {
        const res = await t.app.inject({ method: "GET", url });
        expect(res.statusCode, url).toBeLessThan(500);
        expect(res.body, url).not.toContain(t.config.dataDir);
        expect(res.body, url).not.toMatch(/postgres(ql)?:\/\/|127\.0\.0\.1|socialplan\.db|\bat \S+\.(ts|js):\d+|node_modules/);
        expect(res.headers["set-cookie"], url).toBeUndefined();
      }
    });
  });

  describe(`workspace archive under attack [${dialect}]`, () => {
    let source: TestApp;
    let target: TestApp;
    let instanceAdmin: TestUser;
    let made: { owner: TestUser; workspace: { id: string } };
    let download: Buffer;
    let entries: ZipEntry[];
    beforeAll(async () => {
      source = await createTestApp(dialect);
      target = await createTestApp(dialect);
      instanceAdmin = await buildUser(target.app); // the first account of an instance is its admin
      made = await buildWorkspace(source.app);
      const res = await made.owner.client.get(`/api/workspaces/${made.workspace.id}/archive`);
      expect(res.statusCode).toBe(200);
      download = res.rawPayload;
      const file = zipPath("download");
      fs.writeFileSync(file, download);
      entries = await readZip(file);
    });
    afterAll(async () => {
      await source?.close();
      await target?.close();
    });
    // Each attack starts from a target without the workspace (one that got in is taken out again).
    afterEach(async () => {
      await target.deps.db.deleteFrom("workspaces").where("id", "=", made.workspace.id).execute();
    });

    /** The archive as the owner downloaded it, with `change` applied to the manifest and tables, then re-signed. */
    let extraFiles: ZipEntry[] = [];
    const forge = async (change: (manifest: Row, tables: Map<string, Row[]>) => void): Promise<string> => {
      extraFiles = [];
      const manifest = JSON.parse(entries.find((e) => e.name === "manifest.json")!.data.toString()) as Row;
      const tables = new Map(entries.filter((e) => e.name.startsWith("tables/")).map((e) => [e.name, rowsOf(e)]));
      change(manifest, tables);
      const list: ZipEntry[] = [{ name: "manifest.json", data: Buffer.from(JSON.stringify(manifest)) }];
      for (const [name, rows] of tables) list.push({ name, data: rows.length ? jsonl(rows) : Buffer.alloc(0) });
      for (const e of entries) if (e.name.startsWith("files/")) list.push(e);
      list.push(...extraFiles);
      return writeZip(zipPath("forged"), list, true);
    };

    it("never makes an instance admin, nor keeps a password hash, from an archive uploaded through the web", async () => {
      const evilEmail = `evil-${randomUUID().slice(0, 8)}@example.com`;
      const password = "owner-chosen password 1";
      const hash = await hashPassword(password);
      const forged = await forge((manifest, tables) => {
        manifest.withCredentials = true;
        const users = manifest.tables as Record<string, { columns: string[] }>;
        users.users!.columns = [...users.users!.columns, "password_hash", "totp_secret", "totp_pending", "totp_last_counter", "instance_admin"];
        const rows = tables.get("tables/users.jsonl")!;
        const blank = { password_hash: "", totp_secret: null, totp_pending: null, totp_last_counter: null, instance_admin: 0 };
        tables.set("tables/users.jsonl", [
          ...rows.map((r) => ({ ...r, ...blank })),
          { id: randomUUID(), email: evilEmail, name: "Evil", locale: "en", created_at: rows[0]!.created_at, updated_at: rows[0]!.updated_at, ...blank, password_hash: hash, instance_admin: 1 },
        ]);
      });
      const res = await instanceAdmin.client.upload("/api/instance/workspace-archives", fs.readFileSync(forged), "application/zip");
      expect(res.statusCode, res.body).toBeLessThan(500);
      const row = await target.deps.db.selectFrom("users").select(["instance_admin", "password_hash"]).where("email", "=", evilEmail).executeTakeFirst();
      if (row) {
        expect(row.instance_admin, "an uploaded archive made an instance admin").toBe(0);
        expect(row.password_hash).not.toBe(hash);
      }
      const login = await new TestClient(target.app).post("/api/auth/login", { email: evilEmail, password });
      expect(login.statusCode, "the archive's author signs in with the password they chose").not.toBe(200);
    });

    it("refuses manifest columns named after Object's own properties with a clear error, not a crash", async () => {
      for (const column of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
        const forged = await forge((manifest) => {
          const declared = manifest.tables as Record<string, { columns: string[] }>;
          declared.workspaces!.columns = [...declared.workspaces!.columns, column];
        });
        const error = await refusal(importWorkspace(target.deps, forged));
        expect(error.key, column).toBe("archive.unknown_column");
      }
    });

    it("refuses rows with __proto__ and constructor keys", async () => {
      const forged = await forge((_m, tables) => {
        const rows = tables.get("tables/workspaces.jsonl")!;
        tables.set("tables/workspaces.jsonl", [JSON.parse(JSON.stringify(rows[0]).replace(/^\{/, '{"__proto__":{"instance_admin":1},')) as Row]);
      });
      // JSON.parse keeps "__proto__" as an own key: it is an unknown column.
      const error = await refusal(importWorkspace(target.deps, forged));
      expect(error.key).toBe("archive.unknown_column");
      const viaConstructor = await forge((_m, tables) => {
        const rows = tables.get("tables/workspaces.jsonl")!;
        tables.set("tables/workspaces.jsonl", [{ ...rows[0], constructor: { prototype: { x: 1 } } }]);
      });
      expect((await refusal(importWorkspace(target.deps, viaConstructor))).key).toBe("archive.unknown_column");
      expect(({} as Record<string, unknown>).instance_admin).toBeUndefined();
    });

    it("never lets a users file change an existing account (password, email, instance admin)", async () => {
      const victim = await buildUser(target.app);
      const before = await target.deps.db.selectFrom("users").selectAll().where("id", "=", victim.user.id).executeTakeFirstOrThrow();
      const forged = await forge((_m, tables) => {
        const rows = tables.get("tables/users.jsonl")!;
        // The victim's email and id, with another name: matched by email, so nothing of it may be written.
        tables.set("tables/users.jsonl", [...rows, { ...rows[0], id: victim.user.id, email: victim.email.toUpperCase(), name: "Taken over", locale: "ko" }]);
      });
      const res = await instanceAdmin.client.upload("/api/instance/workspace-archives", fs.readFileSync(forged), "application/zip");
      expect(res.statusCode, res.body).toBeLessThan(500);
      const after = await target.deps.db.selectFrom("users").selectAll().where("id", "=", victim.user.id).executeTakeFirstOrThrow();
      expect(after).toEqual(before);
    });

    it("refuses an archive whose line is one giant JSON value, or that names a file of another workspace", async () => {
      const giant = await forge((_m, tables) => {
        const rows = tables.get("tables/workspaces.jsonl")!;
        tables.set("tables/workspaces.jsonl", [{ ...rows[0], name: "x".repeat(200_000) }]);
      });
      const error = await refusal(importWorkspace(target.deps, giant, { limits: { ...DEFAULT_LIMITS, maxLineBytes: 100_000 } }));
      expect(error.key).toBe("archive.line_too_long");
      const other = randomUUID();
      const sha = "a".repeat(64);
      const foreign = await writeZip(zipPath("foreign-file"), [...entries, { name: `files/${other}/aa/${sha}`, data: Buffer.from("x") }], true);
      expect((await refusal(importWorkspace(target.deps, foreign))).key).toBe("archive.wrong_workspace");
      expect(fs.existsSync(path.join(target.config.dataDir, "files", other))).toBe(false);
    });

    it("never lets an imported workspace's bad time zone or recurrence stop publishing for the other tenants", async () => {
      for (const [timezone, recurrence] of [
        ["Not/AZone", "FREQ=DAILY"],
        ["Asia/Seoul", "FREQ=NOPE;INTERVAL=-1;;"],
      ] as const) {
        const forged = await forge((manifest, tables) => {
          const ws = tables.get("tables/workspaces.jsonl")!;
          tables.set("tables/workspaces.jsonl", [{ ...ws[0], timezone }]);
          const declared = manifest.tables as Record<string, { rows: number; columns: string[] }>;
          const post: Row = {
            id: randomUUID(), workspace_id: made.workspace.id, title: "Every day", body: "hi", variants: "[]", media: "[]", link: null, utm: "{}", pillar: null, campaign: null,
            goal_id: null, initiative_id: null, status: "scheduled", scheduled_at: "2026-11-26T08:00:00.000Z", recurrence, assignee_member_id: null, card_id: null,
            approved_by: null, approved_at: null, created_by: null, created_at: "2026-11-26T08:00:00.000Z", updated_at: "2026-11-26T08:00:00.000Z", example: 0,
          };
          declared.posts = { rows: 1, columns: declared.posts?.columns ?? Object.keys(post) };
          tables.set("tables/posts.jsonl", [Object.fromEntries(declared.posts.columns.map((c) => [c, post[c] ?? null]))]);
        });
        const res = await instanceAdmin.client.upload("/api/instance/workspace-archives", fs.readFileSync(forged), "application/zip");
        expect(res.statusCode, res.body).toBeLessThan(500);
        // Whether or not it got in, the publisher's round (every tenant's) must go on.
        await expect(new Publisher(target.deps, target.app.log, { workerId: "attack", pollMs: 50 }).round(), `${timezone} ${recurrence}`).resolves.toBeTypeOf("number");
        await target.deps.db.deleteFrom("workspaces").where("id", "=", made.workspace.id).execute();
      }
    });

    it("keeps an archive's files to their asset's own key: no other folder, no outsized thumbnail", async () => {
      const bytes = Buffer.from("the asset's own bytes");
      const sha = createHash("sha256").update(bytes).digest("hex");
      const wrongFolder = sha.startsWith("00") ? "01" : "00";
      const withAsset = (files: ZipEntry[]) =>
        forge((manifest, tables) => {
          const declared = manifest.tables as Record<string, { rows: number; columns: string[] }>;
          const asset: Row = {
            id: randomUUID(), workspace_id: made.workspace.id, sha256: sha, name: "a.png", kind: "image", content_type: "image/png", size: bytes.length, width: 1, height: 1,
            has_thumbnail: 1, alt_text: "", tags: "[]", collection_id: null, created_by: null, created_at: "2026-11-26T08:00:00.000Z", updated_at: "2026-11-26T08:00:00.000Z", duration_ms: null,
          };
          declared.assets = { rows: 1, columns: declared.assets?.columns ?? Object.keys(asset) };
          tables.set("tables/assets.jsonl", [Object.fromEntries(declared.assets.columns.map((c) => [c, asset[c] ?? null]))]);
          extraFiles = files;
        });
      const ws = made.workspace.id;
      // The same bytes under 255 other folders would be 255 copies the app never reads.
      const elsewhere = await withAsset([{ name: `files/${ws}/${wrongFolder}/${sha}`, data: bytes }]);
      expect((await refusal(importWorkspace(target.deps, elsewhere))).key, "a file outside its hash's folder").toMatch(/^archive\./);
      expect(fs.existsSync(path.join(target.config.dataDir, "files", ws, wrongFolder))).toBe(false);
      // A thumbnail is never hashed against anything: a highly compressible giant one is a disk bomb.
      const bomb = await withAsset([
        { name: `files/${ws}/${sha.slice(0, 2)}/${sha}`, data: bytes },
        { name: `files/${ws}/${sha.slice(0, 2)}/${sha}.thumb.webp`, data: Buffer.alloc(64 * 1024 * 1024) },
      ]);
      expect(fs.statSync(bomb).size).toBeLessThan(1024 * 1024);
      expect((await refusal(importWorkspace(target.deps, bomb))).key).toBe("archive.too_large");
      // The honest shape goes in.
      const fine = await withAsset([{ name: `files/${ws}/${sha.slice(0, 2)}/${sha}`, data: bytes }]);
      expect((await importWorkspace(target.deps, fine)).files).toBe(1);
    });

    it("refuses blank lines in a table file: a 27 kB zip of newlines held the embedded database for 26 s", async () => {
      // Blank lines count as no row, so a file of nothing but newlines matched "rows: 0" and every check, while the
      // import's transaction (SQLite: the one connection) waited for it to be read. Here a small one, refused at once.
      const forged = await writeZip(zipPath("blank"), entries.map((e) => (e.name === "tables/traffic.jsonl" ? { name: e.name, data: Buffer.alloc(100_000, 10) } : e)), true);
      const error = await refusal(importWorkspace(target.deps, forged));
      expect(error.key).toBe("archive.bad_json");
      expect(error.params).toMatchObject({ file: "tables/traffic.jsonl", line: 1 });
    });

    it("refuses values the app itself never stores (a made-up role, currency, language or time zone; a budget period of 2,000,000 months; JSON text that is not JSON), naming file, line and column", async () => {
      // Imported as they were, each answered 500 on every screen of the workspace — also for an existing account the
      // archive made a member by its email.
      const cases: Array<[string, string, (r: Row) => Row]> = [
        ["tables/members.jsonl", "role", (r) => ({ ...r, role: "god" })],
        ["tables/workspaces.jsonl", "currency", (r) => ({ ...r, currency: "ZZ!" })],
        ["tables/workspaces.jsonl", "locale", (r) => ({ ...r, locale: "xx" })],
        ["tables/workspaces.jsonl", "timezone", (r) => ({ ...r, timezone: "Not/AZone" })],
        ["tables/users.jsonl", "locale", (r) => ({ ...r, locale: "<b>" })],
        ["tables/workspaces.jsonl", "report_recipients", (r) => ({ ...r, report_recipients: "not json" })],
        // A budget period of 2,000,000 months: one budget page of ~760 MB, built while the server answered no one else.
        ["tables/workspaces.jsonl", "period_months", (r) => ({ ...r, period_months: 2_000_000 })],
        ["tables/workspaces.jsonl", "report_schedule", (r) => ({ ...r, report_schedule: "hourly" })],
      ];
      for (const [file, column, change] of cases) {
        const forged = await forge((_m, tables) => {
          const rows = tables.get(file)!;
          tables.set(file, [change(rows[0]!), ...rows.slice(1)]);
        });
        const error = await refusal(importWorkspace(target.deps, forged));
        expect(error.key, `${file} ${column}`).toBe("archive.wrong_type");
        expect(error.params, `${file} ${column}`).toMatchObject({ file, line: 1, column });
      }
    });

    it("answers the archive to its owner only, whatever the spelling of the address", async () => {
      const admin = await addMember(source.app, made.owner, made.workspace.id, "admin");
      const outsider = await buildUser(source.app);
      const ws = made.workspace.id;
      const forms = [
        `/api/workspaces/${ws}/archive`,
        `/api/workspaces/${ws}/archive/`,
        `//api/workspaces/${ws}/archive`,
        `/API/workspaces/${ws}/archive`,
        `/api/workspaces/${ws.toUpperCase()}/archive`,
        `/api/workspaces/${ws}/archive;owner=1`,
        `/api/workspaces/${ws}/%61rchive`,
        `/api/workspaces/${ws}/./archive`,
        `http://other.example/api/workspaces/${ws}/archive`,
      ];
      for (const who of [admin, outsider]) {
        for (const url of forms) {
          const res = await source.app.inject({ method: "GET", url, headers: { cookie: who.client.cookieHeaderValue() } });
          expect(res.statusCode, url).not.toBe(200);
          expect(res.rawPayload.subarray(0, 2).toString(), url).not.toBe("PK");
        }
      }
      const stranger = await source.app.inject({ method: "GET", url: `/api/workspaces/${ws}/archive` });
      expect(stranger.statusCode).toBe(401);
    });

    it("refuses an upload without the CSRF token, from a non-admin, and of bytes that are not a zip", async () => {
      const someone = await buildUser(target.app);
      const noCsrf = await target.app.inject({ method: "POST", url: "/api/instance/workspace-archives", headers: { cookie: instanceAdmin.client.cookieHeaderValue(), "content-type": "application/zip" }, payload: download });
      expect(noCsrf.statusCode).toBe(403);
      expect((await someone.client.upload("/api/instance/workspace-archives", download, "application/zip")).statusCode).toBe(403);
      const junk = await instanceAdmin.client.upload("/api/instance/workspace-archives", Buffer.from("PK\u0003\u0004 not really a zip"), "application/zip");
      expect(junk.statusCode).toBe(422);
      expect(junk.json<{ error: { message: string } }>().error.message).toMatch(/not a readable workspace archive/);
      expect(await target.deps.db.selectFrom("workspaces").select("id").where("id", "=", made.workspace.id).execute()).toEqual([]);
    });
  });
}

describe("restore: hostile database files", () => {
  const files = (name: string, bytes: number) => [{ path: name, bytes }];
  const withDatabase = (db: Buffer) =>
    rawTarGz([
      { name: "manifest.json", body: manifestFor(files("database/socialplan.db", db.length), { database: { included: true, bytes: db.length, note: "" }, files: { store: "disk", included: false, count: 0, bytes: 0, missing: [], note: "" } }) },
      { name: "database/socialplan.db", body: db },
    ]);

  it("refuses a database entry that is not SQLite, with a clear message, and leaves nothing behind", async () => {
    const root = tempDir("ops-attack-restore");
    try {
      const file = path.join(root, "b.tar.gz");
      fs.writeFileSync(file, withDatabase(Buffer.from("this is not a database at all, only text ".repeat(200))));
      const res = await admin(["restore", file], { DATA_DIR: path.join(root, "data") }).catch((e: unknown) => ({ code: -1, text: String((e as Error).stack) }));
      expect(res.code, res.text).toBe(1);
      expect(res.text).toMatch(/^Restore refused: .*(not a SQLite database|integrity|damaged)/i);
      expect(res.text).not.toMatch(/\n\s+at /);
      expect(fs.readdirSync(root)).toEqual(["b.tar.gz"]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses a SQLite database the migrations cannot bring up (a made-up migration, a table not ours) with a clear message", async () => {
    const root = tempDir("ops-attack-migrations");
    try {
      for (const [label, setup] of [
        ["an unknown migration", "create table kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null); insert into kysely_migration values ('0001-made-up', '2026-01-01');"],
        ["a users table not ours", "create table users (id integer);"],
      ] as const) {
        const dbFile = path.join(root, "odd.db");
        fs.rmSync(dbFile, { force: true });
        const odd = new SQLite(dbFile);
        odd.exec(setup);
        odd.close();
        const file = path.join(root, "b.tar.gz");
        fs.writeFileSync(file, withDatabase(fs.readFileSync(dbFile)));
        const res = await admin(["restore", file], { DATA_DIR: path.join(root, "data") }).catch((e: unknown) => ({ code: -1, text: String((e as Error).stack) }));
        expect(res.code, `${label}: ${res.text}`).toBe(1);
        expect(res.text, label).toMatch(/^Restore refused: /);
        expect(fs.readdirSync(root).sort(), label).toEqual(["b.tar.gz", "odd.db"]);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("never lets a trigger in a restored database write outside it", async () => {
    const root = tempDir("ops-attack-trigger");
    try {
      const dbFile = path.join(root, "evil.db");
      const outside = path.join(root, "outside.db");
      const evil = new SQLite(dbFile);
      // No trigger may ATTACH; a view cannot either: SQLite refuses those at creation. What a hostile database can
      // carry is a trigger on a table the migrations write to.
      evil.exec("create table x (a)");
      expect(() => evil.exec(`create trigger t after insert on x begin attach database '${outside}' as o; end`)).toThrow(/syntax error/);
      expect(() => evil.exec(`create view w as select * from (attach database '${outside}' as o)`)).toThrow(/syntax error/);
      evil.exec("create table notes (x text); create trigger grab after insert on notes begin insert into notes select 'again' where 0; end;");
      evil.exec("create view v as select 1");
      evil.close();
      const file = path.join(root, "b.tar.gz");
      fs.writeFileSync(file, withDatabase(fs.readFileSync(dbFile)));
      const data = path.join(root, "data");
      const res = await admin(["restore", file], { DATA_DIR: data });
      expect(res.text).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(outside)).toBe(false);
      expect(fs.readdirSync(root).sort().filter((n) => n !== "data")).toEqual(["b.tar.gz", "evil.db"]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

/** A workspace's event stream on a real socket, as a browser reads it: the events' types so far, and whether it ended. */
function openStream(port: number, workspaceId: string, cookie: string): Promise<{ status: number; types: () => string[]; ended: () => boolean; close: () => void }> {
  return new Promise((resolve, reject) => {
    let text = "";
    let over = false;
    const req = http.get({ host: "127.0.0.1", port, path: `/api/workspaces/${workspaceId}/events`, headers: { cookie, accept: "text/event-stream" }, agent: false }, (res) => {
      const stream = { status: res.statusCode ?? 0, types: () => [...text.matchAll(/^event: (.*)$/gm)].map((m) => m[1]!), ended: () => over, close: () => req.destroy() };
      res.on("end", () => (over = true));
      res.on("close", () => (over = true));
      res.on("error", () => undefined);
      if (res.statusCode !== 200) {
        res.resume();
        return resolve(stream);
      }
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
        if (text.startsWith(": connected\n\n")) resolve(stream);
      });
    });
    req.on("error", reject);
  });
}

async function until(what: () => boolean, label: string): Promise<void> {
  for (let i = 0; i < 1000 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!what()) throw new Error(`never happened: ${label}`);
}

if (DIALECTS.includes("postgres")) {
  describe("events across servers under attack [postgres]", () => {
    let store: Awaited<ReturnType<typeof createStore>>;
    let a: TestApp;
    let b: TestApp;
    let portB: number;
    beforeAll(async () => {
      store = await createStore("postgres");
      a = await createTestApp("postgres", { store });
      b = await createTestApp("postgres", { store });
      await b.app.listen({ port: 0, host: "127.0.0.1" });
      portB = (b.app.server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await store?.drop();
    });

    it("keeps each workspace's events to its own members, whatever the card's text, and survives a forged NOTIFY", async () => {
      const one = await buildWorkspace(a.app);
      const two = await buildWorkspace(a.app);
      const outsider = await buildUser(a.app);
      // A stranger and an outsider cannot subscribe (on the other server either).
      expect((await openStream(portB, one.workspace.id, "")).status).toBe(401);
      expect((await openStream(portB, one.workspace.id, outsider.client.cookieHeaderValue())).status).toBe(404);
      expect((await openStream(portB, two.workspace.id, one.owner.client.cookieHeaderValue())).status).toBe(404);
      const streamOne = await openStream(portB, one.workspace.id, one.owner.client.cookieHeaderValue());
      const streamTwo = await openStream(portB, two.workspace.id, two.owner.client.cookieHeaderValue());
      try {
        // Someone else on the database (NOTIFY needs no privilege) sends what is not ours, and an "error" event.
        const intruder = new pg.Client({ connectionString: store.databaseUrl });
        await intruder.connect();
        const forged = (w: string, type: string) => JSON.stringify({ w, e: { type }, t: Date.now(), o: "intruder" });
        await intruder.query("select pg_notify($1, $2)", [EVENTS_CHANNEL, forged("error", "board")]);
        await intruder.query("select pg_notify($1, $2)", [EVENTS_CHANNEL, forged(two.workspace.id, "board\nevent: notification")]);
        await intruder.query("select pg_notify($1, $2)", [EVENTS_CHANNEL, "not json'); select pg_sleep(10); --"]);
        await intruder.end();
        const hostile = `'"); NOTIFY ${EVENTS_CHANNEL}, '{"w":"${two.workspace.id}"}'; --\n\r\u0000 ${"한".repeat(60)}`.slice(0, 200);
        const card = await one.owner.client.post(`/api/workspaces/${one.workspace.id}/board/cards`, { title: hostile, description: "x".repeat(9000) });
        expect(card.statusCode, card.body).toBe(201);
        await until(() => streamOne.types().includes("board"), "the board event reached workspace one's stream on the other server");
        // Workspace two's own change arrives after everything above: by then nothing of one's (or forged) was seen.
        expect((await two.owner.client.post(`/api/workspaces/${two.workspace.id}/board/cards`, { title: "two" })).statusCode).toBe(201);
        await until(() => streamTwo.types().includes("board"), "workspace two's own event");
        expect(streamTwo.types()).toEqual(["board"]);
        expect(streamOne.types().filter((t) => t === "board")).toHaveLength(1);
      } finally {
        streamOne.close();
        streamTwo.close();
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`import route and worker listener under attack [${dialect}]`, () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { METRICS_TOKEN: TOKEN } });
      await buildUser(t.app); // the instance admin
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      port = (t.app.server.address() as AddressInfo).port;
    });
    afterAll(() => t?.close());

    it("refuses a non-admin's huge body to the import route before reading it, whatever its content type", async () => {
      const someone = await buildUser(t.app);
      const csrf = await someone.client.csrfToken();
      for (const type of ["application/json", "application/zip", "application/x-www-form-urlencoded"]) {
        // Five gigabytes announced, a few bytes sent: the answer must come without the rest.
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = net.connect(port, "127.0.0.1");
          let got = "";
          socket.setTimeout(10_000, () => socket.destroy(new Error(`${type}: no answer before the body was sent`)));
          socket.on("data", (d) => {
            got += d.toString("latin1");
            if (got.includes("\r\n\r\n")) {
              socket.destroy();
              resolve(got);
            }
          });
          socket.on("error", reject);
          socket.write(
            `POST /api/instance/workspace-archives HTTP/1.1\r\nHost: x\r\nCookie: ${someone.client.cookieHeaderValue()}\r\nx-csrf-token: ${csrf}\r\nContent-Type: ${type}\r\nContent-Length: ${5 * 1024 ** 3}\r\n\r\n{"a":"`,
          );
        });
        expect([403, 413, 415], `${type}: ${answer.split("\r\n")[0]}`).toContain(statusOf(answer));
      }
    });

    it("serves a worker's figures on METRICS_PORT to the token only, under no other spelling", async () => {
      const listener = await startWorkerListener({ ...t.deps, config: { ...t.config, metricsPort: 18251, host: "127.0.0.1" } }, t.app.log);
      try {
        for (const target of ["/metrics/", "//metrics", "/METRICS", "/metrics;x", "/%6detrics", "/health/../metrics", "http://x/metrics", "/metrics?token=" + TOKEN]) {
          for (const headers of [{}, { authorization: `Bearer ${TOKEN.slice(1)}` }, { cookie: `token=${TOKEN}` }] as Record<string, string>[]) {
            const answer = await raw(18251, get(target, headers));
            expect(answer, target).not.toMatch(/socialplan_|process_cpu/);
            expect(statusOf(answer), target).not.toBe(200);
          }
        }
        const ready = await raw(18251, get("/health/ready"));
        expect(ready).not.toContain(t.config.dataDir);
        expect(ready).not.toMatch(/postgres(ql)?:\/\//);
        expect(statusOf(await raw(18251, get("/metrics", { authorization: `Bearer ${TOKEN}` })))).toBe(200);
      } finally {
        await new Promise((r) => listener.close(r));
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`an open event stream after its access is gone [${dialect}]`, () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      port = (t.app.server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      vi.useRealTimers();
      await t?.close();
    });

    it("ends at the next keep-alive for a removed member and for a signed-out session (a stolen laptop's 'sign out everywhere')", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const member = await addMember(t.app, owner, workspace.id, "editor");
      // A second session of the owner's, which they keep.
      const other = new TestClient(t.app);
      expect((await other.post("/api/auth/login", { email: owner.email, password: PASSWORD })).statusCode).toBe(200);
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      const streams: Array<{ close: () => void }> = [];
      try {
        const signedOut = await openStream(port, workspace.id, owner.client.cookieHeaderValue());
        const removed = await openStream(port, workspace.id, member.client.cookieHeaderValue());
        streams.push(signedOut, removed);
        expect((await other.delete("/api/auth/sessions")).statusCode).toBeLessThan(300); // ends every other session
        expect((await owner.client.get(`/api/workspaces/${workspace.id}/board`)).statusCode).toBe(401);
        const memberId = (await t.deps.db.selectFrom("members").select("id").where("workspace_id", "=", workspace.id).where("user_id", "=", member.user.id).executeTakeFirstOrThrow()).id;
        expect((await other.delete(`/api/workspaces/${workspace.id}/members/${memberId}`)).statusCode).toBe(204);
        // Until the keep-alive the streams stay open (say so: events reach them until then).
        vi.advanceTimersByTime(25_000);
        await until(() => removed.ended(), "the removed member's stream ended");
        await until(() => signedOut.ended(), "the signed-out session's stream ended");
        // And neither can open again.
        expect((await openStream(port, workspace.id, owner.client.cookieHeaderValue())).status).toBe(401);
        expect((await openStream(port, workspace.id, member.client.cookieHeaderValue())).status).toBe(404);
      } finally {
        for (const s of streams) s.close();
        vi.useRealTimers();
      }
    });
  });
}

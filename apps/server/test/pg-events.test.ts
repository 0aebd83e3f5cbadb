import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkspaceEvent } from "../src/lib/events.ts";
import { decodeEvent, encodeEvent, MAX_PAYLOAD_BYTES, PgEvents } from "../src/lib/pg-events.ts";
import { createStore, DIALECTS, type TestStore } from "./helpers/test-app.ts";

const W = "6a1f0a52-3c1e-4a53-9a3b-6f4d2f1b0c11";
const OTHER = "0b8e5c0e-5f0b-4f5e-8c1e-2a7d9d2b6a22";

describe("workspace event payloads", () => {
  it("cuts an event too big for NOTIFY to its type and id", () => {
    const big: WorkspaceEvent = { type: "board", id: "card-1", cards: "x".repeat(20_000) };
    const payload = encodeEvent(W, big, "origin", 1000);
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(decodeEvent(payload)).toEqual({ w: W, e: { type: "board", id: "card-1" }, t: 1000, o: "origin" });
  });

  it("keeps a small event whole and ignores payloads that are not ours", () => {
    expect(decodeEvent(encodeEvent(W, { type: "board", by: "m1" }, "o", 5))!.e).toEqual({ type: "board", by: "m1" });
    for (const junk of ["", "{", "[]", '{"w":1}', '{"w":"a","t":1,"o":"x","e":{}}']) expect(decodeEvent(junk)).toBeNull();
  });
});

// Two buses on one database stand for two server processes.
describe.skipIf(!DIALECTS.includes("postgres"))("events across processes through LISTEN/NOTIFY [postgres]", () => {
  let store: TestStore;
  const dbs: Kysely<any>[] = [];
  const buses: PgEvents[] = [];

  const bus = () => {
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: store.databaseUrl, max: 2 }) }) });
    dbs.push(db);
    const b = new PgEvents({ connectionString: store.databaseUrl!, db, logLevel: "silent" });
    buses.push(b);
    return b;
  };
  const until = async (what: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!what()) {
      if (Date.now() > deadline) throw new Error("timed out waiting");
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    store = await createStore("postgres");
  });
  afterAll(async () => {
    for (const b of buses) await b.close();
    for (const db of dbs) await db.destroy();
    await store.drop();
  });

  it("delivers a change to the other process's subscribers of that workspace only, and once to its own", async () => {
    const a = bus();
    const b = bus();
    const atA: WorkspaceEvent[] = [];
    const atB: WorkspaceEvent[] = [];
    const elsewhere: WorkspaceEvent[] = [];
    a.subscribe(W, (e) => atA.push(e));
    b.subscribe(W, (e) => atB.push(e));
    b.subscribe(OTHER, (e) => elsewhere.push(e));
    await Promise.all([a.ready(), b.ready()]);
    a.publish(W, { type: "board", by: "m1" });
    await until(() => atB.length === 1);
    expect(atB).toEqual([{ type: "board", by: "m1" }]);
    // The publisher's own subscriber got it at once, and not again when its NOTIFY came back.
    a.publish(W, { type: "notification" });
    await until(() => atB.length === 2);
    expect(atA).toEqual([{ type: "board", by: "m1" }, { type: "notification" }]);
    expect(elsewhere).toEqual([]);
  });

  it("publishes from a process that never listens (a worker)", async () => {
    const worker = bus();
    const server = bus();
    const got: WorkspaceEvent[] = [];
    server.subscribe(W, (e) => got.push(e));
    await server.ready();
    worker.publish(W, { type: "notification" });
    await until(() => got.length === 1);
    expect(got).toEqual([{ type: "notification" }]);
  });

  it("reconnects when its connection is cut, tells its streams to re-read, and hears the others again", async () => {
    const a = bus();
    const b = bus();
    const got: WorkspaceEvent[] = [];
    b.subscribe(W, (e) => got.push(e));
    await b.ready();
    const admin = new pg.Client({ connectionString: store.databaseUrl });
    await admin.connect();
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'socialplan-events' and datname = current_database()");
    await admin.end();
    await until(() => got.some((e) => e.type === "resync"), 10_000);
    a.publish(W, { type: "board", by: "after" });
    await until(() => got.some((e) => e.by === "after"));
  });
});

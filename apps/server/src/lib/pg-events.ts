import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import pino from "pino";
import type { EventBus, WorkspaceEvent } from "./events.ts";
import { recordEventLag } from "./metrics.ts";

/** The one PostgreSQL channel every process LISTENs on; the workspace travels in the payload. */
export const EVENTS_CHANNEL = "socialplan_events";
/** PostgreSQL refuses NOTIFY payloads from 8000 bytes; stay well under, with room for the envelope. */
export const MAX_PAYLOAD_BYTES = 7000;
const BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000];
const PING_MS = 30_000;

/** What travels through NOTIFY: workspace, event, when it was published (ms since epoch) and by which process. */
export interface WireEvent {
  w: string;
  e: WorkspaceEvent;
  t: number;
  o: string;
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PgEventsOptions {
  connectionString: string;
  /** The process's own database handle, which sends the NOTIFYs (no extra connection for publishing). */
  db: Kysely<any>;
  log?: Log;
  logLevel?: string;
  channel?: string;
}

/**
 * The PostgreSQL bus, for several server processes on one database: a change is delivered at once to this
 * process's own streams and sent to the others with `pg_notify`. One dedicated connection per process LISTENs
 * — opened on the first subscriber, so a publishing worker never holds one — and comes back with backoff when
 * it drops; the streams then get a `{ type: "resync" }` so open screens re-read what they may have missed.
 */
export class PgEvents implements EventBus {
  /** This process, so it does not deliver its own events twice. */
  readonly originId = randomUUID();
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly channel: string;
  private readonly log: Log;
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private everConnected = false;
  private closed = false;

  constructor(private readonly options: PgEventsOptions) {
    this.channel = options.channel ?? EVENTS_CHANNEL;
    this.log = options.log ?? pino({ name: "events", level: options.logLevel === "off" ? "silent" : (options.logLevel ?? "info") });
  }

  publish(workspaceId: string, event: WorkspaceEvent): void {
    this.emitter.emit(workspaceId, event);
    const payload = encodeEvent(workspaceId, event, this.originId);
    sql`select pg_notify(${this.channel}, ${payload})`.execute(this.options.db).catch((err: unknown) => {
      this.log.warn({ err, event: "events.notify_failed", workspaceId }, "could not send a workspace event to the other servers; their screens catch up on their next read");
    });
  }

  subscribe(workspaceId: string, listener: (event: WorkspaceEvent) => void): () => void {
    this.emitter.on(workspaceId, listener);
    void this.ready().catch(() => undefined);
    return () => this.emitter.off(workspaceId, listener);
  }

  /** Resolves once this process LISTENs (connecting on first use); rejects if the first attempt fails (retries go on). */
  ready(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true, application_name: "socialplan-events" });
    let lost = false;
    const onLost = (err?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      if (this.pingTimer) clearInterval(this.pingTimer);
      client.removeAllListeners("notification");
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.log.warn({ err, event: "events.connection_lost" }, "lost the workspace events connection; reconnecting");
      this.scheduleReconnect();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (msg) => {
      if (msg.channel === this.channel && msg.payload) this.receive(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (err) {
      onLost(err);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempts = 0;
    // A dead peer (a server gone away without closing) shows only when the connection is used.
    this.pingTimer = setInterval(() => void client.query("select 1").catch(onLost), PING_MS).unref();
    if (this.everConnected) {
      this.log.info({ event: "events.reconnected" }, "workspace events connection is back; open screens re-read");
      for (const workspaceId of this.emitter.eventNames()) this.emitter.emit(workspaceId, { type: "resync" });
    }
    this.everConnected = true;
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    const delay = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)]!;
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.emitter.eventNames().length === 0 && !this.everConnected) return;
      void this.ready().catch(() => undefined);
    }, delay);
    this.reconnectTimer.unref();
  }

  private receive(payload: string): void {
    const wire = decodeEvent(payload);
    if (!wire) return;
    recordEventLag((Date.now() - wire.t) / 1000);
    if (wire.o === this.originId) return;
    this.emitter.emit(wire.w, wire.e);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.emitter.removeAllListeners();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

/** The NOTIFY payload; an event too big for it travels as `{ type, id }` (screens re-read by id). */
export function encodeEvent(workspaceId: string, event: WorkspaceEvent, originId: string, now = Date.now()): string {
  const full = JSON.stringify({ w: workspaceId, e: event, t: now, o: originId } satisfies WireEvent);
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  const cut: WorkspaceEvent = { type: String(event.type).slice(0, 100), ...(typeof event.id === "string" ? { id: event.id.slice(0, 200) } : {}) };
  return JSON.stringify({ w: workspaceId, e: cut, t: now, o: originId } satisfies WireEvent);
}

const WORKSPACE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^[a-z][a-z_]{0,39}$/;

/** A payload from the channel, or null when it is not one of ours. */
export function decodeEvent(payload: string): WireEvent | null {
  try {
    const v = JSON.parse(payload) as Partial<WireEvent>;
    if (typeof v.w !== "string" || typeof v.t !== "number" || typeof v.o !== "string" || !v.e || typeof v.e.type !== "string") return null;
    // Anyone connected to the database may NOTIFY: a workspace that is not an id ("error" would throw in the emitter
    // and take the process down) or a type that is not a word (it is written into the stream's `event:` line) is not ours.
    if (!WORKSPACE_ID.test(v.w) || !EVENT_TYPE.test(v.e.type)) return null;
    return v as WireEvent;
  } catch {
    return null;
  }
}

import { createHash } from "node:crypto";
import { recordImport } from "../../lib/metrics.ts";
import type { Readable } from "node:stream";
import { METRICS } from "@socialplan/domain";
import { cleanText, isCalendarDate, type MessageParams, type MetricImportQuery, type MetricImportResult } from "@socialplan/schema";
import { DateTime } from "luxon";
import { sqliteFile, type DB, type Dialect } from "../../db/database.ts";
import type { Membership } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { describeColumns, headerKey, headerText, matchHeaders, type HeaderLanguage } from "../../lib/header-match.ts";
import { channelsOf } from "../posts/posts.service.ts";
import { findChannel } from "../posts/post-files.ts";
import { matchAccount, type AccountNames } from "./account-match.ts";
import { FACEBOOK_HEADERS, GA4_COLUMNS, META_COLUMNS } from "./metric-headers.ts";
import { createWriter } from "./metric-writer.ts";
import { wakeBestTimeSummarisers } from "./best-time-summariser.ts";

type Translate = (key: string, params?: MessageParams) => string;
type Language = HeaderLanguage;

/** A cell of 1 to 15 ASCII digits, read without a regular expression or a copy; -1 for anything else. */
function plainWhole(text: string): number {
  const length = text.length;
  if (length === 0 || length > 15) return -1;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * A number as a spreadsheet or an export writes it: "1,520" (English, Korean), "1.520" or "1.520,5" (German),
 * with spaces, a percent sign or a currency sign around it. Empty and "-" mean no number; anything else is an error.
 */
export function parseNumber(text: string, language: Language | null): number | null | "bad" {
  // Most cells of an export are plain whole numbers: read at once.
  const whole = plainWhole(text);
  if (whole >= 0) return whole;
  let t = text.replace(/[\s\u00a0\u202f%₩$€£]/g, "");
  if (t === "" || t === "-" || t === "--" || t === "—") return null;
  if (language === "de") t = t.replace(/\.(?=\d{3}(\D|$))/g, "").replace(",", ".");
  else t = t.replace(/,(?=\d{3}(\D|$))/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(t)) return "bad";
  return Number(t);
}

const DATE_FORMATS: Record<MetricImportQuery["dateFormat"], string> = {
  "YYYY-MM-DD": "yyyy-M-d",
  "MM/DD/YYYY": "M/d/yyyy",
  "DD/MM/YYYY": "d/M/yyyy",
  "DD.MM.YYYY": "d.M.yyyy",
};
const TIMES = ["", " H:mm", " H:mm:ss", " h:mm a"];

/** A date or date-and-time as the file writes it, in the workspace's zone; GA4's "20241105" is always understood. */
function parseWhen(text: string, format: MetricImportQuery["dateFormat"], zone: string): DateTime | null {
  const d = parseAnyWhen(text, format, zone);
  // Only days the API itself accepts (1900-01-01 to 9999-12-31).
  return d && isCalendarDate(d.toISODate()) ? d : null;
}

function parseAnyWhen(text: string, format: MetricImportQuery["dateFormat"], zone: string): DateTime | null {
  const t = text.trim().toUpperCase();
  if (/^\d{8}$/.test(t)) {
    const d = DateTime.fromFormat(t, "yyyyMMdd", { zone });
    return d.isValid ? d : null;
  }
  for (const time of TIMES) {
    const d = DateTime.fromFormat(t, DATE_FORMATS[format] + time, { zone, locale: "en-US" });
    if (d.isValid) return d;
  }
  const d = DateTime.fromISO(text.trim(), { zone });
  return d.isValid ? d : null;
}

interface TrafficRow {
  day: string;
  source: string;
  medium: string;
  campaign: string;
  sessions: number;
  keyEvents: number;
  revenue: number;
}

/** Rows per upsert of traffic rows. */
const BATCH = 2000;
const MAX_ERRORS = 200;
/** Bounds that no real export comes near, so a hostile file cannot make the server hold or echo megabytes. */
const MAX_COLUMNS = 500;
const MAX_HEADER_CHARS = 200;
const MAX_LINE_CHARS = 1_000_000;
const MAX_PREVIEW = 20;

/** A post's key in the metrics table: the Socialplan post it was published as, else the network's id (hashed when long). */
export function externalKey(id: string): string {
  const k = `m:${id.trim()}`;
  return k.length <= 36 ? k : `h:${createHash("sha256").update(id.trim()).digest("hex").slice(0, 34)}`;
}

/** Socialplan posts by the permalink their delivery got when it went out (or was confirmed), to join an export's rows to them. */
async function postsByPermalink(db: DB, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom("deliveries").select(["post_id", "permalink"]).where("workspace_id", "=", workspaceId).where("permalink", "is not", null).execute();
  return new Map(rows.map((r) => [canonicalUrl(r.permalink!), r.post_id]));
}
export const canonicalUrl = (u: string) => u.trim().replace(/^https?:\/\/(www\.)?/i, "").replace(/[/?#]+$/, "").toLowerCase();

/**
 * Reads a metrics file as it arrives (the request body, streamed: memory stays flat however large the file) and,
 * unless it is a dry run, saves every good row. Each bad row is reported with its line, the field and what to fix;
 * a preview of the first rows shows how the file was understood.
 */
export async function importMetrics(db: DB, dialect: Dialect, dataDir: string, m: Membership, body: Readable, q: MetricImportQuery, tr: Translate, now: Date): Promise<MetricImportResult> {
  const started = performance.now();
  const { default: Papa } = await import("papaparse");
  const zone = m.workspace.timezone;
  const channels = await channelsOf(db, m.workspaceId);
  const defaultChannel = q.channelId && channels.has(q.channelId) ? q.channelId : null;
  const permalinks = q.preset === "meta" ? await postsByPermalink(db, m.workspaceId) : new Map<string, string>();
  // A GA4 export's rows are traffic (saved below), never channel numbers: no writer (or its thread) is started for it.
  const writer = createWriter({ db, dialect, file: dialect === "sqlite" ? sqliteFile(dataDir) : null, workspaceId: m.workspaceId, source: `import:${q.preset}`, now }, q.dryRun || q.preset === "ga4");
  const traffic = new Map<string, TrafficRow>();
  const result: MetricImportResult = { rows: 0, good: 0, cells: 0, errors: [], errorCount: 0, columns: [], language: null, preview: [] };
  const fail = (line: number, field: string, key: string, params: MessageParams = {}) => {
    result.errorCount += 1;
    if (result.errors.length < MAX_ERRORS) result.errors.push({ line, field, message: tr(key, { field: tr(`fields.${field}`), ...params }) });
  };

  let headers: string[] | null = null;
  let at = new Map<string, number>();
  let language: Language | null = null;
  let metricColumns: [number, string][] = [];
  // Meta: rows of an account's numbers by day rather than posts, and the network the export is from.
  let accountRows = false;
  let network: "facebook" | "instagram" | null = null;
  let line = 0;
  let fatal = false;
  // A file repeats its dates and accounts on many rows: each is understood once.
  const dates = new Map<string, { dt: DateTime; day: string } | null>();
  const named = new Map<string, string | null>();
  // A row's numbers, in the order of its metric columns (kept from row to row: no object per row). Where two
  // columns are mapped to one metric, a row's object keeps the later number once, as it always did.
  let rowMetrics: string[] = [];
  let rowValues = new Float64Array(0);
  let metricTwice = false;
  // The row being read, for `cell`.
  let raw: string[] = [];
  const cell = (f: string) => {
    const i = at.get(f);
    // A file is not a JSON body, so its text is cleaned here (captions and names are stored).
    return i === undefined || i < 0 ? "" : cleanText(raw[i] ?? "").trim();
  };

  /** One row of the file, understood and handed to the writer (no waiting here: the file is paused instead). */
  const row = (cells: string[]) => {
    raw = cells;
    line += 1;
    if (fatal) return;
    if (!headers) {
      if (raw.length > MAX_COLUMNS) {
        fail(1, "file", "metrics.too_many_columns", { count: raw.length, max: MAX_COLUMNS });
        fatal = true;
        headers = [];
        return;
      }
      headers = raw.map((h) => headerText(h).slice(0, MAX_HEADER_CHARS));
      if (q.preset === "generic") {
        const mapping = q.mapping ?? { date: "", metrics: {} };
        // The column named in the mapping: as written, else the one that means the same ("Datum " for "Datum").
        const index = (name: string) => {
          const exact = headers!.indexOf(name.trim());
          return exact >= 0 ? exact : headers!.findIndex((h) => headerKey(h) === headerKey(name));
        };
        at = new Map([["date", index(mapping.date)]]);
        if (mapping.channel) at.set("channel", index(mapping.channel));
        metricColumns = Object.entries(mapping.metrics).flatMap(([col, metric]) => (index(col) >= 0 ? [[index(col), metric] as [number, string]] : []));
        language = q.decimal === "comma" ? "de" : "en";
        result.columns = describeColumns(headers, [...at, ...metricColumns.map(([i, metric]) => [metric, i] as const)]);
      } else {
        const match = q.preset === "meta" ? matchHeaders(headers, META_COLUMNS) : matchHeaders(headers, GA4_COLUMNS);
        ({ at, language } = match);
        if (q.preset === "meta") {
          // A row is a post when the file says when it was published (or has post ids, or no day column at all);
          // otherwise it is the account's numbers of the day in its date column. A post's "Date" says "Lifetime".
          accountRows = !at.has("published") && !at.has("post_id") && at.has("date");
          if (!accountRows) at.delete("date");
          const keys = new Set(headers.map(headerKey));
          network = FACEBOOK_HEADERS.some((h) => keys.has(headerKey(h))) ? "facebook" : at.has("account_username") ? "instagram" : null;
          metricColumns = [...at].filter(([f]) => (METRICS as readonly string[]).includes(f)).map(([f, i]) => [i, f]);
        }
        result.columns = describeColumns(headers, at);
      }
      result.language = language;
      const needs = q.preset === "meta" ? [accountRows ? "date" : "published"] : q.preset === "ga4" ? ["date", "sessions"] : ["date"];
      for (const f of needs) {
        if ((at.get(f) ?? -1) < 0) {
          fail(1, f, "metrics.no_column", { columns: headers.slice(0, 40).join(", ") });
          fatal = true;
        }
      }
      if (q.preset !== "ga4" && !metricColumns.length) {
        fail(1, "metrics", "metrics.no_metric_columns");
        fatal = true;
      }
      rowMetrics = metricColumns.map(([, metric]) => metric);
      rowValues = new Float64Array(metricColumns.length);
      metricTwice = new Set(rowMetrics).size < rowMetrics.length;
      return;
    }
    result.rows += 1;
    // GA4 and spreadsheets end with a totals row; it is a sum of the others, not a day.
    const totals = /^(grand total|total|총계|합계|gesamtsumme|summe)$/i.test((raw[0] ?? "").trim()) || (q.preset === "ga4" && !cell("date") && !cell("source_medium") && !cell("source"));
    if (totals) {
      result.rows -= 1;
      return;
    }
    const errorsBefore = result.errorCount;
    const when = cell(q.preset === "meta" && !accountRows ? "published" : "date");
    let known: { dt: DateTime; day: string } | null = null;
    if (when) {
      known = dates.get(when) ?? null;
      if (!dates.has(when)) {
        // Times to the minute rarely repeat: the memory stays bounded.
        if (dates.size >= 10_000) dates.clear();
        const parsed = parseWhen(when, q.dateFormat, zone);
        dates.set(when, (known = parsed ? { dt: parsed, day: parsed.toISODate()! } : null));
      }
    }
    const dt = known?.dt ?? null;
    if (!when) fail(line, "date", "validation.required");
    else if (!dt) fail(line, "date", "metrics.bad_date", { value: when, format: q.dateFormat });
    const day = known?.day ?? "";

    if (q.preset === "ga4") {
      let source = cell("source");
      let medium = cell("medium");
      const sm = cell("source_medium");
      if (sm) [source = "", medium = ""] = sm.split("/").map((s) => s.trim());
      const numbers = { sessions: 0, keyEvents: 0, revenue: 0 };
      for (const [field, key] of [["sessions", "sessions"], ["key_events", "keyEvents"], ["revenue", "revenue"]] as const) {
        const v = parseNumber(cell(field), language);
        if (v === "bad") fail(line, field, "metrics.bad_number", { value: cell(field) });
        else numbers[key] = v ?? 0;
      }
      if (result.errorCount > errorsBefore) return;
      const row = { day, source: source || "(direct)", medium: medium || "(none)", campaign: cell("campaign") || "(not set)", ...numbers };
      const key = `${row.day}|${row.source}|${row.medium}|${row.campaign}`;
      const prev = traffic.get(key);
      // The same day, source, medium and campaign twice (the export split by another dimension): added up.
      traffic.set(key, prev ? { ...row, sessions: prev.sessions + row.sessions, keyEvents: prev.keyEvents + row.keyEvents, revenue: prev.revenue + row.revenue } : row);
      result.good += 1;
      result.cells += 1;
      if (result.preview.length < MAX_PREVIEW) result.preview.push({ line, day, channel: `${row.source} / ${row.medium}`, post: row.campaign, values: { sessions: row.sessions } });
      return;
    }

    let channelId: string | null = defaultChannel;
    const who: AccountNames = q.preset === "meta" ? { id: cell("account_id"), username: cell("account_username"), name: cell("account_name") } : { id: "", username: "", name: cell("channel") };
    if (who.id || who.username || who.name) {
      const key = q.preset === "meta" ? `${who.id}\u0000${who.username}\u0000${who.name}` : who.name;
      if (!named.has(key)) {
        if (named.size >= 10_000) named.clear();
        // A generic file's channel column: a channel's name ("instagram @onsae"), its handle with or without the @.
        named.set(key, q.preset === "meta" ? matchAccount(who, channels, network) : (findChannel(who.name, channels) ?? matchAccount({ id: "", username: who.name, name: "" }, channels, null)));
      }
      const found = named.get(key);
      if (found) channelId = found;
      else if (!defaultChannel) {
        if (q.preset === "meta") fail(line, "channel", "metrics.unknown_account", { value: who.username || who.name || who.id });
        else fail(line, "channel", "import.unknown_channel", { value: who.name });
      }
    } else if (!channelId) fail(line, "channel", "metrics.no_channel");

    // The row's numbers: `rowValues` in the order of `metricColumns`, NaN where a cell is empty.
    let count = 0;
    for (let k = 0; k < metricColumns.length; k++) {
      const i = metricColumns[k]![0];
      const v = parseNumber(raw[i] ?? "", language);
      if (v === "bad") fail(line, rowMetrics[k]!.replace(/^custom:/, ""), "metrics.bad_number", { value: raw[i] ?? "" });
      else if (v !== null) count += 1;
      rowValues[k] = typeof v === "number" ? v : NaN;
    }
    let postKey = "";
    if (q.preset === "meta" && !accountRows) {
      const permalink = cell("permalink");
      const id = cell("post_id") || permalink;
      if (!id) fail(line, "post_id", "validation.required");
      postKey = permalinks.get(canonicalUrl(permalink)) ?? externalKey(id);
    }
    if (result.errorCount > errorsBefore || !channelId) return;
    result.good += 1;
    // As an object (metric → number) only where needed: the preview, and two columns of one metric (the later wins).
    const values = result.preview.length < MAX_PREVIEW || metricTwice ? rowObject() : null;
    if (values && result.preview.length < MAX_PREVIEW) result.preview.push({ line, day, channel: channels.get(channelId)!.name, post: postKey || null, values });
    if (q.preset === "meta" && (postKey.startsWith("m:") || postKey.startsWith("h:"))) {
      writer.post({ channelId, postKey, publishedAt: dt!.toUTC().toISO()!, permalink: cell("permalink").slice(0, 2000), caption: (cell("caption") || cell("title")).slice(0, 5000), postType: cell("post_type").slice(0, 60) });
    }
    if (metricTwice) {
      for (const [metric, value] of Object.entries(values!)) writer.add({ channelId, postKey, day, metric, value });
    } else if (count === rowMetrics.length) writer.addRow(channelId, postKey, day, rowMetrics, rowValues, count);
    else {
      // Empty cells are no numbers: the others, in their order.
      let n = 0;
      for (let k = 0; k < rowMetrics.length; k++) {
        if (Number.isNaN(rowValues[k]!)) continue;
        sparseMetrics[n] = rowMetrics[k]!;
        sparseValues[n++] = rowValues[k]!;
      }
      writer.addRow(channelId, postKey, day, sparseMetrics, sparseValues, n);
    }
  };
  const sparseMetrics: string[] = [];
  const sparseValues: number[] = [];
  const rowObject = () => {
    const values: Record<string, number> = {};
    for (let k = 0; k < rowMetrics.length; k++) if (!Number.isNaN(rowValues[k]!)) values[rowMetrics[k]!] = rowValues[k]!;
    return values;
  };

  // Papa's own chunks (64 KB of text at a time) rather than a stream of rows: an async step per row cost more than
  // the rest of the import. Text is decoded before Papa sees it, so a character split between two chunks stays whole.
  body.setEncoding("utf8");
  try {
    await new Promise<void>((resolve, reject) => {
      let stopped = false;
      // The rest of the upload is read and thrown away, so that the client gets its answer.
      const stop = (e: unknown) => {
        stopped = true;
        // Papa lets go of the body (it would keep every later byte of an unfinished line), and the rest is drained.
        body.removeAllListeners("data");
        body.on("data", () => undefined);
        body.resume();
        reject(e);
      };
      // No real export has a line of a million characters: one that long is refused before Papa holds all of it.
      let sinceNewline = 0;
      body.on("data", (text: string) => {
        const nl = text.lastIndexOf("\n");
        sinceNewline = nl >= 0 ? text.length - nl - 1 : sinceNewline + text.length;
        if (sinceNewline > MAX_LINE_CHARS && !stopped) stop(new AppError(413, "metrics.line_too_long", { max: MAX_LINE_CHARS }));
      });
      Papa.parse(body as never, {
        skipEmptyLines: "greedy",
        comments: "#",
        delimitersToGuess: [",", ";", "\t"],
        // Meta's exports start with a byte order mark before the first quoted header: read as part of it, it hid the
        // first column ("Post ID") from the header match.
        // Excel's "sep=," line, which some exports start with, says the delimiter: it is not the header row.
        beforeFirstChunk: (text: string) => text.replace(/^\uFEFF/, "").replace(/^"?sep=[,;\t|]"?[^\S\n]*\n/i, ""),
        chunk: (results: Papa.ParseResult<string[]>) => {
          if (stopped) return;
          try {
            for (const raw of results.data) row(raw);
            const backlog = writer.backlog();
            if (backlog) {
              body.pause();
              backlog.then(() => body.resume(), stop);
            }
          } catch (e) {
            stop(e);
          }
        },
        complete: () => resolve(),
        error: (e: Error) => reject(e),
      } as never);
      body.on("error", reject);
    });
  } catch (e) {
    writer.abort();
    throw e;
  }
  if (!headers) fail(1, "file", "metrics.empty_file");
  result.cells += await writer.finish();
  if (traffic.size && !q.dryRun) await saveTraffic(db, m.workspaceId, [...traffic.values()], now);
  if (!q.dryRun) {
    recordImport(`numbers_${q.preset}`, result.good, (performance.now() - started) / 1000);
    // Its per-post numbers marked their posts: the best-time summary adds them up now rather than at the next request.
    wakeBestTimeSummarisers();
  }
  return result;
}

async function saveTraffic(db: DB, workspaceId: string, rows: readonly TrafficRow[], now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH);
    await db
      .insertInto("traffic")
      .values(part.map((r) => ({ workspace_id: workspaceId, day: r.day, source: r.source.slice(0, 200), medium: r.medium.slice(0, 200), campaign: r.campaign.slice(0, 200), sessions: r.sessions, key_events: r.keyEvents, revenue: r.revenue, updated_at: iso(now) })))
      .onConflict((oc) =>
        oc.columns(["workspace_id", "day", "source", "medium", "campaign"]).doUpdateSet((eb) => ({ sessions: eb.ref("excluded.sessions"), key_events: eb.ref("excluded.key_events"), revenue: eb.ref("excluded.revenue"), updated_at: eb.ref("excluded.updated_at") })),
      )
      .execute();
  }
}

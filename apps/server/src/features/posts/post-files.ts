import { postLength, readLocalTime, utcToZoned, type LocalDateTime, type LocalTimeReading } from "@socialplan/domain";
import { recordImport } from "../../lib/metrics.ts";
import { isInstant, NETWORK_LIMITS, type ImportPosts, type ImportResult, type ImportRow, type MessageParams } from "@socialplan/schema";
import { DateTime } from "luxon";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { hashToken, randomToken } from "../../lib/crypto.ts";
import { unescapeText, writeCsvRecords } from "../../lib/csv.ts";
import { describeColumns, matchHeaders, type ColumnUse } from "../../lib/header-match.ts";
import { columnLetter, HOOTSUITE_POSITIONS, POST_COLUMNS, type PostField } from "./post-headers.ts";
import { channelsOf, createPost, schedulePost, variantsOf, type ChannelInfo } from "./posts.service.ts";
import { vtimezone } from "../../lib/vtimezone.ts";
import { feedSeries } from "./feed-series.ts";

type Translate = (key: string, params?: MessageParams) => string;

const DATE_FORMATS: Record<ImportPosts["dateFormat"], string> = {
  "YYYY-MM-DD": "yyyy-M-d",
  "DD/MM/YYYY": "d/M/yyyy",
  "MM/DD/YYYY": "M/d/yyyy",
  "DD.MM.YYYY": "d.M.yyyy",
};
const TIME_FORMATS = ["H:mm", "H:mm:ss", "h:mm a", "h:mma", "h a"];

/**
 * A date and a time as the file writes them, read in the workspace's zone by the one local-time rule: null when it
 * is not a date and time; `skipped` when the clock skips it that night (the row is refused with the two nearest
 * real times); `twice` when it happens twice (the first is taken, and the row says so).
 */
function parseWhen(date: string, time: string, format: ImportPosts["dateFormat"], zone: string): { instant: string; twice: string | null } | { skipped: LocalTimeReading & { kind: "skipped" }; local: LocalDateTime } | null {
  const d = date.trim();
  const t = time.trim() || "09:00";
  for (const tf of TIME_FORMATS) {
    // The wall-clock date and time first (read as if in UTC, where every time exists), then the zone's rule.
    const wall = DateTime.fromFormat(`${d} ${t.toUpperCase()}`, `${DATE_FORMATS[format]} ${tf}`, { zone: "utc", locale: "en-US" });
    if (!wall.isValid) continue;
    const local = { date: wall.toFormat("yyyy-MM-dd"), time: wall.toFormat("HH:mm") };
    const r = readLocalTime(local, zone);
    if (r.kind === "skipped") return { skipped: r, local };
    const instant = r.kind === "exact" ? r.instant : r.earlier;
    // Only instants the API itself accepts (years 1900–9999): a file cannot store what a request could not.
    if (!isInstant(instant)) return null;
    return { instant, twice: r.kind === "ambiguous" ? r.later : null };
  }
  return null;
}

interface RawRow {
  line: number;
  date: string;
  time: string;
  text: string;
  channel: string;
  link: string;
  title: string;
  campaign: string;
}

/** "01/12/2026 09:30" in one cell (and no time of its own): the date and the time apart. */
function splitWhen(date: string, time: string): { date: string; time: string } {
  const d = date.trim();
  if (time.trim() || !/\s/.test(d)) return { date: d, time: time.trim() };
  const [first = "", ...rest] = d.split(/\s+/);
  return { date: first, time: rest.join(" ") };
}

/**
 * The file's rows in one shape, and what each of its columns was read as. Our own files and Sprout Social's have a
 * header row, matched by meaning wherever each column stands; a column not used is listed as such. Hootsuite's bulk
 * file has no header (date and time, message, link in the first three columns, named A, B, C); a header row, if
 * present, is matched like the others.
 */
async function readRows(csv: string, preset: ImportPosts["preset"]): Promise<{ rows: RawRow[]; columns: ColumnUse[] }> {
  const { default: Papa } = await import("papaparse");
  const text = csv.replace(/^\uFEFF/, "");
  const all = Papa.parse<string[]>(text, { skipEmptyLines: "greedy", delimitersToGuess: [",", ";", "\t"] }).data;
  const first = all[0] ?? [];
  const headed = preset !== "hootsuite" || (/date|날짜|datum/i.test(first[0] ?? "") && !/\d/.test(first[0] ?? ""));
  let at: Map<PostField, number>;
  let columns: ColumnUse[];
  if (headed) {
    ({ at, columns } = matchHeaders(first, POST_COLUMNS));
    // Sprout's template has no channel column: the channels are chosen in the dialog.
    if (preset === "sprout") at.delete("channel");
    if (preset === "hootsuite") {
      // A Hootsuite header in words we do not know still has the columns where Hootsuite puts them.
      const taken = new Set(at.values());
      for (const [field, i] of HOOTSUITE_POSITIONS) if (!at.has(field) && !taken.has(i) && i < first.length) at.set(field, i);
      at.delete("channel");
    }
    columns = describeColumns(first, at);
  } else {
    at = new Map(HOOTSUITE_POSITIONS);
    const width = Math.max(3, ...all.map((r) => r.length));
    columns = describeColumns(Array.from({ length: width }, (_, i) => columnLetter(i)), at);
  }
  // Our own export puts a quote before text that would start a formula (lib/csv.ts): read back, it is taken off again.
  const own = preset === "socialplan" ? unescapeText : (s: string) => s;
  const rows = all.slice(headed ? 1 : 0).map((r, i) => {
    const cell = (f: PostField) => {
      const c = at.get(f);
      return c === undefined ? "" : (r[c] ?? "");
    };
    return {
      line: i + (headed ? 2 : 1),
      ...splitWhen(cell("date"), cell("time")),
      text: own(cell("text").trim()),
      link: own(cell("link").trim()),
      channel: own(cell("channel").trim()),
      title: own(cell("title").trim()),
      campaign: own(cell("campaign").trim()),
    };
  });
  return { rows, columns };
}

/** A channel named in a file: by network ("instagram"), handle ("@candleshop") or both ("instagram @candleshop"). */
export function findChannel(name: string, channels: Map<string, ChannelInfo>): string | null {
  const n = name.trim().toLowerCase().replace(/\s+/g, " ");
  const all = [...channels.values()];
  const exact = all.find((c) => c.name.toLowerCase() === n || (c.handle && (`@${c.handle.toLowerCase()}` === n || `${c.network} ${c.handle.toLowerCase()}` === n)));
  if (exact) return exact.id;
  // A bare network name picks that network's channel when there is only one.
  const byNetwork = all.filter((c) => c.network === n);
  return byNetwork.length === 1 ? byNetwork[0]!.id : null;
}

/**
 * Checks every row of a bulk file and, unless it is a dry run, creates a post for each good one (scheduled when the
 * workspace does not require approval, else a draft with its date). Bad rows are reported with what to fix and
 * never half-imported.
 */
export async function importPosts(ctx: ServiceContext, m: Membership, user: UserRow, input: ImportPosts, tr: Translate): Promise<ImportResult> {
  const started = performance.now();
  const zone = m.workspace.timezone;
  const channels = await channelsOf(ctx.db, m.workspaceId);
  const defaults = input.channelIds.filter((id) => channels.has(id));
  const rows: ImportRow[] = [];
  const { rows: raw, columns } = await readRows(input.csv, input.preset);
  for (const r of raw.slice(0, 2000)) {
    const errors: ImportRow["errors"] = [];
    const err = (field: string, key: string, params: MessageParams = {}) => errors.push({ field, message: tr(key, { field: tr(`fields.${field}`), ...params }) });
    const notes: NonNullable<ImportRow["notes"]> = [];
    const when = r.date ? parseWhen(r.date, r.time, input.dateFormat, zone) : null;
    const scheduledAt = when && "instant" in when ? when.instant : null;
    if (!r.date) err("date", "validation.required");
    else if (when && "skipped" in when) {
      const { skipped, local } = when;
      err("time", "post.time_skipped", { date: local.date, time: local.time, zone, gap: skipped.gapMinutes, earlier: skipped.earlierLocal.time, later: skipped.laterLocal.time });
    } else if (!scheduledAt) err("date", "import.bad_date", { value: `${r.date} ${r.time}`.trim(), format: input.dateFormat });
    else if (Date.parse(scheduledAt) < ctx.now.getTime()) err("date", "post.in_past");
    if (when && "instant" in when && when.twice) {
      const local = utcToZoned(when.instant, zone);
      notes.push({ field: "time", message: tr("import.time_twice", { date: local.date, time: local.time, zone }) });
    }
    let channelIds = defaults;
    if (r.channel) {
      const found = r.channel.split(/[|,]/).map((c) => findChannel(c, channels));
      if (found.some((c) => c === null)) err("channel", "import.unknown_channel", { value: r.channel });
      channelIds = found.filter((c): c is string => c !== null);
    }
    if (!channelIds.length && !errors.some((e) => e.field === "channel")) err("channel", "post.no_channel");
    if (!r.text.trim()) err("text", "post.empty");
    for (const id of channelIds) {
      const network = channels.get(id)!.network;
      const limit = NETWORK_LIMITS[network];
      const length = postLength(network, r.text);
      if (limit !== null && length > limit) err("text", "post.too_long", { network: tr(`networks.${network}`), limit, length });
    }
    if (r.link && !(/^https?:\/\/\S+$/i.test(r.link) && URL.canParse(r.link))) err("link", "validation.url");
    rows.push({ line: r.line, text: r.text, scheduledAt, channelIds, errors, ...(notes.length ? { notes } : {}) });
  }
  if (raw.length > 2000) rows.push({ line: raw[2000]!.line, text: "", scheduledAt: null, channelIds: [], errors: [{ field: "file", message: tr("import.too_many", { max: 2000 }) }] });
  let imported = 0;
  if (!input.dryRun) {
    for (const [i, row] of rows.entries()) {
      if (row.errors.length) continue;
      const r = raw[i]!;
      const id = await createPost(ctx, m, user, {
        body: row.text,
        title: r.title,
        variants: row.channelIds.map((channelId) => ({ channelId, text: null })),
        scheduledAt: row.scheduledAt,
        link: r.link || null,
        campaign: r.campaign || null,
      });
      if (!m.workspace.require_post_approval) await schedulePost(ctx, m, id, undefined);
      imported += 1;
    }
    recordImport("posts_csv", imported, (performance.now() - started) / 1000);
  }
  return { rows, imported, columns };
}

/**
 * The calendar as a CSV file (for Excel: UTF-8 with a BOM); text that would start a formula is escaped. Dates and
 * times are the workspace's wall clock, and the date and time headers name the zone ("date (Asia/Seoul)"); our
 * import reads these headers back as date and time (a trailing note in brackets is not part of a header's name).
 */
export async function exportPostsCsv(ctx: ServiceContext, m: Membership): Promise<string> {
  const channels = await channelsOf(ctx.db, m.workspaceId);
  const posts = await ctx.db.selectFrom("posts").selectAll().where("workspace_id", "=", m.workspaceId).orderBy("scheduled_at").orderBy("created_at").execute();
  const deliveries = await ctx.db.selectFrom("deliveries").select(["post_id", "channel_id", "status", "permalink"]).where("workspace_id", "=", m.workspaceId).execute();
  const zone = m.workspace.timezone;
  const date = `date (${zone})`;
  const time = `time (${zone})`;
  const rows = posts.map((p) => {
    const local = p.scheduled_at ? utcToZoned(p.scheduled_at, zone) : null;
    const mine = deliveries.filter((d) => d.post_id === p.id);
    return {
      [date]: local?.date ?? "",
      [time]: local?.time ?? "",
      status: p.status,
      channel: variantsOf(p)
        .map((v) => channels.get(v.channelId)?.name ?? "")
        .join("|"),
      title: p.title,
      text: p.body,
      link: p.link ?? "",
      campaign: p.campaign ?? "",
      pillar: p.pillar ?? "",
      repeat: p.recurrence ?? "",
      published: mine.filter((d) => d.status === "published").length,
      permalinks: mine.flatMap((d) => (d.permalink ? [d.permalink] : [])).join(" "),
    };
  });
  return writeCsvRecords([date, time, "status", "channel", "title", "text", "link", "campaign", "pillar", "repeat", "published", "permalinks"], rows);
}

/** A new private feed address for the workspace (the old one stops working); only its hash is stored. */
export async function rotateFeed(ctx: ServiceContext, m: Membership, appUrl: string): Promise<string> {
  const token = randomToken(24);
  await ctx.db.updateTable("workspaces").set({ calendar_feed_token: hashToken(token), updated_at: iso(ctx.now) }).where("id", "=", m.workspaceId).execute();
  return `${appUrl}/api/calendar-feeds/${token}.ics`;
}

export async function revokeFeed(ctx: ServiceContext, m: Membership): Promise<void> {
  await ctx.db.updateTable("workspaces").set({ calendar_feed_token: null, updated_at: iso(ctx.now) }).where("id", "=", m.workspaceId).execute();
}

/**
 * The iCalendar feed Google or Apple Calendar subscribes to: every scheduled post from a month back, one event each.
 * A one-off post is an event in UTC. A recurring post is one event with its rule (RRULE), starting at its first
 * occurrence in the workspace's zone (DTSTART;TZID and a VTIMEZONE built from the same zone data), so the calendar
 * program lists it as far ahead as the rule runs, at the same wall-clock time across daylight-saving changes.
 * Null for an unknown or revoked token.
 */
export async function calendarFeed(ctx: ServiceContext, token: string, appUrl: string): Promise<string | null> {
  const workspace = await ctx.db.selectFrom("workspaces").selectAll().where("calendar_feed_token", "=", hashToken(token)).executeTakeFirst();
  if (!workspace) return null;
  const { default: ical, escape } = await import("ical-generator");
  const channels = await channelsOf(ctx.db, workspace.id);
  const since = iso(new Date(ctx.now.getTime() - 31 * 86_400_000));
  // Two index searches that never share a post (`posts_workspace_time`, `posts_recurring`), not one `or` over them all.
  const all = () => ctx.db.selectFrom("posts").selectAll().where("workspace_id", "=", workspace.id);
  const posts = await all()
    .where("recurrence", "is", null)
    .where("scheduled_at", ">=", since)
    .unionAll(all().where("recurrence", "is not", null).where("scheduled_at", "is not", null))
    .orderBy("scheduled_at")
    .limit(5000)
    .execute();
  const zone = workspace.timezone;
  const series = new Map(posts.flatMap((p) => (p.recurrence ? [[p.id, feedSeries(p.recurrence, p.scheduled_at!, zone)] as const] : [])));
  const firstYear = Math.min(ctx.now.getUTCFullYear(), ...[...series.values()].map((s) => (s ? Number(s.first.slice(0, 4)) - 1 : Infinity)));
  // ical-generator writes the calendar's name unescaped (a comma or a line break in a workspace name would break the file).
  const cal = ical({ name: escape(`${workspace.name} · Socialplan`, false), prodId: { company: "Socialplan", product: "calendar" }, ttl: 900 });
  cal.timezone({ name: null, generator: (tz) => vtimezone(tz, firstYear, ctx.now) });
  for (const p of posts) {
    const where = variantsOf(p)
      .map((v) => channels.get(v.channelId)?.name ?? "")
      .join(", ");
    const s = p.recurrence ? series.get(p.id) : null;
    if (p.recurrence && !s) continue; // a rule with no occurrence at all
    const start = DateTime.fromISO(s ? s.first : p.scheduled_at!, { zone: s ? zone : "utc" });
    cal.createEvent({
      id: s ? `${p.id}@socialplan` : `${p.id}-${start.toMillis()}@socialplan`,
      stamp: ctx.now,
      start,
      end: start.plus({ minutes: 15 }),
      ...(s ? { timezone: zone, repeating: `RRULE:${s.rrule}` } : { timezone: "UTC" }),
      summary: `${p.title || Array.from(p.body).slice(0, 60).join("")}${where ? ` (${where})` : ""}`,
      description: `${p.body}\n\n${appUrl}/w/${workspace.id}/calendar?post=${p.id}`,
      url: `${appUrl}/w/${workspace.id}/calendar?post=${p.id}`,
    });
  }
  // RFC 5545 ends every line, the last one too, with CRLF.
  return cal.toString().replace(/(\r\n)?$/, "\r\n");
}

import { occurrences, postLength, utcToZoned } from "@socialplan/domain";
import { isInstant, NETWORK_LIMITS, type ImportPosts, type ImportResult, type ImportRow, type MessageParams } from "@socialplan/schema";
import { DateTime } from "luxon";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { hashToken, randomToken } from "../../lib/crypto.ts";
import { unescapeText, writeCsvRecords } from "../../lib/csv.ts";
import { channelsOf, createPost, schedulePost, variantsOf, type ChannelInfo } from "./posts.service.ts";

type Translate = (key: string, params?: MessageParams) => string;

const DATE_FORMATS: Record<ImportPosts["dateFormat"], string> = {
  "YYYY-MM-DD": "yyyy-M-d",
  "DD/MM/YYYY": "d/M/yyyy",
  "MM/DD/YYYY": "M/d/yyyy",
  "DD.MM.YYYY": "d.M.yyyy",
};
const TIME_FORMATS = ["H:mm", "H:mm:ss", "h:mm a", "h:mma", "h a"];

/** A date and a time as the file writes them, in the workspace's zone; null when it is not one. */
function parseWhen(date: string, time: string, format: ImportPosts["dateFormat"], zone: string): string | null {
  const d = date.trim();
  const t = time.trim() || "09:00";
  for (const tf of TIME_FORMATS) {
    const dt = DateTime.fromFormat(`${d} ${t.toUpperCase()}`, `${DATE_FORMATS[format]} ${tf}`, { zone, locale: "en-US" });
    // Only instants the API itself accepts (years 1900–9999): a file cannot store what a request could not.
    if (dt.isValid) return isInstant(dt.toUTC().toISO()) ? dt.toUTC().toISO() : null;
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

const pick = (row: Record<string, string>, ...names: string[]) => {
  for (const n of names) {
    const key = Object.keys(row).find((k) => k.trim().toLowerCase() === n);
    if (key !== undefined) return (row[key] ?? "").trim();
  }
  return "";
};

/**
 * The file's rows in one shape. Our own files and Sprout Social's have a header row; Hootsuite's bulk file has
 * none (date and time, message, link in the first three columns), though a header row is skipped if present.
 */
async function readRows(csv: string, preset: ImportPosts["preset"]): Promise<RawRow[]> {
  const { default: Papa } = await import("papaparse");
  const text = csv.replace(/^\uFEFF/, "");
  if (preset === "hootsuite") {
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: "greedy", delimitersToGuess: [",", ";", "\t"] });
    const rows = parsed.data;
    const headed = rows[0] && /date|날짜/i.test(rows[0][0] ?? "") && !/\d/.test(rows[0][0] ?? "");
    return rows.slice(headed ? 1 : 0).map((r, i) => {
      const [date = "", ...time] = (r[0] ?? "").trim().split(/\s+/);
      return { line: i + (headed ? 2 : 1), date, time: time.join(" "), text: r[1] ?? "", link: (r[2] ?? "").trim(), channel: "", title: "", campaign: "" };
    });
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: "greedy", delimitersToGuess: [",", ";", "\t"] });
  // Our own export puts a quote before text that would start a formula (lib/csv.ts): read back, it is taken off again.
  const own = preset === "sprout" ? (s: string) => s : unescapeText;
  return parsed.data.map((r, i) => ({
    line: i + 2,
    date: pick(r, "date", "날짜"),
    time: pick(r, "time", "시간"),
    text: preset === "sprout" ? pick(r, "message", "text") : own(pick(r, "text", "message", "본문")),
    link: own(pick(r, "link", "url", "링크")),
    channel: preset === "sprout" ? "" : own(pick(r, "channel", "network", "채널")),
    title: own(pick(r, "title", "제목")),
    campaign: own(pick(r, "campaign", "캠페인")),
  }));
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
  const zone = m.workspace.timezone;
  const channels = await channelsOf(ctx.db, m.workspaceId);
  const defaults = input.channelIds.filter((id) => channels.has(id));
  const rows: ImportRow[] = [];
  const raw = await readRows(input.csv, input.preset);
  for (const r of raw.slice(0, 2000)) {
    const errors: ImportRow["errors"] = [];
    const err = (field: string, key: string, params: MessageParams = {}) => errors.push({ field, message: tr(key, { field: tr(`fields.${field}`), ...params }) });
    const scheduledAt = r.date ? parseWhen(r.date, r.time, input.dateFormat, zone) : null;
    if (!r.date) err("date", "validation.required");
    else if (!scheduledAt) err("date", "import.bad_date", { value: `${r.date} ${r.time}`.trim(), format: input.dateFormat });
    else if (Date.parse(scheduledAt) < ctx.now.getTime()) err("date", "post.in_past");
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
    rows.push({ line: r.line, text: r.text, scheduledAt, channelIds, errors });
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
  }
  return { rows, imported };
}

/** The calendar as a CSV file (for Excel: UTF-8 with a BOM), in the workspace's zone; text that would start a formula is escaped. */
export async function exportPostsCsv(ctx: ServiceContext, m: Membership): Promise<string> {
  const channels = await channelsOf(ctx.db, m.workspaceId);
  const posts = await ctx.db.selectFrom("posts").selectAll().where("workspace_id", "=", m.workspaceId).orderBy("scheduled_at").orderBy("created_at").execute();
  const deliveries = await ctx.db.selectFrom("deliveries").select(["post_id", "channel_id", "status", "permalink"]).where("workspace_id", "=", m.workspaceId).execute();
  const rows = posts.map((p) => {
    const local = p.scheduled_at ? utcToZoned(p.scheduled_at, m.workspace.timezone) : null;
    const mine = deliveries.filter((d) => d.post_id === p.id);
    return {
      date: local?.date ?? "",
      time: local?.time ?? "",
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
  return writeCsvRecords(["date", "time", "status", "channel", "title", "text", "link", "campaign", "pillar", "repeat", "published", "permalinks"], rows);
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
 * The iCalendar feed Google or Apple Calendar subscribes to: every scheduled post from a month back, one event each
 * (recurring posts as their occurrences), in UTC. Null for an unknown or revoked token.
 */
export async function calendarFeed(ctx: ServiceContext, token: string, appUrl: string): Promise<string | null> {
  const workspace = await ctx.db.selectFrom("workspaces").selectAll().where("calendar_feed_token", "=", hashToken(token)).executeTakeFirst();
  if (!workspace) return null;
  const { default: ical } = await import("ical-generator");
  const channels = await channelsOf(ctx.db, workspace.id);
  const since = iso(new Date(ctx.now.getTime() - 31 * 86_400_000));
  const posts = await ctx.db
    .selectFrom("posts")
    .selectAll()
    .where("workspace_id", "=", workspace.id)
    .where("scheduled_at", "is not", null)
    .where((eb) => eb.or([eb("scheduled_at", ">=", since), eb("recurrence", "is not", null)]))
    .orderBy("scheduled_at")
    .limit(5000)
    .execute();
  const cal = ical({ name: `${workspace.name} · Socialplan`, prodId: { company: "Socialplan", product: "calendar" }, ttl: 900 });
  const horizon = iso(new Date(ctx.now.getTime() + 92 * 86_400_000));
  for (const p of posts) {
    // A recurring post is listed occurrence by occurrence (three months ahead), each at its local time.
    const times = p.recurrence ? occurrences(p.recurrence, utcToZoned(p.scheduled_at!, workspace.timezone), workspace.timezone, since, horizon, 200) : [p.scheduled_at!];
    for (const at of times) addEvent(p, at);
  }
  function addEvent(p: (typeof posts)[number], at: string) {
    const w = workspace!;
    const start = new Date(at);
    const where = variantsOf(p)
      .map((v) => channels.get(v.channelId)?.name ?? "")
      .join(", ");
    cal.createEvent({
      id: `${p.id}-${start.getTime()}@socialplan`,
      start,
      end: new Date(start.getTime() + 15 * 60_000),
      summary: `${p.title || p.body.slice(0, 60)}${where ? ` (${where})` : ""}`,
      description: `${p.body}\n\n${appUrl}/w/${w.id}/calendar?post=${p.id}`,
      url: `${appUrl}/w/${w.id}/calendar?post=${p.id}`,
      timezone: "UTC",
    });
  }
  return cal.toString();
}

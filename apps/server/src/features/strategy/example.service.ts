import { addDays } from "@socialplan/domain";
import { isSectionKind, type CollectionKind, type Locale } from "@socialplan/schema";
import { generateKeyBetween } from "fractional-indexing";
import { DateTime } from "luxon";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";
import { newCardRow } from "../board/board.service.ts";
import { addExampleMetrics, addExamplePostNumbers, clearExampleMetrics, type ExamplePublished } from "../metrics/example-metrics.ts";
import { createReport } from "../metrics/reports.service.ts";
import { listLines } from "../budget/budget.repository.ts";
import { periodOf } from "../budget/budget.service.ts";
import { clearSample, loadSample } from "../budget/sample.service.ts";
import { channelsOf, deliveryRow } from "../posts/posts.service.ts";
import { exampleStrategy, type ExampleRecord } from "./example-content.ts";
import { EXAMPLE_CARDS, EXAMPLE_POSTS, exampleReportAnswers } from "./example-posts.ts";
import { entriesWithOwnChildren, exampleEntries, findSection } from "./strategy.repository.ts";
import { createEntry, deleteEntry, saveSection } from "./strategy.service.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CHANNEL_KEYS = new Set(["website", "instagram_de", "facebook", "x"]);

/**
 * Fills the workspace with the worked example in the reader's language: the strategy, a year of numbers, and the
 * work that connects them — posts on the calendar for the goals' initiatives (published ones with their numbers,
 * scheduled ones ahead, one waiting for review, drafts and ideas), cards on the board and last month's report with
 * its review answered. Sections the workspace has already written are left alone; example records are marked, and
 * stop being example once someone edits them. `created` and `removed` count the strategy's records.
 */
export async function loadExample(ctx: ServiceContext, m: Membership, user: UserRow, locale: Locale) {
  const period = { start: m.workspace.period_start, months: m.workspace.period_months };
  const records = exampleStrategy(locale, period, m.workspace.currency);
  const ids = new Map<string, string>();
  let created = 0;
  const link = (data: Record<string, unknown>) => {
    const kpi = data.measurable as { channels?: string[] } | undefined;
    if (!kpi?.channels) return data;
    return { ...data, measurable: { ...kpi, channels: kpi.channels.map((c) => ids.get(c.slice(1)) ?? c).filter((c) => !c.startsWith("@")) } };
  };
  const add = async (record: ExampleRecord, parentId: string | null) => {
    if (isSectionKind(record.kind)) {
      if (await findSection(ctx.db, m.workspaceId, record.kind)) return;
      await saveSection(ctx, m, user, record.kind, { version: 0, data: record.data }, true);
      created += 1;
      return;
    }
    // The example's initiatives are owned by whoever loads it: a one-person business does everything.
    const data = record.kind === "initiative" ? { ...record.data, owner_member_id: m.memberId } : link(record.data);
    const entry = await createEntry(ctx, m, user, record.kind as CollectionKind, { data, parentId }, { example: true });
    created += 1;
    if (record.key) ids.set(record.key, entry.id);
    for (const child of record.children ?? []) await add(child, entry.id);
  };
  for (const record of records) await add(record, null);
  const channels = new Map([...ids].filter(([key]) => CHANNEL_KEYS.has(key)));
  await addExampleMetrics(ctx, m.workspaceId, m.workspace.timezone, channels, locale);
  await addExamplePosts(ctx, m, user, ids, locale);
  await addExampleCards(ctx, m, user, ids, locale);
  await addExampleReport(ctx, m, user, locale);
  // A workspace without a budget gets the guide's sample budget with it (its lines are marked as sample), so that
  // the example's home shows this month's pace too.
  if (!(await listLines(ctx.db, m.workspaceId, periodOf(m).start)).length) await loadSample(ctx, m, locale);
  return { created, removed: 0 };
}

/** The loading day in the workspace's zone, and an instant at a wall-clock time some days from it. */
function localClock(ctx: ServiceContext, zone: string) {
  const today = DateTime.fromJSDate(ctx.now, { zone }).toISODate()!;
  return { today, at: (day: number, time: string) => DateTime.fromISO(`${addDays(today, day)}T${time}`, { zone }).toUTC().toISO()! };
}

const before = (a: string, b: Date) => (Date.parse(a) < b.getTime() ? a : iso(b));
const shift = (instant: string, ms: number) => iso(new Date(Date.parse(instant) + ms));

/**
 * The example's posts, written as the calendar keeps them: a published one is a scheduled post whose reminders were
 * confirmed (the example's channels have no connected account), with its numbers; a scheduled one has its reminders
 * waiting (the publisher never sends an example post nor tells anyone about it); the one in review has its history
 * and a comment.
 */
async function addExamplePosts(ctx: ServiceContext, m: Membership, user: UserRow, ids: Map<string, string>, locale: Locale): Promise<void> {
  const { at } = localClock(ctx, m.workspace.timezone);
  const now = iso(ctx.now);
  const networks = await channelsOf(ctx.db, m.workspaceId);
  const published: ExamplePublished[] = [];
  for (const p of EXAMPLE_POSTS) {
    const id = newId();
    const when = p.day === null ? null : at(p.day, p.time);
    const channelIds = p.channels.map((c) => ids.get(c)).filter((c): c is string => Boolean(c));
    const createdAt = when ? before(shift(when, -4 * DAY_MS), ctx.now) : shift(now, -2 * DAY_MS);
    const scheduled = p.status === "published" || p.status === "scheduled";
    const approvedAt = when && scheduled ? before(shift(when, -DAY_MS), ctx.now) : null;
    const submittedAt = p.status === "in_review" ? shift(now, -3 * HOUR_MS) : null;
    await ctx.db
      .insertInto("posts")
      .values({
        id,
        workspace_id: m.workspaceId,
        title: p.title[locale],
        body: p.body[locale],
        variants: JSON.stringify(channelIds.map((channelId) => ({ channelId, text: null }))),
        media: "[]",
        link: p.link ?? null,
        utm: JSON.stringify(p.utm ?? {}),
        pillar: null,
        campaign: p.campaign ?? null,
        goal_id: ids.get(p.goal) ?? null,
        initiative_id: p.initiative ? (ids.get(p.initiative) ?? null) : null,
        status: scheduled ? "scheduled" : p.status,
        scheduled_at: when,
        recurrence: null,
        assignee_member_id: m.memberId,
        card_id: null,
        approved_by: approvedAt ? user.id : null,
        approved_at: approvedAt,
        created_by: user.id,
        created_at: createdAt,
        updated_at: submittedAt ?? approvedAt ?? createdAt,
        example: 1,
      })
      .execute();
    if (when && scheduled) {
      const done = p.status === "published";
      // Confirmed by hand a few minutes after the reminder, as someone who posts from their phone would.
      const publishedAt = done ? shift(when, 4 * 60_000) : null;
      await ctx.db
        .insertInto("deliveries")
        .values(
          channelIds.map((channelId) =>
            deliveryRow({
              workspace_id: m.workspaceId,
              post_id: id,
              channel_id: channelId,
              due_at: when,
              status: done ? "published" : "scheduled",
              attempts: done ? 1 : 0,
              published_at: publishedAt,
              confirmed_by: done ? user.id : null,
              created_at: approvedAt!,
              updated_at: publishedAt ?? approvedAt!,
            }),
          ),
        )
        .execute();
      if (done) for (const channelId of channelIds) published.push({ postId: id, channelId, network: networks.get(channelId)?.network ?? "other", publishedAt: publishedAt!, lift: p.lift ?? 1 });
    }
    const event = (kind: string, createdAt: string, note: string | null = null) =>
      ctx.db.insertInto("post_events").values({ id: newId(), workspace_id: m.workspaceId, post_id: id, kind, actor_id: user.id, guest_name: null, note, created_at: createdAt }).execute();
    if (p.approvedNote && when && approvedAt) {
      await event("submitted", shift(approvedAt, -DAY_MS));
      await event("approved", approvedAt, p.approvedNote[locale]);
      await event("scheduled", shift(approvedAt, 60_000));
    }
    if (submittedAt) {
      await event("submitted", submittedAt);
      if (p.comment) {
        await ctx.db
          .insertInto("post_comments")
          .values({ id: newId(), workspace_id: m.workspaceId, post_id: id, author_id: user.id, guest_name: null, body: p.comment[locale], created_at: shift(submittedAt, HOUR_MS) })
          .execute();
      }
    }
  }
  await addExamplePostNumbers(ctx, m.workspaceId, m.workspace.timezone, published);
}

/** The example's cards, after whatever the board already holds in each stage. */
async function addExampleCards(ctx: ServiceContext, m: Membership, user: UserRow, ids: Map<string, string>, locale: Locale): Promise<void> {
  const { today } = localClock(ctx, m.workspace.timezone);
  const last = new Map<string, string | null>();
  for (const c of EXAMPLE_CARDS) {
    if (!last.has(c.stage)) {
      const row = await ctx.db.selectFrom("board_cards").select("rank").where("workspace_id", "=", m.workspaceId).where("stage", "=", c.stage).orderBy("rank", "desc").limit(1).executeTakeFirst();
      last.set(c.stage, row?.rank ?? null);
    }
    const rank = generateKeyBetween(last.get(c.stage)!, null);
    last.set(c.stage, rank);
    const id = newId();
    const doneAt = c.doneDaysAgo !== undefined ? shift(iso(ctx.now), -c.doneDaysAgo * DAY_MS) : null;
    await ctx.db
      .insertInto("board_cards")
      .values(
        newCardRow(m, user, ctx.now, {
          id,
          stage: c.stage,
          rank,
          title: c.title[locale],
          description: c.description?.[locale] ?? "",
          due_date: c.due !== undefined ? addDays(today, c.due) : null,
          priority: c.stage === "backlog" ? null : (c.priority ?? null),
          labels: JSON.stringify((c.labels ?? []).map((l) => l[locale])),
          checklist: JSON.stringify((c.checklist ?? []).map((i) => ({ text: i.text[locale], done: i.done }))),
          goal_id: ids.get(c.goal) ?? null,
          initiative_id: c.initiative ? (ids.get(c.initiative) ?? null) : null,
          hold_reason: c.holdReason?.[locale] ?? null,
          approved_by: doneAt ? user.id : null,
          approved_at: doneAt,
          ...(doneAt ? { created_at: shift(doneAt, -7 * DAY_MS), updated_at: doneAt } : {}),
          example: 1,
        }),
      )
      .execute();
    if (c.assigned) await ctx.db.insertInto("board_assignees").values({ card_id: id, member_id: m.memberId }).execute();
  }
}

/** Last month's report, its numbers taken from the example's, with the four review questions answered. */
async function addExampleReport(ctx: ServiceContext, m: Membership, user: UserRow, locale: Locale): Promise<void> {
  const { today } = localClock(ctx, m.workspace.timezone);
  const month = DateTime.fromISO(today).startOf("month").minus({ months: 1 });
  const input = { periodKind: "month" as const, from: month.toISODate()!, to: month.endOf("month").toISODate()! };
  const id = await createReport(ctx, m, user.id, input, locale, { example: true });
  // Written directly rather than through updateReport: an edit by someone makes a report theirs, this one is not.
  await ctx.db.updateTable("reports").set({ answers: JSON.stringify(exampleReportAnswers(locale)) }).where("id", "=", id).execute();
}

/**
 * Removes every record still marked as example: the posts (their deliveries, history, comments and numbers go
 * with them), the cards and the report, then the numbers and the strategy. Edited records are the user's now, and
 * so is an example goal, initiative or channel that the user's own posts, cards or initiatives hang on; each
 * removal of a strategy record is a revision.
 */
export async function clearExample(ctx: ServiceContext, m: Membership, user: UserRow) {
  for (const table of ["posts", "board_cards", "reports"] as const) {
    await ctx.db.deleteFrom(table).where("workspace_id", "=", m.workspaceId).where("example", "=", 1).execute();
  }
  await clearExampleMetrics(ctx, m.workspaceId);
  await clearSample(ctx, m);
  const rows = await exampleEntries(ctx.db, m.workspaceId);
  const keep = await usedByTheUser(ctx, m.workspaceId);
  // An initiative that stays keeps its goal.
  for (const row of rows) if (keep.has(row.id) && row.parent_id) keep.add(row.parent_id);
  let removed = 0;
  // Children first: a goal's deletion would otherwise take its initiatives with it.
  for (const row of [...rows].sort((a, b) => Number(b.parent_id !== null) - Number(a.parent_id !== null))) {
    if (keep.has(row.id)) continue;
    await deleteEntry(ctx, m, user, row.id, row.version, { allowSection: true });
    removed += 1;
  }
  return { created: 0, removed };
}

/** Strategy records the user's own work refers to: parents of their initiatives, goals and initiatives of their posts and cards, their posts' channels. */
async function usedByTheUser(ctx: ServiceContext, workspaceId: string): Promise<Set<string>> {
  const [children, posts, cards] = await Promise.all([
    entriesWithOwnChildren(ctx.db, workspaceId),
    ctx.db.selectFrom("posts").select(["goal_id", "initiative_id", "variants"]).where("workspace_id", "=", workspaceId).where("example", "=", 0).execute(),
    ctx.db.selectFrom("board_cards").select(["goal_id", "initiative_id"]).where("workspace_id", "=", workspaceId).where("example", "=", 0).execute(),
  ]);
  const keep = new Set<string>();
  for (const r of children) if (r.parent_id) keep.add(r.parent_id);
  for (const r of [...posts, ...cards]) {
    if (r.goal_id) keep.add(r.goal_id);
    if (r.initiative_id) keep.add(r.initiative_id);
  }
  for (const p of posts) for (const v of JSON.parse(p.variants) as { channelId: string }[]) keep.add(v.channelId);
  return keep;
}

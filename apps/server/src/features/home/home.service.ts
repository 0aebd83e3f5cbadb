import { addDays, occurrences, utcToZoned, zonedDayBounds, zonedWeekStart } from "@socialplan/domain";
import { dayInZone, FIRST_RUN_STEPS, type Home, type HomePost, type Network, type PostStatus } from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { getBudget } from "../budget/budget.service.ts";
import { canApprove } from "../members/approvers.ts";
import { goalProgress } from "../metrics/metrics.service.ts";
import { nextReviewDue } from "../metrics/review-due.ts";
import { channelsFromRows, mediaOf, REMINDER_GRACE_MS, shownStatus, variantsOf, type ChannelInfo } from "../posts/posts.service.ts";
import { lastReviews } from "../posts/review-history.ts";

const TASK_HORIZON_DAYS = 7;
type Entry = { id: string; kind: string; data: string; parent_id: string | null; example: number };

/**
 * The workspace's command center in one answer: the first-run checklist ticked from real data, the goals with their
 * progress and forecast, this week's posts by day, what waits for the caller, this month's budget pace and the next
 * strategy review. Each part is read once, in parallel where it can be.
 */
export async function home(ctx: ServiceContext, m: Membership, user: UserRow): Promise<Home> {
  const w = m.workspace;
  // Today on the workspace's calendar: what is overdue, and when the next check-in is.
  const today = dayInZone(ctx.now, w.timezone);
  const weekFrom = zonedWeekStart(iso(ctx.now), w.timezone, w.week_start === 0 ? 7 : w.week_start);
  const weekTo = addDays(weekFrom, 6);
  const weekStart = zonedDayBounds(weekFrom, w.timezone).start;
  const weekEnd = zonedDayBounds(addDays(weekTo, 1), w.timezone).start;
  const db = ctx.db;

  const [entries, members, invitations, scheduledOnce, weekRows, reviewRows, draftRows, tasks, deliveries, paused, lastReport, approver, budget, goals, examplePosts] = await Promise.all([
    db.selectFrom("strategy_entries").select(["id", "kind", "data", "parent_id", "example"]).where("workspace_id", "=", m.workspaceId).where("kind", "in", ["company", "channel", "goal", "initiative", "review"]).execute() as Promise<Entry[]>,
    db.selectFrom("members").select((eb) => eb.fn.countAll<number>().as("n")).where("workspace_id", "=", m.workspaceId).executeTakeFirstOrThrow(),
    db.selectFrom("invitations").select((eb) => eb.fn.countAll<number>().as("n")).where("workspace_id", "=", m.workspaceId).executeTakeFirstOrThrow(),
    db.selectFrom("posts").select("id").where("workspace_id", "=", m.workspaceId).where("status", "=", "scheduled").limit(1).executeTakeFirst(),
    // The week's posts, and the recurring ones that started before it (two queries: each through its own index).
    Promise.all([
      db.selectFrom("posts").selectAll().where("workspace_id", "=", m.workspaceId).where("scheduled_at", ">=", weekStart).where("scheduled_at", "<", weekEnd).where("recurrence", "is", null).orderBy("scheduled_at").limit(500).execute(),
      db.selectFrom("posts").selectAll().where("workspace_id", "=", m.workspaceId).where("recurrence", "is not", null).where("status", "=", "scheduled").where("scheduled_at", "<", weekEnd).limit(100).execute(),
    ]).then(([once, recurring]) => [...once, ...recurring]),
    db.selectFrom("posts").selectAll().where("workspace_id", "=", m.workspaceId).where("status", "=", "in_review").orderBy("updated_at").limit(50).execute(),
    db
      .selectFrom("posts")
      .selectAll()
      .where("workspace_id", "=", m.workspaceId)
      .where("status", "=", "draft")
      .where((eb) => eb.or([eb("created_by", "=", user.id), eb("assignee_member_id", "=", m.memberId)]))
      .where("id", "in", (eb) => eb.selectFrom("post_events").select("post_id").where("workspace_id", "=", m.workspaceId).where("kind", "=", "changes_requested"))
      .limit(50)
      .execute(),
    db
      .selectFrom("board_cards")
      .innerJoin("board_assignees", "board_assignees.card_id", "board_cards.id")
      .select(["board_cards.id", "board_cards.title", "board_cards.due_date", "board_cards.stage"])
      .where("board_cards.workspace_id", "=", m.workspaceId)
      .where("board_assignees.member_id", "=", m.memberId)
      .where("board_cards.stage", "!=", "done")
      .where("board_cards.due_date", "is not", null)
      .where("board_cards.due_date", "<=", addDays(today, TASK_HORIZON_DAYS))
      .orderBy("board_cards.due_date")
      .limit(50)
      .execute(),
    db
      .selectFrom("deliveries")
      .innerJoin("posts", "posts.id", "deliveries.post_id")
      .select(["deliveries.id", "deliveries.post_id", "deliveries.channel_id", "deliveries.status", "deliveries.due_at", "deliveries.error_message", "posts.title"])
      .where("deliveries.workspace_id", "=", m.workspaceId)
      .where("deliveries.status", "in", ["awaiting_confirmation", "failed", "needs_attention"])
      .orderBy("deliveries.due_at")
      .limit(100)
      .execute(),
    db.selectFrom("connections").select(["channel_id", "status_reason"]).where("workspace_id", "=", m.workspaceId).where("status", "=", "paused").execute(),
    db.selectFrom("reports").select("id").where("workspace_id", "=", m.workspaceId).orderBy("created_at", "desc").limit(1).executeTakeFirst(),
    canApprove(ctx, m),
    getBudget(ctx, m),
    goalProgress(ctx, m),
    db.selectFrom("posts").select("id").where("workspace_id", "=", m.workspaceId).where("example", "=", 1).limit(1).executeTakeFirst(),
  ]);
  const channels = channelInfo(entries);
  const byKind = (kind: string) => entries.filter((e) => e.kind === kind);
  const data = (e: Entry) => JSON.parse(e.data) as Record<string, unknown>;

  // Week: each post on its day, a recurring one on each of its days.
  const weekDelivered = weekRows.length
    ? await db.selectFrom("deliveries").selectAll().where("post_id", "in", weekRows.map((r) => r.id)).execute()
    : [];
  const days = Array.from({ length: 7 }, (_, i) => ({ date: addDays(weekFrom, i), posts: [] as HomePost[] }));
  for (const row of weekRows) {
    const instants = row.recurrence && row.scheduled_at ? occurrences(row.recurrence, utcToZoned(row.scheduled_at, w.timezone), w.timezone, weekStart, weekEnd, 50) : [row.scheduled_at!];
    const status = shownStatus(row, weekDelivered.filter((d) => d.post_id === row.id), ctx.now);
    for (const at of instants) {
      const day = days.find((d) => d.date === utcToZoned(at, w.timezone).date);
      day?.posts.push({ ...homePost(row, channels, status), scheduledAt: at });
    }
  }
  for (const day of days) day.posts.sort((a, b) => (a.scheduledAt ?? "").localeCompare(b.scheduledAt ?? ""));

  const decisions = await lastReviews(db, draftRows.map((r) => r.id));
  const reviewDue = nextReviewDue(
    byKind("review").map((e) => (data(e).date as string | undefined) ?? ""),
    w,
    today,
  );
  const figures = budget.figures;
  const month = figures.pacing?.month;
  const goalEntries = new Map(byKind("goal").map((e) => [e.id, e]));
  const linked = await linkedCounts(ctx, m.workspaceId);

  return {
    checklist: checklist({
      basics: byKind("company").some((e) => String(data(e).name ?? "").trim() !== ""),
      channel: byKind("channel").length > 0,
      goal: byKind("goal").length > 0,
      post: !!scheduledOnce,
      budget: budget.lines.some((l) => Object.values(l.planned).some((v) => v > 0)),
      team: Number(members.n) > 1 || Number(invitations.n) > 0,
    }),
    approvalRequired: !!w.require_post_approval,
    canApprove: approver,
    example: entries.some((e) => e.example === 1) || !!examplePosts,
    goals: goals.map((g) => {
      const e = goalEntries.get(g.goalId);
      const d = e ? (data(e) as { title?: string; specific?: string }) : {};
      return { ...g, title: (d.title || d.specific || "").trim(), posts: linked.posts.get(g.goalId) ?? 0, initiatives: byKind("initiative").filter((i) => i.parent_id === g.goalId).length };
    }),
    week: { from: weekFrom, to: weekTo, days },
    waiting: {
      reviews: approver ? reviewRows.map((r) => homePost(r, channels, "in_review")) : reviewRows.filter((r) => r.created_by === user.id).map((r) => homePost(r, channels, "in_review")),
      changesRequested: draftRows.flatMap((r) => {
        const d = decisions.get(r.id);
        return d?.decision === "changes_requested" ? [{ ...homePost(r, channels, "draft"), note: d.note, byName: d.byName }] : [];
      }),
      tasks: tasks.map((t) => ({ cardId: t.id, title: t.title, dueDate: t.due_date!, stage: t.stage as Home["waiting"]["tasks"][number]["stage"], overdue: t.due_date! < today })),
      reminders: deliveries
        .filter((d) => d.status === "awaiting_confirmation")
        .map((d) => ({ postId: d.post_id, deliveryId: d.id, channelId: d.channel_id, network: networkOf(channels, d.channel_id), title: d.title, dueAt: d.due_at, overdue: ctx.now.getTime() - Date.parse(d.due_at) > REMINDER_GRACE_MS })),
      problems: [
        ...deliveries
          .filter((d) => d.status !== "awaiting_confirmation")
          .map((d) => ({ kind: d.status as "failed" | "needs_attention", postId: d.post_id, channelId: d.channel_id, network: networkOf(channels, d.channel_id), title: d.title, message: d.error_message })),
        ...paused.map((c) => ({ kind: "paused" as const, postId: null, channelId: c.channel_id, network: networkOf(channels, c.channel_id), title: channels.get(c.channel_id)?.name ?? "", message: c.status_reason })),
      ],
    },
    budget: figures.pacing && month && (figures.months[month]?.planned ?? 0) > 0 ? { currency: w.currency, planned: figures.months[month]!.planned, pacing: figures.pacing } : null,
    checkIn: { due: reviewDue.due, overdue: reviewDue.due < today, lastReview: reviewDue.last, lastReportId: lastReport?.id ?? null },
  };
}

function checklist(done: Record<(typeof FIRST_RUN_STEPS)[number], boolean>): Home["checklist"] {
  return FIRST_RUN_STEPS.map((step) => ({ step, done: done[step] }));
}

const channelInfo = (entries: readonly Entry[]): Map<string, ChannelInfo> => channelsFromRows(entries.filter((e) => e.kind === "channel"));

const networkOf = (channels: Map<string, ChannelInfo>, id: string): Network => channels.get(id)?.network ?? "other";

function homePost(r: PostsTable, channels: Map<string, ChannelInfo>, status: PostStatus): HomePost {
  return {
    id: r.id,
    title: r.title || r.body.slice(0, 80),
    status,
    scheduledAt: r.scheduled_at,
    channels: variantsOf(r).map((v) => ({ channelId: v.channelId, network: networkOf(channels, v.channelId) })),
    thumbnailAssetId: mediaOf(r)[0]?.assetId ?? null,
  };
}

/** Posts linked to each goal. */
async function linkedCounts(ctx: ServiceContext, workspaceId: string): Promise<{ posts: Map<string, number> }> {
  const rows = await ctx.db
    .selectFrom("posts")
    .select((eb) => ["goal_id", eb.fn.countAll<number>().as("n")])
    .where("workspace_id", "=", workspaceId)
    .where("goal_id", "is not", null)
    .groupBy("goal_id")
    .execute();
  return { posts: new Map(rows.map((r) => [r.goal_id!, Number(r.n)])) };
}

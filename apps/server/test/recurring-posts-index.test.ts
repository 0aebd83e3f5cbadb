import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../src/db/database.ts";
import { postsWithTimes } from "../src/features/posts/planning.repository.ts";
import { postsForCalendar } from "../src/features/posts/posts.repository.ts";
import { recurringPosts } from "../src/features/publishing/publishing.repository.ts";
import { buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

/** Records every statement a piece of code runs, compiled as the database receives it. */
class Recorder implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  transformQuery({ node }: { node: RootOperationNode }) {
    this.nodes.push(node);
    return node;
  }
  async transformResult<T>({ result }: { result: T }) {
    return result;
  }
}

/**
 * "Posts dated in a range, and every recurring post that started before its end" (the calendar, the slot planner, the
 * publisher's recurring posts): each part is a search of an index of its own (migration 0023's `posts_recurring` for
 * the recurring ones). Asked as one `or`, SQLite read the workspace's whole past through `posts_workspace_time`
 * (~300 ms for 500,000 posts): these plans are what keeps that from coming back. What the queries return is tested
 * with the screens (calendar, planning, calendar-feed, home tests) on both databases.
 */
describe("recurring posts through their own index [sqlite]", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
  });
  afterAll(() => t.close());

  it("plans every question about dated and recurring posts as index searches, never a pass over the workspace's posts", async () => {
    const { workspace } = await buildWorkspace(t.app);
    const recorder = new Recorder();
    const db = t.deps.db.withPlugin(recorder) as DB;
    await postsForCalendar(db, workspace.id, "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z");
    await postsForCalendar(db, workspace.id, null, "2026-12-01T00:00:00.000Z");
    await postsWithTimes(db, workspace.id, "2026-11-01T00:00:00.000Z", "2026-11-08T00:00:00.000Z");
    await recurringPosts(db);
    const queries = recorder.nodes.map((node) => t.deps.db.getExecutor().compileQuery(node, { queryId: "plan" } as never)).filter((q) => q.sql.includes('from "posts"'));
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const compiled of queries) {
      const plan = await t.deps.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
      const details = plan.rows.map((r) => r.detail);
      const posts = details.filter((d) => /\bposts\b/.test(d) && /^(SCAN|SEARCH)/.test(d));
      expect(posts.length, compiled.sql).toBeGreaterThan(0);
      expect(posts.filter((d) => d.startsWith("SCAN posts") && !d.includes("posts_recurring")), `${compiled.sql}\n${details.join("\n")}`).toEqual([]);
      // The old `or`'s plan: every post of the workspace.
      expect(posts.filter((d) => /posts_workspace_time \(workspace_id=\?\)$/.test(d)), `${compiled.sql}\n${details.join("\n")}`).toEqual([]);
      if (/recurrence" is not null/.test(compiled.sql)) expect(details.some((d) => d.includes("posts_recurring")), `${compiled.sql}\n${details.join("\n")}`).toBe(true);
    }
  });
});

// The best-time figure of bench:tracking (issue 24): GET /best-times on the benchmark workspace, one request at a time.
import { percentile } from "./bench-workspace.ts";
import { report } from "./report.ts";

/** Requests timed for the figure (its p95): at least 20. */
const REQUESTS = Number(process.env.BEST_TIME_REQUESTS || 30);

type Answer = { posts: number; pending?: number };

/** GET `url`, and the same with retries: connections kept alive through a long seed are gone ("other side closed"). */
function asker(base: string, url: string, headers: () => Record<string, string>) {
  const get = async (): Promise<Answer> => {
    const res = await fetch(`${base}${url}`, { headers: headers() });
    if (!res.ok) throw new Error(`best-times: ${res.status} ${await res.text()}`);
    return (await res.json()) as Answer;
  };
  const retry = async (n: number): Promise<Answer> => get().catch(async (e) => (n > 0 ? (await new Promise((r) => setTimeout(r, 200)), retry(n - 1)) : Promise.reject(e)));
  return { get, retry };
}

/**
 * Asks until nothing is pending: every post the seed wrote was marked, the server's summariser adds them up in the
 * background (and each request a few chunks). Benchmarks wait for it before timing anything else on the workspace.
 */
async function untilCounted(ask: (retries: number) => Promise<Answer>): Promise<Answer> {
  let answer = await ask(5);
  while (answer.pending) {
    await new Promise((r) => setTimeout(r, 1000));
    answer = await ask(5);
  }
  return answer;
}

/** Waits until the workspace's best-time summary has counted every post (see untilCounted); the seconds it took. */
export async function summarised(base: string, url: string, headers: () => Record<string, string>): Promise<number> {
  const t0 = performance.now();
  await untilCounted(asker(base, url, headers).retry);
  return (performance.now() - t0) / 1000;
}

/** Times GET `url` (the year before the workspace's last day), once nothing is pending (the wait is timed apart). */
export async function bestTimeFigure(base: string, url: string, headers: () => Record<string, string>, database: "SQLite" | "PostgreSQL"): Promise<void> {
  const { get, retry } = asker(base, url, headers);
  const t0 = performance.now();
  const first = await untilCounted(retry);
  const summarise = performance.now() - t0;
  for (let i = 0; i < 3; i++) await get();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await get();
    times.push(performance.now() - t);
  }
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  const prefix = database === "PostgreSQL" ? "PostgreSQL: " : "";
  console.log(`${prefix}best time to post (a year of posts, ${first.posts.toLocaleString("en")} with numbers), over HTTP: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${REQUESTS}; every seeded post summarised after ${(summarise / 1000).toFixed(1)} s (background summariser and requests)`);
  report({
    id: database === "PostgreSQL" ? "tracking.pg.bestTime" : "tracking.bestTime",
    figure: "best time to post (one request, benchmark workspace)",
    value: p95,
    unit: "ms",
    aim: { kind: "max", value: 50 },
    database,
    note: `p95 of ${REQUESTS} requests (p50 ${p50.toFixed(1)} ms), ${first.posts.toLocaleString("en")} posts in the year`,
  });
}

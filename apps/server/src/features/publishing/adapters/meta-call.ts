import { graph, GraphError, honourUsage } from "./meta-graph.ts";
import { PublishError, type Outgoing } from "./types.ts";

type Params = Record<string, string | number | boolean | undefined>;

/**
 * One Graph call made for a delivery (Facebook Pages, Threads): through `graph()` with the delivery's outbound client,
 * simulator setting and time limit; what the usage headers say about the rate limit holds the whole channel
 * (`connection.hold`) before Meta starts refusing, and so does a rate-limit error.
 */
export async function graphFor<T>(out: Outgoing, method: "GET" | "POST", url: string, params: Params, token: string): Promise<T> {
  try {
    const { body, usage } = await graph<T>({ fetch: out.fetch, simulator: out.networkSimulatorUrl, signal: out.signal }, method, url, params, token);
    await honourUsage(usage, out.connection, out.now());
    return body;
  } catch (err) {
    if (err instanceof GraphError) await honourUsage(err.usage, out.connection, out.now());
    if (err instanceof PublishError && err.kind === "retry" && err.retryAfterMs && err.code === "publish.rate_limited") {
      await out.connection.hold(new Date(out.now().getTime() + err.retryAfterMs));
    }
    throw err;
  }
}

interface QuotaRow {
  quota_usage?: number;
  config?: { quota_total?: number; quota_duration?: number };
}

/** The window moves and the APIs do not say when its oldest post leaves it; chosen: the channel looks again in an hour. */
export const QUOTA_WAIT_MS = 60 * 60_000;

/**
 * Over the publishing quota: the channel waits (`connection.hold`) and the post is tried again later; nothing is
 * made. For a limit read before sending and for a publish call that answered with it.
 */
export async function quotaReached(out: Outgoing, network: string, limit: number, windowHours: number): Promise<PublishError> {
  await out.connection.hold(new Date(out.now().getTime() + QUOTA_WAIT_MS));
  return new PublishError("retry", "publish.quota_exceeded", `${network}'s limit of ${limit} posts in ${windowHours} hours is reached`, QUOTA_WAIT_MS);
}

/**
 * Reads a publishing limit edge (Instagram's content_publishing_limit, Threads' threads_publishing_limit: both answer
 * `{ data: [{ quota_usage, config: { quota_total, quota_duration } }] }`), notes it on the connection, and refuses to go
 * on when it is used up.
 */
export async function checkPublishingQuota(out: Outgoing, url: string, token: string, network: string, fallbackLimit: number): Promise<void> {
  const res = await graphFor<{ data?: QuotaRow[] }>(out, "GET", url, { fields: "quota_usage,config" }, token);
  const row = res.data?.[0];
  if (!row || typeof row.quota_usage !== "number") return;
  const limit = row.config?.quota_total ?? fallbackLimit;
  const windowHours = Math.round((row.config?.quota_duration ?? 86_400) / 3600);
  await out.connection.setQuota({ used: row.quota_usage, limit, windowHours });
  if (row.quota_usage >= limit) throw await quotaReached(out, network, limit, windowHours);
}

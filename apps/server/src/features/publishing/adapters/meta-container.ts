import { GraphError } from "./meta-graph.ts";
import { PublishError, type Outgoing } from "./types.ts";

/** "The media with {id} cannot be found" / "The media builder … does not exist or has been expired" (Instagram error codes). */
const USED_CONTAINER = new Set([2207006, 2207008]);

/**
 * The container flow Instagram and Threads share (Instagram content publishing guide, Threads "Posts"): make a
 * container that points at the media by URL, wait until the network has fetched and processed it (`FINISHED`),
 * publish it, read the result back. Neither API takes an idempotency key, so every step's remote id is recorded in
 * the delivery (`out.recordStep`) before the next step is taken, and a send that starts again resumes from them:
 *
 * - `container` recorded → it is polled, never made again (unless it `EXPIRED`: then a new one is made; an expired
 *   container is never published);
 * - `publishing` (the time we asked to publish) recorded without `media` → the publish may have happened: the
 *   container's status says. `PUBLISHED` → the post is looked up on the account (`findPublished`) and returned;
 *   `FINISHED` → it was not published, it is published now; anything else, or not found → "attention": a person
 *   decides (publish.outcome_unknown), nothing is sent again on its own;
 * - `media` recorded → the post is out; only its permalink is read.
 */

export type ContainerState = "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";

export interface ContainerStatus {
  state: ContainerState;
  /** On ERROR: the network's reason (Instagram: the error subcode; Threads: its error_message). */
  reason: string | null;
}

/** Polling: short waits first (an image is usually ready at once), growing, within one overall budget. */
export interface PollPolicy {
  /** Waits between status reads; the last one repeats. */
  delaysMs: number[];
  /** Longest total time spent polling in one attempt; then the attempt ends and a later one resumes the same container. */
  budgetMs: number;
}

/** 1 s, 2 s, 4 s, 8 s, then every 15 s, for at most 2 minutes per attempt. Not documented; chosen (Threads suggests once a minute for at most 5 minutes for video). */
export const DEFAULT_POLL: PollPolicy = { delaysMs: [1000, 2000, 4000, 8000, 15_000], budgetMs: 120_000 };

/** How long a later attempt waits when a container was still processing. Not documented; chosen. */
export const PROCESSING_RETRY_MS = 60_000;

export interface ContainerErrorMapping {
  /** ERROR reasons after which a fresh container may work (the network says "try again"). */
  retryable(reason: string | null): boolean;
  /** The failure an ERROR container means (rejected: a person must change the post or the setting). */
  failure(reason: string | null): PublishError;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new PublishError("retry", "publish.media_processing", "stopped waiting for the network to process the media"));
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PublishError("retry", "publish.media_processing", "stopped waiting for the network to process the media", PROCESSING_RETRY_MS));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Reads a container's status until it is no longer IN_PROGRESS or the budget is spent (then IN_PROGRESS). */
export async function pollContainer(read: () => Promise<ContainerStatus>, policy: PollPolicy, signal: AbortSignal, deadline: number): Promise<ContainerStatus> {
  let status = await read();
  for (let i = 0; status.state === "IN_PROGRESS"; i++) {
    const wait = policy.delaysMs[Math.min(i, policy.delaysMs.length - 1)] ?? 1000;
    if (Date.now() + wait > deadline) return status;
    await sleep(wait, signal);
    status = await read();
  }
  return status;
}

export interface ContainerSteps {
  /** Makes the container (its children first, for a carousel); returns its id. Not yet recorded. */
  create(): Promise<string>;
  status(id: string): Promise<ContainerStatus>;
}

/**
 * The container recorded under `step`, or a new one, polled until FINISHED. A container that EXPIRED, or failed
 * with a reason the network calls temporary, is replaced once per attempt. Throws: ERROR → the mapped failure;
 * still processing when the budget is spent → retry later (the same container is polled then).
 */
export async function readyContainer(out: Pick<Outgoing, "steps" | "recordStep" | "signal">, step: string, c: ContainerSteps, errors: ContainerErrorMapping, policy: PollPolicy, deadline: number): Promise<{ id: string; state: "FINISHED" | "PUBLISHED" }> {
  let id = out.steps[step];
  for (let fresh = 0; ; fresh++) {
    if (!id) {
      id = await c.create();
      await out.recordStep(step, id);
    }
    const status = await pollContainer(() => c.status(id!), policy, out.signal, deadline);
    if (status.state === "FINISHED" || status.state === "PUBLISHED") return { id, state: status.state };
    if (status.state === "IN_PROGRESS") throw new PublishError("retry", "publish.media_processing", `container ${id} still processing`, PROCESSING_RETRY_MS);
    const replace = status.state === "EXPIRED" || errors.retryable(status.reason);
    if (!replace) throw errors.failure(status.reason);
    if (fresh >= 1) throw new PublishError("retry", status.state === "EXPIRED" ? "publish.container_expired" : "publish.server_error", `container ${id} ${status.state} again`, PROCESSING_RETRY_MS);
    id = undefined;
  }
}

export interface PublishSteps {
  /** Publishes a FINISHED container; returns the media id. */
  publish(containerId: string): Promise<string>;
  status(containerId: string): Promise<ContainerStatus>;
  /**
   * After a publish whose answer was lost: the media made from `containerId` on the account, published after
   * `since` (our clock, minus a margin), or null when it is not found.
   */
  findPublished(containerId: string, since: Date): Promise<string | null>;
}

/** The marker recorded before a publish is asked for: the time, so the lookup knows where to start. */
export const PUBLISHING_STEP = "publishing";
export const MEDIA_STEP = "media";

/**
 * Publishes the FINISHED container `containerId` exactly once: the marker is recorded first; a publish that may
 * have happened (an earlier attempt's marker) is looked up instead of repeated.
 */
export async function publishOnce(out: Pick<Outgoing, "steps" | "recordStep" | "now">, containerId: string, p: PublishSteps): Promise<string> {
  const known = out.steps[MEDIA_STEP];
  if (known) return known;
  // The marker names its container: one that expired since was never published, and its marker no longer counts.
  const [markedAt, markedContainer] = (out.steps[PUBLISHING_STEP] ?? "").split(" ");
  let since = out.now();
  if (markedAt && markedContainer === containerId) {
    since = new Date(markedAt);
    const found = await resolveInterrupted(containerId, since, p);
    if (found) {
      await out.recordStep(MEDIA_STEP, found);
      return found;
    }
    // FINISHED and not published: the earlier publish did not happen. Publish it now (the marker stays as it was).
  } else {
    await out.recordStep(PUBLISHING_STEP, `${since.toISOString()} ${containerId}`);
  }
  let mediaId: string;
  try {
    mediaId = await p.publish(containerId);
  } catch (err) {
    // "Already used" answers mean the container was consumed: whether by us is what the lookup tells.
    if (err instanceof GraphError && err.kind === "rejected" && err.graphSubcode !== null && USED_CONTAINER.has(err.graphSubcode)) {
      const found = await resolveInterrupted(containerId, since, p);
      if (!found) throw new PublishError("attention", "publish.outcome_unknown", `container ${containerId} was used, and no post made from it was found`);
      mediaId = found;
    } else throw err;
  }
  await out.recordStep(MEDIA_STEP, mediaId);
  return mediaId;
}

/** After an interrupted publish: the media id when it went out, null when the container shows it did not. */
async function resolveInterrupted(containerId: string, marker: Date, p: PublishSteps): Promise<string | null> {
  const status = await p.status(containerId);
  if (status.state === "FINISHED") return null;
  if (status.state === "PUBLISHED") {
    // Margin for the two clocks (ours wrote the marker, the network stamps the post). Not documented; chosen.
    const found = await p.findPublished(containerId, new Date(marker.getTime() - 10 * 60_000));
    if (found) return found;
    throw new PublishError("attention", "publish.outcome_unknown", `container ${containerId} is published, but the post was not found on the account`);
  }
  throw new PublishError("attention", "publish.outcome_unknown", `publishing container ${containerId} was interrupted, and it is now ${status.state}`);
}

/** The published post's permalink; a read that fails leaves it empty (the post is out), unless the login stopped working. */
export async function readPermalink(read: () => Promise<{ permalink?: string }>): Promise<string | null> {
  try {
    return (await read()).permalink ?? null;
  } catch (err) {
    if (err instanceof PublishError && err.kind === "auth") throw err;
    return null;
  }
}

import type { VariantOptions } from "@socialplan/schema";
import { GBP_INFO_API, GBP_V4_API, gbpCall, type GoogleCall } from "./google-business-api.ts";
import { PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

/**
 * Google Business Profile local posts ("What's new", events, offers), written to the documented v4 method that is
 * still the path for posts: `POST https://mybusiness.googleapis.com/v4/{parent=accounts/*\/locations/*}/localPosts`
 * with a LocalPost (https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts/create,
 * the resource https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts and the
 * guide https://developers.google.com/my-business/content/posts-data):
 * - `summary` = the channel's text (without the link the app appends: it goes on the button); `topicType` STANDARD / EVENT / OFFER from `out.options.localPost`;
 * - `event` { title, schedule: TimeInterval of Date + TimeOfDay } — "required for topic types EVENT and OFFER"; the
 *   dates and times are the business's local ones (no zone in the type), so the editor's local date-times go as they are;
 * - `offer` { couponCode, redeemOnlineUrl, termsConditions } for OFFER; `callToAction` is "ignored for topic type
 *   OFFER", so none is sent with one;
 * - `callToAction` { actionType BOOK|ORDER|SHOP|LEARN_MORE|SIGN_UP|CALL, url } — "url … should be left unset for a
 *   CALL CTA"; default LEARN_MORE to the post's link when it has one;
 * - `media` [{ mediaFormat PHOTO, sourceUrl }] — "sourceUrl is the only supported data field for a LocalPost
 *   MediaItem": Google fetches the photo from our signed URL.
 * The answer's `name` (accounts/…/locations/…/localPosts/…) is the remote id and its `searchUrl` ("the link to the
 * local post in Google search") the permalink.
 *
 * A location that cannot post: Business Information's `Location.metadata.canOperateLocalPost` ("indicates if the
 * listing can manage local posts", https://developers.google.com/my-business/reference/businessinformation/rest/v1/accounts.locations#Metadata)
 * is read before anything is made; false (an unverified or suspended profile) → rejected, telling the person to
 * verify the business on Google.
 *
 * Never twice: the API takes no idempotency key. A "posting" marker (the time) is recorded before the create; a send
 * that starts again with the marker and no recorded post lists the location's local posts
 * (https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts/list) and takes the one
 * with our summary created since the marker; only when none is there is it created again. Two that fit → a person
 * decides (attention). Verified only against the simulator built from these pages (test-peers/google/business.mjs).
 */

export const POSTING_STEP = "posting";
export const POST_STEP = "post";
/** Margin for the two clocks (ours wrote the marker, Google stamps createTime). Not documented; chosen. */
const CLOCK_MARGIN_MS = 10 * 60_000;
/** Pages of the location's posts read when looking for an interrupted create (100 a page, newest first). Chosen. */
const LOOKUP_PAGES = 3;

export interface GbpLocation {
  account: string;
  location: string;
  token: string;
}

interface LocalPostAnswer {
  name?: string;
  summary?: string;
  createTime?: string;
  searchUrl?: string;
  state?: string;
  topicType?: string;
}

export function locationOf(config: Record<string, unknown>, secret: Record<string, string | undefined>): GbpLocation {
  const account = typeof config.account === "string" ? config.account : "";
  const location = typeof config.location === "string" ? config.location : "";
  const token = secret.accessToken ?? "";
  if (!/^accounts\/[^/]+$/.test(account) || !/^locations\/[^/]+$/.test(location) || !token) {
    throw new PublishError("auth", "publish.auth", "the connection has no Business Profile location or token; connect it again");
  }
  return { account, location, token };
}

const callOf = (out: Outgoing): GoogleCall => ({ fetch: out.fetch, simulator: out.networkSimulatorUrl, signal: out.signal });

/** A Google call made for a delivery: a rate limit holds the whole channel before the error goes up. */
async function api<T>(out: Outgoing, method: "GET" | "POST", url: string, token: string, body?: unknown): Promise<T> {
  try {
    return await gbpCall<T>(callOf(out), method, url, token, body);
  } catch (err) {
    if (err instanceof PublishError && err.kind === "retry" && err.code === "publish.rate_limited" && err.retryAfterMs) {
      await out.connection.hold(new Date(out.now().getTime() + err.retryAfterMs));
    }
    throw err;
  }
}

type LocalPostOptions = NonNullable<VariantOptions["localPost"]>;

/** "2026-12-24T18:00" → Date and TimeOfDay (https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts#TimeInterval). */
function dateAndTime(local: string): { date: { year: number; month: number; day: number }; time: { hours: number; minutes: number; seconds: number; nanos: number } } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)!;
  return { date: { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, time: { hours: Number(m[4]), minutes: Number(m[5]), seconds: 0, nanos: 0 } };
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The summary: the channel's text without the post's link where the app only added it after the text (a summary's
 * links cannot be clicked; the link goes on the post's button instead). A link the author wrote inside stays.
 */
export function summaryOf(out: Pick<Outgoing, "text" | "link">): string {
  const text = out.text.trim();
  if (!out.link) return text;
  if (text === out.link) return "";
  return text.endsWith(`\n\n${out.link}`) ? text.slice(0, -out.link.length).trim() : text;
}

/** The LocalPost body for this delivery; throws "rejected" (with what to change) for what Google would refuse. */
export function localPostBody(out: Pick<Outgoing, "text" | "link" | "options">, photoUrl: string | null): Record<string, unknown> {
  const o: LocalPostOptions = out.options.localPost ?? { type: "STANDARD" };
  const summary = summaryOf(out);
  const body: Record<string, unknown> = { topicType: o.type };
  if (summary) body.summary = summary;
  if (photoUrl) body.media = [{ mediaFormat: "PHOTO", sourceUrl: photoUrl }];
  if (o.type === "STANDARD" && !summary && !photoUrl) throw new PublishError("rejected", "publish.gbp_empty", "a Business Profile update needs text or a photo");
  if (o.type === "EVENT" || o.type === "OFFER") {
    const title = o.eventTitle?.trim();
    if (!title || !o.startsAt || !o.endsAt || !LOCAL.test(o.startsAt) || !LOCAL.test(o.endsAt)) {
      throw new PublishError("rejected", "publish.gbp_event_incomplete", `a Business Profile ${o.type === "EVENT" ? "event" : "offer"} needs a title, a start and an end`);
    }
    if (o.endsAt <= o.startsAt) throw new PublishError("rejected", "publish.gbp_event_incomplete", "the end comes before the start");
    const start = dateAndTime(o.startsAt);
    const end = dateAndTime(o.endsAt);
    body.event = { title, schedule: { startDate: start.date, startTime: start.time, endDate: end.date, endTime: end.time } };
  }
  if (o.type === "OFFER") {
    const offer: Record<string, string> = {};
    if (o.couponCode?.trim()) offer.couponCode = o.couponCode.trim();
    if (o.redeemUrl) offer.redeemOnlineUrl = o.redeemUrl;
    if (o.terms?.trim()) offer.termsConditions = o.terms.trim();
    if (Object.keys(offer).length) body.offer = offer;
    return body;
  }
  const action = o.action ?? (out.link ? "LEARN_MORE" : undefined);
  if (action === "CALL") body.callToAction = { actionType: "CALL" };
  else if (action) {
    const url = o.actionUrl ?? out.link;
    if (!url) throw new PublishError("rejected", "publish.gbp_action_url", `the ${action} button needs a web address`);
    body.callToAction = { actionType: action, url };
  }
  return body;
}

/** Business Profile photo guidelines (https://support.google.com/business/answer/6103862): 10 KB to 5 MB, at least 250×250 px. */
const PHOTO_MIN_BYTES = 10 * 1024;
const PHOTO_MIN_SIDE = 250;

/** A photo under the guidelines' minimums (the rules table checks type and the 5 MB maximum). */
function checkPhoto(m: OutgoingMedia | null): void {
  if (!m) return;
  const small = m.size < PHOTO_MIN_BYTES || (m.width !== null && m.width < PHOTO_MIN_SIDE) || (m.height !== null && m.height < PHOTO_MIN_SIDE);
  if (small) throw new PublishError("rejected", "publish.gbp_photo", `Business Profile photos are 10 KB to 5 MB and at least 250×250 px (this one: ${m.size} bytes, ${m.width ?? "?"}×${m.height ?? "?"})`);
}

/** Refuses what the location cannot take: a listing that cannot manage local posts (not verified, suspended). */
async function checkLocation(out: Outgoing, loc: GbpLocation): Promise<void> {
  const answer = await api<{ metadata?: { canOperateLocalPost?: boolean } }>(out, "GET", `${GBP_INFO_API}/${loc.location}?readMask=metadata`, loc.token);
  if (answer.metadata?.canOperateLocalPost === false) {
    throw new PublishError("rejected", "publish.gbp_unverified", "the Business Profile cannot take posts (metadata.canOperateLocalPost is false): verify the business on Google");
  }
}

/** After an interrupted create: our post among the location's, by summary and creation time; null when none fits. */
async function findCreated(out: Outgoing, loc: GbpLocation, summary: string, since: Date): Promise<LocalPostAnswer | null> {
  const found: LocalPostAnswer[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < LOOKUP_PAGES; page++) {
    const q = new URLSearchParams({ pageSize: "100", ...(pageToken ? { pageToken } : {}) });
    const res = await api<{ localPosts?: LocalPostAnswer[]; nextPageToken?: string }>(out, "GET", `${GBP_V4_API}/${loc.account}/${loc.location}/localPosts?${q}`, loc.token);
    const posts = res.localPosts ?? [];
    for (const p of posts) {
      const created = p.createTime ? Date.parse(p.createTime) : Number.NaN;
      if (p.name && (p.summary ?? "").trim() === summary && created >= since.getTime() - CLOCK_MARGIN_MS) found.push(p);
    }
    // Newest first: once a page reaches back before the marker, older pages cannot hold our post.
    const oldest = posts.reduce((min, p) => Math.min(min, p.createTime ? Date.parse(p.createTime) : Infinity), Infinity);
    pageToken = res.nextPageToken;
    if (!pageToken || oldest < since.getTime() - CLOCK_MARGIN_MS) break;
  }
  if (found.length > 1) throw new PublishError("attention", "publish.outcome_unknown", `${found.length} local posts with this text were created since the interrupted send`);
  return found[0] ?? null;
}

async function permalinkOf(out: Outgoing, loc: GbpLocation, name: string): Promise<string | null> {
  try {
    return (await api<LocalPostAnswer>(out, "GET", `${GBP_V4_API}/${name}`, loc.token)).searchUrl ?? null;
  } catch (err) {
    if (err instanceof PublishError && err.kind === "auth") throw err;
    return null;
  }
}

export const googleBusinessAdapter: Adapter = {
  kind: "google_business",
  resendSafe: true,
  // The API publishes photos only (NETWORK_RULES.google_business: no video): a post with a video goes by reminder.
  byReminder: (post) => post.media.some((m) => m.contentType.startsWith("video/")),
  async send(out: Outgoing): Promise<Published> {
    refuseBrokenRules(out, "google_business");
    const loc = locationOf(out.config, out.secret);
    const done = out.steps[POST_STEP];
    if (done) return { remoteId: done, permalink: await permalinkOf(out, loc, done) };
    const image = out.media.find((m) => m.contentType.startsWith("image/")) ?? null;
    // Checked before anything is sent (and before the photo's URL is made): what Google would refuse anyway.
    localPostBody(out, image ? "https://example.invalid/check" : null);
    checkPhoto(image);
    const summary = summaryOf(out);
    const marker = out.steps[POSTING_STEP];
    if (marker) {
      const found = await findCreated(out, loc, summary, new Date(marker));
      if (found?.name) {
        await out.recordStep(POST_STEP, found.name);
        return { remoteId: found.name, permalink: found.searchUrl ?? (await permalinkOf(out, loc, found.name)) };
      }
    }
    await checkLocation(out, loc);
    const body = localPostBody(out, image ? await out.mediaUrl(image) : null);
    await out.recordStep(POSTING_STEP, out.now().toISOString());
    const made = await api<LocalPostAnswer>(out, "POST", `${GBP_V4_API}/${loc.account}/${loc.location}/localPosts`, loc.token, body);
    if (!made.name) throw new PublishError("unknown", "publish.server_error", "Google answered without the local post's name");
    await out.recordStep(POST_STEP, made.name);
    return { remoteId: made.name, permalink: made.searchUrl ?? null };
  },
};

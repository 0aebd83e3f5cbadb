import { createHash } from "node:crypto";
import { NETWORK_RULES } from "@socialplan/schema";
import { failureFromFetch, PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

const MAX_IMAGES = NETWORK_RULES.bluesky.images.max;
/** Bluesky refuses image blobs over 1,000,000 bytes; bigger photos are scaled down first. */
const MAX_BLOB_BYTES = 950_000;
const TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

/**
 * The record key of a delivery's post: a TID (the timestamp-based key Bluesky posts use) made from the delivery's
 * creation time and its id, so every retry writes the same record instead of a second post.
 */
export function deliveryRecordKey(deliveryId: string, createdAt: string): string {
  const micros = BigInt(Date.parse(createdAt)) * 1000n + BigInt(createHash("sha256").update(deliveryId).digest().readUInt16BE(0) % 1000);
  const clockId = BigInt(createHash("sha256").update(`clock:${deliveryId}`).digest().readUInt16BE(0) & 0x3ff);
  let value = (micros << 10n) | clockId;
  let out = "";
  for (let i = 0; i < 13; i++) {
    out = TID_ALPHABET[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}

type Api = typeof import("@atproto/api");
let api: Promise<Api> | null = null;
export const loadApi = () => (api ??= import("@atproto/api"));

/** Maps an XRPC error to what the publisher does next. */
function failure(err: unknown): PublishError {
  if (err instanceof PublishError) return err;
  const e = err as { status?: number; error?: string; message?: string; headers?: Record<string, string> };
  if (typeof e.status !== "number" || e.status === 1) return failureFromFetch(err);
  // The server's own words (error name and message) go to the log only; people see the status.
  const message = `HTTP ${e.status}`;
  const detail = { body: `${e.error ?? ""}: ${e.message ?? ""}`.slice(0, 500) };
  if (e.status === 401 || e.error === "AuthenticationRequired" || e.error === "ExpiredToken" || e.error === "InvalidToken" || e.error === "AccountTakedown") {
    return new PublishError("auth", "publish.auth", message, null, detail);
  }
  if (e.status === 429) {
    const reset = Number(e.headers?.["ratelimit-reset"]);
    return new PublishError("retry", "publish.rate_limited", message, Number.isFinite(reset) ? Math.max(1000, reset * 1000 - Date.now()) : null, detail);
  }
  if (e.status === 503) return new PublishError("retry", "publish.unavailable", message, null, detail);
  if (e.status >= 500) return new PublishError("unknown", "publish.server_error", message, null, detail);
  return new PublishError("rejected", "publish.rejected", message, null, detail);
}

/** Logs in with the handle and app password; the session is used for one delivery (or one read of numbers). */
export async function session(out: Pick<Outgoing, "config" | "secret" | "fetch">) {
  const { AtpAgent } = await loadApi();
  // Every request of the agent (the PDS named in the account's DID document included) goes through the outbound client.
  const agent = new AtpAgent({ service: String(out.config.service), fetch: out.fetch });
  try {
    await agent.login({ identifier: String(out.config.handle), password: out.secret.appPassword ?? "" });
  } catch (err) {
    const f = failure(err);
    // A refused login is the account's problem, whatever status the server used for it.
    throw f.code === "publish.rejected" ? new PublishError("auth", "publish.auth", f.message, null, f.detail) : f;
  }
  return agent;
}


async function imageBlob(m: OutgoingMedia): Promise<{ bytes: Buffer; encoding: string; width: number | null; height: number | null }> {
  const bytes = await m.bytes();
  if (bytes.length <= MAX_BLOB_BYTES) return { bytes, encoding: m.contentType, width: m.width, height: m.height };
  const { default: sharp } = await import("sharp");
  for (const size of [2000, 1600, 1200, 900]) {
    const { data, info } = await sharp(bytes).rotate().resize(size, size, { fit: "inside", withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer({ resolveWithObject: true });
    if (data.length <= MAX_BLOB_BYTES) return { bytes: data, encoding: "image/jpeg", width: info.width, height: info.height };
  }
  throw new PublishError("rejected", "publish.image_too_large", `${m.name} stays over 1 MB even scaled down`);
}

/**
 * Bluesky, on any PDS: text with link and mention facets (found by the official client's RichText), up to four
 * images with alt text, or a link card when there is no image. The record key comes from the delivery
 * (`deliveryRecordKey`), and the post is written with `putRecord` after looking for it: a resend after a crash
 * finds the post that is already there and never makes a second one.
 */
export const blueskyAdapter: Adapter = {
  kind: "bluesky",
  resendSafe: true,
  async verify(config, secret, fetch) {
    await session({ config, secret, fetch });
  },
  async send(out: Outgoing): Promise<Published> {
    // Bluesky's own limits (300 graphemes, four images or one video), before logging in.
    refuseBrokenRules(out, "bluesky");
    const { RichText } = await loadApi();
    const agent = await session(out);
    const repo = agent.session!.did;
    const handle = agent.session!.handle;
    const rkey = deliveryRecordKey(out.deliveryId, out.createdAt);
    const permalink = `https://bsky.app/profile/${handle}/post/${rkey}`;
    try {
      const existing = await agent.com.atproto.repo.getRecord({ repo, collection: "app.bsky.feed.post", rkey }).catch((err: { status?: number; error?: string }) => {
        if (err.status === 400 && err.error === "RecordNotFound") return null;
        throw err;
      });
      if (existing) return { remoteId: existing.data.uri, permalink };

      const rt = new RichText({ text: out.text });
      await rt.detectFacets(agent);
      let embed: Record<string, unknown> | undefined;
      const images = out.media.filter((m) => m.contentType.startsWith("image/")).slice(0, MAX_IMAGES);
      if (images.length) {
        const uploaded = [];
        for (const m of images) {
          const blob = await imageBlob(m);
          const res = await agent.uploadBlob(blob.bytes, { encoding: blob.encoding });
          uploaded.push({ image: res.data.blob, alt: m.alt, ...(blob.width && blob.height ? { aspectRatio: { width: blob.width, height: blob.height } } : {}) });
        }
        embed = { $type: "app.bsky.embed.images", images: uploaded };
      } else if (out.link) {
        embed = { $type: "app.bsky.embed.external", external: { uri: out.link, title: out.title || new URL(out.link).host, description: "" } };
      }
      const record = {
        $type: "app.bsky.feed.post",
        text: rt.text,
        ...(rt.facets?.length ? { facets: rt.facets } : {}),
        ...(embed ? { embed } : {}),
        createdAt: new Date().toISOString(),
      };
      const res = await agent.com.atproto.repo.putRecord({ repo, collection: "app.bsky.feed.post", rkey, record, validate: true });
      return { remoteId: res.data.uri, permalink };
    } catch (err) {
      throw failure(err);
    }
  },
};

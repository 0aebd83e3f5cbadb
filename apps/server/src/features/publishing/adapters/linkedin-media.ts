import { onNetworkDomain } from "./network-http.ts";
import { LINKEDIN_REST, linkedin, restli, type LinkedInCall } from "./linkedin-api.ts";
import { PublishError, type OutgoingMedia } from "./types.ts";

/**
 * Uploads to LinkedIn's media APIs, each of which gives the URN a post refers to:
 * - Images API (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api):
 *   `POST /rest/images?action=initializeUpload` `{ initializeUploadRequest: { owner } }` → `value.uploadUrl`,
 *   `value.image`; `PUT` the bytes to `uploadUrl` with the token; `GET /rest/images/{urn}` → `status`
 *   (WAITING_UPLOAD, PROCESSING, AVAILABLE, PROCESSING_FAILED).
 * - Videos API (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api):
 *   `POST /rest/videos?action=initializeUpload` `{ initializeUploadRequest: { owner, fileSizeBytes, uploadCaptions,
 *   uploadThumbnail } }` → `value.video`, `value.uploadToken`, `value.uploadInstructions[]` (`uploadUrl`,
 *   `firstByte`, `lastByte`: parts of 4 MB); `PUT` each part, keeping each answer's `ETag`;
 *   `POST /rest/videos?action=finalizeUpload` `{ finalizeUploadRequest: { video, uploadToken, uploadedPartIds } }`;
 *   `GET /rest/videos/{urn}` until `status` is AVAILABLE (PROCESSING_FAILED: refused).
 * - Documents API (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/documents-api):
 *   `POST /rest/documents?action=initializeUpload` `{ initializeUploadRequest: { owner } }` → `value.uploadUrl`,
 *   `value.document`; `PUT` the bytes; `GET /rest/documents/{urn}` until AVAILABLE.
 */

export type MediaKind = "image" | "video" | "document";
export type MediaStatus = "WAITING_UPLOAD" | "PROCESSING" | "AVAILABLE" | "PROCESSING_FAILED";

const COLLECTION: Record<MediaKind, string> = { image: "images", video: "videos", document: "documents" };

interface InitAnswer {
  value: {
    uploadUrl?: string;
    image?: string;
    document?: string;
    video?: string;
    uploadToken?: string;
    uploadInstructions?: Array<{ uploadUrl: string; firstByte: number; lastByte: number }>;
  };
}

/** Where LinkedIn's upload URLs may point: the token goes with each upload, so only to LinkedIn's own hosts. */
const LINKEDIN_DOMAINS = ["linkedin.com"];

/** An upload URL refused (it expired, or was already used): nothing was made from it, a new upload starts. */
function uploadFailure(err: unknown): never {
  if (err instanceof PublishError && (err.code === "publish.rejected" || err.code === "publish.linkedin_permission")) {
    throw new PublishError("retry", "publish.linkedin_upload_expired", `the upload was refused (${err.message}); a new one starts on the next attempt`, 60_000, err.detail);
  }
  throw err;
}

/** Uploads one image or document; returns its URN once LinkedIn has the bytes (not yet necessarily AVAILABLE). */
export async function uploadSimple(call: LinkedInCall, token: string, owner: string, kind: "image" | "document", item: OutgoingMedia): Promise<string> {
  const { body } = await linkedin<InitAnswer>(call, "POST", `${LINKEDIN_REST}/${COLLECTION[kind]}?action=initializeUpload`, { token, json: { initializeUploadRequest: { owner } } });
  const urn = kind === "image" ? body.value.image : body.value.document;
  if (!urn || !body.value.uploadUrl) throw new PublishError("unknown", "publish.server_error", `initializeUpload gave no ${kind} or upload URL`);
  const bytes = await item.bytes();
  await linkedin(call, "PUT", onNetworkDomain(body.value.uploadUrl, LINKEDIN_DOMAINS, "LinkedIn's upload URL"), { token, bytes, rest: false }).catch(uploadFailure);
  return urn;
}

/** Uploads a video in the parts LinkedIn asked for, and finalizes it; returns its URN (then processing). */
export async function uploadVideo(call: LinkedInCall, token: string, owner: string, item: OutgoingMedia): Promise<string> {
  const bytes = await item.bytes();
  const { body } = await linkedin<InitAnswer>(call, "POST", `${LINKEDIN_REST}/videos?action=initializeUpload`, {
    token,
    json: { initializeUploadRequest: { owner, fileSizeBytes: bytes.length, uploadCaptions: false, uploadThumbnail: false } },
  });
  const video = body.value.video;
  const parts = body.value.uploadInstructions ?? [];
  if (!video || !parts.length) throw new PublishError("unknown", "publish.server_error", "initializeUpload gave no video or upload instructions");
  const etags: string[] = [];
  for (const part of parts) {
    const res = await linkedin(call, "PUT", onNetworkDomain(part.uploadUrl, LINKEDIN_DOMAINS, "LinkedIn's upload URL"), { token, bytes: bytes.subarray(part.firstByte, part.lastByte + 1), rest: false }).catch(uploadFailure);
    const etag = res.headers.get("etag");
    if (!etag) throw new PublishError("retry", "publish.server_error", "an uploaded video part had no ETag", 60_000);
    etags.push(etag);
  }
  await linkedin(call, "POST", `${LINKEDIN_REST}/videos?action=finalizeUpload`, { token, json: { finalizeUploadRequest: { video, uploadToken: body.value.uploadToken ?? "", uploadedPartIds: etags } } });
  return video;
}

export async function mediaStatus(call: LinkedInCall, token: string, kind: MediaKind, urn: string): Promise<MediaStatus> {
  const { body } = await linkedin<{ status?: MediaStatus }>(call, "GET", `${LINKEDIN_REST}/${COLLECTION[kind]}/${restli(urn)}`, { token });
  return body.status ?? "PROCESSING";
}

export interface WaitPolicy {
  delaysMs: number[];
  budgetMs: number;
}

/** 1 s, 2 s, 4 s, 8 s, then every 15 s, for at most 2 minutes per attempt. Not documented; chosen. */
export const LINKEDIN_POLL: WaitPolicy = { delaysMs: [1000, 2000, 4000, 8000, 15_000], budgetMs: 120_000 };

/**
 * Reads a media item's status until AVAILABLE. PROCESSING_FAILED → "rejected" (a person changes the file);
 * WAITING_UPLOAD → null (the bytes never arrived: upload again); still processing when the budget is spent →
 * "retry" (the next attempt polls the same URN).
 */
export async function waitAvailable(call: LinkedInCall, token: string, kind: MediaKind, urn: string, policy: WaitPolicy, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + policy.budgetMs;
  for (let i = 0; ; i++) {
    const status = await mediaStatus(call, token, kind, urn);
    if (status === "AVAILABLE") return true;
    if (status === "WAITING_UPLOAD") return false;
    if (status === "PROCESSING_FAILED") throw new PublishError("rejected", "publish.media_rejected", `LinkedIn could not process the ${kind} (${urn}: PROCESSING_FAILED)`);
    const wait = policy.delaysMs[Math.min(i, policy.delaysMs.length - 1)] ?? 1000;
    if (Date.now() + wait > deadline || signal.aborted) throw new PublishError("retry", "publish.media_processing", `${kind} ${urn} still processing`, 60_000);
    await new Promise((r) => setTimeout(r, wait));
  }
}

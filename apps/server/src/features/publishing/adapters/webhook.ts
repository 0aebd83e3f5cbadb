import { createHmac } from "node:crypto";
import type { OutboundReply } from "../../../lib/outbound.ts";
import { failureFromFetch, failureFromStatus, refuseBrokenRules, type Adapter, type Outgoing, type Published } from "./types.ts";

export const SIGNATURE_HEADER = "X-Socialplan-Signature";

/** The JSON a webhook receives: the post as it goes out on one channel. */
export function webhookPayload(out: Outgoing, sentAt: string) {
  return {
    id: out.deliveryId,
    event: "post.publish",
    sentAt,
    post: { id: out.postId, title: out.title, text: out.text, link: out.link, dueAt: out.dueAt },
    channel: { id: out.channelId, network: out.network },
    media: out.media.map((m) => ({ name: m.name, contentType: m.contentType, size: m.size, sha256: m.sha256, alt: m.alt, width: m.width, height: m.height })),
  };
}

/** HMAC-SHA256 of the exact body bytes, hex, prefixed as GitHub does ("sha256=…"): most receivers check this form. */
export const signBody = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;

/**
 * Zapier/Make/n8n-style automation: one signed POST per delivery, with the delivery's id as `Idempotency-Key`
 * (the same on every retry, so a receiver that honours it never acts twice). A receiver that ignores it could act
 * twice on a resend, so an interrupted send is not repeated automatically: it waits for a person.
 */
export const webhookAdapter: Adapter = {
  kind: "webhook",
  resendSafe: false,
  async send(out: Outgoing): Promise<Published> {
    // The automation posts to the channel's network: that network's rules apply.
    refuseBrokenRules(out, out.network);
    const body = JSON.stringify(webhookPayload(out, new Date().toISOString()));
    let res: OutboundReply;
    try {
      // The lean call (same address checks and bounds as fetch): a webhook needs only the status and the text.
      res = await out.send(String(out.config.url), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": out.deliveryId,
          [SIGNATURE_HEADER.toLowerCase()]: signBody(out.secret.signingSecret ?? "", body),
          "user-agent": "Socialplan-Webhook/1",
        },
        body,
        signal: out.signal,
        redirect: "error",
      });
    } catch (err) {
      throw failureFromFetch(err);
    }
    const text = res.text();
    if (!res.ok) throw failureFromStatus(res.status, text, res.header("retry-after"));
    let remoteId = out.deliveryId;
    let permalink: string | null = null;
    try {
      const json = JSON.parse(text) as { id?: unknown; url?: unknown };
      if (typeof json.id === "string" || typeof json.id === "number") remoteId = String(json.id);
      if (typeof json.url === "string" && /^https?:\/\//.test(json.url)) permalink = json.url;
    } catch {
      // Receivers often answer with plain text; the delivery id stands for the post then.
    }
    return { remoteId, permalink };
  },
};

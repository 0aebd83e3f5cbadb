import { networkLength, NETWORK_RULES, TIKTOK_PRIVACY, type CheckedMedia, type LOCAL_POST_ACTIONS, type LOCAL_POST_TYPES, type Network, type VARIANT_FORMATS, type VariantOptions as SavedOptions } from "@socialplan/schema";

/**
 * The pure rules of a channel's publishing options in the post editor (tested in channel-options-logic.test.ts):
 * which fields each network asks for, what is sent (the variant's `format`, `firstComment` and `options`, as
 * packages/schema's variantOptionsSchema takes them), and what is missing before the network would take it.
 */

export type VariantFormat = (typeof VARIANT_FORMATS)[number];
export type TiktokPrivacy = (typeof TIKTOK_PRIVACY)[number];
export type LocalPostType = (typeof LOCAL_POST_TYPES)[number];
export type LocalPostAction = (typeof LOCAL_POST_ACTIONS)[number];

/**
 * TikTok's choices while they are being made: privacy has no default (TikTok's rules: the creator picks it), so it
 * may still be missing; `disclose` is the "Disclose post content" switch, which is only the screen's (it is sent as
 * the two kinds of disclosure ticked under it).
 */
export type TiktokDraft = Partial<NonNullable<SavedOptions["tiktok"]>> & { disclose?: boolean };
/** The network's own fields of one channel's copy, as the editor holds them (saved as the variant's `options`). */
export type NetworkOptions = Omit<SavedOptions, "tiktok"> & { tiktok?: TiktokDraft };

/** A channel's publishing options beside its text: feed or story, a first comment, and the network's own fields. */
export interface VariantOptions {
  format?: VariantFormat;
  firstComment?: string | null;
  options?: NetworkOptions;
}

/** Networks whose API takes a story, and a first comment right after the post (Threads: a reply). */
export const STORIES: Network[] = ["instagram"];
export const FIRST_COMMENT: Network[] = ["instagram", "threads"];
/** Networks with fields of their own in the editor. */
export const OWN_FIELDS: Network[] = ["youtube", "pinterest", "tiktok", "google_business", "x"];

export const hasChannelOptions = (network: Network) => STORIES.includes(network) || FIRST_COMMENT.includes(network) || OWN_FIELDS.includes(network);

const text = (v: string | undefined | null) => (v ?? "").trim();
const some = <T extends object>(o: T): T | undefined => (Object.values(o).some((v) => v !== undefined) ? o : undefined);

/** YouTube tags typed as one line: split at commas, trimmed, empty and repeated ones left out. */
export function parseTags(line: string): string[] {
  const seen = new Set<string>();
  return line
    .split(",")
    .map((t) => t.trim().replace(/^#/, ""))
    .filter((t) => t && !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
}

/**
 * What is saved of a channel's network fields: only the fields its network reads, trimmed, empty ones left out;
 * TikTok's choices only once a privacy was picked (the schema needs it; until then the server refuses to publish
 * and the editor says so).
 */
export function cleanOptions(network: Network, o: NetworkOptions | undefined): SavedOptions | undefined {
  if (!o) return undefined;
  switch (network) {
    case "youtube":
      return some({
        title: text(o.title) || undefined,
        privacy: o.privacy,
        tags: o.tags?.length ? o.tags : undefined,
        madeForKids: o.madeForKids,
        thumbnailAssetId: o.thumbnailAssetId || undefined,
      });
    case "pinterest":
      return some({ boardId: o.boardId || undefined, title: text(o.title) || undefined });
    case "tiktok": {
      const t = o.tiktok;
      if (!t?.privacyLevel) return undefined;
      const disclose = !!t.disclose;
      return {
        tiktok: {
          privacyLevel: t.privacyLevel,
          disableComment: t.disableComment ?? true,
          disableDuet: t.disableDuet ?? true,
          disableStitch: t.disableStitch ?? true,
          brandOrganic: disclose && !!t.brandOrganic,
          brandedContent: disclose && !!t.brandedContent,
        },
      };
    }
    case "google_business": {
      const p = o.localPost;
      if (!p?.type) return undefined;
      const dated = p.type !== "STANDARD";
      const offer = p.type === "OFFER";
      return {
        localPost: {
          type: p.type,
          ...(dated && text(p.eventTitle) ? { eventTitle: text(p.eventTitle) } : {}),
          ...(dated && p.startsAt ? { startsAt: p.startsAt } : {}),
          ...(dated && p.endsAt ? { endsAt: p.endsAt } : {}),
          ...(offer && text(p.couponCode) ? { couponCode: text(p.couponCode) } : {}),
          ...(offer && text(p.redeemUrl) ? { redeemUrl: text(p.redeemUrl) } : {}),
          ...(offer && text(p.terms) ? { terms: text(p.terms) } : {}),
          // Offers carry their own "View offer" button; the others take a button of the owner's choice.
          ...(!offer && p.action ? { action: p.action } : {}),
          ...(!offer && p.action && p.action !== "CALL" && text(p.actionUrl) ? { actionUrl: text(p.actionUrl) } : {}),
        },
      };
    }
    case "x": {
      const thread = (o.thread ?? []).map((t) => t.trim()).filter(Boolean);
      return thread.length ? { thread } : undefined;
    }
    default:
      return undefined;
  }
}

/** The variant's fields beside its text, as the post is saved. */
export function variantExtras(network: Network, v: VariantOptions): { format?: VariantFormat; firstComment?: string; options?: SavedOptions } {
  const options = cleanOptions(network, v.options);
  return {
    ...(v.format ? { format: v.format } : {}),
    ...(v.firstComment?.trim() ? { firstComment: v.firstComment.trim() } : {}),
    ...(options ? { options } : {}),
  };
}

/** The editor's copy of a saved variant's fields. */
export function variantOptionsOf(v: { format?: VariantFormat | undefined; firstComment?: string | null | undefined; options?: SavedOptions | undefined }): VariantOptions {
  const o = v.options;
  return {
    format: v.format,
    firstComment: v.firstComment,
    ...(o ? { options: { ...o, ...(o.tiktok ? { tiktok: { ...o.tiktok, disclose: o.tiktok.brandOrganic || o.tiktok.brandedContent } } : {}) } } : {}),
  };
}

/** X: each post of a thread with its length as X counts it (weighted) and its limit. */
export function threadCounts(first: string, rest: string[] | undefined): { length: number; limit: number; over: boolean }[] {
  const limit = NETWORK_RULES.x.text.max ?? 280;
  return [first, ...(rest ?? [])].map((t) => {
    const length = networkLength("x", t);
    return { length, limit, over: length > limit };
  });
}

/** TikTok: the privacy choices the creator's account offers, "Only me" closed while the post is branded content. */
export function tiktokPrivacyChoices(offered: readonly TiktokPrivacy[], brandedContent: boolean): { value: TiktokPrivacy; disabled: boolean }[] {
  return TIKTOK_PRIVACY.filter((p) => offered.includes(p)).map((value) => ({ value, disabled: brandedContent && value === "SELF_ONLY" }));
}

/** TikTok: the label TikTok puts on a disclosed post (nothing until a kind is ticked), and the consent line to show. */
export function tiktokDisclosure(t: TiktokDraft | undefined): { label: "promotional" | "paid" | null; consent: "music" | "branded" } {
  const on = !!t?.disclose;
  const branded = on && !!t?.brandedContent;
  return { label: branded ? "paid" : on && t?.brandOrganic ? "promotional" : null, consent: branded ? "branded" : "music" };
}

/** What a channel's own fields still need, by field (as the server names it under `variants.N.options`). */
export interface OptionProblem {
  field: string;
  rule: "tiktok_privacy" | "tiktok_disclosure" | "pinterest_board" | "youtube_title" | "youtube_tags" | "youtube_video" | "gbp_event_title" | "gbp_dates" | "gbp_action_url" | "x_thread_too_long";
  params: Record<string, string | number>;
}

/**
 * What the network would refuse in a channel's own fields, for a channel that publishes by itself (a reminder's
 * fields are only notes for whoever posts it). `media`: the post's media facts.
 */
export function optionProblems(network: Network, o: NetworkOptions | undefined, media: CheckedMedia[], postTitle: string): OptionProblem[] {
  const out: OptionProblem[] = [];
  switch (network) {
    case "tiktok": {
      const t = o?.tiktok;
      if (!t?.privacyLevel) out.push({ field: "tiktok.privacyLevel", rule: "tiktok_privacy", params: {} });
      if (t?.disclose && !t.brandOrganic && !t.brandedContent) out.push({ field: "tiktok.brandOrganic", rule: "tiktok_disclosure", params: {} });
      break;
    }
    case "pinterest":
      if (!o?.boardId) out.push({ field: "boardId", rule: "pinterest_board", params: {} });
      break;
    case "youtube": {
      if (!media.some((m) => m.kind === "video")) out.push({ field: "media", rule: "youtube_video", params: {} });
      const title = text(o?.title) || postTitle.trim();
      if (!title || title.length > 100 || /[<>]/.test(title)) out.push({ field: "title", rule: "youtube_title", params: { length: title.length } });
      const tagChars = (o?.tags ?? []).reduce((n, t) => n + t.length + (t.includes(" ") ? 2 : 0), 0) + Math.max(0, (o?.tags?.length ?? 0) - 1);
      if (tagChars > 500) out.push({ field: "tags", rule: "youtube_tags", params: { length: tagChars } });
      break;
    }
    case "google_business": {
      const p = o?.localPost;
      if (p && p.type !== "STANDARD") {
        if (!text(p.eventTitle)) out.push({ field: "localPost.eventTitle", rule: "gbp_event_title", params: {} });
        if (!p.startsAt || !p.endsAt || p.endsAt < p.startsAt) out.push({ field: p.startsAt ? "localPost.endsAt" : "localPost.startsAt", rule: "gbp_dates", params: {} });
      }
      if (p && p.type !== "OFFER" && p.action && p.action !== "CALL" && !text(p.actionUrl)) out.push({ field: "localPost.actionUrl", rule: "gbp_action_url", params: {} });
      break;
    }
    case "x":
      (o?.thread ?? []).forEach((t, i) => {
        const length = networkLength("x", t.trim());
        if (length > 280) out.push({ field: `thread.${i}`, rule: "x_thread_too_long", params: { n: i + 2, length, limit: 280 } });
      });
      break;
  }
  return out;
}

/** The workspace's wall clock as a datetime-local value ("2026-12-07T10:00"). */
export const isLocalDateTime = (v: string) => /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/.test(v);

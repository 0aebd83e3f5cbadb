import { z } from "zod";
import { idSchema } from "./common.ts";

/**
 * What one channel's copy says beyond its text, for the networks that ask for more than a text and media when
 * publishing (each field is read only by the network named; the editor shows only the fields of the channel's
 * network). Every field is optional: an older post's variant has none, and the adapter then uses the documented
 * default named here.
 */
export const YOUTUBE_PRIVACY = ["public", "unlisted", "private"] as const;
/** TikTok's privacy levels (creator_info's `privacy_level_options` says which the account offers). */
export const TIKTOK_PRIVACY = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"] as const;
/** Business Profile local post types: "What's new", an event, an offer. */
export const LOCAL_POST_TYPES = ["STANDARD", "EVENT", "OFFER"] as const;
/** Business Profile call-to-action buttons (`CALL` uses the profile's phone number and takes no URL). */
export const LOCAL_POST_ACTIONS = ["BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"] as const;

const shortText = (max: number) => z.string().trim().max(max);
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, { error: "validation.local_time" });
const optionalUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https:\/\/[^\s]+$/i.test(v) && URL.canParse(v), { error: "validation.url" });

export const variantOptionsSchema = z
  .object({
    /** YouTube video title (1-100 characters, no < or >; default: the post's title) and Pinterest Pin title (≤ 100). */
    title: shortText(100).optional(),
    /** YouTube: privacy status (default "private" until the publish time when scheduled at YouTube; "public" here). */
    privacy: z.enum(YOUTUBE_PRIVACY).optional(),
    /** YouTube: tags (the total of all tags at most 500 characters). */
    tags: z.array(shortText(100)).max(60).optional(),
    /** YouTube: made for kids (the API requires the uploader to say; default false). */
    madeForKids: z.boolean().optional(),
    /** YouTube: a custom thumbnail from the library (an image asset of this workspace). */
    thumbnailAssetId: idSchema.optional(),
    /** Pinterest: the board the Pin goes to (an id from the connection's boards); the adapter refuses a Pin without one. */
    boardId: shortText(100).optional(),
    /** TikTok: what the post settings screen asked (TikTok's UX guidelines: no default privacy; the creator picks). */
    tiktok: z
      .object({
        privacyLevel: z.enum(TIKTOK_PRIVACY),
        disableComment: z.boolean(),
        disableDuet: z.boolean(),
        disableStitch: z.boolean(),
        /** "Your brand": promotes the creator's own business. */
        brandOrganic: z.boolean(),
        /** "Branded content": a paid partnership (cannot be private). */
        brandedContent: z.boolean(),
      })
      .strict()
      .optional(),
    /** Google Business Profile local post. */
    localPost: z
      .object({
        type: z.enum(LOCAL_POST_TYPES),
        /** Events and offers: their title (≤ 58 characters) and when they run, on the workspace's clock. */
        eventTitle: shortText(58).optional(),
        startsAt: localDateTime.optional(),
        endsAt: localDateTime.optional(),
        couponCode: shortText(58).optional(),
        redeemUrl: optionalUrl.optional(),
        terms: shortText(5000).optional(),
        action: z.enum(LOCAL_POST_ACTIONS).optional(),
        actionUrl: optionalUrl.optional(),
      })
      .strict()
      .optional(),
    /** X: the posts after the first in a thread (the variant's text is the first), each within X's limit. */
    thread: z.array(z.string().trim().min(1).max(4000)).max(24).optional(),
  })
  .strict();
export type VariantOptions = z.infer<typeof variantOptionsSchema>;

/**
 * What a connection offers to choose from when publishing, read from the network on demand
 * (`GET /workspaces/:ws/connections/:id/publish-options`): a Pinterest account's boards; TikTok's creator info,
 * which TikTok requires the app to query and show before each post.
 */
export const publishOptionsSchema = z.object({
  boards: z.array(z.object({ id: z.string(), name: z.string(), privacy: z.string().nullable() })).optional(),
  tiktokCreator: z
    .object({
      nickname: z.string(),
      username: z.string().nullable(),
      avatarUrl: z.string().nullable(),
      privacyLevelOptions: z.array(z.enum(TIKTOK_PRIVACY)),
      commentDisabled: z.boolean(),
      duetDisabled: z.boolean(),
      stitchDisabled: z.boolean(),
      maxVideoPostDurationSec: z.number().int().nullable(),
      /** False when the creator cannot post more now (TikTok's spam_risk / reached_active_user_cap): say so and wait. */
      canPost: z.boolean(),
    })
    .optional(),
  /** X: what the operator's API tier allows (reading numbers needs Basic or higher). */
  note: z.string().nullable().optional(),
});
export type PublishOptions = z.infer<typeof publishOptionsSchema>;

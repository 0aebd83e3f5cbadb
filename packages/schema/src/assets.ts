import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import { fileNameSchema } from "./vocabulary.ts";

/** The shared asset library (§13 `exec.storage`): images, video and documents the team uses in posts, cards and the strategy. */
export const ASSET_KINDS = ["image", "video", "document"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/**
 * The file types the library takes, recognised from the file's content (never from its name), with their kind.
 * Images are the ones the thumbnailer (libvips) reads; HEIC and SVG are refused with advice of their own.
 */
export const ASSET_TYPES = {
  "image/png": "image",
  "image/jpeg": "image",
  "image/gif": "image",
  "image/webp": "image",
  "image/avif": "image",
  "video/mp4": "video",
  "video/quicktime": "video",
  "video/webm": "video",
  "video/x-m4v": "video",
  "application/pdf": "document",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "document",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "document",
  "text/plain": "document",
} as const satisfies Record<string, AssetKind>;
export type AssetContentType = keyof typeof ASSET_TYPES;

/** The largest upload unless the server sets ASSET_MAX_BYTES (a minute of phone video fits). */
export const DEFAULT_ASSET_MAX_BYTES = 100 * 1024 * 1024;

const tag = z.string().trim().min(1).max(40);

export const assetSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  /** A video's length in milliseconds, read from its MP4/MOV header on upload; null when unknown. */
  durationMs: z.number().nullable(),
  hasThumbnail: z.boolean(),
  altText: z.string(),
  tags: z.array(z.string()),
  collectionId: idSchema.nullable(),
  /** How many cards, posts and personas use it. */
  usedIn: z.number(),
  createdBy: z.string().nullable(),
  createdAt: timestampSchema,
});
export type Asset = z.infer<typeof assetSchema>;

export const assetCollectionSchema = z.object({ id: idSchema, name: z.string(), count: z.number() });
export type AssetCollection = z.infer<typeof assetCollectionSchema>;

export const assetLibrarySchema = z.object({
  assets: z.array(assetSchema),
  collections: z.array(assetCollectionSchema),
  /** Every tag in use in the workspace, for the filter. */
  tags: z.array(z.string()),
  /** The server's upload limit, so the screen can refuse an oversized file before sending it. */
  maxBytes: z.number(),
});
export type AssetLibrary = z.infer<typeof assetLibrarySchema>;

export const assetUseSchema = z.object({ kind: z.enum(["card", "persona", "post"]), id: idSchema, title: z.string() });
export type AssetUse = z.infer<typeof assetUseSchema>;
export const assetDetailSchema = assetSchema.extend({ uses: z.array(assetUseSchema) });
export type AssetDetail = z.infer<typeof assetDetailSchema>;

export const assetUploadResultSchema = z.object({
  asset: assetSchema,
  /** The same file was already in the library: nothing new was stored. */
  duplicate: z.boolean(),
});
export type AssetUploadResult = z.infer<typeof assetUploadResultSchema>;

export const assetQuerySchema = z
  .object({
    q: z.string().trim().max(100).optional(),
    tag: tag.optional(),
    kind: z.enum(ASSET_KINDS).optional(),
    collectionId: idSchema.optional(),
  })
  .strict();
export const uploadAssetQuerySchema = z.object({ name: fileNameSchema, collectionId: idSchema.optional() }).strict();
export const updateAssetSchema = z
  .object({
    name: fileNameSchema,
    altText: z.string().trim().max(1000),
    tags: z.array(tag).max(30),
    collectionId: idSchema.nullable(),
  })
  .partial()
  .strict();
export type UpdateAsset = z.infer<typeof updateAssetSchema>;
export const deleteAssetQuerySchema = z.object({ force: z.enum(["true", "false"]).optional() }).strict();
export const assetFileQuerySchema = z.object({ download: z.enum(["1", "0"]).optional() }).strict();
export const assetParamsSchema = z.object({ workspaceId: idSchema, assetId: idSchema });
export const collectionBodySchema = z.object({ name: z.string().trim().min(1).max(80) }).strict();
export const assetCollectionParamsSchema = z.object({ workspaceId: idSchema, collectionId: idSchema });

/** Where the screens find an asset's bytes (checked per request: only members of the workspace get them). */
export const assetFileUrl = (workspaceId: string, assetId: string) => `/api/workspaces/${workspaceId}/assets/${assetId}/file`;
export const assetThumbnailUrl = (workspaceId: string, assetId: string) => `/api/workspaces/${workspaceId}/assets/${assetId}/thumbnail`;

import { z } from "zod";
import { idSchema, timestampSchema } from "../common.ts";
import { LOCALES } from "../locale.ts";
import { COLLECTION_KINDS, PAGES, SECTION_KINDS } from "./catalog.ts";

export const sectionKindSchema = z.enum(SECTION_KINDS);
export const collectionKindSchema = z.enum(COLLECTION_KINDS);
const dataSchema = z.record(z.string(), z.unknown());

/** A strategy record: a section (one per workspace) or an item of a collection (a goal, a persona…). */
export const entrySchema = z.object({
  id: idSchema,
  kind: z.enum([...SECTION_KINDS, ...COLLECTION_KINDS]),
  parentId: idSchema.nullable(),
  position: z.number().int(),
  data: dataSchema,
  /** Goes up by one with every save; a save names the version it started from. */
  version: z.number().int(),
  example: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  updatedBy: z.string().nullable(),
});
export type Entry = z.infer<typeof entrySchema>;

export const strategySchema = z.object({ entries: z.array(entrySchema) });
export type Strategy = z.infer<typeof strategySchema>;

export const sectionParamsSchema = z.object({ workspaceId: idSchema, kind: sectionKindSchema });
export const collectionParamsSchema = z.object({ workspaceId: idSchema, kind: collectionKindSchema });
export const entryParamsSchema = z.object({ workspaceId: idSchema, entryId: idSchema });

/** Saving a section or a record: the data, and the version the editor started from (0 for a section never saved). */
export const saveEntrySchema = z.object({ version: z.number().int().min(0), data: dataSchema }).strict();
export const createEntrySchema = z.object({ data: dataSchema, parentId: idSchema.nullable().optional() }).strict();
export const deleteEntrySchema = z.object({ version: z.coerce.number().int().min(1) }).strict();
export const moveEntrySchema = z.object({ position: z.number().int().min(0).max(10_000) }).strict();

export const revisionSchema = z.object({
  id: idSchema,
  version: z.number().int(),
  action: z.enum(["create", "update", "delete", "restore"]),
  data: dataSchema.nullable(),
  userName: z.string().nullable(),
  createdAt: timestampSchema,
});
export type Revision = z.infer<typeof revisionSchema>;
export const revisionsSchema = z.array(revisionSchema);
export const restoreSchema = z.object({ revisionId: idSchema, version: z.number().int().min(0) }).strict();

export const exampleSchema = z.object({ locale: z.enum(LOCALES) }).strict();
export const exampleResultSchema = z.object({ created: z.number().int(), removed: z.number().int() });

export const EXPORT_FORMATS = ["pdf", "docx", "md"] as const;
export const exportQuerySchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    locale: z.enum(LOCALES).optional(),
    /** Comma-separated pages; all of the strategy when absent. */
    pages: z
      .string()
      .max(400)
      .optional()
      .refine((v) => v === undefined || v.split(",").every((p) => (PAGES as readonly string[]).includes(p)), { message: "validation.pages" }),
  })
  .strict();


import { z } from "zod";

/** Every record id is a UUID; a malformed one is a 400 naming the field. */
export const idSchema = z.uuid();
/** Timestamps travel as ISO-8601 UTC strings. */
export const timestampSchema = z.string();

export const errorFieldSchema = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(errorFieldSchema).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const okSchema = z.object({ ok: z.literal(true) });

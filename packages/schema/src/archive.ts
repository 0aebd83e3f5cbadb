import { z } from "zod";

/** What importing a workspace archive did: the rows written, and what the administrator still has to do. */
export const archiveImportReportSchema = z.object({
  workspace: z.object({ id: z.string(), name: z.string() }),
  /** Rows written per table. */
  rows: z.record(z.string(), z.number().int()),
  /** Files of the asset library written. */
  files: z.number().int(),
  /** Members whose email already had an account here: they keep their own password. */
  usersMatched: z.array(z.string()),
  /** Accounts made without a usable password: they use "Forgot password" (or the admin's reset-password). */
  usersWithoutPassword: z.array(z.string()),
  /** Whether sealed secrets (connections' tokens, 2FA) were kept: only when both instances share SECRET_KEY. */
  secretsKept: z.boolean(),
  /** Connections brought over paused: sign in to the network again. */
  connectionsToReconnect: z.array(z.object({ id: z.string(), label: z.string(), kind: z.string() })),
  /** Accounts whose two-factor sign-in could not be carried over (they set it up again). */
  twoFactorDropped: z.array(z.string()),
});
export type ArchiveImportReport = z.infer<typeof archiveImportReportSchema>;

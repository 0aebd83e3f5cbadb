import type { ArchiveImportReport } from "@socialplan/schema";
import { uploadWithProgress } from "../../api/client.ts";

/** The owner's download of the whole workspace (the browser saves the streamed zip itself). */
export const archiveUrl = (workspaceId: string) => `/api/workspaces/${workspaceId}/archive`;

/** Sends a workspace archive to the instance, with the upload's progress; answers the import report. */
export const uploadArchive = (file: File, onProgress: (share: number) => void) =>
  uploadWithProgress<ArchiveImportReport>("/api/instance/workspace-archives", "application/zip", file, onProgress);

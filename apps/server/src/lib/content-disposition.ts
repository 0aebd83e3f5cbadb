import { cleanFileName } from "@socialplan/schema";

/**
 * A Content-Disposition header that keeps a Korean (or any non-ASCII) file name: browsers read `filename*`
 * (RFC 6266/5987); the plain `filename` is an ASCII stand-in for old clients. Names stored before file names
 * were cleaned (or made of a workspace's or report's title) lose control and bidi characters here too.
 */
export function contentDisposition(type: "inline" | "attachment", name: string, fallback: string = name): string {
  const clean = cleanFileName(name) || "download";
  const ascii = (cleanFileName(fallback) || "download").replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}

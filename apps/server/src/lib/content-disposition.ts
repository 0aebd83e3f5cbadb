/**
 * A Content-Disposition header that keeps a Korean (or any non-ASCII) file name: browsers read `filename*`
 * (RFC 6266/5987); the plain `filename` is an ASCII stand-in for old clients.
 */
export function contentDisposition(type: "inline" | "attachment", name: string, fallback: string = name): string {
  const ascii = fallback.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

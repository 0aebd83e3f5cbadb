/**
 * A link target for an address that came from a person or a file: http(s) as it is, an address written without a
 * scheme ("instagram.com/shop") as https, anything else (`javascript:`, `data:`) no link at all.
 */
export function safeHref(address: string | null | undefined): string | undefined {
  const v = (address ?? "").trim();
  if (!v) return undefined;
  if (/^https?:\/\//i.test(v)) return v;
  if (/^[a-z][a-z0-9+.-]*:/i.test(v)) return undefined;
  return `https://${v}`;
}

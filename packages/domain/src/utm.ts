/** GA4's campaign parameters (guide §10.4 journey tips, §14: UTM tags to see which channel brings sales). */
export const UTM_PARAMS = ["utm_source", "utm_medium", "utm_campaign", "utm_id", "utm_term", "utm_content", "utm_source_platform"] as const;
export type UtmParam = (typeof UTM_PARAMS)[number];
export type Utm = Partial<Record<UtmParam, string>>;

/**
 * One value as analytics groups it best: NFC, lower case, words joined by hyphens, nothing but letters
 * (any script: Korean campaign names stay Korean), digits, hyphens, underscores and dots.
 */
export function normaliseUtmValue(value: string): string {
  return value
    .normalize("NFC")
    .toLowerCase()
    .trim()
    .replace(/[\s/\\]+/gu, "-")
    .replace(/[^\p{L}\p{N}\-_.]/gu, "")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Every given parameter normalised; empty ones are left out. */
export function normaliseUtm(utm: Utm): Utm {
  const out: Utm = {};
  for (const key of UTM_PARAMS) {
    const value = utm[key];
    if (value === undefined) continue;
    const clean = normaliseUtmValue(value);
    if (clean) out[key] = clean;
  }
  return out;
}

/** The usual parameters for a post on a network: organic posts are `social`, paid ones `paid-social`. */
export function utmPreset(network: string, paid: boolean, campaign?: string): Utm {
  return normaliseUtm({ utm_source: network, utm_medium: paid ? "paid-social" : "social", ...(campaign ? { utm_campaign: campaign } : {}) });
}

/**
 * The link with the parameters set (replacing UTM parameters it already had, keeping every other
 * parameter and the fragment); null when `link` is not an http(s) URL.
 */
export function tagLink(link: string, utm: Utm): string | null {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const clean = normaliseUtm(utm);
  if (Object.keys(clean).length === 0) return url.toString();
  for (const key of UTM_PARAMS) url.searchParams.delete(key);
  for (const key of UTM_PARAMS) if (clean[key]) url.searchParams.set(key, clean[key]);
  return url.toString();
}

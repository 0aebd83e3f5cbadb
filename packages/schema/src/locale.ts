import { z } from "zod";

/** The languages every screen and message exists in. */
export const LOCALES = ["en", "ko"] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

/** Picks the best supported locale from an Accept-Language header or a browser language list. */
export function pickLocale(preferences: string | readonly string[] | undefined, fallback: Locale = "en"): Locale {
  const list = typeof preferences === "string" ? parseAcceptLanguage(preferences) : (preferences ?? []);
  for (const tag of list) {
    const base = tag.toLowerCase().split("-")[0];
    const hit = LOCALES.find((l) => l === base);
    if (hit) return hit;
  }
  return fallback;
}

function parseAcceptLanguage(header: string): string[] {
  return header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((e) => e.tag && e.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((e) => e.tag);
}

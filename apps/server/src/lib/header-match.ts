/**
 * Column headers of imported files, matched by what they mean rather than where they stand. Exports spell the same
 * column many ways ("조회수", "조회 수", "조회"; "Duration (sec)"; "„Gefällt mir“-Angaben"): each header is reduced
 * to a key, and each importer keeps one table of field → known spellings, reduced the same way.
 */

export type HeaderLanguage = "en" | "ko" | "de";
const LANGUAGES = ["en", "ko", "de"] as const;

/** Field → its known header spellings per language, the preferred spelling first. */
export type HeaderTable<F extends string> = Record<F, Partial<Record<HeaderLanguage, readonly string[]>>>;

/** One column of a file and the field it was read as (null: not used). */
export interface ColumnUse {
  header: string;
  field: string | null;
}

const QUOTES = /["'`´‘’‚‛“”„‟«»‹›]/g;
const SPACES = /[\s\u200b-\u200d\u2060\ufeff_-]+/g;
// A trailing unit or note in brackets: "(초)", "(sec)", "(%)", "(KRW)", "[USD]".
const TRAILING_BRACKETS = /\s*[([][^()[\]]*[)\]]\s*$/;
// Korean counts are written "조회수", "조회 수" or "조회"; "저장 횟수" or "저장".
const COUNT_SUFFIX = /(?<=[\uac00-\ud7a3])(횟수|수)$/;

/**
 * The key a header is compared by: full-width characters folded (NFKC), byte order marks, quotes and a trailing
 * unit in brackets taken off, lower case, with no spaces, hyphens or underscores, and without the Korean 수/횟수.
 */
export function headerKey(header: string): string {
  let h = header.normalize("NFKC").replace(QUOTES, "").replace(/^\ufeff+/, "").trim().toLowerCase();
  const bare = h.replace(TRAILING_BRACKETS, "");
  if (bare.trim()) h = bare;
  h = h.replace(SPACES, "").replace(/[.:]+$/, "");
  return h.replace(COUNT_SUFFIX, "") || h;
}

/** A header as shown back to the user: as written, without a byte order mark or the spaces around it. */
export const headerText = (header: string) => header.replace(/^\ufeff+/, "").trim();

interface Spelling<F> {
  field: F;
  rank: number;
  languages: HeaderLanguage[];
}

const compiled = new WeakMap<object, Map<string, Spelling<string>>>();

/** The table by key (built once per table). A key is one field's only: the tables are checked for that in tests. */
export function tableKeys<F extends string>(table: HeaderTable<F>): Map<string, Spelling<F>> {
  const known = compiled.get(table);
  if (known) return known as Map<string, Spelling<F>>;
  const keys = new Map<string, Spelling<F>>();
  for (const [field, byLanguage] of Object.entries(table) as [F, Partial<Record<HeaderLanguage, readonly string[]>>][]) {
    for (const language of LANGUAGES) {
      (byLanguage[language] ?? []).forEach((spelling, rank) => {
        const key = headerKey(spelling);
        const seen = keys.get(key);
        if (!seen) keys.set(key, { field, rank, languages: [language] });
        else if (seen.field === field) {
          seen.rank = Math.min(seen.rank, rank);
          if (!seen.languages.includes(language)) seen.languages.push(language);
        }
      });
    }
  }
  compiled.set(table, keys as Map<string, Spelling<string>>);
  return keys;
}

export interface HeaderMatch<F extends string> {
  /** The column each field is read from. */
  at: Map<F, number>;
  /** Every column of the file, in its order, with the field it is read as or null. */
  columns: ColumnUse[];
  /** The language most headers are written in (null when none matched one language only). */
  language: HeaderLanguage | null;
}

/**
 * Finds each field's column wherever it stands: the column whose header is the field's most preferred spelling
 * (the leftmost of equals). A column serves one field; a second column of the same meaning is left unused.
 */
export function matchHeaders<F extends string>(headers: readonly string[], table: HeaderTable<F>): HeaderMatch<F> {
  const keys = tableKeys(table);
  const found = headers.map((h) => keys.get(headerKey(h)) ?? null);
  const at = new Map<F, number>();
  const votes: Record<HeaderLanguage, number> = { en: 0, ko: 0, de: 0 };
  for (const field of Object.keys(table) as F[]) {
    let best = -1;
    found.forEach((s, i) => {
      if (s?.field === field && (best < 0 || s.rank < found[best]!.rank)) best = i;
    });
    if (best < 0) continue;
    at.set(field, best);
    const languages = found[best]!.languages;
    // "Permalink" or "Follows" is English and German alike: only a spelling of one language is a vote.
    if (languages.length === 1) votes[languages[0]!] += 1;
  }
  const [language, count] = (Object.entries(votes) as [HeaderLanguage, number][]).sort((a, b) => b[1] - a[1])[0]!;
  return { at, columns: describeColumns(headers, at), language: count ? language : null };
}

/** Every column with the field read from it (from field → column pairs), or null. */
export function describeColumns(headers: readonly string[], uses: Iterable<readonly [string, number]>): ColumnUse[] {
  const byIndex = new Map<number, string>();
  for (const [field, i] of uses) if (i >= 0 && !byIndex.has(i)) byIndex.set(i, field);
  return headers.map((h, i) => ({ header: headerText(h), field: byIndex.get(i) ?? null }));
}

import { describe, expect, it } from "vitest";
import { GA4_COLUMNS, META_COLUMNS } from "../src/features/metrics/metric-headers.ts";
import { POST_COLUMNS } from "../src/features/posts/post-headers.ts";
import { headerKey, matchHeaders, type HeaderTable } from "../src/lib/header-match.ts";

describe("header keys", () => {
  it("reads 조회수, 조회 수 and 조회 as one header, and 저장 횟수 as 저장", () => {
    expect(new Set(["조회수", "조회 수", "조회", " 조회  수 ", "조회　수"].map(headerKey))).toEqual(new Set(["조회"]));
    expect(headerKey("저장 횟수")).toBe(headerKey("저장"));
    expect(headerKey("팔로워 수")).toBe(headerKey("팔로워"));
    // Not every word ending in 수 is a count: only the suffix after a Hangul syllable goes, and never the whole word.
    expect(headerKey("수")).toBe("수");
  });

  it("takes off a unit in brackets, quotes, a byte order mark, case and the spaces, hyphens and underscores", () => {
    expect(headerKey("재생 시간(초)")).toBe(headerKey("재생 시간"));
    expect(headerKey("Duration (sec)")).toBe("duration");
    expect(headerKey("Duration (seconds)")).toBe("duration");
    expect(headerKey("Engagement rate (%)")).toBe("engagementrate");
    expect(headerKey("Total revenue (KRW)")).toBe("totalrevenue");
    expect(headerKey("Ad spend [USD]")).toBe("adspend");
    expect(headerKey('\uFEFF"Post ID"')).toBe("postid");
    expect(headerKey("link_clicks")).toBe(headerKey("Link clicks"));
    expect(headerKey("„Gefällt mir“-Angaben")).toBe(headerKey('"Gefällt mir"-Angaben'));
    expect(headerKey("Beitrags-ID.")).toBe(headerKey("Beitrags ID"));
    // A header that is only a bracket keeps its text.
    expect(headerKey("(not set)")).toBe("(notset)");
  });

  it("folds full-width characters (NFKC)", () => {
    expect(headerKey("ＰＯＳＴ　ＩＤ")).toBe("postid");
    expect(headerKey("재생 시간（초）")).toBe(headerKey("재생 시간"));
    expect(headerKey("Ｒｅａｃｈ")).toBe("reach");
  });
});

describe("matching headers by meaning", () => {
  it("finds each field wherever it stands, prefers the field's first spelling, and lists the rest as not used", () => {
    const m = matchHeaders(["Reactions, Comments and Shares", "Title", "Page name", "Description", "Page ID", "Publish time", "Plays", "Views", "Views", "Reach (accounts)"], META_COLUMNS);
    expect(m.columns).toEqual([
      { header: "Reactions, Comments and Shares", field: null },
      { header: "Title", field: "title" },
      { header: "Page name", field: "account_name" },
      { header: "Description", field: "caption" },
      { header: "Page ID", field: "account_id" },
      { header: "Publish time", field: "published" },
      // "Views" is preferred to "Plays"; a second "Views" is not read twice.
      { header: "Plays", field: null },
      { header: "Views", field: "views" },
      { header: "Views", field: null },
      { header: "Reach (accounts)", field: "reach" },
    ]);
    expect(m.language).toBe("en");
  });

  it("tells the language by the spellings only one language uses", () => {
    expect(matchHeaders(["Permalink", "Follows", "Reichweite", "Kommentare"], META_COLUMNS).language).toBe("de");
    expect(matchHeaders(["고유 링크", "조회 수", "도달 수"], META_COLUMNS).language).toBe("ko");
    expect(matchHeaders(["Permalink", "Follows"], META_COLUMNS).language).toBeNull();
  });

  it("gives every spelling of every table to one field only", () => {
    const tables: [string, HeaderTable<string>][] = [
      ["meta", META_COLUMNS],
      ["ga4", GA4_COLUMNS],
      ["posts", POST_COLUMNS],
    ];
    for (const [name, table] of tables) {
      const owner = new Map<string, string>();
      const clashes: string[] = [];
      for (const [field, byLanguage] of Object.entries(table)) {
        for (const spelling of Object.values(byLanguage).flat()) {
          const key = headerKey(spelling!);
          const seen = owner.get(key);
          if (seen && seen !== field) clashes.push(`${name}: "${spelling}" is ${seen} and ${field}`);
          owner.set(key, field);
        }
      }
      expect(clashes).toEqual([]);
    }
  });
});

import { describe, expect, it } from "vitest";
import { safeHref } from "./safe-href.ts";

describe("links to addresses people typed or files held", () => {
  it("keeps http(s), adds https to a bare address, and makes no link of any other scheme", () => {
    expect(safeHref("https://canva.com")).toBe("https://canva.com");
    expect(safeHref("instagram.com/ceramics")).toBe("https://instagram.com/ceramics");
    for (const bad of ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x", "vbscript:x", ""]) expect(safeHref(bad)).toBeUndefined();
  });
});

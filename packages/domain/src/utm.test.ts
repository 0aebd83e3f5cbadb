import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseUtmValue, tagLink, UTM_PARAMS, utmPreset } from "./utm.ts";

describe("UTM tags", () => {
  it("normalise values to lower case with hyphens, keeping Korean", () => {
    expect(normaliseUtmValue("  Spring Sale 2027 ")).toBe("spring-sale-2027");
    expect(normaliseUtmValue("Black  Friday / Cyber Monday!")).toBe("black-friday-cyber-monday");
    expect(normaliseUtmValue("봄 세일")).toBe("봄-세일");
    expect(normaliseUtmValue("Instagram_DE")).toBe("instagram_de");
    expect(normaliseUtmValue("???")).toBe("");
  });

  it("normalise to a value that normalises to itself and has no spaces or capitals", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const once = normaliseUtmValue(s);
        expect(normaliseUtmValue(once)).toBe(once);
        expect(once).not.toMatch(/\s|[A-Z]|^-|-$|--/);
      }),
    );
  });

  it("offer presets per channel: organic is social, paid is paid-social", () => {
    expect(utmPreset("instagram", false, "Spring Launch")).toEqual({ utm_source: "instagram", utm_medium: "social", utm_campaign: "spring-launch" });
    expect(utmPreset("facebook", true)).toEqual({ utm_source: "facebook", utm_medium: "paid-social" });
  });

  it("tag a link, replacing old UTM parameters and keeping the others and the fragment", () => {
    const tagged = tagLink("https://shop.example/cups?color=blue&utm_source=old#reviews", { utm_source: "Instagram", utm_medium: "social", utm_campaign: "봄 세일", utm_content: "" });
    const url = new URL(tagged!);
    expect(url.searchParams.get("color")).toBe("blue");
    expect(url.searchParams.get("utm_source")).toBe("instagram");
    expect(url.searchParams.get("utm_campaign")).toBe("봄-세일");
    expect(url.searchParams.has("utm_content")).toBe(false);
    expect(url.hash).toBe("#reviews");
    expect([...url.searchParams.keys()].filter((k) => k.startsWith("utm_"))).toEqual(UTM_PARAMS.filter((k) => url.searchParams.has(k)));
    expect(tagLink("javascript:alert(1)", { utm_source: "x" })).toBeNull();
    expect(tagLink("not a url", { utm_source: "x" })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { accountLine, expiryWarning, isOauthKind, nearLimit, networkOfKind, oauthKindsFor, pastedKindsFor, providerOf, quotaShare } from "./oauth-logic.ts";

const NOW = Date.parse("2026-12-07T12:00:00Z");
const quota = (used: number, limit = 100) => ({ used, limit, windowHours: 24, checkedAt: "2026-12-07T11:00:00Z" });

describe("the sign-in choices of a channel", () => {
  it("offers Instagram login first and the Facebook Page way second for Instagram, one way for every other signed-in network, none elsewhere", () => {
    expect(oauthKindsFor("instagram")).toEqual(["instagram", "instagram_facebook"]);
    expect(oauthKindsFor("facebook")).toEqual(["facebook"]);
    expect(oauthKindsFor("threads")).toEqual(["threads"]);
    expect(oauthKindsFor("linkedin")).toEqual(["linkedin"]);
    expect(oauthKindsFor("x")).toEqual(["x"]);
    expect(oauthKindsFor("youtube")).toEqual(["youtube"]);
    expect(oauthKindsFor("google_business")).toEqual(["google_business"]);
    expect(oauthKindsFor("tiktok")).toEqual(["tiktok"]);
    expect(oauthKindsFor("pinterest")).toEqual(["pinterest"]);
    expect(oauthKindsFor("bluesky")).toEqual([]);
    expect(oauthKindsFor("telegram")).toEqual([]);
    expect(oauthKindsFor("naver_blog")).toEqual([]);
  });

  it("offers a pasted bot token for Telegram, and the pasted ways of the other networks, never a sign-in kind", () => {
    expect(pastedKindsFor("telegram")).toEqual(["telegram"]);
    expect(pastedKindsFor("mastodon")).toEqual(["mastodon"]);
    expect(pastedKindsFor("website")).toEqual(["wordpress", "webhook"]);
    expect(pastedKindsFor("youtube")).toEqual([]);
    expect(pastedKindsFor("kakao")).toEqual([]);
  });

  it("tells a LinkedIn profile from a Page, shows a location's address as it is and a handle with @", () => {
    expect(accountLine("linkedin", { id: "urn:li:organization:42", username: "candle-shop" })).toEqual({ role: "page", sub: "candle-shop" });
    expect(accountLine("linkedin", { id: "urn:li:person:abc", username: null })).toEqual({ role: "profile", sub: null });
    expect(accountLine("google_business", { id: "locations/1", username: "12 Main St, Seoul" })).toEqual({ role: null, sub: "12 Main St, Seoul" });
    expect(accountLine("youtube", { id: "UC1", username: "candleshop" })).toEqual({ role: null, sub: "@candleshop" });
    expect(accountLine("x", { id: "1", username: "@candleshop" })).toEqual({ role: null, sub: "@candleshop" });
  });

  it("tells signed-in kinds from pasted-secret ones, with the network and the developer app of each", () => {
    expect(isOauthKind("instagram_facebook")).toBe(true);
    expect(isOauthKind("bluesky")).toBe(false);
    expect(networkOfKind("instagram_facebook")).toBe("instagram");
    expect(networkOfKind("google_business")).toBe("google_business");
    expect(providerOf("youtube")).toBe("google");
    expect(providerOf("google_business")).toBe("google");
    expect(providerOf("instagram_facebook")).toBe("meta");
    expect(providerOf("instagram")).toBe("instagram");
  });
});

describe("what the calendar warns about", () => {
  it("warns from 80 % of the posting quota, not below, and not when it was never read", () => {
    expect(quotaShare({ quota: quota(37) })).toBeCloseTo(0.37);
    expect(nearLimit({ quota: quota(79), holdUntil: null }, NOW)).toBe(false);
    expect(nearLimit({ quota: quota(80), holdUntil: null }, NOW)).toBe(true);
    expect(nearLimit({ quota: quota(45, 50), holdUntil: null }, NOW)).toBe(true);
    expect(nearLimit({ quota: null, holdUntil: null }, NOW)).toBe(false);
    expect(nearLimit({ quota: quota(0, 0), holdUntil: null }, NOW)).toBe(false);
  });

  it("warns while the network asked to wait, and no longer once that time has passed", () => {
    expect(nearLimit({ quota: null, holdUntil: "2026-12-07T14:05:00Z" }, NOW)).toBe(true);
    expect(nearLimit({ quota: null, holdUntil: "2026-12-07T11:59:00Z" }, NOW)).toBe(false);
  });
});

describe("asking for a new sign-in", () => {
  it("asks within two weeks of the token's end, says when it ran out, and says nothing for tokens that do not end", () => {
    expect(expiryWarning({ tokenExpiresAt: null }, NOW)).toBeNull();
    expect(expiryWarning({ tokenExpiresAt: "2027-01-30T12:00:00Z" }, NOW)).toBeNull();
    expect(expiryWarning({ tokenExpiresAt: "2026-12-21T12:00:00Z" }, NOW)).toBe("soon");
    expect(expiryWarning({ tokenExpiresAt: "2026-12-21T12:00:01Z" }, NOW)).toBeNull();
    expect(expiryWarning({ tokenExpiresAt: "2026-12-07T12:00:00Z" }, NOW)).toBe("expired");
  });
});

import { describe, expect, it } from "vitest";
import { expiryWarning, isOauthKind, nearLimit, networkOfKind, oauthKindsFor, providerOf, quotaShare } from "./oauth-logic.ts";

const NOW = Date.parse("2026-12-07T12:00:00Z");
const quota = (used: number, limit = 100) => ({ used, limit, windowHours: 24, checkedAt: "2026-12-07T11:00:00Z" });

describe("the sign-in choices of a channel", () => {
  it("offers Instagram login first and the Facebook Page way second for Instagram, one way for Facebook and Threads, none elsewhere", () => {
    expect(oauthKindsFor("instagram")).toEqual(["instagram", "instagram_facebook"]);
    expect(oauthKindsFor("facebook")).toEqual(["facebook"]);
    expect(oauthKindsFor("threads")).toEqual(["threads"]);
    expect(oauthKindsFor("bluesky")).toEqual([]);
    expect(oauthKindsFor("x")).toEqual([]);
  });

  it("tells signed-in kinds from pasted-secret ones, with the network and the developer app of each", () => {
    expect(isOauthKind("instagram_facebook")).toBe(true);
    expect(isOauthKind("bluesky")).toBe(false);
    expect(networkOfKind("instagram_facebook")).toBe("instagram");
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

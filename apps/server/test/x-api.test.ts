import { describe, expect, it } from "vitest";
import { comparable } from "../src/features/publishing/adapters/x.ts";
import { xFailure } from "../src/features/publishing/adapters/x-api.ts";

const now = new Date("2026-11-26T09:00:00Z");
const rate = (reset: Date | null) => ({ limit: 100, remaining: 0, reset });

describe("what X's answers mean", () => {
  it("waits until x-rate-limit-reset on a 429", () => {
    const e = xFailure("POST", 429, '{"title":"Too Many Requests"}', rate(new Date(now.getTime() + 300_000)), now);
    expect(e).toMatchObject({ kind: "retry", code: "publish.rate_limited", retryAfterMs: 300_000 });
  });

  it("tells apart a token that stopped working, a plan without the endpoint, a duplicate and a missing permission", () => {
    expect(xFailure("POST", 401, '{"title":"Unauthorized","status":401}', rate(null), now)).toMatchObject({ kind: "auth", code: "publish.auth" });
    expect(xFailure("POST", 400, '{"error":"invalid_grant","error_description":"Value passed for the token was invalid."}', rate(null), now)).toMatchObject({ kind: "auth" });
    expect(xFailure("GET", 403, '{"reason":"client-not-enrolled","title":"Client Forbidden"}', rate(null), now)).toMatchObject({ kind: "rejected", code: "publish.x_tier" });
    expect(xFailure("POST", 402, "{}", rate(null), now)).toMatchObject({ kind: "rejected", code: "publish.x_tier" });
    const dup = xFailure("POST", 403, '{"detail":"You are not allowed to create a Tweet with duplicate content.","status":403}', rate(null), now);
    expect(dup).toMatchObject({ kind: "rejected", code: "publish.x_duplicate", duplicate: true });
    expect(xFailure("POST", 403, '{"detail":"You are not permitted to perform this action."}', rate(null), now)).toMatchObject({ kind: "rejected", code: "publish.x_not_permitted", duplicate: false });
  });

  it("keeps a write that may have happened apart from a read that can simply be repeated", () => {
    expect(xFailure("POST", 500, "", rate(null), now)).toMatchObject({ kind: "unknown" });
    expect(xFailure("GET", 503, "", rate(null), now)).toMatchObject({ kind: "retry" });
  });

  it("compares a post's text with X's listing: t.co links, a media link at the end and HTML entities do not count", () => {
    expect(comparable("Bread & butter https://t.co/abc123 https://t.co/media1")).toBe(comparable("Bread & butter https://shop.example/a?utm_source=x"));
    expect(comparable("Bread &amp; butter")).toBe("Bread & butter");
    expect(comparable("A  b\n\nc")).toBe("A b c");
  });
});

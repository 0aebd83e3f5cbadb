import { describe, expect, it } from "vitest";
import { canConnect } from "./connectable.ts";

describe("when the editor offers to connect a channel first", () => {
  it("always for networks connected with a pasted secret, never for reminder-only networks", () => {
    for (const n of ["bluesky", "mastodon", "website", "telegram"] as const) expect(canConnect(n, null, [])).toBe(true);
    for (const n of ["naver_blog", "kakao", "other"] as const) expect(canConnect(n, new Set(["google"]), [])).toBe(false);
  });

  it("for a signed-in network only when the instance has its app, as an instance admin reads it", () => {
    expect(canConnect("youtube", new Set(["google"]), [])).toBe(true);
    expect(canConnect("google_business", new Set(["google"]), [])).toBe(true);
    expect(canConnect("tiktok", new Set(["google"]), [])).toBe(false);
    expect(canConnect("instagram", new Set(["instagram"]), [])).toBe(true);
    expect(canConnect("instagram", new Set(["meta"]), [])).toBe(true);
    expect(canConnect("instagram", new Set(), [])).toBe(false);
  });

  it("for anyone else, once an account of the workspace was signed in with that network's app", () => {
    expect(canConnect("linkedin", null, [])).toBe(false);
    expect(canConnect("linkedin", null, [{ kind: "bluesky" }])).toBe(false);
    expect(canConnect("linkedin", null, [{ kind: "linkedin" }])).toBe(true);
    expect(canConnect("youtube", null, [{ kind: "google_business" }])).toBe(true);
    expect(canConnect("facebook", null, [{ kind: "instagram_facebook" }])).toBe(true);
  });
});

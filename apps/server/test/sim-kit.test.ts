import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply, SimError, startSimKit, type OAuthServer, type SimKit } from "../../../test-peers/sim-kit/index.mjs";

/** The simulator kit every network simulator stands on: routing by host, faults, and the OAuth 2.0 server. */
describe("sim-kit", () => {
  let sim: SimKit;
  let oauth: OAuthServer;
  const redirect = "http://127.0.0.1:1/api/oauth/test/callback";
  const call = (host: string, path: string, init?: RequestInit) => fetch(`${sim.url}/${host}${path}`, init);

  beforeAll(async () => {
    sim = await startSimKit();
    oauth = sim.oauth2({ name: "Test", authorize: { host: "www.example.com", path: "/oauth/authorize" }, token: { host: "api.example.com", path: "/oauth/token" }, revoke: { host: "api.example.com", path: "/oauth/revoke" }, pkce: "required", clientAuth: "basic", accessTtlMs: 60_000, refreshTtlMs: 3_600_000, rotateRefresh: true });
    oauth.registerApp({ clientId: "app1", clientSecret: "s3cret", redirectUris: [redirect], scopes: ["read", "write"] });
    oauth.addUser({ id: "u1", name: "Kim" });
    sim.route("api.example.com", "GET", "/v1/items/:id", (ctx) => {
      oauth.authenticate(ctx, { scopes: ["read"] });
      if (ctx.params.id === "missing") throw new SimError(404, { error: "gone" });
      return { id: ctx.params.id };
    });
    let made = 0;
    sim.route("api.example.com", "POST", "/v1/items", () => reply(201, { id: `item${++made}` }, { "x-made": String(made) }));
  });
  afterAll(() => sim.close());

  const signIn = async (verifier: string) => {
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const url = `https://www.example.com/oauth/authorize?client_id=app1&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=read%20write&state=st&code_challenge=${challenge}&code_challenge_method=S256`;
    const back = new URL(oauth.approve(url, { userId: "u1" }));
    expect(back.searchParams.get("state")).toBe("st");
    return back.searchParams.get("code")!;
  };
  const token = (form: Record<string, string>, basic = "app1:s3cret") =>
    call("api.example.com", "/oauth/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(basic).toString("base64")}` }, body: new URLSearchParams(form) });

  it("runs the authorization code grant with PKCE, single-use codes, expiry and rotating refresh tokens", async () => {
    const code = await signIn("v".repeat(50));
    expect((await token({ grant_type: "authorization_code", code, redirect_uri: redirect, code_verifier: "w".repeat(50) })).status).toBe(400);
    const code2 = await signIn("v".repeat(50));
    const ok = await token({ grant_type: "authorization_code", code: code2, redirect_uri: redirect, code_verifier: "v".repeat(50) });
    const body = (await ok.json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(body.expires_in).toBe(60);
    expect((await token({ grant_type: "refresh_token", refresh_token: body.refresh_token }, "app1:wrong")).status).toBe(401);

    const auth = { authorization: `Bearer ${body.access_token}` };
    expect((await call("api.example.com", "/v1/items/7", { headers: auth })).status).toBe(200);
    sim.advance(61_000);
    expect((await call("api.example.com", "/v1/items/7", { headers: auth })).status).toBe(401);
    const refreshed = (await (await token({ grant_type: "refresh_token", refresh_token: body.refresh_token })).json()) as { access_token: string; refresh_token: string };
    expect(refreshed.refresh_token).not.toBe(body.refresh_token);
    expect((await token({ grant_type: "refresh_token", refresh_token: body.refresh_token })).status).toBe(400);
    expect((await call("api.example.com", "/v1/items/missing", { headers: { authorization: `Bearer ${refreshed.access_token}` } })).status).toBe(404);
    await call("api.example.com", "/oauth/revoke", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("app1:s3cret").toString("base64")}` }, body: new URLSearchParams({ token: refreshed.access_token }) });
    expect((await call("api.example.com", "/v1/items/7", { headers: { authorization: `Bearer ${refreshed.access_token}` } })).status).toBe(401);

    // RFC 6749 §4.1.2: a code used twice is refused and the tokens issued from it are revoked.
    const code3 = await signIn("x".repeat(50));
    const third = (await (await token({ grant_type: "authorization_code", code: code3, redirect_uri: redirect, code_verifier: "x".repeat(50) })).json()) as { access_token: string };
    expect((await token({ grant_type: "authorization_code", code: code3, redirect_uri: redirect, code_verifier: "x".repeat(50) })).status).toBe(400);
    expect((await call("api.example.com", "/v1/items/7", { headers: { authorization: `Bearer ${third.access_token}` } })).status).toBe(401);
  });

  it("shows a consent page whose Allow and Cancel go back to the app", async () => {
    const url = `/oauth/authorize?client_id=app1&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=read&state=s2&code_challenge=abc&code_challenge_method=S256`;
    const page = await call("www.example.com", url);
    expect(await page.text()).toContain("Allow");
    const cancel = await call("www.example.com", url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "decision=cancel&user=u1" });
    expect(cancel.status).toBe(302);
    expect(cancel.headers.get("location")).toContain("error=access_denied");
    const bad = await call("www.example.com", url.replace(encodeURIComponent(redirect), encodeURIComponent("https://evil.example/cb")));
    expect(bad.status).toBe(400);
  });

  it("injects faults before a handler (nothing happened) and after it (the answer is lost)", async () => {
    sim.fault({ host: "api.example.com", method: "POST", path: "/v1/items", status: 503, body: { error: "busy" } });
    expect((await call("api.example.com", "/v1/items", { method: "POST" })).status).toBe(503);
    sim.fault({ host: "api.example.com", method: "POST", path: "/v1/items", when: "after" });
    await expect(call("api.example.com", "/v1/items", { method: "POST" })).rejects.toThrow();
    const next = await call("api.example.com", "/v1/items", { method: "POST" });
    // The lost answer's item was made: the next one is the second.
    expect(next.headers.get("x-made")).toBe("2");
    expect(sim.requestsTo("api.example.com", "/v1/items").map((r) => r.status)).toEqual(expect.arrayContaining([503, -1, 201]));
    expect((await call("unknown.example.com", "/x")).status).toBe(404);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AssetUploadResult } from "@socialplan/schema";
import S3rver from "s3rver";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mediaUrlFor } from "../src/features/publishing/media-urls.ts";
import { buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

async function upload(t: TestApp, user: TestUser, workspaceId: string, bytes: Buffer, name = "shop.jpg") {
  const res = await user.client.upload(`/api/workspaces/${workspaceId}/assets?name=${name}`, bytes);
  expect(res.statusCode, res.body).toBe(201);
  const { asset } = res.json<AssetUploadResult>();
  return t.deps.db.selectFrom("assets").selectAll().where("id", "=", asset.id).executeTakeFirstOrThrow();
}

/** The path of a media URL, for app.inject (the app is not listening here). */
const pathOf = (url: string) => new URL(url).pathname;

for (const dialect of DIALECTS) {
  describe(`media URLs for networks that fetch media [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => {
      await t.close();
    });
    beforeEach(() => {
      t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    it("serves the file under APP_URL to anyone holding the URL, without a session, never cached", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const bytes = await photo(900, 600, "jpeg", 30);
      const asset = await upload(t, owner, workspace.id, bytes);
      const url = await mediaUrlFor(t.deps, asset);
      expect(url.startsWith("http://socialplan.test/media/")).toBe(true);
      // Two URLs for one file differ (a random part in each).
      expect(await mediaUrlFor(t.deps, asset)).not.toBe(url);

      const res = await t.app.inject({ method: "GET", url: pathOf(url) });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(bytes)).toBe(true);
      expect(res.headers["content-type"]).toBe("image/jpeg");
      expect(Number(res.headers["content-length"])).toBe(bytes.length);
      expect(res.headers["cache-control"]).toBe("private, no-store");
      expect(res.headers["set-cookie"]).toBeUndefined();

      const head = await t.app.inject({ method: "HEAD", url: pathOf(url) });
      expect(head.statusCode).toBe(200);
      expect(Number(head.headers["content-length"])).toBe(bytes.length);
      expect(head.rawPayload.length).toBe(0);

      const part = await t.app.inject({ method: "GET", url: pathOf(url), headers: { range: "bytes=0-9" } });
      expect(part.statusCode).toBe(206);
      expect(part.headers["content-range"]).toBe(`bytes 0-9/${bytes.length}`);
      expect(part.rawPayload.equals(bytes.subarray(0, 10))).toBe(true);
      // A query string (some fetchers add one) changes nothing.
      expect((await t.app.inject({ method: "GET", url: `${pathOf(url)}?cb=1` })).statusCode).toBe(200);
    });

    it("answers the same bare 404 to an altered, expired or malformed URL", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const asset = await upload(t, owner, workspace.id, await photo(800, 800, "jpeg", 60));
      const other = await upload(t, owner, workspace.id, await photo(800, 800, "jpeg", 90), "other.jpg");
      const token = pathOf(await mediaUrlFor(t.deps, asset)).slice("/media/".length);
      const [nonce, id, exp, signature] = token.split(".") as [string, string, string, string];
      const flip = (s: string) => s.slice(0, -1) + (s.endsWith("A") ? "B" : "A");
      const bad = [
        `${nonce}.${id}.${exp}.${flip(signature)}`,
        `${flip(nonce)}.${id}.${exp}.${signature}`,
        `${nonce}.${other.id}.${exp}.${signature}`,
        `${nonce}.${id}.${Number(exp) + 3600}.${signature}`,
        `${nonce}.${id}.${exp}`,
        `${token}.jpg`,
        `${token}x`,
        token.replaceAll(".", "%2E").slice(0, 60),
        "x".repeat(99),
      ];
      const answers = await Promise.all(bad.map((b) => t.app.inject({ method: "GET", url: `/media/${b}` })));
      for (const [i, a] of answers.entries()) {
        expect(a.statusCode, bad[i]).toBe(404);
        expect(a.body, bad[i]).toBe("Not found.");
      }
      expect((await t.app.inject({ method: "GET", url: `/media/${token}/` })).statusCode).toBe(404);
      expect((await t.app.inject({ method: "GET", url: `/media/${token}/more` })).statusCode).toBe(404);
      expect((await t.app.inject({ method: "GET", url: "/media/" })).statusCode).toBe(404);
      // Longer than any token: refused by the router before the route runs.
      expect((await t.app.inject({ method: "GET", url: `/media/${"x".repeat(500)}` })).statusCode).toBe(414);

      // Good until its hour is up, then gone.
      expect((await t.app.inject({ method: "GET", url: `/media/${token}` })).statusCode).toBe(200);
      t.clock.current = new Date(t.clock.current.getTime() + 60 * 60_000 + 1000);
      const expired = await t.app.inject({ method: "GET", url: `/media/${token}` });
      expect(expired.statusCode).toBe(404);
      expect(expired.body).toBe("Not found.");
    });

    it("never serves another workspace's file, even with a valid signature for one of ours", async () => {
      const a = await buildWorkspace(t.app);
      const b = await buildWorkspace(t.app);
      const ours = await upload(t, a.owner, a.workspace.id, await photo(700, 700, "jpeg", 10));
      const theirs = await upload(t, b.owner, b.workspace.id, await photo(700, 700, "jpeg", 200));
      const token = pathOf(await mediaUrlFor(t.deps, ours)).slice("/media/".length);
      const [nonce, , exp, signature] = token.split(".") as [string, string, string, string];
      expect((await t.app.inject({ method: "GET", url: `/media/${nonce}.${theirs.id}.${exp}.${signature}` })).statusCode).toBe(404);
      // A URL signed as if the file were in our workspace does not open theirs either.
      const forged = await mediaUrlFor(t.deps, { ...theirs, workspace_id: a.workspace.id });
      expect((await t.app.inject({ method: "GET", url: pathOf(forged) })).statusCode).toBe(404);
      // And a member's session is no key to it.
      expect((await a.owner.client.get(pathOf(forged))).statusCode).toBe(404);
    });
  });

  describe(`media URLs with S3 storage [${dialect}]`, () => {
    let t: TestApp;
    let s3: S3rver;
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-media-"));
    beforeAll(async () => {
      s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: "socialplan" }] });
      const { port } = await s3.run();
      t = await createTestApp(dialect, { env: { S3_BUCKET: "socialplan", S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER", S3_PREFIX: "assets/" } });
    });
    afterAll(async () => {
      await t.close();
      await s3.close();
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it("hands out a presigned GET that expires after the same hour", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const bytes = await photo(640, 640, "jpeg", 150);
      const asset = await upload(t, owner, workspace.id, bytes);
      const url = new URL(await mediaUrlFor(t.deps, asset));
      expect(url.searchParams.get("X-Amz-Expires")).toBe("3600");
      expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    });
  });
}

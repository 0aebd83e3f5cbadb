import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { AssetUploadResult } from "@socialplan/schema";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobKey, thumbnailKey } from "../src/features/assets/assets.service.ts";
import { photo } from "./helpers/media.ts";
import { buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

// A real S3-compatible server (s3rver) on loopback; it checks the access key but not the secret (its limitation).
for (const dialect of DIALECTS) {
  describe(`asset library on S3-compatible storage [${dialect}]`, () => {
    let t: TestApp;
    let s3: S3rver;
    let client: S3Client;
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
    beforeAll(async () => {
      s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: "socialplan" }] });
      const { port } = await s3.run();
      const endpoint = `http://127.0.0.1:${port}`;
      t = await createTestApp(dialect, { env: { S3_BUCKET: "socialplan", S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER", S3_PREFIX: "assets/" } });
      client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    });
    afterAll(async () => {
      await t.close();
      client.destroy();
      await s3.close();
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it("keeps the bytes and the thumbnail in the bucket, serves them (with ranges) to members, and removes them with the asset", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const bytes = await photo(900, 600, "jpeg", 120);
      const up = await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=shop.jpg`, bytes);
      expect(up.statusCode, up.body).toBe(201);
      const { asset } = up.json<AssetUploadResult>();
      const stored = await client.send(new GetObjectCommand({ Bucket: "socialplan", Key: `assets/${blobKey(workspace.id, asset.sha256)}` }));
      expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(bytes)).toBe(true);
      expect(stored.ContentType).toBe("image/jpeg");
      await client.send(new HeadObjectCommand({ Bucket: "socialplan", Key: `assets/${thumbnailKey(workspace.id, asset.sha256)}` }));
      // Nothing of it on local disk but the (empty) folder for incoming files.
      expect(fs.readdirSync(path.join(t.config.dataDir, "files"))).toEqual([".incoming"]);

      const file = await owner.client.get(`/api/workspaces/${workspace.id}/assets/${asset.id}/file`);
      expect(file.rawPayload.equals(bytes)).toBe(true);
      const part = await owner.client.request("GET", `/api/workspaces/${workspace.id}/assets/${asset.id}/file`, undefined, { headers: { range: "bytes=0-1" } });
      expect(part.statusCode).toBe(206);
      expect([...part.rawPayload]).toEqual([0xff, 0xd8]);
      const stranger = await buildWorkspace(t.app);
      expect((await stranger.owner.client.get(`/api/workspaces/${workspace.id}/assets/${asset.id}/file`)).statusCode).toBe(404);

      expect((await owner.client.delete(`/api/workspaces/${workspace.id}/assets/${asset.id}`)).statusCode).toBe(200);
      await expect(client.send(new HeadObjectCommand({ Bucket: "socialplan", Key: `assets/${blobKey(workspace.id, asset.sha256)}` }))).rejects.toMatchObject({ name: "NotFound" });
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/assets/${asset.id}/file`)).statusCode).toBe(404);
    });
  });
}

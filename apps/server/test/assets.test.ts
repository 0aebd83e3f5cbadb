import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { AssetDetail, AssetLibrary, AssetUploadResult, Card } from "@socialplan/schema";
import PDFDocument from "pdfkit";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobKey, thumbnailKey } from "../src/features/assets/assets.service.ts";
import { receive } from "../src/features/assets/files.ts";
import { moveLegacyUploads } from "../src/features/assets/legacy-uploads.ts";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const pdf = () =>
  new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument();
    const parts: Buffer[] = [];
    doc.on("data", (b: Buffer) => parts.push(b));
    doc.on("end", () => resolve(Buffer.concat(parts)));
    doc.text("Brand guide");
    doc.end();
  });

/** The first bytes of an MP4 file (an `ftyp` box): what the type check reads. */
const MP4 = Buffer.concat([Buffer.from("000000186674797069736f6d0000020069736f6d69736f32", "hex"), Buffer.alloc(2000, 1)]);

for (const dialect of DIALECTS) {
  describe(`asset library [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { ASSET_MAX_BYTES: String(3 * 1024 * 1024) } });
    });
    afterAll(() => t.close());

    const uploadTo = (client: Awaited<ReturnType<typeof buildUser>>["client"], workspaceId: string, name: string, bytes: Buffer, extra = "") =>
      client.upload(`/api/workspaces/${workspaceId}/assets?name=${encodeURIComponent(name)}${extra}`, bytes);

    it("stores an image once, with its size and a thumbnail, and serves it only to members", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const stranger = await buildWorkspace(t.app);
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const bytes = await photo();
      const first = await uploadTo(owner.client, workspace.id, "가게 사진.jpg", bytes);
      expect(first.statusCode, first.body).toBe(201);
      const { asset, duplicate } = first.json<AssetUploadResult>();
      expect(duplicate).toBe(false);
      expect(asset).toMatchObject({ name: "가게 사진.jpg", kind: "image", contentType: "image/jpeg", size: bytes.length, width: 1200, height: 800, hasThumbnail: true });

      // The same bytes again, under another name: nothing new is stored.
      const again = await uploadTo(owner.client, workspace.id, "copy.jpg", bytes);
      expect(again.statusCode).toBe(200);
      expect(again.json<AssetUploadResult>()).toMatchObject({ duplicate: true, asset: { id: asset.id, name: "가게 사진.jpg" } });
      const files = fs.readdirSync(path.join(t.config.dataDir, "files", path.dirname(blobKey(workspace.id, asset.sha256))));
      expect(files.sort()).toEqual([asset.sha256, `${asset.sha256}.thumb.webp`]);

      const file = await viewer.client.get(`/api/workspaces/${workspace.id}/assets/${asset.id}/file`);
      expect(file.statusCode).toBe(200);
      expect(file.headers["content-type"]).toBe("image/jpeg");
      expect(file.headers["x-content-type-options"]).toBe("nosniff");
      expect(file.headers["content-disposition"]).toContain("filename*=UTF-8''%EA%B0%80%EA%B2%8C");
      expect(file.rawPayload.equals(bytes)).toBe(true);
      const thumb = await owner.client.get(`/api/workspaces/${workspace.id}/assets/${asset.id}/thumbnail`);
      expect(thumb.headers["content-type"]).toBe("image/webp");
      const meta = await sharp(thumb.rawPayload).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBe(480);

      // Another workspace's member gets nothing, not even by asking through their own workspace.
      expect((await stranger.owner.client.get(`/api/workspaces/${workspace.id}/assets/${asset.id}/file`)).statusCode).toBe(404);
      expect((await stranger.owner.client.get(`/api/workspaces/${stranger.workspace.id}/assets/${asset.id}/file`)).statusCode).toBe(404);
      const anonymous = await t.app.inject({ method: "GET", url: `/api/workspaces/${workspace.id}/assets/${asset.id}/file` });
      expect(anonymous.statusCode).toBe(401);
    });

    it("serves byte ranges, so videos can be played and sought", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const up = await uploadTo(owner.client, workspace.id, "reel.mp4", MP4);
      expect(up.json<AssetUploadResult>().asset).toMatchObject({ kind: "video", contentType: "video/mp4", hasThumbnail: false });
      const url = `/api/workspaces/${workspace.id}/assets/${up.json<AssetUploadResult>().asset.id}/file`;
      const part = await owner.client.request("GET", url, undefined, { headers: { range: "bytes=4-11" } });
      expect(part.statusCode).toBe(206);
      expect(part.headers["content-range"]).toBe(`bytes 4-11/${MP4.length}`);
      expect(part.rawPayload.toString("latin1")).toBe("ftypisom");
      const tail = await owner.client.request("GET", url, undefined, { headers: { range: "bytes=-10" } });
      expect(tail.rawPayload.length).toBe(10);
      const beyond = await owner.client.request("GET", url, undefined, { headers: { range: `bytes=${MP4.length}-` } });
      expect(beyond.statusCode).toBe(416);
    });

    it("recognises documents by their content and downloads rather than displays what a browser could run", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const doc = (await uploadTo(owner.client, workspace.id, "brand-guide.pdf", await pdf())).json<AssetUploadResult>().asset;
      expect(doc).toMatchObject({ kind: "document", contentType: "application/pdf" });
      const page = "<html><script>alert(document.cookie)</script></html>";
      const text = (await uploadTo(owner.client, workspace.id, "notes.txt", Buffer.from(`메모\n${page}`))).json<AssetUploadResult>().asset;
      expect(text).toMatchObject({ kind: "document", contentType: "text/plain" });
      const served = await owner.client.get(`/api/workspaces/${workspace.id}/assets/${text.id}/file`);
      expect(served.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(served.headers["content-disposition"]).toMatch(/^attachment/);
      expect(served.headers["content-security-policy"]).toContain("sandbox");
    });

    it("refuses forged types, programs, HEIC, SVG, empty and oversized files with a message that says what to do", async () => {
      const korean = await buildUser(t.app, { locale: "ko" });
      const { owner, workspace } = await buildWorkspace(t.app, korean);
      const refused = async (name: string, bytes: Buffer) => {
        const res = await uploadTo(owner.client, workspace.id, name, bytes);
        return { status: res.statusCode, code: res.json().error.code as string, message: res.json().error.message as string };
      };
      // A page or a program called photo.png: the name claims an image, the content is something else.
      expect(await refused("photo.png", Buffer.from("<script>alert(1)</script>"))).toMatchObject({ status: 415, code: "upload.type_mismatch", message: expect.stringContaining(".png") });
      expect(await refused("photo.jpg", Buffer.concat([Buffer.from("7f454c46020101", "hex"), Buffer.alloc(600)]))).toMatchObject({ status: 415, code: "upload.unsupported_type" });
      expect(await refused("logo.svg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toMatchObject({ status: 415, code: "upload.svg" });
      const heic = Buffer.concat([Buffer.from("0000001c667479706865696300000000686569636d696631", "hex"), Buffer.alloc(600)]);
      expect(await refused("IMG_0001.HEIC", heic)).toMatchObject({ status: 415, code: "upload.heic", message: expect.stringContaining("JPEG") });
      expect(await refused("empty.txt", Buffer.alloc(0))).toMatchObject({ status: 400, code: "upload.empty" });
      const big = await refused("huge.txt", Buffer.alloc(3 * 1024 * 1024 + 1, 65));
      expect(big).toMatchObject({ status: 413, code: "upload.too_large" });
      expect(big.message).toContain("3MB");
      // A damaged image (right signature, broken content) is refused, not stored.
      const damaged = Buffer.concat([(await photo(64, 64, "png")).subarray(0, 60), Buffer.alloc(100)]);
      expect(await refused("broken.png", damaged)).toMatchObject({ status: 422, code: "upload.unreadable_image" });
      const json = await owner.client.post(`/api/workspaces/${workspace.id}/assets?name=a.txt`, { not: "a file" });
      expect(json.statusCode).toBe(415);
      expect(json.json().error.code).toBe("upload.send_bytes");
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/assets`)).json<AssetLibrary>().assets).toHaveLength(0);
      // Nothing half-received is left behind.
      expect(fs.readdirSync(path.join(t.config.dataDir, "files", ".incoming"))).toEqual([]);
    });

    it("stops reading a body at the limit even when its length is not announced", async () => {
      const dir = fs.mkdtempSync(path.join(t.config.dataDir, "recv-"));
      const chunks = Array.from({ length: 20 }, () => Buffer.alloc(1000, 1));
      await expect(receive(Readable.from(chunks), dir, 5000)).rejects.toMatchObject({ key: "upload.too_large" });
      expect(fs.readdirSync(dir)).toEqual([]);
      const ok = await receive(Readable.from(chunks.slice(0, 5)), dir, 5000);
      expect(ok.size).toBe(5000);
    });

    it("keeps one asset when two members upload the same file at the same moment", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const bytes = await photo(300, 200, "png", 40);
      const results = await Promise.all([uploadTo(owner.client, workspace.id, "a.png", bytes), uploadTo(editor.client, workspace.id, "b.png", bytes)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 201]);
      const library = (await owner.client.get(`/api/workspaces/${workspace.id}/assets`)).json<AssetLibrary>();
      expect(library.assets).toHaveLength(1);
    });

    it("describes, tags, collects and finds assets by name and tag, and shows where each is used", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}`;
      const cup = (await uploadTo(owner.client, workspace.id, "blue-cup.jpg", await photo(400, 300, "jpeg", 10))).json<AssetUploadResult>().asset;
      const bowl = (await uploadTo(owner.client, workspace.id, "찻사발.jpg", await photo(400, 300, "jpeg", 90))).json<AssetUploadResult>().asset;
      expect((await owner.client.post(`${base}/asset-collections`, { name: "Spring launch" })).statusCode).toBe(201);
      let library = (await owner.client.get(`${base}/assets`)).json<AssetLibrary>();
      const spring = library.collections[0]!;

      const updated = await owner.client.patch(`${base}/assets/${cup.id}`, { tags: ["product", "Blue", "product"], altText: "A blue cup on a wooden table", collectionId: spring.id });
      expect(updated.json<AssetDetail>()).toMatchObject({ tags: ["product", "Blue"], altText: "A blue cup on a wooden table", collectionId: spring.id });
      await owner.client.patch(`${base}/assets/${bowl.id}`, { tags: ["제품"] });

      library = (await owner.client.get(`${base}/assets?q=CUP`)).json<AssetLibrary>();
      expect(library.assets.map((a) => a.id)).toEqual([cup.id]);
      expect((await owner.client.get(`${base}/assets?q=${encodeURIComponent("찻사")}`)).json<AssetLibrary>().assets.map((a) => a.id)).toEqual([bowl.id]);
      expect((await owner.client.get(`${base}/assets?tag=blue`)).json<AssetLibrary>().assets.map((a) => a.id)).toEqual([cup.id]);
      expect((await owner.client.get(`${base}/assets?q=blue`)).json<AssetLibrary>().assets.map((a) => a.id)).toEqual([cup.id]);
      library = (await owner.client.get(`${base}/assets?collectionId=${spring.id}`)).json<AssetLibrary>();
      expect(library.assets.map((a) => a.id)).toEqual([cup.id]);
      expect(library.collections).toEqual([{ id: spring.id, name: "Spring launch", count: 1 }]);
      expect(library.tags).toEqual(["Blue", "product", "제품"]);
      expect(library.maxBytes).toBe(3 * 1024 * 1024);

      const other = await buildWorkspace(t.app);
      const foreignCollection = await owner.client.patch(`${base}/assets/${cup.id}`, { collectionId: other.workspace.id });
      expect(foreignCollection.json().error.fields[0]).toMatchObject({ field: "collectionId", code: "asset.unknown_collection" });

      // Used on a card and as a persona's photo.
      const card = (await owner.client.post(`${base}/board/cards`, { title: "Post the cup", attachmentIds: [cup.id] })).json<{ cards: Card[] }>().cards[0]!;
      expect(card.attachmentIds).toEqual([cup.id]);
      await owner.client.post(`${base}/strategy/collections/persona`, { data: { name: "Café owner", photo_upload_id: cup.id } });
      const detail = (await owner.client.get(`${base}/assets/${cup.id}`)).json<AssetDetail>();
      expect(detail.usedIn).toBe(2);
      expect(detail.uses.map((u) => `${u.kind}:${u.title}`).sort()).toEqual(["card:Post the cup", "persona:Café owner"]);
      expect((await owner.client.get(`${base}/assets`)).json<AssetLibrary>().assets.find((a) => a.id === cup.id)!.usedIn).toBe(2);

      // A collection can go; its files stay.
      await owner.client.delete(`${base}/asset-collections/${spring.id}`);
      expect((await owner.client.get(`${base}/assets/${cup.id}`)).json<AssetDetail>().collectionId).toBeNull();
    });

    it("attaches assets to cards, refuses another workspace's, and deletes a used asset only when told to", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const other = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}`;
      const mine = (await uploadTo(owner.client, workspace.id, "mine.png", await photo(100, 100, "png", 7))).json<AssetUploadResult>().asset;
      const theirs = (await uploadTo(other.owner.client, other.workspace.id, "theirs.png", await photo(100, 100, "png", 8))).json<AssetUploadResult>().asset;
      const card = (await owner.client.post(`${base}/board/cards`, { title: "Launch post" })).json<{ cards: Card[] }>().cards[0]!;
      const foreign = await owner.client.patch(`${base}/board/cards/${card.id}`, { attachmentIds: [theirs.id] });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error.fields[0]).toMatchObject({ field: "attachmentIds", code: "board.unknown_asset" });
      const attached = await owner.client.patch(`${base}/board/cards/${card.id}`, { attachmentIds: [mine.id] });
      expect(attached.statusCode, attached.body).toBe(200);
      const persona = (await owner.client.post(`${base}/strategy/collections/persona`, { data: { name: "Buyer", photo_upload_id: mine.id } })).json();

      const inUse = await owner.client.delete(`${base}/assets/${mine.id}`);
      expect(inUse.statusCode).toBe(409);
      expect(inUse.json().error).toMatchObject({ code: "asset.in_use", message: expect.stringContaining("2") });
      expect((await owner.client.delete(`${base}/assets/${mine.id}?force=true`)).statusCode).toBe(200);
      const board = (await owner.client.get(`${base}/board`)).json<{ cards: Card[] }>();
      expect(board.cards.find((c) => c.id === card.id)!.attachmentIds).toEqual([]);
      const entries = (await owner.client.get(`${base}/strategy`)).json<{ entries: { id: string; data: { photo_upload_id?: string | null } }[] }>().entries;
      expect(entries.find((e) => e.id === persona.id)!.data.photo_upload_id).toBeNull();
      expect(fs.existsSync(path.join(t.config.dataDir, "files", blobKey(workspace.id, mine.sha256)))).toBe(false);
      expect(fs.existsSync(path.join(t.config.dataDir, "files", thumbnailKey(workspace.id, mine.sha256)))).toBe(false);
      expect((await owner.client.get(`${base}/assets/${mine.id}/file`)).statusCode).toBe(404);
    });

    it("moves photos stored in the database by earlier versions into the library, keeping their ids", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}`;
      const bytes = await photo(200, 200, "png", 3);
      const legacyId = "7d3f0c52-4c8e-4d0e-9a51-2f5c55f1a001";
      const duplicateId = "7d3f0c52-4c8e-4d0e-9a51-2f5c55f1a002";
      const now = "2026-01-01T00:00:00.000Z";
      for (const id of [legacyId, duplicateId]) {
        await t.deps.db.insertInto("uploads").values({ id, workspace_id: workspace.id, content_type: "image/png", size: bytes.length, bytes, created_by: null, created_at: now }).execute();
      }
      // A persona saved by an earlier version, pointing at its photo in `uploads` (today's saves only take library assets).
      const persona = (await owner.client.post(`${base}/strategy/collections/persona`, { data: { name: "Twin" } })).json();
      await t.deps.db.updateTable("strategy_entries").set({ data: JSON.stringify({ name: "Twin", photo_upload_id: duplicateId }) }).where("id", "=", persona.id).execute();
      expect(await moveLegacyUploads(t.deps)).toBe(2);
      expect(await moveLegacyUploads(t.deps)).toBe(0);
      const file = await owner.client.get(`${base}/assets/${legacyId}/file`);
      expect(file.rawPayload.equals(bytes)).toBe(true);
      const entries = (await owner.client.get(`${base}/strategy`)).json<{ entries: { id: string; data: { photo_upload_id?: string } }[] }>().entries;
      expect(entries.find((e) => e.id === persona.id)!.data.photo_upload_id).toBe(legacyId);
    });
  });
}

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "./helpers/client.ts";
import { addMember, buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { fillPath, isWrite, operationsOf, ROLE_ORDER, targetVariants, type Operation } from "./helpers/contract.ts";
import { addChannel, addPost } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

/** Words that exist only in the victim's workspace: any of them in a stranger's answer is a leak. */
const MARK = `zq${Math.random().toString(36).slice(2, 10)}`;
const MARKERS = [`Victim ${MARK}`, `card-${MARK}`, `post-${MARK}`, `invitee-${MARK}@example.com`, `owner-${MARK}@example.com`, `Company ${MARK}`, `asset-${MARK}`, `handle_${MARK}`];

interface Answer {
  status: number;
  body: string;
}

/** Sends one request over a real socket, request target exactly as given (absolute form included). */
function send(agent: http.Agent, port: number, method: string, target: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: "127.0.0.1", port, method, path: target, headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

for (const dialect of DIALECTS) {
  describe(`access, for every operation of the OpenAPI document and every spelling of its address [${dialect}]`, () => {
    let t: TestApp;
    let ops: Operation[];
    let values: Record<string, string>;
    let port: number;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    let owner: TestUser;
    let outsider: TestUser;
    let viewer: TestUser;
    let editor: TestUser;

    beforeAll(async () => {
      // With the web app present, so that no spelling of an API address falls through to the app's index.html.
      const web = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-web-"));
      fs.mkdirSync(path.join(web, "assets"));
      fs.writeFileSync(path.join(web, "index.html"), "<!doctype html><title>Socialplan</title>");
      t = await createTestApp(dialect, { env: { WEB_DIST: web } });
      owner = await buildUser(t.app, { email: `owner-${MARK}@example.com` });
      const { workspace } = await buildWorkspace(t.app, owner, { name: `Victim ${MARK}` });
      outsider = (await buildWorkspace(t.app)).owner;
      viewer = await addMember(t.app, owner, workspace.id, "viewer");
      editor = await addMember(t.app, owner, workspace.id, "editor");
      const base = `/api/workspaces/${workspace.id}`;
      // Real records in the victim's workspace, so that a missing check would find something to leak.
      const invitation = (await owner.client.post(`${base}/invitations`, { role: "editor", email: `invitee-${MARK}@example.com` })).json();
      const channelId = await addChannel(owner, workspace.id, "instagram", { handle: `handle_${MARK}` });
      const post = await addPost(owner, workspace.id, { title: `post-${MARK}`, body: `post-${MARK}`, variants: [{ channelId, text: null }] });
      const card = (await owner.client.post(`${base}/board/cards`, { title: `card-${MARK}` })).json();
      await owner.client.put(`${base}/strategy/sections/company`, { version: 0, data: { name: `Company ${MARK}` } });
      const asset = (await owner.client.upload(`${base}/assets?name=${encodeURIComponent(`asset-${MARK}.txt`)}`, Buffer.from(`asset-${MARK}`), "text/plain")).json();
      const members = (await owner.client.get(`${base}/members`)).json();
      const sessions = (await owner.client.get("/api/auth/sessions")).json();
      values = {
        workspaceId: workspace.id,
        memberId: members.members[0].id,
        invitationId: invitation.invitation.id,
        sessionId: sessions[0].id,
        channelId,
        postId: post.id,
        cardId: card.card?.id ?? card.id,
        assetId: asset.asset?.id ?? asset.id,
        entryId: channelId,
        kind: "company",
        token: "x".repeat(43),
      };
      ops = operationsOf((await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json());
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      port = (t.app.server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      agent.destroy();
      await t.close();
    });

    /** Sends `op` in every spelling as `who`, and lists each answer that is a success, a server error or a leak. */
    async function attack(op: Operation, who: { cookie?: string; csrf?: string }, mayLeakless2xx = false) {
      const problems: string[] = [];
      let sent = 0;
      for (const [variant, target] of Object.entries(targetVariants(fillPath(op.path, values), `127.0.0.1:${port}`))) {
        const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...(who.cookie ? { cookie: who.cookie } : {}), ...(who.csrf ? { "x-csrf-token": who.csrf } : {}) };
        const res = await send(agent, port, op.method, target, headers, isWrite(op) ? "{}" : undefined);
        sent++;
        const leaked = MARKERS.filter((m) => res.body.includes(m));
        if (leaked.length) totals.leaks++;
        if (res.status >= 500) totals.errors++;
        if (!mayLeakless2xx && res.status < 300) totals.successes++;
        if (leaked.length) problems.push(`${op.method} ${target} (${variant}) → ${res.status} leaks ${leaked.join(", ")}`);
        if (res.status >= 500) problems.push(`${op.method} ${target} (${variant}) → ${res.status} ${res.body.slice(0, 200)}`);
        if (!mayLeakless2xx && res.status < 300) problems.push(`${op.method} ${target} (${variant}) → ${res.status} ${res.body.slice(0, 200)}`);
      }
      return { problems, sent };
    }

    async function identity(user: TestUser, withCsrf = true) {
      return { cookie: user.client.cookieHeaderValue(), ...(withCsrf ? { csrf: await user.client.csrfToken() } : {}) };
    }

    const totals = { operations: 0, requests: 0, successes: 0, leaks: 0, errors: 0 };
    afterAll(() => {
      console.log(`[${dialect}] access net: ${totals.operations} operation checks × ${Object.keys(targetVariants("/api/x", "h")).length} spellings = ${totals.requests} requests; ${totals.successes} successes where refused, ${totals.leaks} leaks, ${totals.errors} 5xx`);
    });

    it("finds public and workspace operations in the document", () => {
      expect(ops.length).toBeGreaterThan(100);
      expect(ops.filter((o) => o.public).map((o) => `${o.method} ${o.path}`)).toContain("POST /api/auth/login");
      expect(ops.find((o) => o.path === "/api/workspaces/{workspaceId}/members" && o.method === "GET")?.minimumRole).toBe("viewer");
    });

    it("answers a caller without a session with no success and no data, on every non-public operation in every spelling", async () => {
      const anonymous = new TestClient(t.app);
      const who = { csrf: await anonymous.csrfToken(), cookie: anonymous.cookieHeaderValue() };
      const problems: string[] = [];
      for (const op of ops) {
        const r = await attack(op, who, op.public);
        problems.push(...r.problems);
        totals.operations++;
        totals.requests += r.sent;
      }
      expect(problems).toEqual([]);
    });

    it("gives a member of another workspace nothing of this one, on every operation in every spelling", async () => {
      const who = await identity(outsider);
      const problems: string[] = [];
      // Operations on the caller's own account (log out, change password…) would only act on the outsider.
      for (const op of ops.filter((o) => o.pathParams.length > 0 || !isWrite(o))) {
        const r = await attack(op, who, !op.path.includes("{workspaceId}") && op.pathParams.every((p) => p === "token"));
        problems.push(...r.problems);
        totals.operations++;
        totals.requests += r.sent;
      }
      expect(problems).toEqual([]);
    });

    it("refuses every write above a member's role, in every spelling", async () => {
      const problems: string[] = [];
      for (const [member, role] of [[viewer, "viewer"], [editor, "editor"]] as const) {
        const who = await identity(member);
        for (const op of ops.filter((o) => isWrite(o) && o.minimumRole && ROLE_ORDER.indexOf(o.minimumRole) > ROLE_ORDER.indexOf(role))) {
          const r = await attack(op, who);
          problems.push(...r.problems.map((p) => `${role}: ${p}`));
          totals.operations++;
          totals.requests += r.sent;
        }
      }
      expect(problems).toEqual([]);
    });

    it("refuses every write without the CSRF token, even from the owner, in every spelling", async () => {
      const who = await identity(owner, false);
      const problems: string[] = [];
      for (const op of ops.filter(isWrite)) {
        const r = await attack(op, who);
        problems.push(...r.problems);
        totals.operations++;
        totals.requests += r.sent;
      }
      expect(problems).toEqual([]);
      // The owner's session and workspace are untouched by all of it.
      expect((await owner.client.get(`/api/workspaces/${values.workspaceId}/members`)).statusCode).toBe(200);
    });

    it("does not let one user end another user's session", async () => {
      const res = await outsider.client.delete(`/api/auth/sessions/${values.sessionId}`);
      expect(res.statusCode).toBe(404);
    });
  });
}

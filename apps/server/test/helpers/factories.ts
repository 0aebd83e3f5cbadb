import type { Role, User, Workspace } from "@socialplan/schema";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { TestClient } from "./client.ts";

let seq = 0;
export const PASSWORD = "correct horse battery";

export interface TestUser {
  client: TestClient;
  user: User;
  email: string;
  password: string;
}

/** Signs up a new user (unique email unless given) and returns a logged-in client. */
export async function buildUser(app: FastifyInstance, overrides: { email?: string; name?: string; locale?: "en" | "ko" } = {}): Promise<TestUser> {
  seq += 1;
  const email = overrides.email ?? `user${seq}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const client = new TestClient(app);
  const res = await client.post("/api/auth/signup", { email, password: PASSWORD, name: overrides.name ?? `User ${seq}`, locale: overrides.locale ?? "en" });
  expect(res.statusCode, res.body).toBe(201);
  return { client, user: res.json<User>(), email, password: PASSWORD };
}

/** Creates a workspace owned by `owner` (a new user when omitted). */
export async function buildWorkspace(app: FastifyInstance, owner?: TestUser, overrides: Record<string, unknown> = {}) {
  const o = owner ?? (await buildUser(app));
  const res = await o.client.post("/api/workspaces", { name: "Seoul Candle Co.", timezone: "Asia/Seoul", currency: "KRW", ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  return { owner: o, workspace: res.json<Workspace>() };
}

/** Invites a new (or given) user with a role and accepts the invitation as them. */
export async function addMember(app: FastifyInstance, owner: TestUser, workspaceId: string, role: Exclude<Role, "owner">, member?: TestUser) {
  const m = member ?? (await buildUser(app));
  const inv = await owner.client.post(`/api/workspaces/${workspaceId}/invitations`, { role });
  expect(inv.statusCode, inv.body).toBe(201);
  const token = inv.json<{ url: string }>().url.split("/invite/")[1];
  const acc = await m.client.post(`/api/invitations/${token}/accept`);
  expect(acc.statusCode, acc.body).toBe(200);
  return m;
}

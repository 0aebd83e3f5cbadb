import type { Network, Post } from "@socialplan/schema";
import { expect } from "vitest";
import { Publisher, type PublisherOptions } from "../../src/features/publishing/publisher.ts";
import type { TestUser } from "./factories.ts";
import type { TestApp } from "./test-app.ts";

/** Adds a channel to the workspace's strategy (§11) and returns its id. */
export async function addChannel(owner: TestUser, workspaceId: string, network: Network, data: Record<string, unknown> = {}): Promise<string> {
  const res = await owner.client.post(`/api/workspaces/${workspaceId}/strategy/collections/channel`, { data: { network, ...data } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

/** Creates a post and returns it. */
export async function addPost(user: TestUser, workspaceId: string, body: Record<string, unknown>): Promise<Post> {
  const res = await user.client.post(`/api/workspaces/${workspaceId}/posts`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ post: Post }>().post;
}

/** Schedules a post, expecting success. */
export async function schedule(user: TestUser, workspaceId: string, postId: string, scheduledAt?: string): Promise<Post> {
  const res = await user.client.post(`/api/workspaces/${workspaceId}/posts/${postId}/schedule`, scheduledAt ? { scheduledAt } : {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ post: Post }>().post;
}

export async function readPost(user: TestUser, workspaceId: string, postId: string): Promise<Post> {
  const res = await user.client.get(`/api/workspaces/${workspaceId}/posts/${postId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ post: Post }>().post;
}

/** A publisher on the test app's database and clock; tests call `round()` themselves. */
export function testPublisher(t: TestApp, options: Partial<PublisherOptions> = {}): Publisher {
  return new Publisher(t.deps, t.app.log, { workerId: "test-worker", pollMs: 50, ...options });
}

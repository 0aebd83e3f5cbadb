import type { Connection, CreateConnection, CreatePost, LocalTime, Post, UpdatePost } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, get, post, put } from "../../api/client.ts";
import { homeKey } from "../home/home.ts";

export const postsKey = (workspaceId: string) => ["posts", workspaceId] as const;
const connectionsKey = (workspaceId: string) => ["connections", workspaceId] as const;

/** Every post of the workspace (a small business plans hundreds a year, not tens of thousands). */
export const usePosts = (workspaceId: string) =>
  useQuery({ queryKey: postsKey(workspaceId), queryFn: async () => (await get<{ posts: Post[] }>(`/workspaces/${workspaceId}/posts`)).posts, refetchInterval: 30_000 });

export const useConnections = (workspaceId: string) =>
  useQuery({ queryKey: connectionsKey(workspaceId), queryFn: async () => (await get<{ connections: Connection[] }>(`/workspaces/${workspaceId}/connections`)).connections });

/** Post actions; each answers with the post as it now is, which replaces it in the list. */
export function usePostApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/posts`;
  // The review queue, the board's Review column and the navigation's count (from the home) list posts in review.
  const reviewChanged = () => {
    for (const key of [["review", workspaceId], ["board-review", workspaceId], homeKey(workspaceId)]) void client.invalidateQueries({ queryKey: key });
  };
  const store = (res: { post: Post }) => {
    client.setQueryData<Post[]>(postsKey(workspaceId), (old) => {
      const list = old ?? [];
      return list.some((p) => p.id === res.post.id) ? list.map((p) => (p.id === res.post.id ? res.post : p)) : [...list, res.post];
    });
    return res.post;
  };
  return {
    create: async (body: CreatePost) => store(await post(base, body)),
    update: async (id: string, patch: UpdatePost) => store(await api("PATCH", `${base}/${id}`, patch)),
    /** To an instant (a drag on the calendar) or to a wall-clock time read by the server's one local-time rule. */
    move: async (id: string, to: string | { scheduledLocal: LocalTime }) => store(await post(`${base}/${id}/move`, typeof to === "string" ? { scheduledAt: to } : to)),
    /** Sends a draft or an idea to review (always possible; required before scheduling when the workspace says so). */
    review: async (id: string) => {
      const p = store(await post(`${base}/${id}/review`));
      reviewChanged();
      return p;
    },
    schedule: async (id: string, scheduledAt?: string) => store(await post(`${base}/${id}/schedule`, scheduledAt ? { scheduledAt } : {})),
    unschedule: async (id: string) => store(await post(`${base}/${id}/unschedule`)),
    confirm: async (id: string, deliveryId: string, permalink: string | null) => store(await post(`${base}/${id}/deliveries/${deliveryId}/confirm`, { permalink })),
    resolve: async (id: string, deliveryId: string, action: "retry" | "published" | "cancel", permalink?: string | null) =>
      store(await post(`${base}/${id}/deliveries/${deliveryId}/resolve`, { action, ...(permalink ? { permalink } : {}) })),
    remove: async (id: string) => {
      await api("DELETE", `${base}/${id}`);
      client.setQueryData<Post[]>(postsKey(workspaceId), (old) => (old ?? []).filter((p) => p.id !== id));
    },
    /** Approves a post in review (owners, admins and the boss; the server refuses anyone else). */
    approve: async (p: Post, comment?: string) => {
      const approved = store(await post(`${base}/${p.id}/approve`, comment ? { comment } : {}));
      reviewChanged();
      return approved;
    },
    reload: () => client.invalidateQueries({ queryKey: postsKey(workspaceId) }),
  };
}

export function useConnectionApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/connections`;
  const store = (res: { connections: Connection[] }) => {
    client.setQueryData(connectionsKey(workspaceId), res.connections);
    void client.invalidateQueries({ queryKey: postsKey(workspaceId) });
  };
  return {
    create: async (body: CreateConnection) => store(await post(base, body)),
    resume: async (id: string) => store(await post(`${base}/${id}/resume`)),
    reconnect: async (id: string, secret: Record<string, string>) => store(await put(`${base}/${id}/secret`, { secret })),
    remove: async (id: string) => store(await api("DELETE", `${base}/${id}`)),
  };
}

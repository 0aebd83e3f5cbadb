import type { Card, MoveCard, Post, UpdateCard } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, get, post } from "../../api/client.ts";
import { useWorkspaceEvents } from "../../lib/events.ts";

export const boardKey = (workspaceId: string) => ["board", workspaceId] as const;

export const useBoard = (workspaceId: string) =>
  useQuery({ queryKey: boardKey(workspaceId), queryFn: async () => (await get<{ cards: Card[] }>(`/workspaces/${workspaceId}/board`)).cards });

/** Posts waiting for review, shown above the Review column's cards (a post is not copied onto a card). */
export const reviewPostsKey = (workspaceId: string) => ["board-review", workspaceId] as const;
export const useReviewPosts = (workspaceId: string) =>
  useQuery({
    queryKey: reviewPostsKey(workspaceId),
    queryFn: async () => (await get<{ posts: Post[] }>(`/workspaces/${workspaceId}/posts?status=in_review`)).posts,
    refetchInterval: 30_000,
  });

/** Reloads the board whenever another member changes it. */
export function useLiveBoard(workspaceId: string) {
  const client = useQueryClient();
  const reload = useCallback(() => {
    void client.invalidateQueries({ queryKey: boardKey(workspaceId) });
    void client.invalidateQueries({ queryKey: reviewPostsKey(workspaceId) });
  }, [client, workspaceId]);
  useWorkspaceEvents(workspaceId, "board", reload);
}

export function useBoardApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/board`;
  const store = (res: { cards: Card[] }) => {
    client.setQueryData(boardKey(workspaceId), res.cards);
    return res.cards;
  };
  return {
    create: async (body: UpdateCard & { title: string; stage?: Card["stage"] }) => store(await post(`${base}/cards`, body)),
    update: async (id: string, patch: UpdateCard) => store(await api("PATCH", `${base}/cards/${id}`, patch)),
    move: async (id: string, move: MoveCard) => store(await post(`${base}/cards/${id}/move`, move)),
    remove: async (id: string) => store(await api("DELETE", `${base}/cards/${id}`)),
    split: async (initiativeId: string, titles: string[]) => store(await post(`${base}/split/${initiativeId}`, { titles })),
    /** Shows a move at once, before the server answers; the answer (or a reload on refusal) settles it. */
    optimistic: (cards: Card[]) => client.setQueryData(boardKey(workspaceId), cards),
    reload: () => client.invalidateQueries({ queryKey: boardKey(workspaceId) }),
  };
}

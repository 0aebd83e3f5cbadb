import type { BulkPosts, BulkResult, DuplicatePost, DuplicateResult, NextSlotResult, QueueItem, Slot, Slots, UndoResult } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { get, post, put } from "../../api/client.ts";
import { homeKey } from "../home/home.ts";
import { postsKey } from "./posts.ts";

export const slotsKey = (workspaceId: string) => ["slots", workspaceId] as const;
/** Every queue of the workspace starts with this key, whatever its channel and count. */
export const queueKey = (workspaceId: string, channelId?: string, count?: number) =>
  channelId === undefined && count === undefined ? (["queue", workspaceId] as const) : (["queue", workspaceId, channelId ?? "", count ?? 0] as const);

/** The posting slots of every channel that has some. */
export const useSlots = (workspaceId: string) =>
  useQuery({ queryKey: slotsKey(workspaceId), queryFn: async () => (await get<Slots>(`/workspaces/${workspaceId}/slots`)).channels });

/** The next slots from now (of one channel, or of all), each with the post that takes it or null when free. */
export const useQueue = (workspaceId: string, channelId?: string, count?: number) =>
  useQuery({
    queryKey: queueKey(workspaceId, channelId, count),
    queryFn: async () => {
      const query = new URLSearchParams();
      if (channelId) query.set("channelId", channelId);
      if (count) query.set("count", String(count));
      const qs = query.toString();
      return (await get<{ items: QueueItem[] }>(`/workspaces/${workspaceId}/queue${qs ? `?${qs}` : ""}`)).items;
    },
    refetchInterval: 60_000,
  });

/** Slots, next free slot, duplicate, bulk changes and undo; each refreshes the lists it changes. */
export function usePlanningApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}`;
  const invalidate = (...keys: (readonly unknown[])[]) => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
  // Posts changed: the calendar, the queues (which slot is taken) and the home's counts.
  const postsChanged = () => invalidate(postsKey(workspaceId), queueKey(workspaceId), homeKey(workspaceId), ["review", workspaceId], ["board-review", workspaceId]);
  return {
    /** Replaces a channel's slots. */
    putSlots: async (channelId: string, slots: Slot[]) => {
      const res = await put<{ channelId: string; slots: Slot[] }>(`${base}/slots/${channelId}`, { slots });
      await invalidate(slotsKey(workspaceId), queueKey(workspaceId));
      return res;
    },
    /** Moves the post to the earliest free slot of the channel (or of its first channel). */
    nextSlot: async (postId: string, channelId?: string) => {
      const res = await post<NextSlotResult>(`${base}/posts/${postId}/next-slot`, channelId ? { channelId } : {});
      await postsChanged();
      return res;
    },
    /** A draft copy at another time and/or on other channels. */
    duplicate: async (postId: string, body: DuplicatePost = {}) => {
      const res = await post<DuplicateResult>(`${base}/posts/${postId}/duplicate`, body);
      await postsChanged();
      return res;
    },
    /** Shift, reschedule, change status or delete several posts in one step. */
    bulk: async (body: BulkPosts) => {
      const res = await post<BulkResult>(`${base}/posts/bulk`, body);
      await postsChanged();
      return res;
    },
    /** Puts the posts of the member's last change back as they were (within 30 minutes). */
    undo: async (undoId: string) => {
      const res = await post<UndoResult>(`${base}/undo/${undoId}`);
      await postsChanged();
      return res;
    },
  };
}

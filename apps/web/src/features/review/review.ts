import type { ChannelData, Entry, GuestReview, Member, Network, Post, PostActivity, ReviewLink } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { del, get, post } from "../../api/client.ts";
import { postsKey } from "../calendar/posts.ts";
import { homeKey } from "../home/home.ts";
import type { ChannelInfo } from "./preview.ts";

export const reviewKey = (workspaceId: string) => ["review", workspaceId] as const;
const activityKey = (workspaceId: string, postId: string) => ["post-activity", workspaceId, postId] as const;
const linksKey = (workspaceId: string) => ["review-links", workspaceId] as const;

/** The posts waiting for a decision, oldest first, and whether the caller may decide. */
export const useReviewQueue = (workspaceId: string) =>
  useQuery({ queryKey: reviewKey(workspaceId), queryFn: () => get<{ canApprove: boolean; posts: Post[] }>(`/workspaces/${workspaceId}/review`), refetchInterval: 20_000 });

/** One post (a post opened from a notification may no longer be in the queue). */
export const usePost = (workspaceId: string, postId: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ["post", workspaceId, postId],
    queryFn: async () => (await get<{ post: Post }>(`/workspaces/${workspaceId}/posts/${postId}`)).post,
    enabled: enabled && !!postId,
    retry: false,
  });

/** A post's comments and history, oldest first. */
export const useActivity = (workspaceId: string, postId: string | undefined) =>
  useQuery({
    queryKey: activityKey(workspaceId, postId ?? ""),
    queryFn: async () => (await get<{ activity: PostActivity[] }>(`/workspaces/${workspaceId}/posts/${postId}/activity`)).activity,
    enabled: !!postId,
    refetchInterval: 15_000,
  });

/** Comments and decisions on a post; each refreshes the queue, the post, its activity and the calendar. */
export function useReviewApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/posts`;
  const refresh = async (postId: string) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: reviewKey(workspaceId) }),
      client.invalidateQueries({ queryKey: activityKey(workspaceId, postId) }),
      client.invalidateQueries({ queryKey: ["post", workspaceId, postId] }),
      client.invalidateQueries({ queryKey: postsKey(workspaceId) }),
      client.invalidateQueries({ queryKey: ["board-review", workspaceId] }),
      // The navigation's count of posts waiting comes with the home.
      client.invalidateQueries({ queryKey: homeKey(workspaceId) }),
    ]);
  };
  // A decided post leaves the queue at once (the next one opens); the server's answer follows.
  const leaveQueue = (postId: string) =>
    client.setQueryData<{ canApprove: boolean; posts: Post[] }>(reviewKey(workspaceId), (old) => old && { ...old, posts: old.posts.filter((p) => p.id !== postId) });
  return {
    comment: async (postId: string, body: string) => {
      await post(`${base}/${postId}/comments`, { body });
      await refresh(postId);
    },
    approve: async (postId: string, comment: string) => {
      const res = await post<{ post: Post }>(`${base}/${postId}/approve`, comment ? { comment } : {});
      leaveQueue(postId);
      // Not awaited: the screen moves on to the next post at once, and the lists catch up.
      void refresh(postId);
      return res.post;
    },
    requestChanges: async (postId: string, comment: string) => {
      const res = await post<{ post: Post }>(`${base}/${postId}/request-changes`, { comment });
      leaveQueue(postId);
      void refresh(postId);
      return res.post;
    },
  };
}

export const useReviewLinks = (workspaceId: string, enabled: boolean) =>
  useQuery({ queryKey: linksKey(workspaceId), queryFn: async () => (await get<{ links: ReviewLink[] }>(`/workspaces/${workspaceId}/review-links`)).links, enabled });

export function useReviewLinkApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/review-links`;
  const refresh = () => client.invalidateQueries({ queryKey: linksKey(workspaceId) });
  return {
    create: async (body: { label: string; from: string; to: string; days: number }) => {
      const { link } = await post<{ link: ReviewLink }>(base, body);
      await refresh();
      return link;
    },
    revoke: async (id: string) => {
      await del(`${base}/${id}`);
      await refresh();
    },
  };
}

/** What a reviewer without an account sees through a link; null while loading. */
export const useGuestReview = (token: string) =>
  useQuery({ queryKey: ["guest-review", token], queryFn: async () => (await get<{ review: GuestReview }>(`/review-links/${token}`)).review, retry: false, refetchInterval: 30_000 });

/** A reviewer's comment or decision through a link; each answers the refreshed review. */
export function useGuestApi(token: string) {
  const client = useQueryClient();
  const base = `/review-links/${token}/posts`;
  const store = (res: { review: GuestReview }) => client.setQueryData(["guest-review", token], res.review);
  return {
    comment: async (postId: string, name: string, body: string) => store(await post(`${base}/${postId}/comments`, { name, body })),
    approve: async (postId: string, name: string, comment: string) => store(await post(`${base}/${postId}/approve`, comment ? { name, comment } : { name })),
    requestChanges: async (postId: string, name: string, comment: string) => store(await post(`${base}/${postId}/request-changes`, { name, comment })),
  };
}

/** The workspace's channels (strategy records of kind "channel") with their network and handle. */
export function channelsOf(entries: Entry[] | undefined): ChannelInfo[] {
  return (entries ?? [])
    .filter((e) => e.kind === "channel")
    .map((e) => {
      const d = e.data as ChannelData;
      return { id: e.id, network: (d.network ?? "other") as Network, handle: d.handle ?? "" };
    });
}

/** Who may approve posts: owners, admins and whoever wears the boss hat (as the server decides). */
export const approverNames = (members: Member[]): string[] =>
  members.filter((m) => m.role === "owner" || m.role === "admin" || m.hats.includes("people.boss")).map((m) => m.name || m.email);

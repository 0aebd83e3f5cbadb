import type { PublishOptions } from "@socialplan/schema";
import { useQueries, useQuery } from "@tanstack/react-query";
import { get } from "../../api/client.ts";

const key = (workspaceId: string, connectionId: string | null) => ["publish-options", workspaceId, connectionId] as const;
const fetchOptions = (workspaceId: string, connectionId: string | null) => () => get<PublishOptions>(`/workspaces/${workspaceId}/connections/${connectionId}/publish-options`);

/**
 * What a connected account offers to choose from, read from the network (Pinterest's boards; TikTok's creator info,
 * which TikTok requires to be read afresh each time its settings are shown: `fresh`).
 */
export function usePublishOptions(workspaceId: string, connectionId: string | null, fresh: boolean) {
  return useQuery({
    queryKey: key(workspaceId, connectionId),
    queryFn: fetchOptions(workspaceId, connectionId),
    enabled: !!connectionId,
    retry: false,
    ...(fresh ? { staleTime: 0, refetchOnMount: "always" as const } : { staleTime: 5 * 60_000 }),
  });
}

/** Pinterest board names by connection, for the previews ("Saved to Winter candles"). */
export function useBoardNames(workspaceId: string, connectionIds: string[]): Map<string, Map<string, string>> {
  const results = useQueries({
    queries: connectionIds.map((id) => ({ queryKey: key(workspaceId, id), queryFn: fetchOptions(workspaceId, id), retry: false, staleTime: 5 * 60_000 })),
  });
  return new Map(connectionIds.map((id, i) => [id, new Map((results[i]?.data?.boards ?? []).map((b) => [b.id, b.name]))]));
}

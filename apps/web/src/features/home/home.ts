import type { Home } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { get } from "../../api/client.ts";

export const homeKey = (workspaceId: string) => ["home", workspaceId] as const;

/**
 * The workspace's command center in one request. The navigation reads the same answer for its review count, so the
 * home screen and the frame share it.
 */
export const useHome = (workspaceId: string | undefined) =>
  useQuery({
    queryKey: homeKey(workspaceId ?? ""),
    queryFn: async () => (await get<{ home: Home }>(`/workspaces/${workspaceId}/home`)).home,
    enabled: !!workspaceId,
    staleTime: 20_000,
    refetchInterval: 60_000,
  });

/** After a first-run step: the home (and the screens whose data the step changed) load again. */
export function useRefreshHome(workspaceId: string) {
  const client = useQueryClient();
  return (...others: string[]) =>
    Promise.all([client.invalidateQueries({ queryKey: homeKey(workspaceId) }), ...others.map((key) => client.invalidateQueries({ queryKey: [key, workspaceId] }))]);
}

import type { CollectionKind, Entry, Revision, SectionKind, Strategy } from "@socialplan/schema";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { del, get, post, put } from "../../api/client.ts";

export const strategyKey = (workspaceId: string) => ["strategy", workspaceId] as const;

/** The whole strategy of a workspace (it is small: a few hundred records at most), refreshed every 15 s. */
export const useStrategy = (workspaceId: string) =>
  useQuery({
    queryKey: strategyKey(workspaceId),
    queryFn: async () => (await get<Strategy>(`/workspaces/${workspaceId}/strategy`)).entries,
    refetchInterval: 15_000,
  });

/** Puts a saved record into the cached strategy, replacing its older version. */
export function storeEntry(client: QueryClient, workspaceId: string, entry: Entry) {
  client.setQueryData<Entry[]>(strategyKey(workspaceId), (old = []) =>
    old.some((e) => e.id === entry.id) ? old.map((e) => (e.id === entry.id ? entry : e)) : [...old, entry],
  );
}

export function useStrategyApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/strategy`;
  const store = (entry: Entry) => {
    storeEntry(client, workspaceId, entry);
    return entry;
  };
  const refresh = () => client.invalidateQueries({ queryKey: strategyKey(workspaceId) });
  return {
    saveSection: async (kind: SectionKind, version: number, data: Record<string, unknown>) => store(await put<Entry>(`${base}/sections/${kind}`, { version, data })),
    create: async (kind: CollectionKind, data: Record<string, unknown>, parentId?: string) =>
      store(await post<Entry>(`${base}/collections/${kind}`, { data, ...(parentId ? { parentId } : {}) })),
    update: async (id: string, version: number, data: Record<string, unknown>) => store(await put<Entry>(`${base}/entries/${id}`, { version, data })),
    remove: async (entry: Entry) => {
      await del(`${base}/entries/${entry.id}?version=${entry.version}`);
      await refresh();
    },
    move: async (id: string, position: number) => {
      await put<void>(`${base}/entries/${id}/position`, { position });
    },
    revisions: (id: string) => get<Revision[]>(`${base}/entries/${id}/revisions`),
    restore: async (id: string, revisionId: string, version: number) => {
      const entry = await post<Entry>(`${base}/entries/${id}/restore`, { revisionId, version });
      await refresh();
      return entry;
    },
    loadExample: async (locale: string) => {
      await post(`${base}/example`, { locale });
      await refresh();
    },
    clearExample: async () => {
      await del(`${base}/example`);
      await refresh();
    },
    refresh,
  };
}

export type StrategyApi = ReturnType<typeof useStrategyApi>;

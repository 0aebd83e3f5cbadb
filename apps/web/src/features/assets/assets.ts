import type { AssetDetail, AssetKind, AssetLibrary, AssetUploadResult, UpdateAsset } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { api, get, post, uploadWithProgress } from "../../api/client.ts";
import i18n from "../../i18n/index.ts";

export interface LibraryFilter {
  q?: string;
  tag?: string | null;
  kind?: AssetKind | null;
  collectionId?: string | null;
}

export const libraryKey = (workspaceId: string) => ["assets", workspaceId] as const;

export function useLibrary(workspaceId: string, filter: LibraryFilter = {}) {
  const params = new URLSearchParams();
  if (filter.q?.trim()) params.set("q", filter.q.trim());
  if (filter.tag) params.set("tag", filter.tag);
  if (filter.kind) params.set("kind", filter.kind);
  if (filter.collectionId) params.set("collectionId", filter.collectionId);
  const query = params.toString();
  return useQuery({
    queryKey: [...libraryKey(workspaceId), query],
    queryFn: () => get<AssetLibrary>(`/workspaces/${workspaceId}/assets${query ? `?${query}` : ""}`),
    placeholderData: (previous) => previous,
  });
}

export const useAsset = (workspaceId: string, assetId: string | null) =>
  useQuery({ queryKey: [...libraryKey(workspaceId), "detail", assetId], queryFn: () => get<AssetDetail>(`/workspaces/${workspaceId}/assets/${assetId}`), enabled: !!assetId });

export function useAssetApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}`;
  const refresh = () => client.invalidateQueries({ queryKey: libraryKey(workspaceId) });
  const after = async <T,>(work: Promise<T>) => {
    const result = await work;
    await refresh();
    return result;
  };
  return {
    refresh,
    update: (id: string, patch: UpdateAsset) => after(api<AssetDetail>("PATCH", `${base}/assets/${id}`, patch)),
    remove: (id: string, force: boolean) => after(api<{ ok: true }>("DELETE", `${base}/assets/${id}${force ? "?force=true" : ""}`)),
    createCollection: (name: string) => after(post(`${base}/asset-collections`, { name })),
    renameCollection: (id: string, name: string) => after(api("PATCH", `${base}/asset-collections/${id}`, { name })),
    removeCollection: (id: string) => after(api("DELETE", `${base}/asset-collections/${id}`)),
  };
}

/**
 * Sends one file as bytes with XMLHttpRequest (fetch cannot report upload progress), with the session
 * cookie, the CSRF token and the user's language for the server's messages.
 */
export async function uploadFile(workspaceId: string, file: File, onProgress: (share: number) => void, collectionId?: string | null): Promise<AssetUploadResult> {
  const query = new URLSearchParams({ name: file.name || "file" });
  if (collectionId) query.set("collectionId", collectionId);
  return uploadWithProgress<AssetUploadResult>(`/api/workspaces/${workspaceId}/assets?${query.toString()}`, "application/octet-stream", file, onProgress);
}

export interface UploadItem {
  key: string;
  name: string;
  progress: number;
  status: "sending" | "done" | "duplicate" | "failed";
  error?: string;
  assetId?: string;
}

/** Uploads several files one after another, with a progress bar each; refuses oversized files before sending them. */
export function useUploads(workspaceId: string, maxBytes: number | undefined, onUploaded?: (assetIds: string[]) => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const client = useQueryClient();
  const change = (key: string, patch: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const start = useCallback(
    async (files: File[], collectionId?: string | null) => {
      const queued = files.map((file) => ({ file, key: `${file.name}-${file.size}-${Math.random()}` }));
      setItems((all) => [...queued.map(({ file, key }) => ({ key, name: file.name, progress: 0, status: "sending" as const })), ...all]);
      const done: string[] = [];
      for (const { file, key } of queued) {
        if (maxBytes && file.size > maxBytes) {
          change(key, { status: "failed", progress: 1, error: i18n.t("assets.tooLarge", { limit: Math.round(maxBytes / 1024 / 1024) }) });
          continue;
        }
        try {
          const result = await uploadFile(workspaceId, file, (progress) => change(key, { progress }), collectionId);
          change(key, { progress: 1, status: result.duplicate ? "duplicate" : "done", assetId: result.asset.id });
          done.push(result.asset.id);
          // Each file appears in the library as soon as it is in.
          void client.invalidateQueries({ queryKey: libraryKey(workspaceId) });
        } catch (e) {
          change(key, { status: "failed", progress: 1, error: e instanceof Error ? e.message : String(e) });
        }
      }
      if (done.length) onUploaded?.(done);
    },
    [workspaceId, maxBytes, onUploaded],
  );
  const clear = () => setItems((all) => all.filter((i) => i.status === "sending"));
  return { items, start, clear };
}

export const formatBytes = (bytes: number, locale: string) => {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
};

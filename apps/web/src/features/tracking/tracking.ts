import type { BestTimes, Dashboard, GoalProgress, MetricImportResult, Report } from "@socialplan/schema";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, apiError, csrf, get, networkError, post } from "../../api/client.ts";
import i18n from "../../i18n/index.ts";

export interface Period {
  from: string;
  to: string;
}
const trackingKey = (workspaceId: string) => ["tracking", workspaceId] as const;

export const useDashboard = (workspaceId: string, period: Period, channelId: string | null) =>
  useQuery({
    queryKey: [...trackingKey(workspaceId), "dashboard", period.from, period.to, channelId],
    queryFn: () => get<Dashboard>(`/workspaces/${workspaceId}/dashboard?from=${period.from}&to=${period.to}${channelId ? `&channelId=${channelId}` : ""}`),
    placeholderData: keepPreviousData,
  });

/**
 * The best time to post, for the year up to a day (a separate request). While posts of a large import are still being
 * added up on the server (`pending`), it asks again every 10 seconds until they are all counted.
 */
export const useBestTimes = (workspaceId: string, to: string) =>
  useQuery({
    queryKey: [...trackingKey(workspaceId), "best-times", to],
    queryFn: () => get<BestTimes>(`/workspaces/${workspaceId}/best-times?to=${to}`),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.pending ? 10_000 : false),
  });

/**
 * Every goal measured. `version` (e.g. the goals' record versions) asks again when the goals change, keeping the
 * previous answer on screen meanwhile.
 */
export const useGoalProgress = (workspaceId: string, version = "") =>
  useQuery({
    queryKey: [...trackingKey(workspaceId), "goals", ...(version ? [version] : [])],
    queryFn: async () => (await get<GoalProgress>(`/workspaces/${workspaceId}/goals/progress`)).goals,
    placeholderData: keepPreviousData,
  });

export const useReports = (workspaceId: string) =>
  useQuery({ queryKey: [...trackingKey(workspaceId), "reports"], queryFn: async () => (await get<{ reports: Omit<Report, "snapshot" | "answers">[] }>(`/workspaces/${workspaceId}/reports`)).reports });

export const useReport = (workspaceId: string, reportId: string) =>
  useQuery({ queryKey: [...trackingKey(workspaceId), "report", reportId], queryFn: () => get<Report>(`/workspaces/${workspaceId}/reports/${reportId}`) });

/** After numbers change, every dashboard, goal and report list of the workspace is read again. */
export function useTrackingRefresh(workspaceId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: trackingKey(workspaceId) });
}

export function useReportApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/reports`;
  const store = (r: Report) => {
    client.setQueryData([...trackingKey(workspaceId), "report", r.id], r);
    void client.invalidateQueries({ queryKey: [...trackingKey(workspaceId), "reports"] });
    return r;
  };
  return {
    create: async (body: { periodKind: Report["periodKind"]; from: string; to: string; title?: string }) => store(await post<Report>(base, body)),
    update: async (id: string, patch: { title?: string; answers?: Report["answers"] }) => store(await api<Report>("PATCH", `${base}/${id}`, patch)),
    remove: async (id: string) => {
      await api("DELETE", `${base}/${id}`);
      void client.invalidateQueries({ queryKey: [...trackingKey(workspaceId), "reports"] });
    },
    email: (id: string, memberIds: string[]) => post(`${base}/${id}/email`, { memberIds }),
    exportUrl: (id: string, format: "pdf" | "csv" | "xlsx") => `/api${base}/${id}/export?format=${format}`,
  };
}

export interface ImportOptions {
  preset: "meta" | "ga4" | "generic";
  channelId?: string | null;
  dateFormat: string;
  decimal?: "point" | "comma";
  mapping?: { date: string; channel?: string; metrics: Record<string, string> };
  dryRun: boolean;
}

/**
 * Sends a metrics file as it is (no parsing in the browser: the server streams it), reporting how much of it has
 * gone up; the server reads as the bytes arrive, so the bar follows the import itself.
 */
export async function uploadMetrics(workspaceId: string, file: File, o: ImportOptions, onProgress: (fraction: number) => void): Promise<MetricImportResult> {
  const params = new URLSearchParams({ preset: o.preset, dateFormat: o.dateFormat, dryRun: String(o.dryRun) });
  if (o.channelId) params.set("channelId", o.channelId);
  if (o.decimal) params.set("decimal", o.decimal);
  if (o.mapping) params.set("mapping", JSON.stringify(o.mapping));
  const token = await csrf();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/workspaces/${workspaceId}/metrics/import?${params}`);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.setRequestHeader("x-csrf-token", token);
    xhr.setRequestHeader("x-locale", i18n.language);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const data = (() => {
        try {
          return JSON.parse(xhr.responseText) as unknown;
        } catch {
          return null;
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as MetricImportResult);
      else reject(apiError(xhr.status, data));
    };
    xhr.onerror = () => reject(networkError());
    xhr.send(file);
  });
}

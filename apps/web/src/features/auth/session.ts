import type { User, Workspace } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError, get, resetCsrf } from "../../api/client.ts";
import i18n, { setLocale } from "../../i18n/index.ts";

export const meKey = ["me"] as const;
export const workspacesKey = ["workspaces"] as const;

/** The logged-in user, or null; follows the user's language choice. */
export function useMe() {
  const query = useQuery({
    queryKey: meKey,
    queryFn: async () => {
      try {
        return await get<User>("/auth/me");
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
  const locale = query.data?.locale;
  useEffect(() => {
    if (locale && locale !== i18n.language) setLocale(locale);
  }, [locale]);
  return query;
}

export function useWorkspaces(enabled = true) {
  return useQuery({ queryKey: workspacesKey, queryFn: () => get<Workspace[]>("/workspaces"), enabled });
}

/** After login, logout or a password change: forget everything cached for the previous user. */
export function useResetSession() {
  const client = useQueryClient();
  return async () => {
    resetCsrf();
    client.clear();
    await client.invalidateQueries();
  };
}

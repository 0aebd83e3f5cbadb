import { translate, type Locale, type NumbersSync, type OauthConnectionKind, type OauthProvider } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { api, get, post, put } from "../../api/client.ts";
import i18n from "../../i18n/index.ts";
import { postsKey } from "../calendar/posts.ts";

/** What the API answers about the instance's developer apps and its public address (oauthAppsSchema). */
export interface OauthApps {
  apps: {
    provider: OauthProvider;
    configured: boolean;
    source: "settings" | "environment" | null;
    clientId: string | null;
    redirectUrl: string;
    scopes: string[];
    updatedAt: string | null;
  }[];
  appUrl: AppUrlReachability;
}
export interface AppUrlReachability {
  appUrl: string;
  publiclyReachable: boolean;
  reason: string | null;
}
export interface OauthPending {
  id: string;
  kind: OauthConnectionKind;
  channelId: string;
  accounts: { id: string; name: string; username: string | null; pictureUrl: string | null }[];
  connectionId: string | null;
  error: string | null;
  expiresAt: string;
}

/** What a connection's check found (connectionCheckSchema): `error` is a message key when `ok` is false. */
export interface ConnectionCheck {
  ok: boolean;
  account: { id: string; name: string; username: string | null } | null;
  error: string | null;
}

export const oauthAppsKey = ["instance", "oauth-apps"] as const;
const connectionsKey = (workspaceId: string) => ["connections", workspaceId] as const;

/** The instance's developer apps (instance admins only; anyone else gets a 403, answered here as null). */
export function useOauthApps(enabled = true) {
  return useQuery({ queryKey: oauthAppsKey, queryFn: () => get<OauthApps>("/instance/oauth-apps"), enabled, retry: false });
}

export function useOauthAppApi() {
  const client = useQueryClient();
  const reload = () => client.invalidateQueries({ queryKey: oauthAppsKey });
  return {
    save: async (provider: OauthProvider, body: { clientId: string; clientSecret: string }) => {
      await put(`/instance/oauth-apps/${provider}`, body);
      await reload();
    },
    remove: async (provider: OauthProvider) => {
      await api("DELETE", `/instance/oauth-apps/${provider}`);
      await reload();
    },
  };
}

/** Sign-in, the account picked after it, a harmless check, and "refresh now" for numbers. */
export function useOauthApi(workspaceId: string) {
  const client = useQueryClient();
  const base = `/workspaces/${workspaceId}/connections`;
  return {
    start: (body: { kind: OauthConnectionKind; channelId: string; connectionId?: string }) => post<{ authorizeUrl: string; appUrl: AppUrlReachability }>(`${base}/oauth`, body),
    /** Makes the connection with the account picked; answers the sign-in as it now is (with its connectionId). */
    pick: async (pendingId: string, accountId: string) => {
      const res = await post<OauthPending>(`${base}/oauth/${pendingId}`, { accountId });
      client.setQueryData(["oauth-pending", workspaceId, pendingId], res);
      await client.invalidateQueries({ queryKey: connectionsKey(workspaceId) });
      void client.invalidateQueries({ queryKey: postsKey(workspaceId) });
      return res;
    },
    /** A harmless read at the network; the connection's quota is updated by it. */
    check: async (id: string) => {
      try {
        return await post<ConnectionCheck>(`${base}/${id}/check`);
      } finally {
        void client.invalidateQueries({ queryKey: connectionsKey(workspaceId) });
      }
    },
    refreshNumbers: async () => {
      const res = await post<NumbersSync>(`/workspaces/${workspaceId}/metrics/refresh`);
      void client.invalidateQueries({ queryKey: connectionsKey(workspaceId) });
      void client.invalidateQueries({ queryKey: ["tracking", workspaceId] });
      return res;
    },
  };
}

export function usePending(workspaceId: string, pendingId: string) {
  return useQuery({ queryKey: ["oauth-pending", workspaceId, pendingId], queryFn: () => get<OauthPending>(`/workspaces/${workspaceId}/connections/oauth/${pendingId}`), retry: false });
}

/**
 * A message key the server answers in data (a sign-in's error, a failed numbers read, why APP_URL is not public),
 * in the reader's language: the web's own translation of that key, else the general sentence given.
 */
export function keyText(t: TFunction, group: "oauthErrors" | "appUrlReasons", key: string | null | undefined, fallback: string): string {
  if (!key) return t(fallback);
  const own = `${group}.${key.replace(/\./g, "_")}`;
  if (i18n.exists(own)) return t(own);
  // Else the server's own sentence for that key (the same words its error answers use), else the general one.
  const server = translate((i18n.language === "ko" ? "ko" : "en") as Locale, key);
  return server !== key ? server : t(fallback);
}

export type { NumbersSync };
export * from "./oauth-logic.ts";

import { OAUTH_CONNECTION_KINDS, OAUTH_PROVIDER_OF, type Connection, type Network, type OauthConnectionKind, type OauthProvider } from "@socialplan/schema";

/** The pure rules of the sign-in screens (tested without a browser in oauth-logic.test.ts). */

/** The network's sign-in kinds a channel can use, in the order offered (Instagram: its own login first). */
export function oauthKindsFor(network: Network): OauthConnectionKind[] {
  switch (network) {
    case "instagram":
      return ["instagram", "instagram_facebook"];
    case "facebook":
      return ["facebook"];
    case "threads":
      return ["threads"];
    default:
      return [];
  }
}

export const isOauthKind = (kind: string): kind is OauthConnectionKind => (OAUTH_CONNECTION_KINDS as readonly string[]).includes(kind);

/** The network a kind publishes to, for sentences ("Waiting for Instagram until 14:05"). */
export const networkOfKind = (kind: OauthConnectionKind): Network => (kind === "instagram_facebook" ? "instagram" : kind);

export const providerOf = (kind: OauthConnectionKind): OauthProvider => OAUTH_PROVIDER_OF[kind];

/** The page to come back to after a sign-in: the calendar with its accounts panel open. */
export const accountsPath = (workspaceId: string) => `/w/${workspaceId}/calendar?accounts=1`;

/** Days from now until an instant (negative when past). */
export const daysUntil = (iso: string, now = Date.now()) => (new Date(iso).getTime() - now) / 86_400_000;

/** A sign-in token runs out within two weeks: the member is asked to sign in again. */
export const EXPIRY_WARNING_DAYS = 14;

/** The share of the posting quota used, 0–1 (null when it was never read). */
export const quotaShare = (c: Pick<Connection, "quota">) => (c.quota && c.quota.limit > 0 ? c.quota.used / c.quota.limit : null);

/** A connection the calendar warns about: its quota is at least 80 % used, or the network asked us to wait. */
export const nearLimit = (c: Pick<Connection, "quota" | "holdUntil">, now = Date.now()) => (quotaShare(c) ?? 0) >= 0.8 || (!!c.holdUntil && new Date(c.holdUntil).getTime() > now);

/** Whether to ask for a new sign-in: "expired" once the token ran out, "soon" within two weeks, else null. */
export function expiryWarning(c: Pick<Connection, "tokenExpiresAt">, now = Date.now()): "expired" | "soon" | null {
  if (!c.tokenExpiresAt) return null;
  const days = daysUntil(c.tokenExpiresAt, now);
  return days <= 0 ? "expired" : days <= EXPIRY_WARNING_DAYS ? "soon" : null;
}

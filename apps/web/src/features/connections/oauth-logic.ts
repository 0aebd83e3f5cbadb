import { OAUTH_CONNECTION_KINDS, OAUTH_NETWORK_OF, OAUTH_PROVIDER_OF, type Connection, type ConnectionKind, type Network, type OauthConnectionKind, type OauthProvider } from "@socialplan/schema";
import { connectionKindsFor } from "../calendar/calendar-logic.ts";

/** The pure rules of the sign-in screens (tested without a browser in oauth-logic.test.ts). */

/**
 * The network's sign-in kinds a channel can use, in the order offered (Instagram: its own login first, then through
 * a Facebook Page): every kind whose network (`OAUTH_NETWORK_OF`) is the channel's.
 */
export function oauthKindsFor(network: Network): OauthConnectionKind[] {
  return OAUTH_CONNECTION_KINDS.filter((kind) => OAUTH_NETWORK_OF[kind] === network);
}

/** The ways a channel connects with a pasted secret (Bluesky, Mastodon, WordPress, a webhook, a Telegram bot). */
export type PastedKind = Exclude<ConnectionKind, OauthConnectionKind>;
export function pastedKindsFor(network: Network): PastedKind[] {
  if (network === "telegram") return ["telegram"];
  return connectionKindsFor(network).filter((k): k is PastedKind => !isOauthKind(k));
}

export const isOauthKind = (kind: string): kind is OauthConnectionKind => (OAUTH_CONNECTION_KINDS as readonly string[]).includes(kind);

/** The network a kind publishes to, for sentences ("Waiting for Instagram until 14:05"). */
export const networkOfKind = (kind: OauthConnectionKind): Network => OAUTH_NETWORK_OF[kind];

/**
 * How an account offered after a sign-in is shown: LinkedIn tells the member's own profile from the Pages they
 * administer (a Page's id names an organization); a Business Profile location shows its address, not a handle.
 */
export function accountLine(kind: OauthConnectionKind, a: { id: string; username: string | null }): { role: "profile" | "page" | null; sub: string | null } {
  if (kind === "linkedin") return { role: /organization/i.test(a.id) ? "page" : "profile", sub: a.username };
  if (kind === "google_business") return { role: null, sub: a.username };
  return { role: null, sub: a.username ? `@${a.username.replace(/^@/, "")}` : null };
}

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

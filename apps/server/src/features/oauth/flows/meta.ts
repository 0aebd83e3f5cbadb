import type { OauthConnectionKind } from "@socialplan/schema";
import { facebookReader } from "../../metrics/meta-facebook.ts";
import { instagramReader } from "../../metrics/meta-instagram.ts";
import { AccountApi } from "../../metrics/meta-readers.ts";
import { threadsReader } from "../../metrics/meta-threads.ts";
import { PublishError } from "../../publishing/adapters/types.ts";
import { checkAccount, completeSignIn, refreshToken, revokeMetaPermissions } from "../provider-api.ts";
import { PROVIDERS } from "../providers.ts";
import type { FlowCall, FlowConnection, ProviderFlow } from "./types.ts";

/**
 * Meta's three sign-ins (Facebook Login for Pages and linked Instagram accounts, Instagram Login, Threads): the
 * calls live in provider-api.ts with their documentation; this puts them behind `ProviderFlow`.
 */
const DAY_MS = 24 * 3600_000;

function metaReader(call: FlowCall, conn: FlowConnection) {
  const provider = conn.kind === "instagram" ? "instagram" : conn.kind === "threads" ? "threads" : "meta";
  const api = new AccountApi(call, PROVIDERS[provider].graphUrl, conn.secret.accessToken);
  if (conn.kind === "facebook") return facebookReader(api, conn.accountId);
  if (conn.kind === "threads") return threadsReader(api, conn.accountId);
  return instagramReader(api, conn.accountId);
}

const shared = {
  completeSignIn,
  check: (call: FlowCall, conn: FlowConnection) => checkAccount(call, conn.kind, conn.accountId, conn.secret.accessToken),
  numbersReader: metaReader,
} satisfies Partial<ProviderFlow>;

/**
 * Instagram Login and Threads long-lived tokens last 60 days and may be refreshed once at least 24 hours old and not
 * expired (provider-api.ts); the upkeep refreshes them from 30 days before expiry, so an outage of weeks still leaves room.
 */
const longLived: Pick<ProviderFlow, "refresh" | "renewWithinMs"> = {
  renewWithinMs: 30 * DAY_MS,
  refresh: async (call, kind, _app, secret, now) => {
    const fresh = await refreshToken(call, kind as "instagram" | "threads", secret.accessToken, now);
    return { secret: { ...secret, accessToken: fresh.accessToken }, tokenExpiresAt: fresh.expiresAt };
  },
};

export const metaFlow: ProviderFlow = {
  ...shared,
  /**
   * `DELETE /{user-id}/permissions` with the Facebook user's token. revoke.ts first checks `grantKey`: when another
   * connection came from the same Facebook sign-in, nothing is revoked ("kept").
   */
  revoke: async (call, _app, conn) => {
    const { userAccessToken, userId } = conn.secret;
    if (!userAccessToken || !userId) return "not_offered";
    try {
      await revokeMetaPermissions(call, userId, userAccessToken);
      return "revoked";
    } catch (err) {
      // A token the network already refuses (190) means the access is gone already.
      if (err instanceof PublishError && err.kind === "auth") return "revoked";
      throw err;
    }
  },
  grantKey: (conn) => conn.secret.userId ?? null,
};
export const instagramFlow: ProviderFlow = { ...shared, ...longLived };
export const threadsFlow: ProviderFlow = { ...shared, ...longLived };

export const isMetaKind = (kind: OauthConnectionKind) => kind === "instagram" || kind === "instagram_facebook" || kind === "facebook" || kind === "threads";

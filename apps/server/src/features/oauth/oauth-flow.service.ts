import { createHash } from "node:crypto";
import { OAUTH_CONNECTION_KINDS, OAUTH_NETWORK_OF, OAUTH_PROVIDER_OF, roleAtLeast, roleSchema, type OauthConnectionKind, type OauthProvider } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps, Membership, ServiceContext, UserRow } from "../../context.ts";
import type { OauthStatesTable } from "../../db/schema.ts";
import { addSeconds, iso } from "../../lib/clock.ts";
import { hashToken, randomToken } from "../../lib/crypto.ts";
import { AppError, badRequest, conflict } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { findMembership } from "../members/members.repository.ts";
import { channelsOf } from "../posts/posts.service.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { appCredentials, redirectUrl } from "./oauth-apps.service.ts";
import { claimState, connectionOfChannel, findConnection, findMemberState, findStateByHash, insertConnection, insertOauthState, updateConnection, updateState } from "./oauth.repository.ts";
import { FLOWS } from "./flows/index.ts";
import type { FoundAccount, SignInResult, StoredSecret } from "./flows/types.ts";
import { networkUrl, PROVIDERS, scopesOf } from "./providers.ts";

type Deps = Pick<AppDeps, "db" | "config" | "secrets" | "outbound" | "clock">;

/** A sign-in must come back within ten minutes; the member then has ten more minutes to pick an account. */
const STATE_SECONDS = 10 * 60;

/**
 * The kind a sign-in gives, from its provider and its channel's network (Facebook Login serves Pages and Instagram;
 * Google serves YouTube and Business Profile): each (provider, network) pair names at most one kind.
 */
export function kindFor(provider: string, network: string): OauthConnectionKind | null {
  return OAUTH_CONNECTION_KINDS.find((k) => OAUTH_PROVIDER_OF[k] === provider && OAUTH_NETWORK_OF[k] === network) ?? null;
}

/** What the callback found, sealed in `oauth_states.result` until an account is picked (then without tokens). */
interface StoredResult {
  /** The kind the sign-in was started for (sealed at the start): a channel moved to another network since is refused. */
  kind?: OauthConnectionKind;
  error?: string;
  accounts?: FoundAccount[];
  tokenExpiresAt?: string | null;
  /** The rest of the sealed secret (refresh token, access token's end, Meta's user token…): see flows/types.ts. */
  secret?: SignInResult["secret"];
  /** Set when the connection was made or updated. */
  connectionId?: string;
}

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/**
 * Starts a sign-in: checks the provider has a developer app, the channel exists and is of the kind's network, and
 * that it is not connected yet (or, to sign in again, that the connection is this channel's); stores a random
 * `state` (hashed) bound to this member's session and workspace, and a PKCE verifier (sealed) where the provider
 * takes one; answers the consent screen's address (through the simulator when NETWORK_SIMULATOR_URL is set).
 */
export async function startOauth(deps: Deps, ctx: ServiceContext, m: Membership, user: UserRow, sessionToken: string, body: { kind: OauthConnectionKind; channelId: string; connectionId?: string | undefined }): Promise<string> {
  const provider = OAUTH_PROVIDER_OF[body.kind];
  const flow = FLOWS[provider];
  const app = await appCredentials(deps, provider, ctx.db);
  if (!app) throw badRequest("validation.failed", {}, [{ field: "kind", key: "connection.oauth_not_configured" }]);
  const channel = (await channelsOf(ctx.db, m.workspaceId)).get(body.channelId);
  if (!channel) throw badRequest("validation.failed", {}, [{ field: "channelId", key: "post.unknown_channel" }]);
  if (channel.network !== OAUTH_NETWORK_OF[body.kind]) throw badRequest("validation.failed", {}, [{ field: "channelId", key: "connection.oauth_wrong_network", params: { network: OAUTH_NETWORK_OF[body.kind] } }]);
  if (body.connectionId) {
    const existing = await findConnection(ctx.db, m.workspaceId, body.connectionId);
    if (!existing) throw new AppError(404, "connection.not_found");
    if (existing.channel_id !== body.channelId || existing.kind !== body.kind) throw badRequest("validation.failed", {}, [{ field: "connectionId", key: "connection.oauth_other_connection" }]);
  } else if (await connectionOfChannel(ctx.db, m.workspaceId, body.channelId)) {
    throw conflict("connection.exists");
  }
  const state = randomToken();
  const verifier = PROVIDERS[provider].pkce ? randomToken(48) : null;
  await insertOauthState(ctx.db, {
    id: newId(),
    state_hash: hashToken(state),
    provider,
    user_id: user.id,
    session_hash: hashToken(sessionToken),
    workspace_id: m.workspaceId,
    channel_id: body.channelId,
    connection_id: body.connectionId ?? null,
    code_verifier: verifier ? deps.secrets.seal(verifier) : null,
    result: deps.secrets.seal(JSON.stringify({ kind: body.kind } satisfies StoredResult)),
    created_at: iso(ctx.now),
    expires_at: iso(addSeconds(ctx.now, STATE_SECONDS)),
    used_at: null,
  });
  const info = PROVIDERS[provider];
  const url = new URL(info.authorizeUrl);
  url.searchParams.set(info.clientIdParam, app.clientId);
  url.searchParams.set("redirect_uri", redirectUrl(deps.config.appUrl, provider));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", scopesOf(body.kind).join(info.scopeSeparator));
  url.searchParams.set("state", state);
  if (verifier) {
    url.searchParams.set("code_challenge", s256(verifier));
    url.searchParams.set("code_challenge_method", "S256");
  }
  flow.authorizeParams?.(url, body.kind, deps.config);
  return networkUrl(url.toString(), deps.config.networkSimulatorUrl);
}

export interface CallbackInput {
  provider: OauthProvider;
  query: { code?: string | undefined; state?: string | undefined; error?: string | undefined };
  user: UserRow | null;
  sessionToken: string | undefined;
}

const errorPage = (key: string) => `/connect-error?code=${encodeURIComponent(key)}`;

/**
 * The network sends the member's browser back here. Only the session that started the sign-in may finish it (the
 * state names its user and session); a state is used once, and not after ten minutes. The code is exchanged for a
 * long-lived token and the accounts it may publish to are stored sealed; with one account, the connection is made
 * at once. Answers where the browser goes next: the workspace's connect screen, or an error page when the state
 * says nothing we may show.
 */
export async function oauthCallback(deps: Deps, log: FastifyBaseLogger, input: CallbackInput): Promise<string> {
  const now = deps.clock();
  const row = input.query.state ? await findStateByHash(deps.db, hashToken(input.query.state)) : undefined;
  if (!row || row.provider !== input.provider) return errorPage("connection.oauth_state_unknown");
  if (!input.user || input.user.id !== row.user_id || !input.sessionToken || hashToken(input.sessionToken) !== row.session_hash) {
    log.warn({ event: "oauth.callback_other_session", provider: row.provider, signedIn: !!input.user }, "a sign-in came back in another session than the one that started it; refused");
    return errorPage("connection.oauth_other_session");
  }
  const pending = `/w/${row.workspace_id}/connect/${row.id}`;
  if (!(await claimState(deps.db, row.id, iso(now)))) {
    if (row.used_at !== null || row.expires_at > iso(now)) return errorPage("connection.oauth_state_used");
    // Expired: used up as it is (a second answer finds it used), and the member is told on the connect screen.
    await updateState(deps.db, row.id, { used_at: iso(now), result: deps.secrets.seal(JSON.stringify({ error: "connection.oauth_expired" } satisfies StoredResult)) });
    return pending;
  }
  // Still allowed to connect accounts here: a member made a viewer, or removed, since the sign-in began is not.
  const membership = await findMembership(deps.db, row.workspace_id, row.user_id);
  if (!membership || !roleAtLeast(roleSchema.parse(membership.role), "admin") || (membership.require_two_factor && !input.user.totp_secret)) {
    log.warn({ event: "oauth.callback_not_allowed", provider: row.provider }, "a sign-in came back for a member who may no longer connect accounts; refused");
    await updateState(deps.db, row.id, { result: deps.secrets.seal(JSON.stringify({ error: "connection.oauth_not_allowed" } satisfies StoredResult)) });
    return errorPage("connection.oauth_not_allowed");
  }
  if (input.query.error || !input.query.code) {
    await finish(deps, row, { error: input.query.error ? "connection.oauth_denied" : "connection.oauth_exchange_failed" }, now);
    return pending;
  }
  const channel = (await channelsOf(deps.db, row.workspace_id)).get(row.channel_id);
  const started = readResult(deps, row).kind;
  const current = channel ? kindFor(row.provider, channel.network) : null;
  // The channel was moved to another network of this sign-in (Facebook Page → Instagram, YouTube → Business Profile).
  const moved = !!current && !!started && current !== started;
  const kind = moved ? null : current;
  const flow = FLOWS[input.provider];
  const app = await appCredentials(deps, input.provider);
  if (!kind || !app) {
    await finish(deps, row, { error: kind ? "connection.oauth_not_configured" : moved ? "connection.oauth_channel_moved" : "connection.oauth_channel_gone" }, now);
    return pending;
  }
  let result: StoredResult;
  try {
    const found = await flow.completeSignIn({ fetch: deps.outbound.fetch, simulator: deps.config.networkSimulatorUrl }, kind, app, {
      code: input.query.code,
      redirectUri: redirectUrl(deps.config.appUrl, input.provider),
      codeVerifier: row.code_verifier ? deps.secrets.open(row.code_verifier) : null,
      now,
    });
    result = found.accounts.length ? { ...found, kind } : { error: NO_ACCOUNTS[kind] ?? "connection.oauth_no_accounts" };
  } catch (err) {
    const e = err instanceof PublishError ? err : null;
    log.warn({ event: "oauth.exchange_failed", provider: input.provider, code: e?.code, err: e?.message ?? String(err), remote: e?.detail.body }, "a sign-in with a network did not complete");
    // A flow's own "connection.…" refusal (a Google sign-in with a permission unticked, no YouTube channel) says what to do.
    result = { error: e?.kind === "retry" ? "connection.oauth_network_busy" : e?.kind === "rejected" && e.code.startsWith("connection.") ? e.code : "connection.oauth_exchange_failed" };
  }
  if (result.accounts?.length === 1) {
    const account = result.accounts[0]!;
    try {
      const connectionId = await deps.db.transaction().execute((trx) => connect({ db: trx, now, log }, deps, row, kind, account, result));
      result = { ...withoutTokens(result), connectionId };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      result = { error: err.fields[0]?.key ?? err.key };
    }
  }
  await finish(deps, row, result, now);
  return pending;
}

/** What the member is told when a sign-in found nothing to connect (a network's own words where it has a reason). */
const NO_ACCOUNTS: Partial<Record<OauthConnectionKind, string>> = {
  facebook: "connection.oauth_no_pages",
  instagram_facebook: "connection.oauth_no_instagram",
  instagram: "connection.oauth_no_instagram",
};

const withoutTokens = (r: StoredResult): StoredResult => ({ accounts: (r.accounts ?? []).map((a) => ({ ...a, accessToken: "" })), tokenExpiresAt: r.tokenExpiresAt ?? null });

/** Stores what the callback found (sealed); the member has ten minutes from now to pick an account. */
async function finish(deps: Pick<Deps, "db" | "secrets">, row: OauthStatesTable, result: StoredResult, now: Date): Promise<void> {
  await updateState(deps.db, row.id, { result: deps.secrets.seal(JSON.stringify(result)), expires_at: iso(addSeconds(now, STATE_SECONDS)), ...(result.connectionId ? { connection_id: result.connectionId } : {}) });
}

function readResult(deps: Pick<Deps, "secrets">, row: OauthStatesTable): StoredResult {
  return row.result ? (JSON.parse(deps.secrets.open(row.result)) as StoredResult) : {};
}

/**
 * Makes the connection for the account picked (its token sealed), or, signing in again, puts the new token on the
 * existing connection and resumes it. A connection keeps its account: signing in again as another account is refused.
 */
async function connect(ctx: ServiceContext, deps: Pick<Deps, "secrets">, row: OauthStatesTable, kind: OauthConnectionKind, account: FoundAccount, result: StoredResult): Promise<string> {
  const provider = OAUTH_PROVIDER_OF[kind];
  const config = {
    provider,
    accountId: account.id,
    username: account.username,
    name: account.name,
    ...(account.pictureUrl ? { pictureUrl: account.pictureUrl } : {}),
    ...(kind === "instagram_facebook" && account.pageId ? { pageId: account.pageId } : {}),
    ...account.extra,
  };
  const secret: StoredSecret = { ...result.secret, accessToken: account.accessToken };
  const fields = {
    label: account.username ? `@${account.username}` : account.name,
    config: JSON.stringify(config),
    secret: deps.secrets.seal(JSON.stringify(secret)),
    status: "active",
    status_reason: null,
    token_expires_at: result.tokenExpiresAt ?? null,
    expiry_warned_at: null,
    remote_account_id: account.id,
    updated_at: iso(ctx.now),
  };
  if (row.connection_id) {
    const existing = await findConnection(ctx.db, row.workspace_id, row.connection_id);
    if (!existing) throw new AppError(404, "connection.not_found");
    if (existing.remote_account_id && existing.remote_account_id !== account.id) throw badRequest("validation.failed", {}, [{ field: "accountId", key: "connection.oauth_other_account", params: { account: existing.label } }]);
    await updateConnection(ctx.db, existing.id, fields);
    return existing.id;
  }
  if (await connectionOfChannel(ctx.db, row.workspace_id, row.channel_id)) throw conflict("connection.exists");
  const id = newId();
  try {
    await insertConnection(ctx.db, { id, workspace_id: row.workspace_id, channel_id: row.channel_id, kind, ...fields, hold_until: null, quota: null, numbers_synced_at: null, created_at: iso(ctx.now) });
  } catch (err) {
    // Two sign-ins for one channel finishing at once: the unique (workspace, channel) index lets one through.
    if (isUniqueViolation(err)) throw conflict("connection.exists");
    throw err;
  }
  return id;
}

/** PostgreSQL's unique_violation (23505) or SQLite's UNIQUE constraint failure. */
const isUniqueViolation = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
};

/** The member's own sign-in in this workspace, as the connect screen shows it (never a token). */
export async function getPending(ctx: ServiceContext, deps: Pick<Deps, "secrets">, m: Membership, user: UserRow, id: string) {
  const row = await findMemberState(ctx.db, m.workspaceId, user.id, id);
  if (!row) throw new AppError(404, "connection.oauth_pending_not_found");
  const channel = (await channelsOf(ctx.db, m.workspaceId)).get(row.channel_id);
  const kind = channel ? kindFor(row.provider, channel.network) : null;
  if (!kind) throw new AppError(404, "connection.oauth_pending_not_found");
  const result = readResult(deps, row);
  return {
    id: row.id,
    kind,
    channelId: row.channel_id,
    accounts: (result.accounts ?? []).map((a) => ({ id: a.id, name: a.name, username: a.username, pictureUrl: a.pictureUrl })),
    connectionId: result.connectionId ?? null,
    error: result.error ?? null,
    expiresAt: row.expires_at,
  };
}

/** The member picks one of the accounts the sign-in found: the connection is made (or updated, signing in again). */
export async function pickAccount(ctx: ServiceContext, deps: Pick<Deps, "secrets">, m: Membership, user: UserRow, id: string, accountId: string): Promise<string> {
  const row = await findMemberState(ctx.db, m.workspaceId, user.id, id);
  if (!row) throw new AppError(404, "connection.oauth_pending_not_found");
  const result = readResult(deps, row);
  if (result.connectionId) throw conflict("connection.oauth_already_connected");
  if (!result.accounts?.length || result.error) throw conflict("connection.oauth_nothing_to_pick");
  if (row.expires_at <= iso(ctx.now)) throw conflict("connection.oauth_expired");
  const account = result.accounts.find((a) => a.id === accountId);
  if (!account) throw badRequest("validation.failed", {}, [{ field: "accountId", key: "connection.oauth_unknown_account" }]);
  const channel = (await channelsOf(ctx.db, m.workspaceId)).get(row.channel_id);
  const kind = channel ? kindFor(row.provider, channel.network) : null;
  if (!kind) throw conflict("connection.oauth_channel_gone");
  if (result.kind && result.kind !== kind) throw conflict("connection.oauth_channel_moved");
  const connectionId = await connect(ctx, deps, row, kind, account, result);
  await updateState(ctx.db, row.id, { result: deps.secrets.seal(JSON.stringify({ ...withoutTokens(result), connectionId })), connection_id: connectionId });
  return connectionId;
}

import { OAUTH_NETWORK_OF, OAUTH_PROVIDER_OF, type OauthConnectionKind } from "@socialplan/schema";
import type { StoredSecret } from "../../src/features/oauth/flows/types.ts";
import { iso } from "../../src/lib/clock.ts";
import { newId } from "../../src/lib/ids.ts";
import { buildWorkspace, type TestUser } from "./factories.ts";
import { addChannel } from "./posts.ts";
import type { TestApp } from "./test-app.ts";

/**
 * A channel connected the way the sign-in stores it (oauth-flow.service.ts `connect`): the row with its config, its
 * sealed secret and its remote account id, in a new workspace (or `workspace` given). For tests that start from a
 * connected account rather than driving the consent page each time.
 */
export async function insertOauthConnection(
  t: TestApp,
  kind: OauthConnectionKind,
  account: { id: string; label: string; username?: string | null; extra?: Record<string, string> },
  secret: StoredSecret,
  opts: { tokenExpiresAt?: string | null; workspace?: { owner: TestUser; workspace: { id: string } } } = {},
) {
  const built = opts.workspace ?? (await buildWorkspace(t.app));
  const channelId = await addChannel(built.owner, built.workspace.id, OAUTH_NETWORK_OF[kind]);
  const connectionId = newId();
  const now = iso(t.clock.now());
  await t.deps.db
    .insertInto("connections")
    .values({
      id: connectionId,
      workspace_id: built.workspace.id,
      channel_id: channelId,
      kind,
      label: account.label,
      config: JSON.stringify({ provider: OAUTH_PROVIDER_OF[kind], accountId: account.id, username: account.username ?? null, name: account.label, ...account.extra }),
      secret: t.deps.secrets.seal(JSON.stringify(secret)),
      status: "active",
      status_reason: null,
      token_expires_at: opts.tokenExpiresAt ?? null,
      expiry_warned_at: null,
      hold_until: null,
      quota: null,
      remote_account_id: account.id,
      numbers_synced_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { ...built, channelId, connectionId };
}

/** The connection's stored secret, opened (what the next send will use). */
export async function storedSecret(t: TestApp, connectionId: string): Promise<StoredSecret> {
  const row = await t.deps.db.selectFrom("connections").select("secret").where("id", "=", connectionId).executeTakeFirstOrThrow();
  return JSON.parse(t.deps.secrets.open(row.secret)) as StoredSecret;
}

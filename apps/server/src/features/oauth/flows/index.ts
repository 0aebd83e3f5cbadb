import { OAUTH_PROVIDER_OF, type OauthConnectionKind, type OauthProvider } from "@socialplan/schema";
import { googleFlow } from "./google.ts";
import { linkedinFlow } from "./linkedin.ts";
import { instagramFlow, metaFlow, threadsFlow } from "./meta.ts";
import { pinterestFlow } from "./pinterest.ts";
import { tiktokFlow } from "./tiktok.ts";
import type { ProviderFlow } from "./types.ts";
import { xFlow } from "./x.ts";

/** Each provider's sign-in and account calls (flows/types.ts): every provider of OAUTH_PROVIDERS has one. */
export const FLOWS: Record<OauthProvider, ProviderFlow> = {
  meta: metaFlow,
  instagram: instagramFlow,
  threads: threadsFlow,
  linkedin: linkedinFlow,
  x: xFlow,
  google: googleFlow,
  tiktok: tiktokFlow,
  pinterest: pinterestFlow,
};

/** The flow of a connection kind. */
export const flowOf = (kind: OauthConnectionKind): ProviderFlow => FLOWS[OAUTH_PROVIDER_OF[kind]];

export type { FlowCall, FlowConnection, ProviderFlow, StoredSecret } from "./types.ts";

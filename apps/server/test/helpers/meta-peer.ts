/**
 * The Meta contract simulator (test-peers/meta/) for server tests: Facebook Graph API with Facebook Login,
 * Instagram API with Instagram Login, Threads API, built from Meta's documentation (each rule cites its page in
 * test-peers/meta/*.mjs). It runs in-process on 127.0.0.1; point the app at it with
 * `NETWORK_SIMULATOR_URL=sim.url` (every Meta URL becomes `<sim.url>/<host>/<path>`).
 *
 * ```ts
 * const sim = await startMetaSimulator();
 * const app = sim.createApp({ provider: "instagram", redirectUris: [callbackUrl] });
 * const ig = sim.createInstagramUser({ username: "cafe_seoul" });
 * const redirect = sim.approve(authorizeUrl, { userId: ig.id }); // what the "Allow" button does
 * ...
 * await sim.close();
 * ```
 * The control API (faults, clock, inspection) is documented in test-peers/meta/index.d.mts and README.md.
 */
export {
  createMetaSimulator,
  graphTime,
  mediaNumbers,
  MetaSimulator,
  startMetaSimulator,
} from "../../../../test-peers/meta/index.mjs";
export type {
  App,
  Code,
  CreateFacebookUser,
  CreateInstagramUser,
  CreateThreadsUser,
  Ctx,
  FbUser,
  FetchEntry,
  GraphErrorInit,
  IgUser,
  Media,
  Page,
  Provider,
  RequestEntry,
  SimState,
  ThreadsUser,
  Token,
} from "../../../../test-peers/meta/index.mjs";
export type { Container, ContainerError, PublishControl, PublishRecord } from "../../../../test-peers/meta/publish.d.mts";

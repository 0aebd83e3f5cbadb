// @ts-check
/**
 * Sign-in for the three providers, as documented:
 * - Facebook Login, manually built flow: https://developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow
 *   (+ optional PKCE: https://developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token)
 *   and long-lived tokens: https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
 * - Instagram API with Instagram Login (Business Login):
 *   https://developers.facebook.com/documentation/instagram-platform/instagram-api-with-instagram-login/business-login,
 *   https://developers.facebook.com/documentation/instagram-platform/reference/oauth-authorize,
 *   https://developers.facebook.com/documentation/instagram-platform/reference/access_token,
 *   https://developers.facebook.com/documentation/instagram-platform/reference/refresh_access_token
 * - Threads: https://developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions,
 *   https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/
 * Plus the consent page a browser clicks through, and `sim.approve` for server tests.
 */
import crypto from "node:crypto";
import { GraphError } from "./core.mjs";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** @typedef {import("./index.d.mts").Sim} Sim */
/** @typedef {import("./index.d.mts").Provider} Provider */

/**
 * Per-provider rules. Lifetimes:
 * - Facebook short-lived user token: "Default User and Page access tokens are short-lived, expiring in hours"
 *   (get-long-lived page above); chosen: 1 hour. Long-lived: "generally lasts about 60 days" → 60 days.
 * - Instagram: short-lived "expire in one hour", long-lived "expire in 60 days" (reference/access_token).
 * - Threads: "short-lived and are valid for one hour", long-lived "valid for 60 days" (long-lived-tokens).
 * Code lifetimes:
 * - Instagram: the authorization code is "valid for 1 hour and can only be used once" (Business Login page, step 2;
 *   the page itself was read only in excerpts here — the wording is as client code quoting it has it).
 * - Facebook: single use (manual-flow, "Exchanging Code for an Access Token"); lifetime not documented there;
 *   chosen: 10 minutes, the maximum RFC 6749 §4.1.2 recommends.
 * - Threads: not documented; chosen: as Instagram (1 hour, single use).
 */
const RULES = {
  meta: { codeTtl: 10 * MINUTE, shortTtl: HOUR, longTtl: 60 * DAY, requiredScope: null, scopeRequired: false },
  instagram: { codeTtl: HOUR, shortTtl: HOUR, longTtl: 60 * DAY, requiredScope: ["instagram_business_basic", "instagram_basic"], scopeRequired: true },
  threads: { codeTtl: HOUR, shortTtl: HOUR, longTtl: 60 * DAY, requiredScope: ["threads_basic"], scopeRequired: true },
};

/** @param {Sim} sim */
export function register(sim) {
  // ------------------------------------------------------------ authorize (consent page)
  sim.route("GET", "facebookWww", "/dialog/oauth", (ctx) => consentPage(sim, "meta", ctx.args));
  sim.route("POST", "facebookWww", "/dialog/oauth", (ctx) => consentSubmit(sim, "meta", ctx));
  for (const host of ["instagramWww", "instagramApi"]) {
    sim.route("GET", host, "/oauth/authorize", (ctx) => consentPage(sim, "instagram", ctx.args));
    sim.route("POST", host, "/oauth/authorize", (ctx) => consentSubmit(sim, "instagram", ctx));
  }
  sim.route("GET", "threadsWww", "/oauth/authorize", (ctx) => consentPage(sim, "threads", ctx.args));
  sim.route("POST", "threadsWww", "/oauth/authorize", (ctx) => consentSubmit(sim, "threads", ctx));

  // ------------------------------------------------------------ Facebook token endpoint
  // GET is what the manual-flow page shows; POST accepted too (Graph takes parameters in either).
  for (const method of ["GET", "POST"]) {
    sim.route(method, "facebook", "/oauth/access_token", (ctx) => facebookToken(sim, ctx.args));
  }

  // ------------------------------------------------------------ Instagram
  // POST https://api.instagram.com/oauth/access_token, form fields (Business Login, step 2).
  sim.route("POST", "instagramApi", "/oauth/access_token", (ctx) => instagramCodeExchange(sim, ctx.args));
  // GET https://graph.instagram.com/access_token?grant_type=ig_exchange_token (reference/access_token).
  sim.route("GET", "instagram", "/access_token", (ctx) => exchangeLongLived(sim, "instagram", ctx));
  // GET https://graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token (reference/refresh_access_token).
  sim.route("GET", "instagram", "/refresh_access_token", (ctx) => refreshLongLived(sim, "instagram", ctx));

  // ------------------------------------------------------------ Threads
  // POST https://graph.threads.net/oauth/access_token (get-access-tokens-and-permissions, step 2).
  sim.route("POST", "threads", "/oauth/access_token", (ctx) => threadsToken(sim, ctx.args));
  // client_credentials is also a GET (https://developers.facebook.com/documentation/threads/get-started/app-access-tokens).
  sim.route("GET", "threads", "/oauth/access_token", (ctx) => threadsToken(sim, ctx.args));
  sim.route("GET", "threads", "/access_token", (ctx) => exchangeLongLived(sim, "threads", ctx));
  sim.route("GET", "threads", "/refresh_access_token", (ctx) => refreshLongLived(sim, "threads", ctx));
}

// ============================================================== authorize

/**
 * Validates an authorization request. Errors in client_id / redirect_uri are shown to the person, never redirected
 * (RFC 6749 §4.1.2.1: the server "MUST NOT automatically redirect the user-agent to the invalid redirection URI").
 * @param {Sim} sim @param {Provider} provider @param {Record<string, string | undefined>} args
 * @returns {{ app: import("./index.d.mts").App, redirectUri: string, scopes: string[], state: string | undefined, challenge?: { value: string, method: string } } | { error: string, redirect?: string }}
 */
function authorizeRequest(sim, provider, args) {
  const rules = RULES[provider];
  const app = args.client_id ? sim.state.apps.get(args.client_id) : undefined;
  if (!app || app.provider !== provider) return { error: `Invalid App ID: ${args.client_id ? `"${args.client_id}" is not a ${providerName(provider)} app` : "client_id is missing"}.` };
  const redirectUri = args.redirect_uri ?? "";
  // redirect_uri must exactly match one of the app's valid OAuth redirect URIs: Instagram "Make sure this exactly
  // matches one of the base URIs in your list of valid oAuth URIs" (reference/oauth-authorize); Threads the same
  // sentence (get-access-tokens-and-permissions); Facebook: "URL Blocked … the redirect URI is not whitelisted in the
  // app's Client OAuth Settings" with Strict Mode (manual-flow, "Invoking the Login Dialog and Setting the Redirect URL").
  if (!app.redirectUris.includes(redirectUri)) {
    return { error: `URL Blocked: This redirect failed because the redirect URI "${redirectUri}" is not whitelisted in the app's Client OAuth Settings. Make sure that the redirect URI exactly matches one of the valid OAuth redirect URIs.` };
  }
  // response_type: required and "code" for Instagram and Threads (their authorize pages); optional for Facebook,
  // where "code" is the default (manual-flow, response_type).
  const responseType = args.response_type ?? (provider === "meta" ? "code" : undefined);
  if (responseType !== "code") return { error: `response_type must be "code" (got ${responseType === undefined ? "nothing" : `"${responseType}"`}).` };
  // scope: "A comma-separated list, or URL-encoded space-separated list" (Instagram, Threads authorize pages;
  // Facebook manual-flow "A comma or space separated list of Permissions").
  const scopes = (args.scope ?? "").split(/[,\s]+/).filter(Boolean);
  if (rules.scopeRequired && scopes.length === 0) return { error: "scope is required." };
  // Instagram: "instagram_basic or instagram_business_basic is required" (reference/oauth-authorize); Threads:
  // "threads_basic — Required for all Threads endpoints" (get-started).
  if (rules.requiredScope && !rules.requiredScope.some((s) => scopes.includes(s))) {
    return { error: `scope must include ${rules.requiredScope.join(" or ")}.` };
  }
  /** @type {{ value: string, method: string } | undefined} */
  let challenge;
  if (provider === "meta" && args.code_challenge) {
    // PKCE, Facebook only: code_challenge with code_challenge_method S256 or plain
    // (https://developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token). Instagram and Threads
    // document no PKCE; their code_challenge is ignored (not documented; chosen: ignore unknown parameters).
    const method = args.code_challenge_method ?? "plain";
    if (method !== "S256" && method !== "plain") return { error: `code_challenge_method must be S256 or plain.` };
    challenge = { value: args.code_challenge, method };
  }
  return { app, redirectUri, scopes, state: args.state, challenge };
}

/** @param {Provider} p */
function providerName(p) {
  return p === "meta" ? "Facebook" : p === "instagram" ? "Instagram" : "Threads";
}

/** @param {string} s */
function esc(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** The provider's accounts a person can sign in as. @param {Sim} sim @param {Provider} provider */
function signInAccounts(sim, provider) {
  if (provider === "meta") return [...sim.state.fbUsers.values()].map((u) => ({ id: u.id, label: `${u.name} (${u.pageIds.length} Page${u.pageIds.length === 1 ? "" : "s"})` }));
  if (provider === "instagram") return [...sim.state.igUsers.values()].map((u) => ({ id: u.id, label: `@${u.username}` }));
  return [...sim.state.threadsUsers.values()].map((u) => ({ id: u.id, label: `@${u.username}` }));
}

/** @param {string} message */
function errorPage(message) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Error</title></head><body><h1>Sorry, something went wrong.</h1><p id="error">${esc(message)}</p></body></html>`;
}

/**
 * GET authorize: the consent page (a form), or an error page.
 * @param {Sim} sim @param {Provider} provider @param {Record<string, string | undefined>} args
 */
function consentPage(sim, provider, args) {
  const r = authorizeRequest(sim, provider, args);
  if ("error" in r) return sim.reply(400, errorPage(r.error));
  const accounts = signInAccounts(sim, provider);
  const query = new URLSearchParams(/** @type {Record<string, string>} */ (Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)))).toString();
  const users = accounts.length
    ? accounts.map((a, i) => `<label><input type="radio" name="user" value="${esc(a.id)}"${i === 0 ? " checked" : ""}> ${esc(a.label)}</label><br>`).join("\n")
    : `<p>No ${providerName(provider)} account exists in the simulator yet.</p>`;
  const scopes = r.scopes.map((s) => `<label><input type="checkbox" name="scope" value="${esc(s)}" checked> ${esc(s)}</label><br>`).join("\n");
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${providerName(provider)} — simulator sign-in</title></head>
<body>
<h1>${esc(r.app.name)} wants to connect to your ${providerName(provider)} account</h1>
<p>Meta simulator (test only): choose the account and the permissions to grant.</p>
<form method="post">
<input type="hidden" name="q" value="${esc(query)}">
<fieldset><legend>Account</legend>
${users}
</fieldset>
<fieldset><legend>Permissions</legend>
${scopes}
</fieldset>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form>
</body></html>`;
  return sim.reply(200, html);
}

/**
 * POST authorize (the form): redirect with code + state, or the documented error parameters.
 * @param {Sim} sim @param {Provider} provider @param {import("./index.d.mts").Ctx} ctx
 */
function consentSubmit(sim, provider, ctx) {
  const form = ctx.body;
  const args = Object.fromEntries(new URLSearchParams(form.q ?? ""));
  const scopes = ctx.form.getAll("scope");
  const location = decide(sim, provider, args, { userId: form.user, deny: form.decision !== "allow", scopes });
  if ("error" in location) return sim.reply(400, errorPage(location.error));
  return sim.reply(302, `Redirecting to ${location.url}`, { location: location.url, "content-type": "text/plain" });
}

/**
 * The outcome of a consent: the redirect URL.
 * @param {Sim} sim @param {Provider} provider @param {Record<string, string | undefined>} args
 * @param {{ userId?: string, deny?: boolean, scopes?: string[] }} opts
 * @returns {{ url: string } | { error: string }}
 */
export function decide(sim, provider, args, opts) {
  const r = authorizeRequest(sim, provider, args);
  if ("error" in r) return { error: r.error };
  const target = new URL(r.redirectUri);
  if (opts.deny) {
    // Denied: Facebook redirects with error_reason=user_denied&error=access_denied&error_description=Permissions+error
    // (manual-flow, "Canceled Login"); Instagram and Threads: "error=access_denied&error_reason=user_denied&
    // error_description=The+user+denied+your+request" (Basic Display / Threads authorization window "Canceled
    // Authorization" sections).
    target.searchParams.set("error", "access_denied");
    target.searchParams.set("error_reason", "user_denied");
    target.searchParams.set("error_description", provider === "meta" ? "Permissions error" : "The user denied your request.");
    if (r.state !== undefined) target.searchParams.set("state", r.state);
    return { url: target.toString() };
  }
  const userId = opts.userId;
  const known = provider === "meta" ? sim.state.fbUsers.has(userId ?? "") : provider === "instagram" ? sim.state.igUsers.has(userId ?? "") : sim.state.threadsUsers.has(userId ?? "");
  if (!userId || !known) return { error: `No ${providerName(provider)} account "${userId ?? ""}" in the simulator.` };
  // The person may untick permissions ("granular" consent); what they grant is what the app gets.
  const granted = (opts.scopes ?? r.scopes).filter((s) => r.scopes.includes(s));
  if (provider === "meta" && !granted.includes("public_profile")) granted.push("public_profile");
  const key = sim.grantKey(r.app.id, userId);
  const set = sim.state.grants.get(key) ?? new Set();
  for (const s of granted) set.add(s);
  sim.state.grants.set(key, set);
  const code = crypto.randomBytes(24).toString("base64url");
  sim.state.codes.set(code, {
    code,
    provider,
    appId: r.app.id,
    userId,
    redirectUri: r.redirectUri,
    scopes: granted,
    createdAt: sim.clock.now(),
    expiresAt: sim.clock.now() + RULES[provider].codeTtl,
    used: false,
    challenge: r.challenge,
  });
  target.searchParams.set("code", code);
  if (r.state !== undefined) target.searchParams.set("state", r.state);
  let url = target.toString();
  // Instagram appends "#_" to the redirect ("Note that we append #_ to the end of the redirect URI, but it is not part
  // of the code itself", reference/oauth-authorize). Threads: not documented; chosen: the same.
  if (provider !== "meta") url += "#_";
  return { url };
}

// ============================================================== code exchange

/**
 * Checks a code for an exchange. Errors (code 100 + subcodes) are Graph's answers, not listed in the docs beyond
 * "single use" and the redirect_uri rule: manual-flow "redirect_uri … This argument is required and must be the
 * same as the original request_uri that you used when starting the OAuth login process". Subcodes 36007 (expired),
 * 36008 (redirect mismatch), 36009 (used): not documented; chosen: Graph's.
 * @param {Sim} sim @param {Provider} provider @param {Record<string, string | undefined>} args
 */
function takeCode(sim, provider, args) {
  for (const name of ["client_id", "client_secret", "redirect_uri", "code"]) {
    if (!args[name]) throw new GraphError({ code: 100, type: "OAuthException", message: `Missing ${name} parameter.` });
  }
  const app = sim.state.apps.get(args.client_id ?? "");
  if (!app || app.provider !== provider) throw new GraphError({ code: 101, type: "OAuthException", message: "Error validating application. Invalid application ID." });
  if (app.secret !== args.client_secret) throw new GraphError({ code: 1, type: "OAuthException", message: "Error validating client secret." });
  const code = sim.state.codes.get(args.code ?? "");
  if (!code || code.appId !== app.id || code.provider !== provider) throw new GraphError({ code: 100, type: "OAuthException", message: "Invalid verification code format." });
  if (code.used) throw new GraphError({ code: 100, subcode: 36009, type: "OAuthException", message: "This authorization code has been used." });
  if (sim.clock.now() >= code.expiresAt) throw new GraphError({ code: 100, subcode: 36007, type: "OAuthException", message: "This authorization code has expired." });
  if (code.redirectUri !== args.redirect_uri) {
    throw new GraphError({ code: 100, subcode: 36008, type: "OAuthException", message: "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request" });
  }
  if (code.challenge) {
    // PKCE (oidc-token page): the verifier must hash to the challenge (RFC 7636 §4.6). Error wording not documented;
    // chosen: code 100.
    const v = args.code_verifier;
    const ok = v && (code.challenge.method === "S256" ? crypto.createHash("sha256").update(v).digest("base64url") === code.challenge.value : v === code.challenge.value);
    if (!ok) throw new GraphError({ code: 100, type: "OAuthException", message: "Invalid code_verifier: it does not match the code_challenge of the login dialog." });
  }
  code.used = true;
  return { app, code };
}

/** @param {Sim} sim @param {Record<string, string | undefined>} args */
function facebookToken(sim, args) {
  const grant = args.grant_type ?? "authorization_code";
  if (grant === "authorization_code") {
    const { app, code } = takeCode(sim, "meta", args);
    const t = sim.issue({ provider: "meta", kind: "user", appId: app.id, userId: code.userId, longLived: false, lifetimeMs: RULES.meta.shortTtl });
    // Response {access_token, token_type, expires_in} (manual-flow, "Exchanging Code for an Access Token").
    return { access_token: t.value, token_type: "bearer", expires_in: Math.round(RULES.meta.shortTtl / 1000) };
  }
  if (grant === "fb_exchange_token") {
    // get-long-lived: grant_type=fb_exchange_token, client_id, client_secret, fb_exchange_token; "You can not use an
    // expired token to request a long-lived token".
    for (const name of ["client_id", "client_secret", "fb_exchange_token"]) {
      if (!args[name]) throw new GraphError({ code: 100, type: "OAuthException", message: `Missing ${name} parameter.` });
    }
    const app = sim.state.apps.get(args.client_id ?? "");
    if (!app || app.provider !== "meta") throw new GraphError({ code: 101, type: "OAuthException", message: "Error validating application. Invalid application ID." });
    if (app.secret !== args.client_secret) throw new GraphError({ code: 1, type: "OAuthException", message: "Error validating client secret." });
    const input = sim.state.tokens.get(args.fb_exchange_token ?? "");
    if (!input || input.provider !== "meta" || input.appId !== app.id) throw new GraphError({ code: 190, type: "OAuthException", message: "Invalid OAuth access token - Cannot parse access token" });
    sim.checkTokenValid(input);
    if (input.longLived) {
      // Exchanging a token that is already long-lived does not extend it: the docs describe the exchange for
      // short-lived tokens only; what Graph answers for a long-lived one is not documented; chosen: the same token
      // with its remaining lifetime (Facebook has no documented refresh; the person signs in again).
      return { access_token: input.value, token_type: "bearer", ...(input.expiresAt === null ? {} : { expires_in: Math.max(0, Math.round((input.expiresAt - sim.clock.now()) / 1000)) }) };
    }
    const t = sim.issue({ provider: "meta", kind: input.kind, appId: app.id, userId: input.userId, pageId: input.pageId, longLived: true, lifetimeMs: RULES.meta.longTtl });
    return { access_token: t.value, token_type: "bearer", expires_in: Math.round(RULES.meta.longTtl / 1000) };
  }
  if (grant === "client_credentials") {
    // App access token (https://developers.facebook.com/docs/facebook-login/guides/access-tokens#apptokens).
    const app = sim.state.apps.get(args.client_id ?? "");
    if (!app || app.provider !== "meta") throw new GraphError({ code: 101, type: "OAuthException", message: "Error validating application. Invalid application ID." });
    if (app.secret !== args.client_secret) throw new GraphError({ code: 1, type: "OAuthException", message: "Error validating client secret." });
    return { access_token: `${app.id}|${app.secret}`, token_type: "bearer" };
  }
  throw new GraphError({ code: 100, type: "OAuthException", message: `Unsupported grant_type "${grant}".` });
}

/**
 * Instagram: POST api.instagram.com/oauth/access_token. The documented answer is
 * `{ "data": [ { "access_token", "user_id", "permissions" } ] }` (Business Login, step 2), where user_id is "Your app
 * user's Instagram-scoped user ID". Clients in the wild report a flat object too; `sim.options.igTokenShape = "flat"`
 * answers that way so a client can be tested against both.
 * api.instagram.com answers errors as `{ error_type, code, error_message }` (not documented; chosen: that shape,
 * as api.instagram.com answers; HTTP 400).
 * @param {Sim} sim @param {Record<string, string | undefined>} args
 */
function instagramCodeExchange(sim, args) {
  try {
    if (args.grant_type !== "authorization_code") throw new GraphError({ code: 100, type: "OAuthException", message: "Invalid grant_type: must be authorization_code" });
    const { app, code } = takeCode(sim, "instagram", args);
    const t = sim.issue({ provider: "instagram", kind: "user", appId: app.id, userId: code.userId, longLived: false, lifetimeMs: RULES.instagram.shortTtl });
    const user = /** @type {import("./index.d.mts").IgUser} */ (sim.state.igUsers.get(code.userId));
    const body = { access_token: t.value, user_id: user.appScopedId, permissions: code.scopes.join(",") };
    return sim.options.igTokenShape === "flat" ? body : { data: [body] };
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    const message = e.init.subcode === 36009 || e.init.subcode === 36007 || e.message.startsWith("Invalid verification code") ? "Matching code was not found or was already used" : e.message;
    return sim.reply(400, { error_type: "OAuthException", code: 400, error_message: message });
  }
}

/** Threads: POST graph.threads.net/oauth/access_token → {access_token, user_id}. @param {Sim} sim @param {Record<string, string | undefined>} args */
function threadsToken(sim, args) {
  if (args.grant_type === "client_credentials") {
    const app = sim.state.apps.get(args.client_id ?? "");
    if (!app || app.provider !== "threads" || app.secret !== args.client_secret) throw new GraphError({ code: 1, type: "OAuthException", message: "Error validating client secret." });
    // "access_token": "TH|<APP_ID>|<ACCESS_TOKEN>" (threads/get-started/app-access-tokens).
    return { access_token: `TH|${app.id}|${app.secret}`, token_type: "bearer" };
  }
  if (args.grant_type !== "authorization_code") throw new GraphError({ code: 100, type: "OAuthException", message: "grant_type must be authorization_code" });
  const { app, code } = takeCode(sim, "threads", args);
  const t = sim.issue({ provider: "threads", kind: "user", appId: app.id, userId: code.userId, longLived: false, lifetimeMs: RULES.threads.shortTtl });
  return { access_token: t.value, user_id: code.userId };
}

// ============================================================== long-lived tokens

/**
 * ig_exchange_token / th_exchange_token: client_secret + a valid (unexpired) short-lived token → 60 days
 * (reference/access_token: "The valid (unexpired) short-lived Instagram User Access Token"; Threads long-lived-tokens).
 * @param {Sim} sim @param {"instagram" | "threads"} provider @param {import("./index.d.mts").Ctx} ctx
 */
function exchangeLongLived(sim, provider, ctx) {
  const args = ctx.args;
  const grant = provider === "instagram" ? "ig_exchange_token" : "th_exchange_token";
  if (args.grant_type !== grant) throw new GraphError({ code: 100, type: "OAuthException", message: `Invalid parameter: grant_type must be ${grant}` });
  if (!args.client_secret) throw new GraphError({ code: 100, type: "OAuthException", message: "Missing client_secret parameter." });
  const input = sim.requireToken(ctx, {});
  const app = sim.state.apps.get(input.appId);
  if (!app || app.secret !== args.client_secret) throw new GraphError({ code: 1, type: "OAuthException", message: "Error validating client secret." });
  if (input.longLived) {
    // Only short-lived tokens are exchanged (reference/access_token). Answer not documented; chosen: code 100.
    throw new GraphError({ code: 100, type: "OAuthException", message: "Invalid parameter: access_token is already a long-lived token; refresh it with refresh_access_token." });
  }
  const t = sim.issue({ provider, kind: "user", appId: input.appId, userId: input.userId, longLived: true, lifetimeMs: RULES[provider].longTtl });
  return { access_token: t.value, token_type: "bearer", expires_in: Math.round(RULES[provider].longTtl / 1000) };
}

/**
 * ig_refresh_token / th_refresh_token: "Refresh a long-lived access token that is at least 24 hours old but has not
 * expired. Refreshed tokens are valid for 60 days from the date at which they are refreshed."
 * (reference/refresh_access_token; Threads long-lived-tokens, which adds "and the app user has granted your app the
 * threads_basic permission"). An expired token fails as any expired token (190/463). Whether the answer is a new
 * string: not documented; chosen: a new token; the old one stays valid until its own expiry.
 * @param {Sim} sim @param {"instagram" | "threads"} provider @param {import("./index.d.mts").Ctx} ctx
 */
function refreshLongLived(sim, provider, ctx) {
  const grant = provider === "instagram" ? "ig_refresh_token" : "th_refresh_token";
  if (ctx.args.grant_type !== grant) throw new GraphError({ code: 100, type: "OAuthException", message: `Invalid parameter: grant_type must be ${grant}` });
  const basic = provider === "instagram" ? ["instagram_business_basic", "instagram_basic"] : ["threads_basic"];
  const input = sim.requireToken(ctx, { anyScopes: basic });
  if (!input.longLived) throw new GraphError({ code: 100, type: "OAuthException", message: "Invalid parameter: only long-lived tokens can be refreshed." });
  // "at least 24 hours old": not documented which error; chosen: code 100.
  if (sim.clock.now() - input.issuedAt < DAY) {
    throw new GraphError({ code: 100, type: "OAuthException", message: "Invalid parameter: the access token must be at least 24 hours old to be refreshed." });
  }
  const t = sim.issue({ provider, kind: "user", appId: input.appId, userId: input.userId, longLived: true, lifetimeMs: RULES[provider].longTtl });
  return { access_token: t.value, token_type: "bearer", expires_in: Math.round(RULES[provider].longTtl / 1000) };
}

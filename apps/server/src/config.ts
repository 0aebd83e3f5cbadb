import type { S3Config } from "./lib/blob-store.ts";
import type { OauthProvider } from "@socialplan/schema";
import path from "node:path";
import { DEFAULT_ASSET_MAX_BYTES } from "@socialplan/schema";
import { parseAllowList, type AllowList } from "./lib/outbound-address.ts";

export type { S3Config };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… selects PostgreSQL; otherwise the embedded SQLite file under dataDir. */
  databaseUrl: string | undefined;
  /** Public base URL used in emailed links. */
  appUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** 32-byte key (hex or base64) for secrets at rest; generated into dataDir when unset. */
  secretKey: string | undefined;
  /** Set the Secure flag on cookies: "auto" follows the request protocol (X-Forwarded-Proto behind a proxy). */
  cookieSecure: "auto" | boolean;
  trustProxy: boolean;
  bodyLimit: number;
  logLevel: string;
  /** LOG_REQUESTS: which requests leave a log line — "slow" (default: failed and slow ones), "errors", "all", "off". */
  logRequests: "all" | "slow" | "errors" | "off";
  /** LOG_SLOW_MS: with LOG_REQUESTS=slow, a request answered after more than this many milliseconds is logged (500). */
  logSlowMs: number;
  webDist: string | undefined;
  /** Serve the web app's source maps (*.map): they are built into the web dist, but not served unless this is on. */
  serveSourceMaps: boolean;
  /** The largest file the asset library takes, in bytes. */
  assetMaxBytes: number;
  /** S3-compatible object storage for the asset library; files go under dataDir/files when unset. */
  s3: S3Config | undefined;
  /** "embedded": the server process publishes due posts; "off": separate `npm run worker` processes do. */
  publisher: "embedded" | "off";
  /** How long a publishing worker's claim holds before another worker may take the delivery back (ms). */
  publishLeaseMs: number;
  /** How often a publisher looks for due work on its own (ms): 1 s on SQLite; 10 s on PostgreSQL, where pg-boss wakes it on time. */
  publishPollMs: number;
  /**
   * Private addresses that webhooks, WordPress, Mastodon and Bluesky connections may reach (OUTBOUND_ALLOW_PRIVATE):
   * CIDR ranges, or `*` for the local network. Everything else but public addresses is refused.
   */
  outboundAllowPrivate: AllowList;
  /**
   * NETWORK_SIMULATOR_URL: send every request to the networks' APIs and sign-in pages (Meta, Instagram, Threads) to
   * this local contract simulator instead (`<url>/<host>/<path>`). For tests and for trying the simulators; never
   * set in production.
   */
  networkSimulatorUrl: string | undefined;
  /** Developer apps set by environment variables (`OAUTH_ENV`: META_APP_ID/SECRET, LINKEDIN_CLIENT_ID/SECRET…). */
  oauthEnv: Partial<Record<OauthProvider, { clientId: string; clientSecret: string }>>;
  /** TIKTOK_POST_MODE=inbox: the TikTok developer app has no Direct Post, so sign-ins ask only to upload to the creator's inbox. */
  tiktokPostMode: "direct" | "inbox";
  /** METRICS_TOKEN: turns on the Prometheus endpoint (/api/metrics, and a worker's METRICS_PORT), answering only `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** METRICS_PORT: a worker (`npm run worker`) serves /metrics on this port (needs METRICS_TOKEN). */
  metricsPort: number | undefined;
  /** READY_MAX_PUBLISH_LAG_SECONDS: /api/health/ready fails when the oldest due, unclaimed delivery is older than this. */
  readyMaxPublishLagSeconds: number;
}


/** Reads the configuration from the environment; every variable is documented in the README. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const dataDir = path.resolve(env.DATA_DIR ?? "data");
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got "${databaseUrl.split(":")[0]}:")`);
  }
  const secure = (env.COOKIE_SECURE ?? "auto").toLowerCase();
  return {
    port,
    host: env.HOST ?? "0.0.0.0",
    dataDir,
    databaseUrl,
    appUrl: (env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""),
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    mailFrom: env.MAIL_FROM ?? "Socialplan <no-reply@localhost>",
    secretKey: env.SECRET_KEY?.trim() || undefined,
    cookieSecure: secure === "auto" ? "auto" : secure === "true" || secure === "1",
    trustProxy: ["1", "true"].includes((env.TRUST_PROXY ?? "").toLowerCase()),
    bodyLimit: Number(env.BODY_LIMIT ?? 1_048_576),
    logLevel: env.LOG_LEVEL ?? "info",
    logRequests: requestLogMode(env.LOG_REQUESTS),
    logSlowMs: positive("LOG_SLOW_MS", env.LOG_SLOW_MS, 500),
    webDist: env.WEB_DIST,
    serveSourceMaps: ["1", "true"].includes((env.SERVE_SOURCE_MAPS ?? "").toLowerCase()),
    assetMaxBytes: positive("ASSET_MAX_BYTES", env.ASSET_MAX_BYTES, DEFAULT_ASSET_MAX_BYTES),
    s3: loadS3(env),
    publisher: publisherMode(env.PUBLISHER),
    publishLeaseMs: positive("PUBLISH_LEASE_MS", env.PUBLISH_LEASE_MS, 120_000),
    publishPollMs: positive("PUBLISH_POLL_MS", env.PUBLISH_POLL_MS, databaseUrl ? 10_000 : 1000),
    outboundAllowPrivate: parseAllowList(env.OUTBOUND_ALLOW_PRIVATE),
    networkSimulatorUrl: env.NETWORK_SIMULATOR_URL?.trim().replace(/\/+$/, "") || undefined,
    oauthEnv: oauthEnv(env),
    tiktokPostMode: tiktokPostMode(env.TIKTOK_POST_MODE),
    ...metricsSettings(env),
    readyMaxPublishLagSeconds: positive("READY_MAX_PUBLISH_LAG_SECONDS", env.READY_MAX_PUBLISH_LAG_SECONDS, 300),
  };
}

/** METRICS_TOKEN (at least 16 characters, no spaces) and METRICS_PORT (which needs the token). */
function metricsSettings(env: NodeJS.ProcessEnv): Pick<Config, "metricsToken" | "metricsPort"> {
  const token = env.METRICS_TOKEN?.trim() || undefined;
  if (token !== undefined && !/^[\x21-\x7e]{16,512}$/.test(token)) {
    throw new Error("METRICS_TOKEN must be 16 to 512 printable characters without spaces (e.g. the output of `openssl rand -hex 32`)");
  }
  const portText = env.METRICS_PORT?.trim() || undefined;
  if (portText === undefined) return { metricsToken: token, metricsPort: undefined };
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`METRICS_PORT must be a port number from 1 to 65535 (got "${portText}")`);
  if (!token) throw new Error("METRICS_PORT is set: set METRICS_TOKEN too (the figures answer only to that bearer token)");
  return { metricsToken: token, metricsPort: port };
}

function tiktokPostMode(value: string | undefined): Config["tiktokPostMode"] {
  const v = (value ?? "direct").trim().toLowerCase();
  if (v !== "direct" && v !== "inbox") throw new Error(`TIKTOK_POST_MODE must be "direct" or "inbox" (got "${value}")`);
  return v;
}

function requestLogMode(value: string | undefined): Config["logRequests"] {
  const mode = (value?.trim() || "slow").toLowerCase();
  if (mode === "all" || mode === "slow" || mode === "errors" || mode === "off") return mode;
  throw new Error(`LOG_REQUESTS must be all, slow, errors or off (got "${value}")`);
}

function publisherMode(value: string | undefined): Config["publisher"] {
  const v = (value ?? "embedded").trim().toLowerCase();
  if (v !== "embedded" && v !== "off") throw new Error(`PUBLISHER must be "embedded" or "off" (got "${value}")`);
  return v;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a whole number above 0 (got "${value}")`);
  return n;
}

/** S3_BUCKET switches the asset library to object storage; the other S3_* settings then apply. */
function loadS3(env: NodeJS.ProcessEnv): S3Config | undefined {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) return undefined;
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) throw new Error("S3_BUCKET is set: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY too");
  const endpoint = env.S3_ENDPOINT?.trim() || undefined;
  const pathStyle = (env.S3_FORCE_PATH_STYLE ?? (endpoint ? "true" : "false")).toLowerCase();
  return {
    endpoint,
    region: env.S3_REGION?.trim() || "us-east-1",
    bucket,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: pathStyle === "true" || pathStyle === "1",
    prefix: (env.S3_PREFIX ?? "").replace(/^\/+/, ""),
  };
}

/** A provider's developer app from the environment: both variables, or neither (one alone is a mistake said at start). */
/** Each provider's developer app by environment variables: the names each network's console uses for them. */
export const OAUTH_ENV: ReadonlyArray<readonly [OauthProvider, string, string]> = [
  ["meta", "META_APP_ID", "META_APP_SECRET"],
  ["instagram", "INSTAGRAM_APP_ID", "INSTAGRAM_APP_SECRET"],
  ["threads", "THREADS_APP_ID", "THREADS_APP_SECRET"],
  ["linkedin", "LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"],
  ["x", "X_CLIENT_ID", "X_CLIENT_SECRET"],
  ["google", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
  ["tiktok", "TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"],
  ["pinterest", "PINTEREST_APP_ID", "PINTEREST_APP_SECRET"],
];

function oauthEnv(env: NodeJS.ProcessEnv): Config["oauthEnv"] {
  const out: Config["oauthEnv"] = {};
  for (const [provider, idVar, secretVar] of OAUTH_ENV) {
    const clientId = env[idVar]?.trim();
    const clientSecret = env[secretVar]?.trim();
    if (!clientId && !clientSecret) continue;
    if (!clientId || !clientSecret) throw new Error(`${idVar} and ${secretVar} go together: set both, or neither`);
    out[provider] = { clientId, clientSecret };
  }
  return out;
}

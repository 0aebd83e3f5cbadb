import path from "node:path";

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
  webDist: string | undefined;
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
    webDist: env.WEB_DIST,
  };
}

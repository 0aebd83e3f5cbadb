import { createMailer } from "./lib/mailer.ts";
import { randomBytes } from "node:crypto";
import { passwordSchema, translate } from "@socialplan/schema";
import pino from "pino";
import { loadConfig } from "./config.ts";
import { openDatabase, type DB } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { findUserByEmail, updateUser } from "./features/auth/users.repository.ts";
import { setPassword } from "./features/auth/auth.service.ts";
import { checkConnection } from "./features/oauth/connection-check.ts";
import { channelsFromRows } from "./features/posts/posts.service.ts";
import { systemClock } from "./lib/clock.ts";
import { loadSecretKey, SecretBox } from "./lib/crypto.ts";
import { createOutbound } from "./lib/outbound.ts";
import { ARCHIVE_USAGE, archiveCommand } from "./features/archive/archive.cli.ts";
import { backupCommand } from "./admin/backup.ts";

const USAGE = `Socialplan admin commands

  reset-password <email> [new-password]
      Sets a new password for an account and ends all its sessions. Without a password,
      a random one is generated and printed.

  make-admin <email>
      Makes an account an instance admin: it may set the developer apps (client id and
      secret) for signing in with Meta, Instagram and Threads. The first account made is one.

  check-connection <connection id | channel>
      A harmless read at the network with a connection's stored credentials: prints the
      account, when its token runs out and the publishing quota where the network shows it.
      The channel may be given as the connection's label ("@myshop"), the channel's handle
      or its id. Exits with 1 when the check fails.

  backup <file.tar.gz> [--force]
      An online backup, while the server runs: the embedded database (SQLite's backup API), the files under
      DATA_DIR/files and DATA_DIR/secret.key, in one file (mode 0600). On PostgreSQL, or with S3 for the files,
      it says what is not inside and how to back that up (pg_dump). --force replaces an existing file.

  restore <file.tar.gz> [--force]
      Puts a backup back into DATA_DIR; stop the server first. A backup from a newer release is refused; an older
      one is brought up to date. --force restores over existing data, kept aside as *.before-restore-<time>.

${ARCHIVE_USAGE}  All commands use DATA_DIR / DATABASE_URL (and SECRET_KEY) like the server.
`;

type Out = Pick<Console, "log" | "error">;

/** Runs one admin command; returns the process exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Out = console): Promise<number> {
  const [command, arg, given] = argv;
  if (command === "export-workspace" || command === "import-workspace") return archiveCommand(argv, env, out);
  if (command === "backup" || command === "restore") return backupCommand(command, argv.slice(1), env, out);
  if (!arg || !["reset-password", "make-admin", "check-connection"].includes(command ?? "")) {
    out.error(USAGE);
    return 2;
  }
  if (command === "reset-password" && given !== undefined && !passwordSchema.safeParse(given).success) {
    out.error("The password must be 8 to 256 characters long.");
    return 2;
  }
  const config = loadConfig(env);
  const handle = await openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    if (command === "check-connection") return await checkCommand(handle.db, config, arg, out);
    const user = await findUserByEmail(handle.db, arg);
    if (!user) {
      out.error(`No account uses ${arg}.`);
      return 1;
    }
    if (command === "make-admin") {
      await updateUser(handle.db, user.id, { instance_admin: 1 });
      out.log(`${user.email} is now an instance admin: they may set the developer apps under Instance settings.`);
      return 0;
    }
    const password = given ?? randomBytes(12).toString("base64url");
    await setPassword({ db: handle.db, now: new Date(), log: pino({ level: "silent" }) }, user.id, password);
    out.log(given ? `Password changed for ${user.email}. All sessions were ended.` : `New password for ${user.email}: ${password}\nAll sessions were ended.`);
    return 0;
  } finally {
    await handle.destroy();
  }
}

/** Finds the connection (by id, label, or its channel's handle or id) and reads the account with its token. */
async function checkCommand(db: DB, config: ReturnType<typeof loadConfig>, wanted: string, out: Out): Promise<number> {
  const rows = await db.selectFrom("connections").selectAll().execute();
  const channels = channelsFromRows(await db.selectFrom("strategy_entries").select(["id", "data"]).where("kind", "=", "channel").execute());
  const plain = (s: string) => s.trim().replace(/^@/, "").toLowerCase();
  const matches = rows.filter((r) => {
    const ch = channels.get(r.channel_id);
    return r.id === wanted || r.channel_id === wanted || plain(r.label) === plain(wanted) || (!!ch && (plain(ch.handle) === plain(wanted) || ch.name.toLowerCase() === wanted.trim().toLowerCase()));
  });
  if (matches.length === 0) {
    out.error(`No connection matches "${wanted}". Give its id, its label (e.g. @myshop) or its channel's handle.`);
    return 1;
  }
  if (matches.length > 1) {
    out.error(`"${wanted}" matches ${matches.length} connections; give one of their ids:\n${matches.map((r) => `  ${r.id}  ${r.kind}  ${r.label}`).join("\n")}`);
    return 2;
  }
  const row = matches[0]!;
  const outbound = createOutbound({ allow: config.outboundAllowPrivate });
  try {
    // A check may refresh a token that runs out soon (and tell the owners if the network refuses it): as the server would.
    const deps = { db, config, clock: systemClock, secrets: new SecretBox(loadSecretKey(config.secretKey, config.dataDir)), outbound, mailer: createMailer(config.smtpUrl, config.mailFrom) };
    const check = await checkConnection(deps, pino({ level: "silent" }), row);
    out.log(`Connection ${row.id}: ${row.label} (${row.kind}, ${row.status})`);
    if (row.token_expires_at) {
      const days = Math.floor((Date.parse(row.token_expires_at) - Date.now()) / 86_400_000);
      out.log(`Token expires: ${row.token_expires_at} (${days >= 0 ? `in ${days} days` : "expired"})`);
    }
    if (!check.ok) {
      out.error(`FAILED: ${translate("en", check.error ?? "connection.check_failed")}${check.detail ? `\n  ${check.detail}` : ""}`);
      return 1;
    }
    if (check.account) out.log(`Account: ${check.account.username ? `@${check.account.username} — ` : ""}${check.account.name}${check.account.id ? ` (id ${check.account.id})` : ""}`);
    out.log(check.quota ? `Publishing quota: ${check.quota.used} of ${check.quota.limit} used in ${check.quota.windowHours} hours` : "Publishing quota: not shown by this network");
    out.log("OK: the stored credentials work.");
    return 0;
  } finally {
    await outbound.close();
  }
}

if (process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}

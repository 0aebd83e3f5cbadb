import { randomBytes } from "node:crypto";
import { passwordSchema } from "@socialplan/schema";
import pino from "pino";
import { loadConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { findUserByEmail } from "./features/auth/users.repository.ts";
import { setPassword } from "./features/auth/auth.service.ts";

const USAGE = `Socialplan admin commands

  reset-password <email> [new-password]
      Sets a new password for an account and ends all its sessions. Without a password,
      a random one is generated and printed. Uses DATA_DIR / DATABASE_URL like the server.
`;

/** Runs one admin command; returns the process exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out = console): Promise<number> {
  const [command, email, given] = argv;
  if (command !== "reset-password" || !email) {
    out.error(USAGE);
    return 2;
  }
  const password = given ?? randomBytes(12).toString("base64url");
  if (!passwordSchema.safeParse(password).success) {
    out.error("The password must be 8 to 256 characters long.");
    return 2;
  }
  const handle = await openDatabase(loadConfig(env));
  try {
    await migrateToLatest(handle.db);
    const user = await findUserByEmail(handle.db, email);
    if (!user) {
      out.error(`No account uses ${email}.`);
      return 1;
    }
    await setPassword({ db: handle.db, now: new Date(), log: pino({ level: "silent" }) }, user.id, password);
    out.log(given ? `Password changed for ${user.email}. All sessions were ended.` : `New password for ${user.email}: ${password}\nAll sessions were ended.`);
    return 0;
  } finally {
    await handle.destroy();
  }
}

if (process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}

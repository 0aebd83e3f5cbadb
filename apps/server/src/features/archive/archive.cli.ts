import fs from "node:fs";
import { translate } from "@socialplan/schema";
import { VERSION } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { createBlobStore } from "../../lib/blob-store.ts";
import { loadSecretKey, SecretBox } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";
import { exportWorkspace } from "./archive.export.ts";
import { importWorkspace } from "./archive.import.ts";
import { formatReport } from "./archive.report.ts";

export const ARCHIVE_USAGE = `  export-workspace <workspace id | name> <file.zip> [--with-credentials]
      Writes the whole workspace (strategy and its history, budget, posts, board, assets with
      their files, numbers, reports, connections, members) to one archive: see
      docs/workspace-archive.md. With --with-credentials the members' password hashes and 2FA
      go with it too (moving a whole instance, e.g. SQLite to PostgreSQL): keep that file safe.

  import-workspace <file.zip>
      Brings a workspace archive into this instance (the other database too) in one transaction,
      refused whole if anything in it is wrong or its ids already exist here. Prints who must use
      "Forgot password" and which connections need signing in again.

`;

type Out = Pick<Console, "log" | "error">;

/** `export-workspace` and `import-workspace`; returns the exit code. */
export async function archiveCommand(argv: string[], env: NodeJS.ProcessEnv, out: Out): Promise<number> {
  const [command, ...rest] = argv;
  const withCredentials = rest.includes("--with-credentials");
  const args = rest.filter((a) => a !== "--with-credentials");
  const wanted = command === "export-workspace" ? 2 : 1;
  if (args.length !== wanted || (withCredentials && command !== "export-workspace")) {
    out.error(`Usage:\n${ARCHIVE_USAGE}`);
    return 2;
  }
  const config = loadConfig(env);
  const handle = await openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    const deps = { db: handle.db, secrets: new SecretBox(loadSecretKey(config.secretKey, config.dataDir)), blobs: await createBlobStore(config.dataDir, config.s3) };
    if (command === "import-workspace") {
      const report = await importWorkspace(deps, args[0]!, { acceptCredentials: true });
      out.log(formatReport(report));
      return 0;
    }
    const [which, file] = args as [string, string];
    const found = await handle.db.selectFrom("workspaces").select(["id", "name"]).where((eb) => eb.or([eb("id", "=", which), eb("name", "=", which)])).execute();
    if (found.length !== 1) {
      out.error(found.length ? `"${which}" names ${found.length} workspaces; give one of their ids:\n${found.map((w) => `  ${w.id}  ${w.name}`).join("\n")}` : `No workspace has the id or name "${which}".`);
      return 1;
    }
    const temp = `${file}.part`;
    try {
      const manifest = await exportWorkspace(deps, { workspaceId: found[0]!.id, appVersion: VERSION, now: new Date(), withCredentials }, fs.createWriteStream(temp, { mode: 0o600 }));
      fs.renameSync(temp, file);
      const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
      const files = Object.keys(manifest.entries).filter((e) => e.startsWith("files/")).length;
      out.log(`Exported "${manifest.workspace.name}" (${manifest.workspace.id}) to ${file}: ${rows} rows in ${Object.keys(manifest.tables).length} tables, ${files} files.`);
      if (withCredentials) out.log("The archive holds password hashes and sealed 2FA secrets: keep it as safe as the database.");
      return 0;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  } catch (error) {
    if (error instanceof AppError) {
      out.error(translate("en", error.key, error.params));
      return 1;
    }
    throw error;
  } finally {
    await handle.destroy();
  }
}

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./process.ts";

const run = (cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr || r.stdout}`);
  return r.stdout.trim();
};

async function waitForHttp(url: string, what: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${what} did not start`);
}

/**
 * A real WordPress blog from Debian's packages (`wordpress`, `mariadb-server`, `php-cli`…): a private MariaDB on its
 * own data directory and port, a copy of /usr/share/wordpress served by PHP's built-in server with four workers (one
 * would deadlock when WordPress calls itself), installed through its own installer; an application password and a
 * category are made with WordPress's own PHP functions.
 */
export async function startWordPressPeer() {
  if (!fs.existsSync("/usr/share/wordpress/wp-load.php")) throw new Error("WordPress is not installed: apt-get install wordpress mariadb-server php-cli php-mysql php-curl php-xml php-mbstring");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-wp-"));
  const [dbPort, webPort] = [await freePort(), await freePort()];
  const data = path.join(dir, "db");
  const socket = path.join(dir, "mysql.sock");
  run("mariadb-install-db", ["--no-defaults", `--datadir=${data}`, "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"]);
  const db = spawn("mariadbd", ["--no-defaults", `--datadir=${data}`, `--socket=${socket}`, `--port=${dbPort}`, "--bind-address=127.0.0.1", "--user=root", "--skip-log-bin", `--pid-file=${path.join(dir, "db.pid")}`], { stdio: "ignore" });
  for (let i = 0; !fs.existsSync(socket); i++) {
    if (i > 400 || db.exitCode !== null) throw new Error("MariaDB did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300));
  run("mariadb", ["--no-defaults", `--socket=${socket}`, "-uroot", "-e", "CREATE DATABASE wp; CREATE USER 'wp'@'127.0.0.1' IDENTIFIED BY 'wp-pass'; GRANT ALL ON wp.* TO 'wp'@'127.0.0.1';"]);

  const root = path.join(dir, "wordpress");
  run("cp", ["-rL", "/usr/share/wordpress", root]);
  fs.mkdirSync(path.join(root, "wp-content/uploads"), { recursive: true });
  const url = `http://127.0.0.1:${webPort}`;
  fs.writeFileSync(
    path.join(root, "wp-config.php"),
    `<?php
define('DB_NAME', 'wp'); define('DB_USER', 'wp'); define('DB_PASSWORD', 'wp-pass'); define('DB_HOST', '127.0.0.1:${dbPort}');
define('DB_CHARSET', 'utf8mb4'); define('DB_COLLATE', '');
define('WP_HOME', '${url}'); define('WP_SITEURL', '${url}');
define('WP_ENVIRONMENT_TYPE', 'local'); define('WP_CONTENT_DIR', __DIR__ . '/wp-content'); define('FS_METHOD', 'direct');
define('AUTOMATIC_UPDATER_DISABLED', true); define('WP_HTTP_BLOCK_EXTERNAL', true); define('DISABLE_WP_CRON', true);
$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
`,
  );
  const web = spawn("php", ["-S", `127.0.0.1:${webPort}`, "-t", root], { cwd: root, env: { ...process.env, PHP_CLI_SERVER_WORKERS: "4" }, stdio: "ignore" });
  await waitForHttp(`${url}/wp-includes/images/blank.gif`, "PHP", web);
  const install = await fetch(`${url}/wp-admin/install.php?step=2`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ weblog_title: "Candle Shop Blog", user_name: "owner", admin_password: "owner-password-123", admin_password2: "owner-password-123", pw_weak: "1", admin_email: "owner@example.com", blog_public: "0", language: "" }),
  });
  if (!install.ok) throw new Error(`WordPress install failed: ${install.status}`);

  /** Runs PHP with WordPress loaded (as the site itself, no HTTP). */
  const php = (code: string) => {
    const file = path.join(root, `sp-${Date.now()}-${Math.random().toString(36).slice(2)}.php`);
    fs.writeFileSync(file, `<?php $_SERVER['HTTP_HOST'] = '127.0.0.1:${webPort}'; require __DIR__ . '/wp-load.php'; ${code}`);
    try {
      return run("php", [file], { cwd: root });
    } finally {
      fs.rmSync(file, { force: true });
    }
  };
  const category = Number(php(`$t = wp_insert_term('Candles', 'category'); echo $t['term_id'];`));
  const auth = (password: string) => `Basic ${Buffer.from(`owner:${password}`).toString("base64")}`;
  return {
    url,
    username: "owner",
    category,
    /** A new application password for the admin user (its name identifies it for revoking). */
    applicationPassword: (name: string) => php(`$r = WP_Application_Passwords::create_new_application_password(1, array('name' => '${name}')); echo $r[0];`),
    revokeApplicationPasswords: () => php(`WP_Application_Passwords::delete_all_application_passwords(1); echo 'ok';`),
    /** Every post (any status) as the REST API shows it to the admin. */
    posts: async (password: string) => {
      const res = await fetch(`${url}/?rest_route=/wp/v2/posts&status=any&context=edit&per_page=100`, { headers: { authorization: auth(password) } });
      return (await res.json()) as { id: number; slug: string; status: string; title: { raw: string }; content: { raw: string }; categories: number[]; featured_media: number; date_gmt: string; link: string }[];
    },
    media: async (id: number) => (await (await fetch(`${url}/?rest_route=/wp/v2/media/${id}`)).json()) as { alt_text: string; mime_type: string; source_url: string },
    close: async () => {
      web.kill("SIGTERM");
      db.kill("SIGTERM");
      // PHP's server forks workers: stop them too.
      spawnSync("pkill", ["-f", `php -S 127.0.0.1:${webPort}`]);
      await new Promise((r) => (db.exitCode !== null ? r(null) : db.once("exit", r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

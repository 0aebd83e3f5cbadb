// The build's own Vite plugins: compressed copies of the files, messages split for the first screens, and the
// first screens' files (see vite.config.ts).
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Plugin } from "vite";
import { FIRST_SCREEN_KEYS } from "./src/i18n/first-screen-keys.ts";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside each built text file of 1 KB or more,
 * where it saves at least a tenth; the server sends them as they are (@fastify/static `preCompressed`), so no
 * request pays for compressing. Source maps are left alone: they are not served by default.
 */
export function precompress(): Plugin {
  return {
    name: "socialplan:precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      const files = Object.keys(bundle).filter((name) => /\.(?:m?js|css|html|svg|json|txt)$/.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(dir, name);
          const raw = await fs.readFile(file);
          if (raw.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
            gzip(raw, { level: 9 }),
          ]);
          if (br.length <= raw.length * 0.9) await fs.writeFile(`${file}.br`, br);
          if (gz.length <= raw.length * 0.9) await fs.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

const MESSAGES_PREFIX = "virtual:messages/";

/**
 * Splits each language's message file in two: "virtual:messages/<locale>/first" is what the first screens show
 * (FIRST_SCREEN_KEYS), "virtual:messages/<locale>/later" the rest, loaded with the first later screen.
 */
export function splitMessages(): Plugin {
  return {
    name: "socialplan:split-messages",
    resolveId: (id) => (id.startsWith(MESSAGES_PREFIX) ? `\0${id}` : undefined),
    async load(id) {
      if (!id.startsWith(`\0${MESSAGES_PREFIX}`)) return undefined;
      const [locale = "", part] = id.slice(MESSAGES_PREFIX.length + 1).split("/");
      if (!/^[a-z]{2}$/.test(locale) || (part !== "first" && part !== "later")) throw new Error(`unknown messages module ${id}`);
      const file = path.join(import.meta.dirname, "src/i18n", `${locale}.json`);
      this.addWatchFile(file);
      const all = JSON.parse(await fs.readFile(file, "utf8")) as Record<string, unknown>;
      const picked = Object.fromEntries(Object.entries(all).filter(([key]) => FIRST_SCREEN_KEYS.includes(key) === (part === "first")));
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(picked))});`;
    },
  };
}

// The first screens and the modules they use, in three files: "first-screen" holds the app's entry and what both
// kinds of first screen use, "sign-in" what only the sign-in screens add, "signed-in-frame" what only the signed-in
// frame and the home screen add. So the sign-in page and the home screen each load a few files with just what they show
// (App.tsx loads these screens with `firstScreen`); the other screens are split as Rolldown sees fit.
export const FIRST_SCREENS = {
  app: ["src/main.tsx"],
  signIn: ["src/features/auth/LoginPage.tsx", "src/features/auth/SignupPage.tsx", "src/features/auth/PasswordResetPages.tsx", "src/features/invitations/AcceptInvitePage.tsx"],
  frame: ["src/components/SignedInFrame.tsx", "src/features/home/HomePage.tsx"],
};
export const FIRST_SCREEN_FILES = ["first-screen", "sign-in", "signed-in-frame"] as const;
type FirstScreenFile = (typeof FIRST_SCREEN_FILES)[number];
const firstScreenOf = new Map<string, FirstScreenFile>();

/** The first-screen file a module goes into, once `firstScreenSets` has looked at the module graph. */
export const firstScreenFile = (id: string): FirstScreenFile | undefined => firstScreenOf.get(id);

/** Whether a module only gathers other modules' exports (an index file): nothing but import and export statements. */
function isBarrel(code: string): boolean {
  const statements = code
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "")
    .split(/;\s*|\n/)
    .map((line) => line.trim())
    .filter((line) => line && line !== '"use client"');
  return statements.length > 0 && statements.every((line) => /^(?:import|export)\b[\s\S]*\bfrom\s*["'][^"']+["']$/.test(line) || /^export\s*\{[^}]*\}$/.test(line));
}

const NAMED_IMPORT = /(?:import|export)\s*(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*["'][^"']+["']/g;
const importedNames = (code: string) =>
  [...code.matchAll(NAMED_IMPORT)].flatMap(([, names = ""]) => names.split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!)).filter(Boolean);

export function firstScreenSets(): Plugin {
  return {
    name: "socialplan:first-screen-sets",
    apply: "build",
    buildEnd() {
      const info = (id: string) => this.getModuleInfo(id);
      const barrels = new Map<string, boolean>();
      const barrel = (id: string) => {
        if (!barrels.has(id)) barrels.set(id, isBarrel(info(id)?.code ?? ""));
        return barrels.get(id)!;
      };
      // The module an index file takes a name from, following index files that gather index files.
      const source = (index: string, name: string, seen = new Set<string>()): string | undefined => {
        if (seen.has(index)) return undefined;
        seen.add(index);
        for (const id of info(index)?.importedIds ?? []) {
          if (barrel(id)) {
            const found = source(id, name, seen);
            if (found) return found;
          } else if (info(id)?.exports.includes(name)) return id;
        }
        return undefined;
      };
      // Every module each group of first screens uses, following an index file (Mantine's, @socialplan/schema's)
      // only to the modules of the names taken from it, as the bundle does.
      const uses = (entries: string[]) => {
        const used = new Set<string>();
        const queue = entries.map((entry) => path.join(import.meta.dirname, entry));
        while (queue.length) {
          const id = queue.pop()!;
          if (used.has(id)) continue;
          used.add(id);
          const module = info(id);
          for (const imported of module?.importedIds ?? []) {
            if (!barrel(imported)) queue.push(imported);
            else for (const name of importedNames(module?.code ?? "")) queue.push(...[source(imported, name)].filter((s): s is string => !!s));
          }
        }
        return used;
      };
      const [app, signIn, frame] = [uses(FIRST_SCREENS.app), uses(FIRST_SCREENS.signIn), uses(FIRST_SCREENS.frame)];
      firstScreenOf.clear();
      for (const id of new Set([...app, ...signIn, ...frame])) {
        firstScreenOf.set(id, app.has(id) || (signIn.has(id) && frame.has(id)) ? "first-screen" : signIn.has(id) ? "sign-in" : "signed-in-frame");
      }
    },
  };
}

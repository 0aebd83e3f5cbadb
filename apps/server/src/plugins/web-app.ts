import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

export interface WebAppOptions {
  /** The built web app (apps/web/dist); the default is found beside the server's own build. */
  root: string | undefined;
  /** Serve *.map files (SERVE_SOURCE_MAPS); they are built, but not served by default. */
  serveSourceMaps: boolean;
}

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the built single-page app: its files as they are on disk when the server starts (each one a route of
 * @fastify/static, which also refuses any path outside the folder), brotli or gzip copies made at build time when
 * the browser takes them, and index.html for every other path, so client-side routes load the app.
 * Hashed files under assets/ are cached for a year; index.html is revalidated on every load.
 */
export async function registerWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const root = options.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");
  if (!fs.existsSync(path.join(root, "index.html"))) return;
  await app.register((scope) => serveWebApp(scope, root, options.serveSourceMaps));
}

async function serveWebApp(app: FastifyInstance, root: string, serveSourceMaps: boolean): Promise<void> {
  // The app's files are public (signing in needs them); the routes @fastify/static adds say so too.
  app.addHook("onRoute", (route) => {
    route.config = { ...(route.config as object), public: true } as typeof route.config;
  });
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    // The compressed copies are served in place of their originals, never by their own names.
    globIgnore: ["**/*.br", "**/*.gz", ...(serveSourceMaps ? [] : ["**/*.map"])],
    setHeaders: (reply: FastifyReply, file: string) => {
      const relative = path.relative(root, file).split(path.sep).join("/");
      reply.header("cache-control", relative.startsWith("assets/") ? IMMUTABLE : "no-cache");
    },
  });
  app.get("/*", { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    const target = (request.params as { "*": string })["*"];
    // API paths and missing files get the JSON 404; only what looks like a client-side route gets the app.
    if (isApiPath(target) || looksLikeFile(target)) return reply.callNotFound();
    return reply.sendFile("index.html");
  });
}

/**
 * Whether a path, however spelled, names something under /api: any case, extra or back slashes, dot segments
 * and (repeated) percent-encoding, so that `//api/x`, `/API/x` or `/%61pi/x` never get the app's index.html.
 */
export function isApiPath(target: string): boolean {
  let decoded = target;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      break;
    }
    if (next === decoded) break;
    decoded = next;
  }
  const normal = path.posix.normalize(`/${decoded.replace(/\\/g, "/")}`);
  const first = normal.split("/").find((segment) => segment !== "") ?? "";
  // "api;x=1" is still the api segment (path parameters after ";").
  return first.split(";")[0]!.trim().toLowerCase() === "api";
}

/** Client-side routes have no file extension; a missing file (e.g. an old hashed asset) is a 404, not the app. */
function looksLikeFile(target: string): boolean {
  // A review link's token holds dots (id.expiry.signature): it is an address of the app, not a file (the wildcard
  // comes without its leading slash; a signature of letters and digits alone looks like a file's extension).
  if (/^\/?review\/[^/]+$/.test(target.split("?")[0] ?? "")) return false;
  const last = target.split("/").pop() ?? "";
  return /\.[a-z0-9]+$/i.test(last);
}

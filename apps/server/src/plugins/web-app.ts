import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export interface WebAppOptions {
  /** The built web app (apps/web/dist); the default is found beside the server's own build. */
  root: string | undefined;
  /** Serve *.map files (SERVE_SOURCE_MAPS); they are built, but not served by default. */
  serveSourceMaps: boolean;
}

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the built single-page app: its files (brotli or gzip copies made at build time when the browser takes them)
 * and index.html for every other path, so client-side routes load the app. Hashed files under assets/ are cached
 * for a year; index.html is revalidated on every load.
 *
 * The files are served by the one `/*` route: the folder is listed once at start (~1.5 ms for ~150 files; it was a
 * glob and a GET and a HEAD route per file, ~100 ms), and a request gets a file only when its path is a key of that
 * list — the path sent to @fastify/static is the list's own entry, never one made from the request. The list holds
 * regular files only (no symbolic links, no dot files, nothing under a symbolic link), without the .br/.gz copies and
 * the source maps. As before, files are read when asked for, and a rebuilt web app's new file names are served
 * after a restart.
 */
export async function registerWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const root = options.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");
  if (!fs.existsSync(path.join(root, "index.html"))) return;
  await app.register((scope) => serveWebApp(scope, root, options.serveSourceMaps));
}

async function serveWebApp(app: FastifyInstance, root: string, serveSourceMaps: boolean): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    // No routes of its own (no glob of the folder at start): only reply.sendFile, used below.
    serve: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply: FastifyReply, file: string) => {
      const relative = path.relative(root, file).split(path.sep).join("/");
      reply.header("cache-control", relative.startsWith("assets/") ? IMMUTABLE : "no-cache");
    },
  });
  const files = listWebFiles(root, serveSourceMaps);
  // HEAD requests whose answer is the app's page (not one of its files), to be answered as Fastify answers HEAD.
  const pageHeads = new WeakSet<FastifyRequest>();
  const handler = (request: FastifyRequest, reply: FastifyReply) => {
    const target = (request.params as { "*": string })["*"];
    const file = matchesAsWritten(request.url) ? files.get(target) : undefined;
    if (file !== undefined) return reply.sendFile(file);
    // API paths and missing files get the JSON 404; only what looks like a client-side route gets the app.
    if (isApiPath(target) || looksLikeFile(target)) return reply.callNotFound();
    if (request.method === "HEAD") pageHeads.add(request);
    return reply.sendFile("index.html");
  };
  const options = {
    config: { public: true },
    schema: { hide: true },
    // As @fastify/static's own routes did: a browser that goes away in the middle of a file is not an error to answer.
    errorHandler(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) {
      if (error.code === "ERR_STREAM_PREMATURE_CLOSE") return void request.raw.destroy();
      return app.errorHandler(error, request, reply);
    },
  };
  app.route({ method: "GET", url: "/*", exposeHeadRoute: false, ...options, handler });
  // HEAD is a route of its own so that a file's HEAD goes through compression as its GET does, as each file's own
  // HEAD route did; the page's HEAD drops the body first (before compression), as Fastify's HEAD for a GET does.
  app.route({
    method: "HEAD",
    url: "/*",
    ...options,
    handler,
    onSend(request, reply, payload: unknown, done) {
      if (!pageHeads.has(request)) return done(null, payload);
      if (payload === undefined) reply.header("content-length", "0");
      else if (payload !== null && typeof (payload as NodeJS.ReadableStream).resume === "function") (payload as NodeJS.ReadableStream).on("error", (err) => reply.log.error({ err }, "Error on Stream found for HEAD route")).resume();
      else if (payload !== null) reply.header("content-length", String(Buffer.byteLength(payload as string)));
      done(null, null);
    },
  });
}

/** The encoded characters the router leaves encoded when it matches a fixed route (`/assets%2Fx.js` never matched `/assets/x.js`). */
const RESERVED_ESCAPE = /%(?:2[3-6bcf]|3[abdf]|40)/i;

/** Whether the path of a request target would have matched a file's own route, as each file had before. */
function matchesAsWritten(url: string): boolean {
  const end = url.search(/[?#]/);
  return !RESERVED_ESCAPE.test(end === -1 ? url : url.slice(0, end));
}

/**
 * The web app's files, by their path under the folder ("assets/app-1a2b.js" → "/assets/app-1a2b.js" for sendFile):
 * regular files only, no dot files or folders, symbolic links neither followed nor listed, no .br/.gz copies, and
 * no source maps unless they are served.
 */
export function listWebFiles(root: string, serveSourceMaps: boolean): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const relative = prefix + entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${relative}/`);
      else if (entry.isFile() && !/\.(br|gz)$/.test(entry.name) && (serveSourceMaps || !entry.name.endsWith(".map"))) files.set(relative, `/${relative}`);
    }
  };
  walk(root, "");
  return files;
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

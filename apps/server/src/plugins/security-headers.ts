import fastifyCompress from "@fastify/compress";
import helmet, { type HelmetOptions } from "helmet";
import type { FastifyInstance } from "fastify";

/**
 * The app's Content-Security-Policy: everything from the app's own origin, no inline script and no eval (the web app
 * sets zod to jitless so it never tries). Each exception is named:
 * - style-src 'unsafe-inline': Mantine writes its theme variables and responsive style props (`w={{ base, xs }}`,
 *   SimpleGrid's columns) into <style> elements at run time, FullCalendar injects its stylesheet the same way,
 *   frappe-gantt draws with style attributes, and Swagger UI (/api/docs) needs both too.
 * - img-src data: — the 2FA QR code is a data: URL; html-to-image draws the roadmap PNG/PDF through an SVG data: URL.
 * - font-src data: — FullCalendar's icon font is a data: URL in its stylesheet.
 * The API documentation (/api/docs) works under this policy too: Swagger UI runs no inline script.
 */
export const CSP_DIRECTIVES = {
  "default-src": ["'self'"],
  "base-uri": ["'self'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'"],
  "object-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "form-action": ["'self'"],
} satisfies Record<string, string[]>;

/**
 * Security headers on every response (the app, its files, API JSON and errors) from helmet: the CSP above,
 * X-Frame-Options DENY, nosniff, Referrer-Policy same-origin, and HSTS only when the request came over https
 * (behind a proxy: TRUST_PROXY=true and X-Forwarded-Proto). Register before any route.
 *
 * Helmet's middleware is built once here. @fastify/helmet built it anew on every request (parsing the CSP each time,
 * a tenth of a cached read route's time) and added a second hook that only served its per-route options and nonces,
 * which the app does not use.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const options = {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    // Keeps the Origin header on the app's own requests; nothing (invitation or reset tokens in URLs) leaks to other sites.
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  } satisfies HelmetOptions;
  // HSTS only where it means something: browsers ignore it on plain http.
  const overHttps = helmet({ ...options, strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false } });
  const overHttp = helmet({ ...options, strictTransportSecurity: false });
  app.addHook("onRequest", (request, reply, done) => {
    // Helmet calls `done` once, at once, with no argument (it throws rather than passing an error).
    (request.protocol === "https" ? overHttps : overHttp)(request.raw, reply.raw, done as (err?: unknown) => void);
  });
}

// Text worth compressing; never text/event-stream (a server-sent event must leave as soon as it is written).
const COMPRESSIBLE = /^(?:application\/(?:json|[\w.+-]+\+json|javascript|xml)|text\/(?:html|css|javascript|plain|csv|calendar|xml|markdown)|image\/svg\+xml)\s*(?:;|$)/i;

/**
 * Compresses dynamic responses of 1 KB and more (brotli at a fast level, or gzip), by Accept-Encoding.
 * The web app's files are compressed at build time and served as they are (see web-app.ts).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ["br", "gzip"], customTypes: COMPRESSIBLE });
}

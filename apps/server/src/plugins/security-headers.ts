import fastifyCompress from "@fastify/compress";
import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/**
 * The app's Content-Security-Policy. Everything comes from the app's own origin; each exception is named:
 * - style-src 'unsafe-inline': Mantine writes its theme variables and responsive style props into <style>
 *   elements at run time (MantineProvider, SimpleGrid, `w={{ base, xs }}`), and FullCalendar injects its stylesheet
 *   the same way. Scripts stay strict: no inline script, no eval.
 * - img-src data: blob: — the 2FA QR code is a data: URL; asset previews, the roadmap PNG/PDF export
 *   (html-to-image draws through an SVG data: URL) and downloads use blob: URLs.
 * - font-src data: — html-to-image inlines fonts as data: URLs when it renders the roadmap.
 * - worker-src 'self' — the PDF preview's pdf.js worker is a file of the app.
 */
export const APP_CSP_DIRECTIVES = {
  "default-src": ["'self'"],
  "base-uri": ["'self'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'"],
  "object-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "form-action": ["'self'"],
} satisfies Record<string, string[]>;

/**
 * Swagger UI (/api/docs) sets inline style attributes on the elements it builds and shows data: images; it
 * runs no inline script either. Only its own routes get this policy.
 */
export const DOCS_CSP_DIRECTIVES = { ...APP_CSP_DIRECTIVES } satisfies Record<string, string[]>;

const DOCS_PREFIX = "/api/docs";

/**
 * Security headers on every response (the app, its files, API JSON and errors) from @fastify/helmet, with
 * HSTS only when the request came over https (behind a proxy: TRUST_PROXY and X-Forwarded-Proto).
 * Register before any route: per-route policies are attached when routes are added.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook("onRoute", (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.config = { ...(route.config as object), helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP_DIRECTIVES } } } as typeof route.config;
    }
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    // Keeps the Origin header on the app's own requests; nothing (invitation or reset tokens in URLs) leaks to other sites.
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    xFrameOptions: { action: "deny" },
  });
  // Helmet would send HSTS on plain http too, where it means nothing and can confuse a first https setup.
  app.addHook("onRequest", (request, reply, done) => {
    if (request.protocol !== "https") reply.raw.removeHeader("strict-transport-security");
    done();
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

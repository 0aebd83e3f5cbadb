// The embedded reference point with a database: bare Fastify + better-sqlite3 serving GET /api/workspaces/:workspaceId
// with the same two queries our server runs for it (session cookie → session and user; membership → workspace row),
// prepared once, on the same database file, the same JSON answer — nothing else around it (no read cache either).
import Database from "better-sqlite3";
import Fastify from "fastify";
import { MEMBERSHIP_SQL, SESSION_SQL, sessionTokenHash, workspaceAnswer } from "./bare-route.ts";

const db = new Database(process.env.DATABASE_FILE!, { readonly: true });
const session = db.prepare(SESSION_SQL("?"));
const membership = db.prepare(MEMBERSHIP_SQL("?", "?"));
const app = Fastify({ logger: false });
app.get<{ Params: { workspaceId: string } }>("/api/workspaces/:workspaceId", async (req, reply) => {
  const hash = sessionTokenHash(req.headers.cookie);
  const s = hash ? (session.get(hash) as Record<string, any> | undefined) : undefined;
  if (!s || s.session_expires_at <= new Date().toISOString()) return reply.code(401).send({ error: "unauthenticated" });
  const w = membership.get(req.params.workspaceId, s.id) as Record<string, any> | undefined;
  if (!w) return reply.code(404).send({ error: "not found" });
  return workspaceAnswer(w);
});
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });

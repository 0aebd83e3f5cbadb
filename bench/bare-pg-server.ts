// The PostgreSQL reference point: bare Fastify + `pg` serving GET /api/workspaces/:workspaceId with the same two
// queries our server runs for it on PostgreSQL (session cookie → session and user; membership → workspace row), a
// pool of the same size (10), the same expiry check and the same JSON answer — without the framework around it (no
// plugins, no validation, no schema serialiser, no logger, no CSRF or security headers).
import Fastify from "fastify";
import pg from "pg";
import { MEMBERSHIP_SQL, SESSION_SQL, sessionTokenHash, workspaceAnswer } from "./bare-route.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });
app.get<{ Params: { workspaceId: string } }>("/api/workspaces/:workspaceId", async (req, reply) => {
  const hash = sessionTokenHash(req.headers.cookie);
  const session = hash ? (await pool.query(SESSION_SQL("$1"), [hash])).rows[0] : undefined;
  if (!session || session.session_expires_at <= new Date().toISOString()) return reply.code(401).send({ error: "unauthenticated" });
  const w = (await pool.query(MEMBERSHIP_SQL("$1", "$2"), [req.params.workspaceId, session.id])).rows[0];
  if (!w) return reply.code(404).send({ error: "not found" });
  return workspaceAnswer(w);
});
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });

// The reference point: a bare Fastify JSON route, in its own process like our server.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/bare", async () => ({ hello: "world", items: [1, 2, 3] }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });

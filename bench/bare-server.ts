// The reference point: a bare Fastify JSON route, in its own process like our server.
import Fastify from "fastify";

// BARE_LOGGER=warn gives the same route pino request logging at that level, as a production server has.
const level = process.env.BARE_LOGGER;
const app = Fastify({ logger: level ? { level } : false });
app.get("/bare", async () => ({ hello: "world", items: [1, 2, 3] }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });

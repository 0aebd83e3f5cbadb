import { loadConfig } from "./config.ts";
import { createServer } from "./server.ts";

const config = loadConfig();
const { app } = await createServer(config, { logger: config.logLevel === "off" ? false : { level: config.logLevel }, publish: true });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, "shutting down");
    void app.close().then(() => process.exit(0));
  });
}

await app.listen({ port: config.port, host: config.host });

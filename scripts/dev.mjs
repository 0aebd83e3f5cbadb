// npm run dev: the API with reload (tsx watch, port 3000) and the web app with hot reload (Vite, port 5173, proxying /api).
import { spawn } from "node:child_process";

const children = [
  spawn("npx", ["tsx", "watch", "apps/server/src/main.ts"], { stdio: "inherit", env: { ...process.env, PORT: process.env.PORT ?? "3000", WEB_DIST: "/nonexistent" } }),
  spawn("npx", ["vite", "--config", "apps/web/vite.config.ts", "apps/web"], { stdio: "inherit", env: { ...process.env, API_PORT: process.env.PORT ?? "3000" } }),
];
const stop = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const c of children) c.on("exit", (code) => { stop(); process.exitCode = code ?? 0; });

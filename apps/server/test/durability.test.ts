import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpSession, startServerProcess } from "./helpers/process.ts";
import { createStore, DIALECTS, type TestStore } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`no lost writes [${dialect}]`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await createStore(dialect);
    });
    afterAll(() => store.drop());

    it("keeps every acknowledged write when the server is killed with SIGKILL mid-stream", async () => {
      const env = { DATA_DIR: store.dataDir, ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}) };
      const first = await startServerProcess(env);
      const session = new HttpSession(first.url);
      await session.init();
      const signup = await session.fetch("POST", "/api/auth/signup", { email: "writer@example.com", password: "durable password", name: "W" });
      expect(signup.status).toBe(201);

      const acknowledged: string[] = [];
      let sent = 0;
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const name = `ws-${sent++}`;
          try {
            const res = await session.fetch("POST", "/api/workspaces", { name });
            if (res.status === 201) acknowledged.push(name);
          } catch {
            return; // the connection died with the server: this write was never acknowledged
          }
        }
      };
      const writers = Array.from({ length: 4 }, writer);
      while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5));
      const exited = new Promise((r) => first.child.once("exit", r));
      first.child.kill("SIGKILL");
      killed = true;
      await exited;
      await Promise.all(writers);

      const second = await startServerProcess(env);
      try {
        const again = new HttpSession(second.url);
        await again.init();
        expect((await again.fetch("POST", "/api/auth/login", { email: "writer@example.com", password: "durable password" })).status).toBe(200);
        const names = new Set(((await (await again.fetch("GET", "/api/workspaces")).json()) as { name: string }[]).map((w) => w.name));
        const lost = acknowledged.filter((n) => !names.has(n));
        expect(acknowledged.length).toBeGreaterThanOrEqual(40);
        expect(lost).toEqual([]);
      } finally {
        second.child.kill("SIGKILL");
      }
    });
  });
}

// PostgreSQL for the benchmarks: BENCH_DATABASE_URL names a cluster (any database on it; user allowed to create
// databases). Each run makes a database of its own, `socialplan_bench_<label>_<random>`, and drops it at the end:
// nothing else on the cluster is touched.
import net from "node:net";
import pg from "pg";

/** The PostgreSQL cluster to measure on, or undefined for the embedded database only. */
export const benchDatabaseUrl = (): string | undefined => process.env.BENCH_DATABASE_URL?.trim() || undefined;

/** A fresh, empty database on the benchmark cluster; `drop()` removes it (closing what still connects to it). */
export async function createBenchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = benchDatabaseUrl();
  if (!admin) throw new Error("BENCH_DATABASE_URL is not set");
  const name = `socialplan_bench_${label.replace(/[^a-z0-9]/g, "_")}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A free port for a benchmark's server: BENCH_PORTS (`from-to`, default 19000-19099) keeps the benchmarks off the
 * ports other work on the machine uses.
 */
export async function benchPort(): Promise<number> {
  const [from, to] = (process.env.BENCH_PORTS ?? "19000-19099").split("-").map(Number) as [number, number];
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(false));
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

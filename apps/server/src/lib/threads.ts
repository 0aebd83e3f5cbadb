import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread: the bundle's own file `<built>.js` beside the running file (build.mjs makes it an entry
 * point; chunks sit beside the entry points, so any of them finds it), or, from the TypeScript sources (tests, dev),
 * the source file loaded through tsx, registered inside the thread (a thread does not inherit the loader of the one
 * that starts it).
 */
export function startThread(from: string, built: string, source: string, workerData: unknown): Worker {
  if (!from.endsWith(".ts")) return new Worker(new URL(`./${built}.js`, from), { workerData });
  const href = new URL(source, from).href;
  return new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(href)}); })`, { eval: true, workerData });
}

import { CompiledQuery, type Compilable, type InferResult } from "kysely";
import type { DB } from "./database.ts";

/**
 * A query built and compiled once, then run with new parameter values. For the few queries that run on
 * every request (session, membership), where building and compiling would cost more than running.
 * `build` receives placeholder values; each must end up as one bound parameter of the query.
 */
export function precompile<P extends Record<string, string>, Q extends Compilable<any>>(db: DB, names: (keyof P & string)[], build: (params: P) => Q) {
  const placeholders = Object.fromEntries(names.map((n) => [n, `\u0000param:${n}`])) as P;
  const compiled = build(placeholders).compile();
  const slots = compiled.parameters.map((value) => names.find((n) => placeholders[n] === value));
  if (slots.some((s) => s === undefined)) throw new Error("precompile: every parameter must be a placeholder");
  return async (params: P): Promise<InferResult<Q>> => {
    const result = await db.executeQuery(CompiledQuery.raw(compiled.sql, slots.map((s) => params[s!])));
    return result.rows as InferResult<Q>;
  };
}

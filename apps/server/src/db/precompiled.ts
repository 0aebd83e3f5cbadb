import { CompiledQuery, type Compilable, type InferResult } from "kysely";
import type { DB } from "./database.ts";

/**
 * A query built and compiled once per database, then run with new parameter values. For the few queries
 * that run on every request (session, membership), where building and compiling would cost more than
 * running. `build` receives placeholder values; each must end up as one bound parameter of the query.
 */
export function precompiled<P extends Record<string, string>, Q extends Compilable<any>>(names: (keyof P & string)[], build: (db: DB, params: P) => Q) {
  const placeholders = Object.fromEntries(names.map((n) => [n, `\u0000param:${n}`])) as P;
  const perDatabase = new WeakMap<DB, { sql: string; slots: (keyof P & string)[] }>();
  const compile = (db: DB) => {
    const compiled = build(db, placeholders).compile();
    const slots = compiled.parameters.map((value) => names.find((n) => placeholders[n] === value));
    if (slots.some((s) => s === undefined)) throw new Error("precompiled: every parameter must be a placeholder");
    return { sql: compiled.sql, slots: slots as (keyof P & string)[] };
  };
  return async (db: DB, params: P): Promise<InferResult<Q>> => {
    let query = perDatabase.get(db);
    if (!query) perDatabase.set(db, (query = compile(db)));
    const result = await db.executeQuery(CompiledQuery.raw(query.sql, query.slots.map((s) => params[s])));
    return result.rows as InferResult<Q>;
  };
}

import type { FastifyRequest } from "fastify";
import type { AppDeps, ServiceContext, UserRow } from "./context.ts";
import type { DB } from "./db/database.ts";
import { unauthenticated } from "./lib/errors.ts";

/** The service context of one request; pass a transaction as `db` to run the call inside it. */
export const serviceContext = (deps: AppDeps, request: FastifyRequest, db: DB = deps.db): ServiceContext => ({
  db,
  now: deps.clock(),
  log: request.log,
});

/** The logged-in user (routes that are not public have one: the session hook guarantees it). */
export function currentUser(request: FastifyRequest): UserRow {
  if (!request.user) throw unauthenticated();
  return request.user;
}

/** Runs a service call in one transaction, with the request's service context bound to it. */
export const inTransaction = <T>(deps: AppDeps, request: FastifyRequest, work: (ctx: ServiceContext) => Promise<T>): Promise<T> =>
  deps.db.transaction().execute((trx) => work(serviceContext(deps, request, trx)));

/** Applies a change and reads the result back, both in one transaction (the screens get the state they show). */
export const changeThenRead = <T>(deps: AppDeps, request: FastifyRequest, change: (ctx: ServiceContext) => Promise<unknown>, read: (ctx: ServiceContext) => Promise<T>): Promise<T> =>
  inTransaction(deps, request, async (ctx) => {
    await change(ctx);
    return read(ctx);
  });

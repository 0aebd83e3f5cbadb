import type { FieldIssue, MessageParams } from "@socialplan/schema";

export type { FieldIssue };

/** An error the user sees: an HTTP status, a message key (translated at the edge) and its parameters. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly key: string,
    readonly params: MessageParams = {},
    readonly fields: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
    /** Further top-level properties of the answer, e.g. the current version beside a conflict. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(key);
  }
}

export const notFound = (key = "request.not_found") => new AppError(404, key);
export const forbidden = (key: string, params: MessageParams = {}) => new AppError(403, key, params);
export const badRequest = (key: string, params: MessageParams = {}, fields: FieldIssue[] = []) =>
  new AppError(400, key, params, fields);
export const conflict = (key: string, params: MessageParams = {}) => new AppError(409, key, params);
export const unauthenticated = () => new AppError(401, "auth.unauthenticated");

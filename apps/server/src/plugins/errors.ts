import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { datesInWords, type Locale, pickLocale, translate, fieldLabel } from "@socialplan/schema";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type FieldIssue } from "../lib/errors.ts";
import { toFieldIssues } from "../lib/validation-errors.ts";

/** Every error leaves as `{ error: { code, message, fields? } }`, translated into the caller's language. */
export function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, bodyLimit);
    if (appError.statusCode >= 500) request.log.error({ err: error }, "request failed");
    return sendError(request, reply, appError);
  });

  app.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError(404, "request.not_found")));
}

/** Errors the router raises before any hook ran (no session, no language yet): answered in the browser's language. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.locale = pickLocale(request.headers["accept-language"]);
  // No hook ran, so helmet's headers are not there: an error body needs only these.
  reply.headers(FRAMEWORK_ERROR_HEADERS);
  return sendError(request, reply, new AppError(error.code === "FST_ERR_MAX_PARAM_LENGTH" ? 414 : 400, "request.bad_address"));
}

const FRAMEWORK_ERROR_HEADERS = { "content-security-policy": "default-src 'none'; frame-ancestors 'none'", "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin" };

/**
 * A request line or headers Node's parser cannot read ("GET http:/x", a header too large): answered in our error
 * shape with the security headers and `Connection: close` (the default answer has neither, and a client that
 * keeps the connection open then loses its next request).
 */
export function sendClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, key] = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "request.timeout"] : err.code === "HPE_HEADER_OVERFLOW" ? [431, "request.headers_too_large"] : [400, "request.bad_address"];
  const body = JSON.stringify({ error: { code: key, message: translate("en", key) } });
  const headers = Object.entries(FRAMEWORK_ERROR_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`);
  }
  socket.destroy();
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const locale: Locale = request.locale ?? "en";
  const fields = error.fields.map((f) => renderField(locale, f));
  // Role names are shown in the reader's language.
  const params = typeof error.params.role === "string" ? { ...error.params, role: translate(locale, `roles.${error.params.role}`) } : error.params;
  const message =
    error.key === "validation.failed" && fields.length === 1
      ? (fields[0]?.message ?? "")
      : translate(locale, error.key, { ...params, fields: fields.map((f) => fieldLabel(locale, f.field)).join(", ") });
  return reply
    .code(error.statusCode)
    .headers(error.headers)
    .send({ error: { code: error.key, message, ...(fields.length ? { fields } : {}) }, ...error.extra });
}

function renderField(locale: Locale, issue: FieldIssue) {
  return {
    field: issue.field,
    code: issue.key,
    // A date the app put in the message (a strategy period's first and last day) is written in words.
    message: translate(locale, issue.key, { ...datesInWords(locale, issue.params), field: fieldLabel(locale, issue.field) }),
  };
}

function toAppError(error: FastifyError, bodyLimit: number): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new AppError(400, "validation.failed", {}, toFieldIssues(error.validation, error.validationContext));
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError(400, "request.invalid_json");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError(413, "request.too_large", { limit: bodyLimit });
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError(415, "request.unsupported_media_type");
    case "FST_CSRF_INVALID_TOKEN":
    case "FST_CSRF_MISSING_SECRET":
      return new AppError(403, "request.csrf");
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new AppError(status, status === 404 ? "request.not_found" : "validation.failed", { fields: "" });
  return new AppError(500, "server.internal");
}

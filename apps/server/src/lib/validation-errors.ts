import { issuesToFields, type FieldIssue } from "@socialplan/schema";
import type { FastifySchemaValidationError } from "fastify";

/** The zod type provider hands zod issues over in Ajv's shape; turn them back and describe them. */
export function toFieldIssues(issues: FastifySchemaValidationError[], context: string | undefined): FieldIssue[] {
  return issuesToFields(
    issues.map((i) => ({
      ...(i.params as Record<string, unknown>),
      code: i.keyword,
      path: i.instancePath.split("/").filter(Boolean),
      message: i.message,
    })),
    context ?? "body",
  );
}

import { idSchema, roleAtLeast, roleSchema } from "@socialplan/schema";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../context.ts";
import { findMembership } from "../features/members/members.repository.ts";
import { AppError, badRequest, forbidden, unauthenticated } from "../lib/errors.ts";

/**
 * Every route with a :workspaceId parameter is checked here, before its body is even read:
 * the caller must be a member (else 404, which says nothing about whether the workspace exists),
 * satisfy the workspace's 2FA rule, and hold the route's least role (GET: viewer, other methods: editor).
 */
export function registerWorkspaceAccess(app: FastifyInstance, deps: AppDeps): void {
  app.addHook("onRequest", async (request) => {
    const params = request.params as Record<string, string> | undefined;
    if (!request.routeOptions.url?.includes(":workspaceId")) return;
    // The session hook refuses anonymous callers first; a workspace route is never skipped for want of a user.
    if (!request.user) throw unauthenticated();
    const workspaceId = params?.workspaceId ?? "";
    if (!idSchema.safeParse(workspaceId).success) {
      throw badRequest("validation.failed", {}, [{ field: "workspaceId", key: "validation.uuid" }]);
    }
    const found = await findMembership(deps.db, workspaceId, request.user.id);
    if (!found) throw new AppError(404, "workspace.not_found");
    if (found.require_two_factor && !request.user.totp_secret) throw forbidden("workspace.two_factor_required");
    const role = roleSchema.parse(found.role);
    const needed = request.routeOptions.config.role ?? (["GET", "HEAD"].includes(request.method) ? "viewer" : "editor");
    if (!roleAtLeast(role, needed)) throw forbidden("workspace.forbidden", { role });
    request.membership = { memberId: found.member_id, workspaceId, role, workspace: found };
  });
}

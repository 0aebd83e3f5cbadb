import { ROLES, roleAtLeast as schemaRoleAtLeast } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { roleAtLeast } from "./roles.ts";

describe("the web app's role check", () => {
  it("ranks every pair of roles as the shared schema does", () => {
    for (const role of ROLES) for (const needed of ROLES) expect(roleAtLeast(role, needed)).toBe(schemaRoleAtLeast(role, needed));
  });
});

import type { Role } from "@socialplan/schema";

// The rank of @socialplan/schema's roleAtLeast, kept here because that module also builds zod schemas, which every
// signed-in screen would then load (the server decides; this only hides what the role may not do).
const RANK = { owner: 3, admin: 2, editor: 1, viewer: 0 } satisfies Record<Role, number>;

/** True when `role` may do what `needed` may do, as @socialplan/schema's roleAtLeast says (roles.test.ts checks). */
export const roleAtLeast = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

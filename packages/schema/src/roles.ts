import { z } from "zod";

/** Permission roles in a workspace, from most to least powerful. */
export const ROLES = ["owner", "admin", "editor", "viewer"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { owner: 3, admin: 2, editor: 1, viewer: 0 };

/** True when `role` may do what `needed` may do. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** The guide's responsibilities (§5 "hats"); a member can wear several. */
export const HATS = [
  "people.boss",
  "people.scripts",
  "people.creative",
  "people.ads",
  "people.distribution",
  "people.influencers",
  "people.community",
] as const;
export const hatSchema = z.enum(HATS);
export type Hat = z.infer<typeof hatSchema>;

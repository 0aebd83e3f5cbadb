import type { Locale, User } from "@socialplan/schema";
import type { UserRow } from "../../context.ts";

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  locale: row.locale as Locale,
  twoFactorEnabled: row.totp_secret !== null,
  instanceAdmin: row.instance_admin === 1,
  createdAt: row.created_at,
});

import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import { localeSchema } from "./locale.ts";

export const PASSWORD_MIN = 8;
export const emailSchema = z.email().max(254);
export const passwordSchema = z.string().min(PASSWORD_MIN).max(256);
/** A six-digit TOTP code. */
export const totpCodeSchema = z.string().regex(/^\d{6}$/, { error: "validation.totp" });

export const signupSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(120),
  locale: localeSchema.optional(),
});
export type Signup = z.infer<typeof signupSchema>;

export const loginSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(256),
  code: totpCodeSchema.optional(),
  recoveryCode: z.string().min(6).max(32).optional(),
});
export type Login = z.infer<typeof loginSchema>;

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  locale: localeSchema,
  twoFactorEnabled: z.boolean(),
  /** May set the instance's developer apps (sign-in with the networks); the first account is one. */
  instanceAdmin: z.boolean(),
  createdAt: timestampSchema,
});
export type User = z.infer<typeof userSchema>;

export const loginResultSchema = z.union([
  z.object({ twoFactorRequired: z.literal(true) }),
  z.object({ user: userSchema }),
]);

export const updateProfileSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  locale: localeSchema.optional(),
});

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

export const resetRequestSchema = z.strictObject({ email: emailSchema });
export const resetConfirmSchema = z.strictObject({
  token: z.string().min(20).max(200),
  password: passwordSchema,
});

export const sessionSchema = z.object({
  id: idSchema,
  current: z.boolean(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: timestampSchema,
  lastSeenAt: timestampSchema,
});
export type Session = z.infer<typeof sessionSchema>;
export const sessionParamsSchema = z.object({ sessionId: idSchema });

export const twoFactorSetupSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});
export const twoFactorEnableSchema = z.strictObject({ code: totpCodeSchema });
export const twoFactorDisableSchema = z.strictObject({
  password: z.string().min(1).max(256),
  code: totpCodeSchema,
});
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const csrfSchema = z.object({ token: z.string() });
export const appConfigSchema = z.object({
  emailEnabled: z.boolean(),
  version: z.string(),
});
export type AppConfig = z.infer<typeof appConfigSchema>;

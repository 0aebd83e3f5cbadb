import { randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import type { ServiceContext, UserRow } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { hashToken, type SecretBox } from "../../lib/crypto.ts";
import { AppError, badRequest } from "../../lib/errors.ts";
import { verifyPassword } from "../../lib/password.ts";
import { updateUser } from "../auth/users.repository.ts";
import { isTwoFactorRequiredFor, replaceRecoveryCodes, useRecoveryCode } from "./two-factor.repository.ts";

const ISSUER = "Socialplan";
export const RECOVERY_CODE_COUNT = 10;

const totpFor = (label: string, secretBase32: string) =>
  new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secretBase32) });

/** Starts enrolment: a new secret (kept encrypted until confirmed), its otpauth:// URI and a QR code. */
export async function beginEnrolment(ctx: ServiceContext, secrets: SecretBox, user: UserRow) {
  if (user.totp_secret) throw badRequest("auth.two_factor_already_enabled");
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await updateUser(ctx.db, user.id, { totp_pending: secrets.seal(secret), updated_at: iso(ctx.now) });
  const otpauthUrl = totpFor(user.email, secret).toString();
  const { default: QRCode } = await import("qrcode");
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
}

/** Confirms enrolment with a code from the app; returns ten one-time recovery codes (shown once). */
export async function confirmEnrolment(ctx: ServiceContext, secrets: SecretBox, user: UserRow, code: string): Promise<string[]> {
  if (user.totp_secret) throw badRequest("auth.two_factor_already_enabled");
  if (!user.totp_pending) throw badRequest("auth.two_factor_not_started");
  const counter = matchCounter(ctx.now, user.email, secrets.open(user.totp_pending), code, null);
  if (counter === null) throw codeError();
  await updateUser(ctx.db, user.id, { totp_secret: user.totp_pending, totp_pending: null, totp_last_counter: counter, updated_at: iso(ctx.now) });
  return issueRecoveryCodes(ctx, user.id);
}

/** Turns 2FA off after password and current code; refused while a workspace of the user requires it. */
export async function disable(ctx: ServiceContext, secrets: SecretBox, user: UserRow, password: string, code: string) {
  await assertPasswordAndCode(ctx, secrets, user, password, code);
  if (await isTwoFactorRequiredFor(ctx.db, user.id)) throw new AppError(409, "auth.two_factor_required_by_workspace");
  await updateUser(ctx.db, user.id, { totp_secret: null, totp_pending: null, totp_last_counter: null, updated_at: iso(ctx.now) });
  await replaceRecoveryCodes(ctx.db, user.id, []);
}

/** For changes to 2FA itself: the password and a current code, both. */
export async function assertPasswordAndCode(ctx: ServiceContext, secrets: SecretBox, user: UserRow, password: string, code: string) {
  if (!user.totp_secret) throw badRequest("auth.two_factor_not_enabled");
  if (!(await verifyPassword(user.password_hash, password))) {
    throw badRequest("validation.failed", {}, [{ field: "password", key: "auth.wrong_password" }]);
  }
  if ((await checkSecondFactor(ctx, secrets, user, { code })) !== "ok") throw codeError();
}

export async function issueRecoveryCodes(ctx: ServiceContext, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(randomBytes(8)));
  await replaceRecoveryCodes(ctx.db, userId, codes.map((c) => hashToken(normaliseRecoveryCode(c))));
  return codes;
}

export type SecondFactorResult = "ok" | "bad-code" | "bad-recovery-code";

/** Verifies a TOTP code (each time step usable once) or spends a recovery code. */
export async function checkSecondFactor(
  ctx: ServiceContext,
  secrets: SecretBox,
  user: UserRow,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
): Promise<SecondFactorResult> {
  if (!user.totp_secret) return "ok";
  if (input.code) {
    const counter = matchCounter(ctx.now, user.email, secrets.open(user.totp_secret), input.code, user.totp_last_counter);
    if (counter === null) return "bad-code";
    await updateUser(ctx.db, user.id, { totp_last_counter: counter });
    return "ok";
  }
  if (input.recoveryCode) {
    const used = await useRecoveryCode(ctx.db, user.id, hashToken(normaliseRecoveryCode(input.recoveryCode)), iso(ctx.now));
    return used ? "ok" : "bad-recovery-code";
  }
  return "bad-code";
}

/** The time step a code belongs to (±1 step for clock drift), or null; steps at or before `lastCounter` are replays. */
function matchCounter(now: Date, label: string, secret: string, code: string, lastCounter: number | null): number | null {
  const totp = totpFor(label, secret);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const counter = totp.counter({ timestamp: now.getTime() }) + delta;
  return lastCounter !== null && counter <= lastCounter ? null : counter;
}

const codeError = () => badRequest("validation.failed", {}, [{ field: "code", key: "auth.invalid_code" }]);

function formatRecoveryCode(bytes: Buffer): string {
  const text = BigInt(`0x${bytes.toString("hex")}`).toString(36).padStart(12, "0").slice(-10);
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^0-9a-z]/g, "");

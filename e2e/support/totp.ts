import * as OTPAuth from "otpauth";

/** The code an authenticator app would show for `secret`, `offsetSteps` 30-second steps from now. */
export function totp(secret: string, offsetSteps = 0): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

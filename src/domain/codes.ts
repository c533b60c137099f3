// One-time codes a pool sends (AdminResetUserPassword and ForgotPassword's reset codes), and how
// the server keeps them: docs/spec.md section 9. A code is 6 digits, valid one hour, and stored
// only as its SHA-256 (CredentialStore.putCode), so a copy of the database gives no usable code.
// Whoever makes a code and whoever checks it use these functions, so the two always agree.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** [AWS] spec section 9: reset codes are valid one hour. */
export const CODE_TTL_MS = 60 * 60 * 1000;

/** The `purpose` of CredentialStore's code rows, one pending row per user and purpose. */
export const CODE_PURPOSES = {
  /** A password reset code: AdminResetUserPassword and ForgotPassword write it, ConfirmForgotPassword consumes it. */
  forgotPassword: 'forgot_password',
  /**
   * Not a code sent to anyone: the expiry of the user's temporary password (AdminCreateUser),
   * tagged with its hash (src/domain/temporaryPasswords.ts). Sign-in reads it.
   */
  temporaryPassword: 'temporary_password',
} as const;

/** [AWS] spec section 9: 6 digits, leading zeros kept, uniform (crypto.randomInt). */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** What StoredCode.codeHash holds: the SHA-256 of the code (UTF-8), lower-case hex. */
export function hashCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** Whether a code a user typed matches the stored hash, compared in constant time. */
export function codeMatches(code: string, codeHash: string): boolean {
  const a = Buffer.from(hashCode(code), 'hex');
  const b = Buffer.from(codeHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** [OURS] Wrong tries a code survives (ConfirmForgotPassword); then it is void and a new one must be asked for. */
export const MAX_CODE_MISSES = 5;

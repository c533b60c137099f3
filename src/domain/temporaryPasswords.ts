// Temporary passwords (AdminCreateUser): the one Cognito makes when the request gives none, and
// how long one lasts (docs/spec.md section 9, "Admin user operations").
//
// Where the expiry is kept: a CredentialStore code row of purpose 'temporary_password'
// (CODE_PURPOSES.temporaryPassword) whose expiresMs is the end of the password's validity and whose
// codeHash is temporaryPasswordTag(the password's PHC string). The tag ties the expiry to that one
// password: once the password changes (a new temporary one, a permanent one, a reset) the row no
// longer matches the user's hash and says nothing, so no other password can inherit its expiry.
import { createHash, randomInt } from 'node:crypto';
import type { PasswordPolicyType } from '../api/generated/cognitoIdp';
import type { StoredUser } from './user';

/** [AWS] PasswordPolicyType.TemporaryPasswordValidityDays: 7 when the pool does not say. */
export const DEFAULT_TEMPORARY_PASSWORD_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a temporary password set at nowMs stops being accepted, under the pool's policy. */
export function temporaryPasswordExpiresMs(policy: PasswordPolicyType | undefined, nowMs: number): number {
  return nowMs + (policy?.TemporaryPasswordValidityDays ?? DEFAULT_TEMPORARY_PASSWORD_DAYS) * DAY_MS;
}

/** The codeHash of a temporary password's expiry row: SHA-256 (hex) of the password's PHC string. */
export function temporaryPasswordTag(passwordHash: string): string {
  return createHash('sha256').update(passwordHash, 'utf8').digest('hex');
}

/**
 * [AWS] For sign-in: true when the user signs in with a temporary password past its validity
 * (then NotAuthorizedException "Temporary password has expired and must be reset by an
 * administrator."). `row` is CredentialStore.findCode(user, CODE_PURPOSES.temporaryPassword).
 */
export function temporaryPasswordExpired(user: StoredUser, row: { codeHash: string; expiresMs: number } | undefined, nowMs: number): boolean {
  return user.status === 'FORCE_CHANGE_PASSWORD' && row !== undefined && user.passwordHash !== undefined
    && row.codeHash === temporaryPasswordTag(user.passwordHash) && nowMs >= row.expiresMs;
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
/** Of Cognito's special characters (passwords.ts), those that read unambiguously in a message. */
const SYMBOLS = '!#%&*+-=?@^_';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

/** [OURS] Generated temporary passwords are at least this long (the policy's minimum when longer). */
export const GENERATED_LENGTH = 12;

const pick = (alphabet: string): string => alphabet[randomInt(alphabet.length)];

/**
 * [OURS] A temporary password for a request without TemporaryPassword: one character of each
 * class (so it meets any PasswordPolicy), the rest from all four, shuffled, max(policy minimum,
 * 12) long. Look-alike characters (0/O, 1/l/I) are left out: people type it from a message.
 */
export function generateTemporaryPassword(policy: PasswordPolicyType | undefined): string {
  const length = Math.max(policy?.MinimumLength ?? 8, GENERATED_LENGTH);
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(ALL));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

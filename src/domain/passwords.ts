// Passwords set through the Users API (AdminSetUserPassword): the pool's password policy with
// Cognito's messages, and how a password is kept — only as a salted scrypt hash in a PHC string,
// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (salt and hash in unpadded standard base64, as PHC says).
// The password itself is never stored, logged or put in an error message.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordPolicyType } from '../api/generated/cognitoIdp';
import { InvalidParameterException, InvalidPasswordException } from '../api/errors';

/**
 * The prefix of every InvalidPasswordException for a policy failure, then one reason.
 * AWS has used two wordings: "Password did not conform with policy: ..." in traces up to about
 * 2021 (amazon-cognito-identity-js era apps, serverless-stack guide #216) and
 * "Password does not conform to policy: ..." in later ones (Amplify v5/v6 and Swift v2 apps,
 * Amplify UI translations listing both). We answer the newer one.
 */
export const POLICY_PREFIX = 'Password does not conform to policy: ';

/** Cognito's reasons, one per rule; AWS reports only the first rule a password breaks. */
export const POLICY_REASONS = {
  length: 'Password not long enough',
  lowercase: 'Password must have lowercase characters',
  uppercase: 'Password must have uppercase characters',
  numbers: 'Password must have numeric characters',
  symbols: 'Password must have symbol characters',
} as const;

/**
 * Cognito's special characters (developer guide, "Adding user pool password requirements"):
 * ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and the space.
 * Letters are Basic Latin only; digits are 0-9.
 */
const SYMBOLS = new Set([...'^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ']);

/** Cognito's default policy, for a pool stored without one. */
const DEFAULT_POLICY: Required<Pick<PasswordPolicyType, 'MinimumLength' | 'RequireUppercase' | 'RequireLowercase' | 'RequireNumbers' | 'RequireSymbols'>> = {
  MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true,
};

/**
 * The first rule of the policy the password breaks, or undefined when it conforms. The order
 * (length, lowercase, uppercase, numbers, symbols) follows real answers: '12341234' under the
 * default policy is refused for lowercase, 'TestTest' for numbers.
 */
export function passwordPolicyViolation(password: string, policy: PasswordPolicyType | undefined): string | undefined {
  const p = { ...DEFAULT_POLICY, ...stripUndefined(policy ?? {}) };
  const chars = [...password];
  if (chars.length < p.MinimumLength) return POLICY_REASONS.length;
  if (p.RequireLowercase && !chars.some((c) => c >= 'a' && c <= 'z')) return POLICY_REASONS.lowercase;
  if (p.RequireUppercase && !chars.some((c) => c >= 'A' && c <= 'Z')) return POLICY_REASONS.uppercase;
  if (p.RequireNumbers && !chars.some((c) => c >= '0' && c <= '9')) return POLICY_REASONS.numbers;
  if (p.RequireSymbols && !chars.some((c) => SYMBOLS.has(c))) return POLICY_REASONS.symbols;
  return undefined;
}

/** Throws Cognito's InvalidPasswordException when the password breaks the policy. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicyType | undefined): void {
  const reason = passwordPolicyViolation(password, policy);
  if (reason) throw new InvalidPasswordException(POLICY_PREFIX + reason);
}

/**
 * [OURS] A password holding a lone UTF-16 surrogate (JSON `"\ud800"` with no partner) is not
 * Unicode text: hashing encodes it as UTF-8, where each lone surrogate becomes U+FFFD, so two
 * different passwords would share one hash. The model's pattern (`^[\S]+$`) lets it through and
 * what Cognito does is not known, so it is refused like any other malformed parameter, in
 * Coral's wording and without the value (the member is sensitive), before anything is hashed.
 */
export function checkPasswordIsUnicode(password: string): void {
  if (isWellFormed(password)) return;
  throw new InvalidParameterException("1 validation error detected: Value at 'password' failed to satisfy constraint: "
    + 'Member must be valid Unicode text: it contains an unpaired UTF-16 surrogate (a \\ud800-\\udfff escape without its partner)');
}

/** String.prototype.isWellFormed: every Node this runs on has it (V8 11.1+); TypeScript's ES2022 lib does not declare it. */
export const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// --- scrypt in PHC form -------------------------------------------------------------------

/** log2 of scrypt's N, block size r, parallelism p: N = 32768 costs 32 MiB and ~0.1 s a hash. */
export const SCRYPT_PARAMS = { ln: 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Refuse stored parameters past these when verifying, so a crafted hash cannot exhaust memory or time. */
const MAX_MEMORY = 64 * 1024 * 1024;
const MAX_P = 16;

/**
 * scrypt on libuv's thread pool (also imported hashes' check, importedHashes.ts). The caller
 * bounds N, r and p: maxmem is set to what they need, so it never refuses a bounded call.
 */
export function scrypt(password: string, salt: Uint8Array, keylen: number, ln: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** ln;
  // OpenSSL's EVP_PBE_scrypt needs 128 * r * (N + 2) bytes for V and 128 * r * p for B; Node's
  // default maxmem (32 MiB) is just short for ln=15, r=8.
  const opts: ScryptOptions = { N, r, p, maxmem: 128 * r * (N + p + 2) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');

/**
 * A fresh salted hash of the password: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`. The server hashes
 * only through its PasswordHashing queue (src/domain/hashing.ts), which bounds how many run at once.
 */
export async function hashPassword(password: string): Promise<string> {
  // Callers check first (checkPasswordIsUnicode); this keeps a lone surrogate from ever being hashed as U+FFFD.
  if (!isWellFormed(password)) throw new Error('refusing to hash a password that is not valid Unicode text');
  const salt = randomBytes(SALT_BYTES);
  const { ln, r, p } = SCRYPT_PARAMS;
  const key = await scrypt(password, salt, KEY_BYTES, ln, r, p);
  return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
}

interface ScryptPhc { ln: number; r: number; p: number; salt: Buffer; hash: Buffer }

const B64 = /^[A-Za-z0-9+/]+$/;

/** Parses `$scrypt$ln=..,r=..,p=..$salt$hash`; undefined when it is not one we can check. */
export function parseScryptPhc(phc: string): ScryptPhc | undefined {
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([^$]+)\$([^$]+)$/.exec(phc);
  if (!m || !B64.test(m[4]) || !B64.test(m[5])) return undefined;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (ln < 1 || r < 1 || p < 1 || p > MAX_P || 128 * r * 2 ** ln > MAX_MEMORY) return undefined;
  const salt = Buffer.from(m[4], 'base64');
  const hash = Buffer.from(m[5], 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined;
  return { ln, r, p, salt, hash };
}

/** True when the password matches a `$scrypt$` PHC string; compared in constant time. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const h = parseScryptPhc(phc);
  // A lone surrogate would be hashed as U+FFFD and match a password that holds U+FFFD itself.
  if (!h || !isWellFormed(password)) return false;
  const key = await scrypt(password, h.salt, h.hash.length, h.ln, h.r, h.p);
  return timingSafeEqual(key, h.hash);
}

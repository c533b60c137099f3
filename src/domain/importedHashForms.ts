// The password hashes a user import job accepts in `cognito:password_hash` (spec section 8), one
// parser for both ends: the CSV rule (csvRules.ts) refuses a row whose hash this parser refuses,
// and sign-in (importedHashes.ts) verifies only what it accepts, so nothing is imported that can
// never verify. Pure: no crypto, no native module (the CLI's pre-check and the import worker load
// this file), no user data in what it returns.
//
// Each form is exactly what its own library writes:
// - bcrypt, modular crypt form `$2a$`/`$2b$`/`$2y$` (OpenBSD, crypt_blowfish, PHP's
//   password_hash, bcryptjs): 22 characters of salt, 31 of hash, in bcrypt's own base64
//   (`./A-Za-z0-9`); the last of each carries unused bits, zero as every writer sets them.
// - argon2id, PHC string format (github.com/P-H-C/phc-string-format): `$argon2id$v=19$m=,t=,p=$`
//   then salt and hash in standard base64 without padding, as the reference implementation,
//   argon2-cffi and PHP write it.
// - scrypt, passlib's format (passlib.handlers.scrypt): `$scrypt$ln=<log2 N>,r=,p=$salt$hash`,
//   salt and hash in standard base64 without padding (passlib's b64s_encode).
// - PBKDF2-HMAC-SHA256, passlib's `$pbkdf2-sha256$<rounds>$salt$hash` (passlib.handlers.pbkdf2:
//   ab64_encode, base64 with `.` for `+` and no padding; the salt is the decoded bytes), and
//   Django's `pbkdf2_sha256$<iterations>$salt$hash` (django.contrib.auth.hashers: the salt is
//   text, used as its UTF-8 bytes; the hash is standard base64 with padding).
// Base64 must be canonical (what the library writes: no stray padding, unused bits zero):
// @node-rs/argon2 refuses anything else, and Django compares the whole string.
import type { PasswordHashingAlgorithmType } from '../api/generated/cognitoIdp';

/**
 * [OURS] Bounds on the cost a hash may ask for. A stored hash sets the work of every sign-in
 * against it, so a crafted or mistaken one could hold a hashing slot for minutes or take more
 * memory than the host has; the bounds leave room above every library's default (noted) and
 * keep one check at a few seconds on one core, and its memory at 256 MiB, at most
 * (--hashing-concurrency of them run at once).
 */
export const HASH_LIMITS = {
  /** bcrypt's own range starts at 4; 10 to 12 are the usual defaults, each step doubles the time (15: ~3 s). */
  bcryptCost: { min: 4, max: 15 },
  /** Memory of one check, in bytes: argon2's m KiB, scrypt's 128 * r * N (libsodium's "moderate" argon2id is 256 MiB). */
  maxMemoryBytes: 256 * 1024 * 1024,
  /** Memory times passes (argon2's t, scrypt's p), in bytes: libsodium's "moderate" (256 MiB, t=3) fits. */
  maxWorkBytes: 1024 * 1024 * 1024,
  /** Argon2 lanes: 1 to 255 (PHC string format, "Argon2 Encoding"; @node-rs/argon2 takes the same). */
  argon2Lanes: { min: 1, max: 255 },
  /** PBKDF2 iterations: Django 5.1 uses 870,000, passlib 29,000; 10 million take seconds. */
  pbkdf2Iterations: { min: 1, max: 10_000_000 },
  /** passlib's max_salt_size for scrypt and pbkdf2. */
  maxSaltBytes: 1024,
  /** Argon2 salts of 8 to 48 bytes (PHC string format, "Argon2 Encoding"; @node-rs/argon2 refuses under 8). */
  argon2SaltBytes: { min: 8, max: 48 },
  /** An argon2 or scrypt hash of 12 to 64 bytes: the PHC string format's range for argon2 (32, the usual default, in the middle). */
  hashBytes: { min: 12, max: 64 },
} as const;

export type ImportedHash =
  | { kind: 'bcrypt'; hash: string }
  | { kind: 'argon2id'; hash: string }
  | { kind: 'scrypt'; ln: number; r: number; p: number; salt: Uint8Array; key: Uint8Array }
  | { kind: 'pbkdf2-sha256'; iterations: number; salt: Uint8Array; key: Uint8Array };

/** Why a hash is refused: its form, or parameters outside HASH_LIMITS or the algorithm's own. */
export type HashRefusal = 'form' | 'limits';
export type HashParse = { ok: true; hash: ImportedHash } | { ok: false; refusal: HashRefusal };

/** What the import's reasons and the spec say of each algorithm's accepted form and limits. */
export const HASH_FORMS: Record<PasswordHashingAlgorithmType, { form: string; limits: string }> = {
  BCRYPT: {
    form: '$2a$, $2b$ or $2y$, a two-digit cost, $, then 53 characters as bcrypt writes them',
    limits: 'a cost of 04 to 15',
  },
  SCRYPT: {
    form: "passlib's $scrypt$ln=<n>,r=<r>,p=<p>$<salt>$<hash>, salt and hash in base64 without padding",
    limits: 'ln below 16 * r, 128 * r * 2^ln bytes at most 256 MiB and that times p at most 1 GiB, '
      + 'a salt of at most 1024 bytes, a hash of 12 to 64 bytes',
  },
  ARGON2ID: {
    form: '$argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>, salt and hash in base64 without padding',
    limits: 'p of 1 to 255, m of 8 * p to 262144 KiB (256 MiB), m * t at most 1 GiB, a salt of 8 to 48 bytes, a hash of 12 to 64 bytes',
  },
  PBKDF2_SHA256: {
    form: "passlib's $pbkdf2-sha256$<iterations>$<salt>$<hash> or Django's pbkdf2_sha256$<iterations>$<salt>$<hash>",
    limits: 'iterations of 1 to 10000000, a salt of at most 1024 bytes, a 32-byte hash',
  },
};

/** The algorithm whose form the hash starts like, whatever follows; undefined when none. */
export function hashAlgorithmOf(value: string): PasswordHashingAlgorithmType | undefined {
  if (/^\$2[aby]\$/.test(value)) return 'BCRYPT';
  if (value.startsWith('$argon2id$')) return 'ARGON2ID';
  if (value.startsWith('$scrypt$')) return 'SCRYPT';
  if (value.startsWith('$pbkdf2-sha256$') || value.startsWith('pbkdf2_sha256$')) return 'PBKDF2_SHA256';
  return undefined;
}

/** The parsed hash, or why it is refused. Never throws; never returns any part of the value in a refusal. */
export function parseImportedHash(value: string): HashParse {
  switch (hashAlgorithmOf(value)) {
    case 'BCRYPT': return parseBcrypt(value);
    case 'ARGON2ID': return parseArgon2id(value);
    case 'SCRYPT': return parseScrypt(value);
    case 'PBKDF2_SHA256': return value.charCodeAt(0) === 36 ? parsePasslibPbkdf2(value) : parseDjangoPbkdf2(value);
    default: return FORM;
  }
}

/**
 * For the CSV rule: 0 when the job's algorithm can verify the hash; else the refusal, or the
 * algorithm the hash belongs to when it is another one's.
 */
export function importedHashProblem(value: string, algorithm: PasswordHashingAlgorithmType): 0 | HashRefusal | PasswordHashingAlgorithmType {
  const of = hashAlgorithmOf(value);
  if (of !== undefined && of !== algorithm) return of;
  const p = parseImportedHash(value);
  return p.ok ? 0 : p.refusal;
}

// ---------------------------------------------------------------------------------------------

const FORM: HashParse = { ok: false, refusal: 'form' };
const LIMITS: HashParse = { ok: false, refusal: 'limits' };
const ok = (hash: ImportedHash): HashParse => ({ ok: true, hash });

/**
 * bcrypt: the salt's 22nd character holds 2 bits of salt and 4 unused, the hash's 31st 4 bits
 * and 2 unused; writers leave the unused bits zero, and @node-rs/bcrypt refuses the hash
 * otherwise (passlib's bcrypt tests, "known_incorrect_padding").
 */
const BCRYPT_RE = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{21}[.Oeu][./A-Za-z0-9]{30}[.CGKOSWaeimquy26]$/;

function parseBcrypt(value: string): HashParse {
  const m = BCRYPT_RE.exec(value);
  if (!m) return FORM;
  const cost = Number(m[1]);
  if (cost < HASH_LIMITS.bcryptCost.min || cost > HASH_LIMITS.bcryptCost.max) return LIMITS;
  // @node-rs/bcrypt verifies $2a$, $2b$ and $2y$ alike: one algorithm (the letter marks fixes in
  // implementations, not a change to bcrypt), so the hash goes to it as it is.
  return ok({ kind: 'bcrypt', hash: value });
}

const INT = '([1-9]\\d*)';
const B64 = '[A-Za-z0-9+/]';
const ARGON2ID_RE = new RegExp(`^\\$argon2id\\$v=19\\$m=${INT},t=${INT},p=${INT}\\$(${B64}+)\\$(${B64}+)$`);

function parseArgon2id(value: string): HashParse {
  const g = ARGON2ID_RE.exec(value);
  if (!g) return FORM;
  const [mKiB, t, p] = [Number(g[1]), Number(g[2]), Number(g[3])];
  const salt = unpaddedBase64(g[4]);
  const hash = unpaddedBase64(g[5]);
  if (!salt || !hash) return FORM;
  const { argon2Lanes: lanes, argon2SaltBytes: saltBytes, maxMemoryBytes, maxWorkBytes, hashBytes } = HASH_LIMITS;
  // Argon2 needs m >= 8 p (RFC 9106 section 3.1).
  if (p < lanes.min || p > lanes.max || mKiB < 8 * p || mKiB * 1024 > maxMemoryBytes || mKiB * 1024 * t > maxWorkBytes) return LIMITS;
  if (salt.length < saltBytes.min || salt.length > saltBytes.max || hash.length < hashBytes.min || hash.length > hashBytes.max) return LIMITS;
  return ok({ kind: 'argon2id', hash: value });
}

const SCRYPT_RE = new RegExp(`^\\$scrypt\\$ln=${INT},r=${INT},p=${INT}\\$(${B64}*)\\$(${B64}+)$`);

function parseScrypt(value: string): HashParse {
  const g = SCRYPT_RE.exec(value);
  if (!g) return FORM;
  const [ln, r, p] = [Number(g[1]), Number(g[2]), Number(g[3])];
  const salt = unpaddedBase64(g[4]);
  const key = unpaddedBase64(g[5]);
  if (!salt || !key) return FORM;
  // scrypt needs N < 2^(16 r) (RFC 7914 section 2; OpenSSL refuses the rest); passlib takes ln 1 to 31.
  if (ln > 31 || ln >= 16 * r) return LIMITS;
  const memory = 128 * r * 2 ** ln;
  // OpenSSL also allocates 128 * r * p bytes for the p blocks at once.
  if (memory > HASH_LIMITS.maxMemoryBytes || memory * p > HASH_LIMITS.maxWorkBytes || 128 * r * p > HASH_LIMITS.maxMemoryBytes) return LIMITS;
  if (!saltAndKeyFit(salt, key, HASH_LIMITS.hashBytes.min, HASH_LIMITS.hashBytes.max)) return LIMITS;
  return ok({ kind: 'scrypt', ln, r, p, salt, key });
}

const PASSLIB_PBKDF2_RE = /^\$pbkdf2-sha256\$([1-9]\d*)\$([A-Za-z0-9./]*)\$([A-Za-z0-9./]+)$/;

function parsePasslibPbkdf2(value: string): HashParse {
  const g = PASSLIB_PBKDF2_RE.exec(value);
  if (!g) return FORM;
  // passlib's ab64: standard base64 with `.` in place of `+`, no padding.
  const salt = unpaddedBase64(g[2].replace(/\./g, '+'));
  const key = unpaddedBase64(g[3].replace(/\./g, '+'));
  if (!salt || !key) return FORM;
  return pbkdf2(Number(g[1]), salt, key);
}

/** Django's salt is any text without `$` (its encode() asserts so): printable ASCII here. */
const DJANGO_PBKDF2_RE = /^pbkdf2_sha256\$([1-9]\d*)\$([!-#%-~]+)\$([A-Za-z0-9+/]+={0,2})$/;

function parseDjangoPbkdf2(value: string): HashParse {
  const g = DJANGO_PBKDF2_RE.exec(value);
  if (!g) return FORM;
  const key = paddedBase64(g[3]);
  if (!key) return FORM;
  return pbkdf2(Number(g[1]), new TextEncoder().encode(g[2]), key);
}

function pbkdf2(iterations: number, salt: Uint8Array, key: Uint8Array): HashParse {
  const { min, max } = HASH_LIMITS.pbkdf2Iterations;
  // SHA-256's 32 bytes: the only length passlib (checksum_size) and Django (dklen) write.
  if (iterations < min || iterations > max || !saltAndKeyFit(salt, key, 32, 32)) return LIMITS;
  return ok({ kind: 'pbkdf2-sha256', iterations, salt, key });
}

function saltAndKeyFit(salt: Uint8Array, key: Uint8Array, minKey: number, maxKey: number): boolean {
  return salt.length <= HASH_LIMITS.maxSaltBytes && key.length >= minKey && key.length <= maxKey;
}

/**
 * Base64 to bytes with atob, not Buffer: the web console runs these rules in the browser
 * (src/domain/csvCheck.ts). undefined when atob refuses the text; the callers keep only canonical
 * text (it re-encodes to itself), which atob always takes.
 */
function base64Bytes(s: string): Uint8Array | undefined {
  let binary: string;
  try {
    binary = atob(s);
  } catch {
    return undefined;
  }
  const b = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) b[i] = binary.charCodeAt(i);
  return b;
}

const base64Text = (b: Uint8Array): string => btoa(String.fromCharCode(...b));

/** Standard base64 without padding, canonical (it re-encodes to itself), or undefined. */
function unpaddedBase64(s: string): Uint8Array | undefined {
  const b = base64Bytes(s);
  return b && base64Text(b).replace(/=+$/, '') === s ? b : undefined;
}

/** Standard base64 with its padding, canonical, or undefined. */
function paddedBase64(s: string): Uint8Array | undefined {
  const b = base64Bytes(s);
  return b && base64Text(b) === s ? b : undefined;
}

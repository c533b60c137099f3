// The server side of Cognito's SRP sign-in (InitiateAuth USER_SRP_AUTH, then RespondToAuthChallenge
// PASSWORD_VERIFIER): a verifier made when the server learns a password, the server's ephemeral B
// for the challenge, and the check of the client's PASSWORD_CLAIM_SIGNATURE. Pure: no storage, no
// HTTP; the caller keeps salt and verifier with the user, and b, B, A and the secret block in the
// challenge session.
//
// Why by hand: SRP-6a is RFC 5054, but Cognito's variant hashes other bytes (padHex encodings
// instead of RFC 5054's fixed-width ones, x over the pool name and USER_ID_FOR_SRP) and proves the
// key with an HKDF-derived signature over a secret block and a timestamp instead of M1/M2. The
// general SRP servers (npm's secure-remote-password, tssrp6a, thinbus-srp; Python's srp) cannot be
// told to do that, and the Cognito-specific server code we found lives inside emulators (floci,
// ministack) or in an early, unmaintained project (sjmeverett/cognito-srp). AWS publishes only
// the client, so the formulas are read from it:
//
// - amazon-cognito-identity-js src/AuthenticationHelper.js (the client Amplify apps run): N, g,
//   k = H(padHex(N) | padHex(g)), u = H(padHex(A) | padHex(B)), x = H(padHex(salt) | H(poolName |
//   userId | ':' | password)), S = (B - k * g^x)^(a + u * x) mod N, which the server's
//   (A * v^u)^b mod N equals when v = g^x and B = k * v + g^b (RFC 5054's premaster secret), and the
//   HKDF with info "Caldera Derived Key" cut to 16 bytes. srpGroup.ts has each of these.
// - src/CognitoUser.js authenticateUserDefaultAuth: SRP_A sent as A.toString(16); SRP_B and SALT
//   read as hex numbers; the user id for x and the signature is the challenge's USER_ID_FOR_SRP;
//   PASSWORD_CLAIM_SIGNATURE = base64 HMAC-SHA256(key, poolName | userId | base64-decoded
//   SECRET_BLOCK | TIMESTAMP); the secret block is echoed as PASSWORD_CLAIM_SECRET_BLOCK.
//   poolName is the pool id after its underscore (src/CognitoUserPool.js getUserPoolName).
// - src/DateHelper.js: TIMESTAMP is "ddd MMM D HH:mm:ss UTC YYYY", English names, the day of the
//   month not zero-padded. Cognito refuses a zero-padded day ("It will fail on May 1",
//   github.com/qwigo/warrant/issues/21) and a wrong weekday (measured against AWS,
//   github.com/ministackorg/ministack/pull/1758).
// - The server's safeguards are SRP's own (srp.stanford.edu/design.html, RFC 5054): the host
//   aborts when A % N == 0; the client aborts on B % N == 0 and u == 0, so B is drawn again and
//   u == 0 refused.
//
// Known-answer vectors from three other implementations (warrant via alexrudd/cognito-srp, Soto's
// SRPTests, cognito-srp-helper) are in test/fixtures/srp/vectors.ts.
import { randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import { G, K, N, evenHex, hmacSha256, modPowN, padHex, parseHex, passwordExponent, passwordKey, scramble } from './srpGroup';

/** Pays this thread's one-time cost of the native arithmetic now (seconds on Node 24, see srpGroup.ts), before timing the calls (bench/srp.ts). */
export { prepareModPow as prepareSrp } from './srpGroup';

export type RandomBytes = (size: number) => Buffer;

/** What the server keeps of a password: SALT (hex, handed to the client as is) and the verifier v = g^x mod N (hex). */
export interface SrpVerifier { salt: string; verifier: string }

/** The server's secret b (hex, kept in the challenge session only) and SRP_B (hex, sent). */
export interface ServerEphemeral { b: string; B: string }

export interface PasswordClaim {
  poolId: string;
  /** USER_ID_FOR_SRP as sent in the challenge (and used for the verifier). */
  userIdForSrp: string;
  saltHex: string;
  verifierHex: string;
  bHex: string;
  BHex: string;
  /** SRP_A from InitiateAuth. */
  AHex: string;
  /** SECRET_BLOCK as the server issued it with the challenge. */
  secretBlock: string;
  /** PASSWORD_CLAIM_SECRET_BLOCK from the answer; must be the issued one. */
  claimedSecretBlock: string;
  /** TIMESTAMP from the answer. */
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE from the answer. */
  signature: string;
  /**
   * If set, refuse a TIMESTAMP further than this from `now` (milliseconds). [OURS] Off by default:
   * no source says what Cognito does with a far-off TIMESTAMP (see checkPasswordClaim).
   */
  maxSkewMs?: number;
  now?: number;
}

/** Longest SRP_A taken, in hex digits: N has 768, so this leaves room for leading zeros and bounds the BigInt parse of a hostile value. [OURS] */
const MAX_A_DIGITS = 1024;
/** Longest stored value taken (salt, verifier, b, B), in hex digits. */
const MAX_STORED_DIGITS = 1024;
const SALT_BYTES = 16;
/** 256 bits: RFC 5054's minimum for the server's private value, and what keeps its exponentiations cheap. */
const B_SECRET_BYTES = 32;
const SECRET_BLOCK_BYTES = 64;

/** The pool name the client mixes into x and the signature: the pool id after its underscore. */
export function poolNameOf(poolId: string): string {
  const name = poolId.split('_')[1];
  if (!name) throw new TypeError(`not a user pool id: ${poolId}`);
  return name;
}

/**
 * Salt and verifier for a password. The salt's first byte is 0x01-0x7f so its hex is the same
 * whether a client reads SALT as a number and re-encodes it with padHex (AuthenticationHelper,
 * pycognito, warrant) or hashes its bytes as sent (some hand-written clients): a leading 00 or a
 * set top bit would part them. [OURS] Real Cognito's salts (16 bytes) can start with any byte.
 */
export function makeVerifier(poolId: string, userIdForSrp: string, password: string, random: RandomBytes = cryptoRandomBytes): SrpVerifier {
  const bytes = Buffer.from(random(SALT_BYTES));
  bytes[0] = (bytes[0] & 0x7f) || 0x01;
  const salt = bytes.toString('hex');
  const x = passwordExponent(poolNameOf(poolId), userIdForSrp, password, BigInt('0x' + salt));
  return { salt, verifier: evenHex(modPowN(G, x)) };
}

function storedVerifier(verifierHex: string): bigint {
  const v = parseHex(verifierHex, MAX_STORED_DIGITS);
  // g^x lies in [2, N-2] but for x = 0 mod the group order; anything else is not a verifier.
  if (v === undefined || v < 2n || v > N - 2n) throw new TypeError('malformed SRP verifier');
  return v;
}

/**
 * b and B = (k * v + g^b) mod N for a PASSWORD_VERIFIER challenge. B is sent as even-length hex
 * without padHex's sign byte, a number every client parses; Cognito's own SRP_B looks the same
 * (Java's BigInteger.toString(16), but for our even length).
 */
export function startPasswordVerifier(verifierHex: string, random: RandomBytes = cryptoRandomBytes): ServerEphemeral {
  const v = storedVerifier(verifierHex);
  for (let attempt = 0; attempt < 8; attempt++) {
    const b = BigInt('0x' + Buffer.from(random(B_SECRET_BYTES)).toString('hex'));
    if (b === 0n) continue;
    const B = (K * v + modPowN(G, b)) % N;
    // The client gives up on B % N == 0 (AuthenticationHelper: "B cannot be zero"); draw again.
    if (B === 0n) continue;
    return { b: evenHex(b), B: evenHex(B) };
  }
  throw new Error('random source gave no usable SRP secret');
}

/** SECRET_BLOCK for a new challenge: random bytes in base64. Cognito's is an opaque encrypted blob; clients only echo it and sign its bytes. */
export function newSecretBlock(random: RandomBytes = cryptoRandomBytes): string {
  return Buffer.from(random(SECRET_BLOCK_BYTES)).toString('base64');
}

/** SRP_A as a number in [1, N-1], or undefined when it is not hex, too long, or 0 mod N (which would make S = 0 whatever the password). */
export function parseClientA(AHex: unknown): bigint | undefined {
  const A = parseHex(AHex, MAX_A_DIGITS);
  // A >= N is refused rather than reduced: no client sends it, and u hashes A as sent. [OURS]
  if (A === undefined || A === 0n || A >= N) return undefined;
  return A;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIMESTAMP = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) ([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})$/;

/** DateHelper.getNowString() for a given time: "Tue Jul 10 11:01:00 UTC 2018". */
export function cognitoTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} `
    + `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/**
 * The time a TIMESTAMP names, in milliseconds, or undefined unless it is exactly what
 * DateHelper writes for some second: the day unpadded, the weekday that date's, a real date.
 */
export function parseCognitoTimestamp(timestamp: unknown): number | undefined {
  if (typeof timestamp !== 'string') return undefined;
  const m = TIMESTAMP.exec(timestamp);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]);
  if (month < 0) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(m[7]), month, Number(m[3]));
  date.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  return cognitoTimestamp(date) === timestamp ? date.getTime() : undefined;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** S = (A * v^u)^b mod N, or undefined for a base OpenSSL refuses: 0 (A % N == 0) and 1 or N-1, whose powers anyone can tell. */
function serverSecret(A: bigint, v: bigint, u: bigint, b: bigint): bigint | undefined {
  const base = (A * modPowN(v, u)) % N;
  if (base < 2n || base > N - 2n) return undefined;
  return modPowN(base, b);
}

function storedNumbers(c: PasswordClaim): { salt: bigint; v: bigint; b: bigint; B: bigint } {
  const salt = parseHex(c.saltHex, MAX_STORED_DIGITS);
  const b = parseHex(c.bHex, MAX_STORED_DIGITS);
  const B = parseHex(c.BHex, MAX_STORED_DIGITS);
  if (salt === undefined || b === undefined || b === 0n || B === undefined || B === 0n || B >= N) {
    throw new TypeError('malformed SRP challenge state (salt, b or B)');
  }
  return { salt, v: storedVerifier(c.verifierHex), b, B };
}

/**
 * Whether a PASSWORD_VERIFIER answer proves the password. False for a wrong password or any
 * tampered part, a malformed SRP_A, TIMESTAMP, signature or secret block, A % N == 0 and u == 0;
 * a malformed stored value (salt, verifier, b, B, pool id) is a TypeError. The signature compare
 * is constant-time. Cheap checks run before the two exponentiations.
 *
 * TIMESTAMP must parse in DateHelper's form. How far from the server's clock Cognito lets it be is
 * not documented or measured anywhere we found (one Amplify user reports signing in with a wrong
 * device clock, github.com/aws-amplify/amplify-js/issues/2014), so by default it may be any time
 * [OURS]: replay is already bounded by the challenge session, whose b is used once (the caller
 * must delete it on the first answer, right or wrong). maxSkewMs bounds it if wanted.
 */
export function checkPasswordClaim(c: PasswordClaim): boolean {
  const stored = storedNumbers(c);
  const poolName = poolNameOf(c.poolId);
  const A = parseClientA(c.AHex);
  const time = parseCognitoTimestamp(c.timestamp);
  if (A === undefined || time === undefined || typeof c.signature !== 'string') return false;
  if (c.maxSkewMs !== undefined && Math.abs(time - (c.now ?? Date.now())) > c.maxSkewMs) return false;
  if (typeof c.claimedSecretBlock !== 'string' || !sameString(c.claimedSecretBlock, c.secretBlock)) return false;

  const u = scramble(A, stored.B);
  if (u === 0n) return false;
  const S = serverSecret(A, stored.v, u, stored.b);
  if (S === undefined) return false;
  return sameString(c.signature, claimSignature(passwordKey(S, u), poolName, c.userIdForSrp, c.secretBlock, c.timestamp));
}

/** PASSWORD_CLAIM_SIGNATURE for a derived key (CognitoUser.authenticateUserDefaultAuth): base64 HMAC-SHA256 over the four parts. */
export function claimSignature(key: Buffer, poolName: string, userIdForSrp: string, secretBlock: string, timestamp: string): string {
  return hmacSha256(key, Buffer.from(poolName, 'utf8'), Buffer.from(userIdForSrp, 'utf8'),
    Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp, 'utf8')).toString('base64');
}

/** For the tests: the server's S, to check its refusals of bases OpenSSL would not take. */
export const srpInternals = { serverSecret, padHex };

// The arithmetic under Cognito's SRP (src/auth/srp.ts has the protocol and where each formula comes
// from): the group, the hex encoding the client library hashes, SHA-256 and the HKDF step, and
// modular exponentiation done by OpenSSL through Node's DiffieHellman object.
//
// Why DiffieHellman: a 3072-bit modular exponentiation in JavaScript BigInt, on the event loop,
// costs several times what it costs in OpenSSL (bench/srp.ts measures both in the same run,
// docs/benchmarks.md has the figures). computeSecret(base) returns base^privateKey mod N for any base OpenSSL
// accepts as a peer key, and setPrivateKey(exponent) chooses the exponent, so g^x, g^b, v^u and
// (A * v^u)^b all run natively. OpenSSL refuses a base outside [2, N-2] ("Supplied key is too
// small" / "too large"); modPowN() refuses those itself, before OpenSSL sees them, so callers
// decide what such a base means. OpenSSL refuses a result of 1 or N-1 too, which modPowN() works
// out in BigInt. It does not check that the base lies in the subgroup g generates.
//
// One DiffieHellman object serves each thread that loads this module, made on first use: on
// Node 24 (OpenSSL 3.5) createDiffieHellman() tests the prime it is given, seconds for this one,
// where Node 20 (OpenSSL 3.0) recognises the RFC 3526 group and takes well under a millisecond
// (docs/benchmarks.md). That is why the server runs all of this in the SRP thread
// (src/signin/srpWorker.ts), never on its event loop. getDiffieHellman('modp15') is the same group
// without that cost but cannot take a chosen private key. Sharing one object is safe: every use
// sets the exponent and computes in the same synchronous call.
import { createDiffieHellman, createHash, createHmac, getDiffieHellman, type DiffieHellman } from 'node:crypto';

/**
 * N: the 3072-bit prime of RFC 5054 appendix A (the same as RFC 3526's group 15, Node's
 * 'modp15'), the constant initN of amazon-cognito-identity-js src/AuthenticationHelper.js.
 */
export const N_BYTES: Buffer = getDiffieHellman('modp15').getPrime();
export const N: bigint = BigInt('0x' + N_BYTES.toString('hex'));
/** g = 2 (AuthenticationHelper.js: new BigInteger('2', 16)). */
export const G = 2n;

/**
 * AuthenticationHelper.padHex for a non-negative number: even-length lowercase hex with a leading
 * 00 when the top bit is set (Java's BigInteger.toByteArray(), a positive two's-complement form).
 * The client hashes these bytes, so every hash input here goes through it.
 */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  else if (/^[89a-f]/.test(hex)) hex = '00' + hex;
  return hex;
}

/** Even-length hex of a number, without padHex's sign byte: how values are handed out and stored. */
export function evenHex(n: bigint): string {
  const hex = n.toString(16);
  return hex.length % 2 === 1 ? '0' + hex : hex;
}

export function sha256(...parts: (Buffer | string)[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function hmacSha256(key: Buffer, ...parts: Buffer[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The number a hex string names (any case, leading zeros allowed), or undefined when it is not hex or longer than maxDigits. */
export function parseHex(hex: unknown, maxDigits: number): bigint | undefined {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length > maxDigits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  return BigInt('0x' + hex);
}

/** k = H(padHex(N) | padHex(g)) (AuthenticationHelper constructor). */
export const K: bigint = BigInt('0x' + sha256(Buffer.from(padHex(N) + padHex(G), 'hex')).toString('hex'));

/** u = H(padHex(A) | padHex(B)) (AuthenticationHelper.calculateU). */
export function scramble(A: bigint, B: bigint): bigint {
  return BigInt('0x' + sha256(Buffer.from(padHex(A) + padHex(B), 'hex')).toString('hex'));
}

/**
 * x = H(padHex(salt) | H(poolName | userIdForSrp | ':' | password)), the inner hash over the UTF-8
 * string (AuthenticationHelper.getPasswordAuthenticationKey; @aws-crypto/sha256-js hashes a string
 * as UTF-8).
 */
export function passwordExponent(poolName: string, userIdForSrp: string, password: string, salt: bigint): bigint {
  const inner = sha256(`${poolName}${userIdForSrp}:${password}`);
  return BigInt('0x' + sha256(Buffer.from(padHex(salt), 'hex'), inner).toString('hex'));
}

const INFO = Buffer.from('Caldera Derived Key\u0001', 'utf8');

/**
 * The 16-byte key both sides derive from S: HKDF-SHA256 (RFC 5869) with salt padHex(u), input
 * padHex(S) and info "Caldera Derived Key", one block, cut to 16 bytes
 * (AuthenticationHelper.computehkdf).
 */
export function passwordKey(S: bigint, u: bigint): Buffer {
  const prk = hmacSha256(Buffer.from(padHex(u), 'hex'), Buffer.from(padHex(S), 'hex'));
  return hmacSha256(prk, INFO).subarray(0, 16);
}

let engine: DiffieHellman | undefined;

/** Makes this thread's DiffieHellman object now, so its one-time cost (seconds on Node 24) is paid before, not inside, what follows (bench/srp.ts). */
export function prepareModPow(): void {
  engine ??= createDiffieHellman(N_BYTES, Buffer.from([Number(G)]));
}

/**
 * base^exponent mod N in OpenSSL. base must be in [2, N-2], the range OpenSSL takes, and exponent
 * positive (OpenSSL refuses an empty or zero private key): anything else is a RangeError, a bug in
 * the caller, who is to have decided what such values mean.
 */
export function modPowN(base: bigint, exponent: bigint): bigint {
  if (base < 2n || base > N - 2n) throw new RangeError('modPowN: base outside [2, N-2]');
  if (exponent <= 0n) throw new RangeError('modPowN: exponent must be positive');
  prepareModPow();
  engine!.setPrivateKey(Buffer.from(evenHex(exponent), 'hex'));
  try {
    return BigInt('0x' + engine!.computeSecret(Buffer.from(evenHex(base), 'hex')).toString('hex'));
  } catch (err) {
    // OpenSSL also refuses a result of 1 or N-1, a shared secret it deems degenerate. Those come
    // only from an exponent that is a multiple of half the base's order (N-1, (N-1)/2), which
    // none of ours (256 bits, against an order of 3071) can be; should one, BigInt says which.
    const result = modPowBigInt(base, exponent);
    if (result === 1n || result === N - 1n) return result;
    throw err;
  }
}

/** base^exponent mod N in BigInt: the tests' second opinion and the bench's baseline, never the server's path. */
export function modPowBigInt(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = ((base % N) + N) % N;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
  }
  return result;
}

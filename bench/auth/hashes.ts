// The baselines of bench/auth, in the bench process: each hash function alone, run as the server
// runs it (at most --hashing-concurrency at once, on libuv's thread pool), for a fixed time; and
// the pieces of a sign-in timed one at a time, for the breakdown of where a sign-in's time goes.
import { createPrivateKey } from 'node:crypto';
import { hash as bcryptHash, verify as bcryptVerify } from '@node-rs/bcrypt';
import { makeVerifier, prepareSrp } from '../../src/auth/srp';
import { signRs256 } from '../../src/auth/tokens/jws';
import { newSigningKey } from '../../src/auth/tokens/signingKeys';
import { hashPassword, verifyPassword } from '../../src/domain/passwords';
import { machineBusySeconds } from '../api/load';
import { BCRYPT_COST } from './world';

export interface HashRun {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  calls: number;
  seconds: number;
  /** CPU the rest of the machine (not this process) used meanwhile, in cores. */
  otherCores: number;
}

const percentile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const msSince = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

/**
 * `concurrency` callers, each calling `fn` again as soon as its last call ends, for `seconds`
 * after one unmeasured call each; every call must answer true (the right password).
 */
export async function hashAlone(name: string, concurrency: number, seconds: number, fn: () => Promise<boolean>): Promise<HashRun> {
  await Promise.all(Array.from({ length: concurrency }, fn));
  const times: number[] = [];
  const [busy, self] = [machineBusySeconds(), process.cpuUsage()];
  const start = process.hrtime.bigint();
  const endMs = seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (msSince(start) < endMs) {
      const t = process.hrtime.bigint();
      if (!await fn()) throw new Error(`${name}: the right password did not verify`);
      times.push(msSince(t));
    }
  }));
  const elapsed = msSince(start) / 1000;
  const own = process.cpuUsage(self);
  const otherCores = Math.max(0, machineBusySeconds() - busy - (own.user + own.system) / 1e6) / elapsed;
  times.sort((a, b) => a - b);
  return { name, perSecond: times.length / elapsed, p50: percentile(times, 0.5), p99: percentile(times, 0.99), calls: times.length, seconds: elapsed, otherCores };
}

/** scrypt verify with the server's parameters (src/domain/passwords.ts), of a hash made by it. */
export async function scryptVerifier(): Promise<() => Promise<boolean>> {
  const phc = await hashPassword('Member-1-pw!');
  return () => verifyPassword('Member-1-pw!', phc);
}

/** @node-rs/bcrypt's verify of a cost-10 hash it made. */
export async function bcryptVerifier(): Promise<() => Promise<boolean>> {
  const h = await bcryptHash('Imported-1-pw!', BCRYPT_COST);
  return () => bcryptVerify('Imported-1-pw!', h);
}

export interface Piece {
  name: string;
  /** Median ms of one call, one at a time. */
  ms: number;
  where: 'thread pool' | 'event loop';
}

async function median(n: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(msSince(t));
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

/**
 * What a sign-in computes, each piece timed alone, one call at a time (medians): the password
 * checks and the rehash on the thread pool; the SRP verifier and the two RS256 tokens (ID and
 * access) on the event loop.
 */
export async function signInPieces(): Promise<Record<'bcrypt' | 'scryptVerify' | 'scryptHash' | 'srpVerifier' | 'tokens', Piece>> {
  const bcrypt = await bcryptVerifier();
  const scrypt = await scryptVerifier();
  prepareSrp();
  const key = createPrivateKey((await newSigningKey()).privateKeyPem);
  const claims: [string, unknown][] = [['sub', 'a'.repeat(36)], ['iss', 'http://127.0.0.1:9229/us-east-1_Bench0001'], ['token_use', 'id'], ['exp', 1_900_000_000]];
  return {
    bcrypt: { name: 'bcrypt cost-10 verify (@node-rs/bcrypt)', ms: await median(15, bcrypt), where: 'thread pool' },
    scryptVerify: { name: 'scrypt verify (ln=15, r=8, p=1)', ms: await median(15, scrypt), where: 'thread pool' },
    scryptHash: { name: 'scrypt hash of the new password (the rehash)', ms: await median(15, () => hashPassword('Imported-1-pw!')), where: 'thread pool' },
    srpVerifier: { name: 'SRP verifier (makeVerifier)', ms: await median(100, () => makeVerifier('us-east-1_Bench0001', 'user1', 'Imported-1-pw!')), where: 'event loop' },
    tokens: { name: 'two RS256 signatures (ID and access token)', ms: 2 * await median(200, () => signRs256('kid', claims, key)), where: 'event loop' },
  };
}

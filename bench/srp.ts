// The cost of Cognito's SRP on the server (src/auth/srp.ts), each call on the event loop:
// makeVerifier (when the server learns a password), startPasswordVerifier (InitiateAuth) and
// checkPasswordClaim (RespondToAuthChallenge), next to two baselines measured in the same run: one
// HMAC-SHA256 (what a request's signature check costs) and one 3072-bit modular exponentiation
// with a 256-bit exponent in JavaScript BigInt (what each of the check's two exponentiations would
// cost without OpenSSL). Also the one-time cost of the native arithmetic's first use, which is
// large on Node 24. Then the same calls as the server makes them, through the SRP thread
// (src/signin/srpWorker.ts): the first call of a fresh thread, each call's median against the
// in-process one of the same run (the hop's overhead, as a ratio), and checks 16 at a time.
//
//   node dist/bench/srp.js [--iterations 300]
import { createHmac, randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { checkPasswordClaim, claimSignature, cognitoTimestamp, makeVerifier, newSecretBlock, prepareSrp, startPasswordVerifier,
  type PasswordClaim } from '../src/auth/srp';
import { G, K, N, modPowBigInt, modPowN, passwordExponent, passwordKey, scramble } from '../src/auth/srpGroup';
import { SrpWorker } from '../src/signin/srpWorker';

const POOL_ID = 'us-east-1_Bench0001';

/** Median microseconds a call of fn over n calls, after n/10 calls of warm-up. */
function perCall(n: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.max(3, n / 10); i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)];
}

/**
 * Median microseconds of a call in process and of the same call through the thread, taken in
 * turns (one of each, n times, after n/10 of warm-up) so both see the same load on the machine.
 */
async function paired(n: number, local: (i: number) => unknown, threaded: (i: number) => Promise<unknown>): Promise<[number, number]> {
  for (let i = 0; i < Math.max(3, n / 10); i++) {
    local(i);
    await threaded(i);
  }
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < n; i++) {
    let t = process.hrtime.bigint();
    local(i);
    times[0].push(Number(process.hrtime.bigint() - t) / 1000);
    t = process.hrtime.bigint();
    await threaded(i);
    times[1].push(Number(process.hrtime.bigint() - t) / 1000);
  }
  const median = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(n / 2)];
  return [median(times[0]), median(times[1])];
}

/** Calls per second with `width` calls always waiting, over `total` calls. */
async function throughput(total: number, width: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t = process.hrtime.bigint();
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < total) await fn(next++);
  }));
  return total / (Number(process.hrtime.bigint() - t) / 1e9);
}

/** ms the first call of a fresh thread takes, and the longest the event loop was held meanwhile. */
async function firstThreadCall(srp: SrpWorker): Promise<{ ms: number; loopMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // The histogram counts from its first tick: one recorded before the call.
  while (h.count === 0) await new Promise((r) => setTimeout(r, 1));
  const t = process.hrtime.bigint();
  await srp.makeVerifier(POOL_ID, 'first', 'a password');
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const seen = h.count;
  while (h.count <= seen) await new Promise((r) => setTimeout(r, 1));
  h.disable();
  return { ms, loopMs: h.max / 1e6 };
}

/** The server's path: each call through the SRP thread against the same call in process, in turns. */
async function throughThread(n: number, claims: PasswordClaim[]): Promise<void> {
  const srp = new SrpWorker();
  try {
    const first = await firstThreadCall(srp);
    console.log(`first call of a fresh SRP thread (its start, and its DiffieHellman object): ${first.ms.toFixed(1)} ms; `
      + `the event loop was held at most ${first.loopMs.toFixed(1)} ms meanwhile`);
    const verifier = claims[0].verifierHex;
    const rows: Array<[string, [number, number]]> = [
      ['makeVerifier', await paired(n, (i) => makeVerifier(POOL_ID, `user${i}`, 'a password'), (i) => srp.makeVerifier(POOL_ID, `user${i}`, 'a password'))],
      ['startPasswordVerifier', await paired(n, () => startPasswordVerifier(verifier), () => srp.start(verifier))],
      ['checkPasswordClaim, right password', await paired(n, (i) => checkPasswordClaim(claims[i % 8]), (i) => srp.check(claims[i % 8]))],
    ];
    for (const [name, [local, us]] of rows) {
      const more = us - local;
      console.log(`${name}, in turns: in process ${local.toFixed(0)} us, through the thread ${us.toFixed(0)} us = ${(us / local).toFixed(2)} `
        + `(${more >= 0 ? '+' : ''}${more.toFixed(0)} us)`);
    }
    const total = Math.max(100, n);
    const threaded = await throughput(total, 16, (i) => srp.check(claims[i % 8]));
    const inProcess = await throughput(total, 1, async (i) => checkPasswordClaim(claims[i % 8]));
    console.log(`checks 16 at a time: ${threaded.toFixed(0)}/s through the thread, ${inProcess.toFixed(0)}/s in process on the event loop `
      + `(${(threaded / inProcess).toFixed(2)})`);
  } finally {
    await srp.close();
  }
}

/** A valid claim as a client would make it (the client's side computed here in BigInt, once). */
function clientClaim(username: string, password: string): PasswordClaim {
  const { salt, verifier } = makeVerifier(POOL_ID, username, password);
  const { b, B } = startPasswordVerifier(verifier);
  const a = BigInt('0x' + randomBytes(128).toString('hex'));
  const A = modPowN(G, a);
  const Bn = BigInt('0x' + B);
  const u = scramble(A, Bn);
  const x = passwordExponent('Bench0001', username, password, BigInt('0x' + salt));
  const S = modPowBigInt(Bn - K * modPowN(G, x), a + u * x);
  const secretBlock = newSecretBlock();
  const timestamp = cognitoTimestamp(new Date());
  const signature = claimSignature(passwordKey(S, u), 'Bench0001', username, secretBlock, timestamp);
  return { poolId: POOL_ID, userIdForSrp: username, saltHex: salt, verifierHex: verifier, bHex: b, BHex: B, AHex: A.toString(16),
    secretBlock, claimedSecretBlock: secretBlock, timestamp, signature };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { iterations: { type: 'string', default: '300' } } });
  const n = Number(values.iterations);
  if (!Number.isSafeInteger(n) || n < 10) throw new Error('--iterations must be an integer >= 10');
  console.log(`Node ${process.version}, OpenSSL ${process.versions.openssl}, ${n} calls each (median)`);

  const t0 = process.hrtime.bigint();
  prepareSrp();
  console.log(`first use of the native arithmetic (createDiffieHellman with Cognito's prime): ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2)} ms, once per process`);

  const hmacKey = randomBytes(32);
  const message = randomBytes(100);
  const hmac = perCall(n * 20, () => createHmac('sha256', hmacKey).update(message).digest());
  const base = BigInt('0x' + randomBytes(384).toString('hex')) % (N - 3n) + 2n;
  const exponents = Array.from({ length: 16 }, () => BigInt('0x' + randomBytes(32).toString('hex')));
  const bigint = perCall(Math.max(10, n / 5), (i) => modPowBigInt(base, exponents[i % 16]));
  const native = perCall(n, (i) => modPowN(base, exponents[i % 16]));
  console.log(`baseline: HMAC-SHA256 of 100 bytes: ${hmac.toFixed(2)} us`);
  console.log(`baseline: BigInt 3072-bit modPow, 256-bit exponent: ${bigint.toFixed(0)} us`);
  console.log(`  the same in OpenSSL (modPowN): ${native.toFixed(0)} us = ${(native / bigint).toFixed(2)} of BigInt's`);

  const claims = Array.from({ length: 8 }, (_, i) => clientClaim(`user${i}`, `password ${i}`));
  if (!claims.every((c) => checkPasswordClaim(c))) throw new Error('a valid claim did not verify');
  const verifier = claims[0].verifierHex;
  const rows: Array<[string, number]> = [
    ['makeVerifier', perCall(n, (i) => makeVerifier(POOL_ID, `user${i}`, 'a password'))],
    ['startPasswordVerifier', perCall(n, () => startPasswordVerifier(verifier))],
    ['checkPasswordClaim, right password', perCall(n, (i) => checkPasswordClaim(claims[i % 8]))],
    ['checkPasswordClaim, wrong signature', perCall(n, (i) => checkPasswordClaim({ ...claims[i % 8], signature: claims[(i + 1) % 8].signature }))],
  ];
  for (const [name, us] of rows) {
    console.log(`${name}: ${us.toFixed(0)} us = ${(us / bigint).toFixed(2)} of a BigInt modPow, ${(us / hmac).toFixed(0)}x an HMAC`);
  }
  await throughThread(n, claims);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

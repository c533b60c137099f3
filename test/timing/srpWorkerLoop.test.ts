// SRP's arithmetic never holds the event loop (docs/behaviour.md: no request holds it more than
// ~20 ms; sign-in: a few ms): it runs in the SRP thread (src/signin/srpWorker.ts). Measured with
// perf_hooks.monitorEventLoopDelay (test/helpers/eventLoop.ts), tried again when over budget.
// The first call of a fresh service starts the thread and, on Node 24, pays OpenSSL's check of
// the prime (over a second of CPU: src/auth/srpGroup.ts); 50 checks in a row would hold the
// loop for their whole time in process, as each call's promise settles without a turn between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checkPasswordClaim, claimSignature, cognitoTimestamp, makeVerifier, newSecretBlock, poolNameOf, startPasswordVerifier,
  type PasswordClaim } from '../../src/auth/srp';
import { G, K, modPowBigInt, modPowN, passwordExponent, passwordKey, scramble } from '../../src/auth/srpGroup';
import { SrpWorker } from '../../src/signin/srpWorker';
import { measureWithinBudget } from '../helpers/eventLoop';

/** "A few ms": far under the ~20 ms a request may take. */
const BUDGET_MS = 10;
const POOL_ID = 'us-east-1_L00p';
const elapsedMs = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e6;

test('the first call of a fresh service (the thread\'s start; on Node 24 the prime check) leaves the loop ticking', async (t) => {
  let tookMs = 0;
  const r = await measureWithinBudget(async () => {
    const srp = new SrpWorker();
    const start = process.hrtime.bigint();
    try {
      return await srp.makeVerifier(POOL_ID, 'alice', 'Correct horse 1!');
    } finally {
      tookMs = elapsedMs(start);
      await srp.close();
    }
  }, { budgetMs: BUDGET_MS });
  t.diagnostic(`Node ${process.version}: the first call took ${tookMs.toFixed(0)} ms; loop held at most ${r.maxDelayMs.toFixed(1)} ms (tries: ${r.tries.join(', ')})`);
  assert.match(r.value.verifier, /^[0-9a-f]+$/);
  assert.ok(r.maxDelayMs <= BUDGET_MS, `the loop was held ${r.maxDelayMs} ms (tries: ${r.tries.join(', ')})`);
});

/** A valid claim, the client's side computed here. */
function clientClaim(username: string, password: string): PasswordClaim {
  const { salt, verifier } = makeVerifier(POOL_ID, username, password);
  const { b, B } = startPasswordVerifier(verifier);
  const a = BigInt('0x' + randomBytes(32).toString('hex'));
  const A = modPowN(G, a);
  const u = scramble(A, BigInt('0x' + B));
  const x = passwordExponent(poolNameOf(POOL_ID), username, password, BigInt('0x' + salt));
  const S = modPowBigInt(BigInt('0x' + B) - K * modPowN(G, x), a + u * x);
  const secretBlock = newSecretBlock();
  const timestamp = cognitoTimestamp(new Date());
  return { poolId: POOL_ID, userIdForSrp: username, saltHex: salt, verifierHex: verifier, bHex: b, BHex: B, AHex: A.toString(16),
    secretBlock, claimedSecretBlock: secretBlock, timestamp, signature: claimSignature(passwordKey(S, u), poolNameOf(POOL_ID), username, secretBlock, timestamp) };
}

test('50 password claims checked one after another leave the loop ticking', async (t) => {
  const claim = clientClaim('bob', 'pässwörd 1');
  const inProcess = process.hrtime.bigint();
  for (let i = 0; i < 50; i++) assert.equal(checkPasswordClaim(claim), true);
  const inProcessMs = elapsedMs(inProcess);
  assert.ok(inProcessMs > 3 * BUDGET_MS, `50 checks took ${inProcessMs} ms in process: too quick to tell`);
  const srp = new SrpWorker();
  try {
    assert.equal(await srp.check(claim), true); // the thread started and warm
    const r = await measureWithinBudget(async () => {
      for (let i = 0; i < 50; i++) assert.equal(await srp.check(claim), true);
    }, { budgetMs: BUDGET_MS });
    t.diagnostic(`50 checks: ${inProcessMs.toFixed(0)} ms in process; through the thread the loop held at most ${r.maxDelayMs.toFixed(1)} ms (tries: ${r.tries.join(', ')})`);
    assert.ok(r.maxDelayMs <= BUDGET_MS, `the loop was held ${r.maxDelayMs} ms (tries: ${r.tries.join(', ')})`);
  } finally {
    await srp.close();
  }
});

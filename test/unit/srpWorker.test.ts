// The SRP service in its thread (src/signin/srpWorker.ts): a claim amazon-cognito-identity-js's
// AuthenticationHelper signs checks through it and a wrong password's does not; a malformed
// stored value is a plain error (the API's InternalErrorException); a killed thread rejects the
// call it held and the next call starts another; no thread before the first call, none at a
// server's start; past the bound, TooManyRequestsException; an idle thread does not keep a process
// alive; the process's shared service is closed by its last holder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as cognito from 'amazon-cognito-identity-js';
import { ServiceError } from '../../src/api/serviceError';
import { claimSignature, cognitoTimestamp, poolNameOf } from '../../src/auth/srp';
import type { SrpService } from '../../src/signin/services';
import { SrpWorker, holdSharedSrp } from '../../src/signin/srpWorker';
import { startTestServer } from '../helpers/server';

interface Helper {
  getLargeAValue(cb: (err: unknown, A: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, B: unknown, salt: unknown, cb: (err: unknown, key: Buffer) => void): void;
}
const lib = cognito as unknown as { AuthenticationHelper: new (poolName: string) => Helper };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default as new (hex: string, radix: number) => unknown;

const POOL_ID = 'us-east-1_Thr3ad';
const USER = 'alice';
const PASSWORD = 'Correct horse 1!';
type Claim = Parameters<SrpService['check']>[0];

/** Verifier and B made through the service; A, the key and the signature by AuthenticationHelper with `password`. */
async function clientClaim(srp: SrpService, password: string): Promise<Claim> {
  const { salt, verifier } = await srp.makeVerifier(POOL_ID, USER, PASSWORD);
  const { b, B } = await srp.start(verifier);
  const helper = new lib.AuthenticationHelper(poolNameOf(POOL_ID));
  const AHex = await new Promise<string>((resolve) => helper.getLargeAValue((_e, A) => resolve(A.toString(16))));
  const key = await new Promise<Buffer>((resolve, reject) => helper.getPasswordAuthenticationKey(USER, password,
    new BigInteger(B, 16), new BigInteger(salt, 16), (e, k) => (e ? reject(e) : resolve(k))));
  const secretBlock = srp.newSecretBlock();
  const timestamp = cognitoTimestamp(new Date());
  return { poolId: POOL_ID, userIdForSrp: USER, saltHex: salt, verifierHex: verifier, bHex: b, BHex: B, AHex, secretBlock, timestamp,
    signature: claimSignature(key, poolNameOf(POOL_ID), USER, secretBlock, timestamp) };
}

test('a right claim checks through the thread, a wrong password\'s does not; a malformed stored value is a plain error', async () => {
  const srp = new SrpWorker();
  try {
    const right = await clientClaim(srp, PASSWORD);
    assert.equal(await srp.check(right), true);
    assert.equal(await srp.check(await clientClaim(srp, 'Correct horse 1?')), false);
    assert.equal(await srp.check({ ...right, timestamp: cognitoTimestamp(new Date(0)) }), false);
    for (const call of [() => srp.start('zz'), () => srp.check({ ...right, verifierHex: '1' })]) {
      await assert.rejects(call(), (e: Error) => {
        assert.deepEqual([e.name, e.message], ['TypeError', 'malformed SRP verifier']);
        assert.ok(!(e instanceof ServiceError), 'not a ServiceError: the API answers InternalErrorException');
        return true;
      });
    }
    assert.equal(await srp.check(right), true, 'the thread still answers after a call that threw');
    assert.equal(srp.threadsStarted, 1);
  } finally {
    await srp.close();
  }
});

test('made but never called: no thread, not for a secret block either; a server\'s start starts none', async () => {
  const srp = new SrpWorker();
  assert.match(srp.newSecretBlock(), /^[A-Za-z0-9+/]{86}==$/);
  assert.equal(srp.threadsStarted, 0);
  await srp.close();
  assert.equal(srp.threadsStarted, 0);
  const server = await startTestServer();
  try {
    const probe = holdSharedSrp(); // the server holds the process's service: this is the same one
    assert.equal(probe.srp.threadsStarted, 0);
    await probe.release();
  } finally {
    await server.close();
  }
});

test('a thread killed mid-call rejects the call it held, as a plain error; the next call starts another thread and works', async () => {
  const warm = new SrpWorker();
  const claim = await clientClaim(warm, PASSWORD).finally(() => warm.close());
  const srp = new SrpWorker();
  try {
    // Killed in the same turn as the call is posted to a thread that is still starting (tens of
    // ms; on Node 24 then the prime check): the answer cannot have come back. A warm thread
    // answers a check in about a millisecond, which a loaded machine's scheduler can let pass
    // between two statements.
    const held = srp.check(claim);
    const killed = srp.kill();
    await assert.rejects(held, (e: Error) => {
      assert.match(e.message, /^the SRP thread stopped before it answered/);
      assert.ok(!(e instanceof ServiceError));
      return true;
    });
    await killed;
    assert.equal(await srp.check(claim), true);
    assert.equal(srp.threadsStarted, 2);
  } finally {
    await srp.close();
  }
});

test('past the bound of waiting calls: TooManyRequestsException "Too many requests"; the others are answered', async () => {
  const srp = new SrpWorker({ maxWaiting: 2 });
  try {
    const { verifier } = await srp.makeVerifier(POOL_ID, USER, PASSWORD);
    const accepted = Array.from({ length: 4 }, () => srp.start(verifier)); // 2 in the thread, 2 waiting
    await assert.rejects(srp.start(verifier), { name: 'TooManyRequestsException', message: 'Too many requests' });
    for (const r of await Promise.all(accepted)) assert.match(r.B, /^[0-9a-f]+$/);
  } finally {
    await srp.close();
  }
});

test('a closed service rejects; the shared service lives while a server holds it and closes with the last', async () => {
  const srp = new SrpWorker();
  await srp.close();
  await assert.rejects(srp.start('02'), { message: 'the SRP thread is closed' });
  assert.equal(srp.threadsStarted, 0);
  const a = holdSharedSrp();
  const b = holdSharedSrp();
  assert.equal(a.srp, b.srp);
  const { verifier } = await a.srp.makeVerifier(POOL_ID, USER, PASSWORD);
  await a.release();
  await a.release(); // twice is once
  assert.match((await b.srp.start(verifier)).B, /^[0-9a-f]+$/, 'still open for the other holder');
  await b.release();
  await assert.rejects(b.srp.start(verifier), { message: 'the SRP thread is closed' });
  const c = holdSharedSrp();
  assert.notEqual(c.srp, a.srp, 'a new service once the last holder let go');
  await c.release();
});

test('an idle thread does not keep the process alive: a script that never closes the service ends', () => {
  const module = join(__dirname, '..', '..', 'src', 'signin', 'srpWorker.js');
  const script = `const s = new (require(${JSON.stringify(module)}).SrpWorker)();
    s.makeVerifier('us-east-1_X', 'u', 'p').then((v) => console.log(s.threadsStarted, v.salt.length));`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.trim(), '1 32');
});

// Cognito's SRP server side (src/auth/srp.ts) against the client Amplify apps run,
// amazon-cognito-identity-js. CognitoUser.authenticateUser (USER_SRP_AUTH) talks to an in-process
// stand-in for InitiateAuth and RespondToAuthChallenge built on srp.ts (no HTTP, no storage), so the
// library itself builds SRP_A, the key, the TIMESTAMP, the signature and the echoed secret block:
// the right password signs in (also by an alias, as USER_ID_FOR_SRP is the username), a wrong one
// does not, and that answer with any part changed is refused. AuthenticationHelper alone signs
// timestamps the parser must refuse, and its padHex, which every hash input goes through, is ours
// for numbers with a leading zero nibble or the top bit set. The round through the HTTP server is
// not here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as cognito from 'amazon-cognito-identity-js';
import { checkPasswordClaim, claimSignature, cognitoTimestamp, makeVerifier, newSecretBlock, parseCognitoTimestamp, poolNameOf,
  startPasswordVerifier, type PasswordClaim } from '../../src/auth/srp';
import { G, K, N, modPowBigInt, padHex } from '../../src/auth/srpGroup';

/** The parts of the library index.d.ts leaves untyped. */
interface Helper {
  N: { toString(radix: number): string };
  g: { toString(radix: number): string };
  k: { toString(radix: number): string };
  padHex(n: unknown): string;
  getLargeAValue(cb: (err: unknown, A: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, B: unknown, salt: unknown, cb: (err: unknown, key: Buffer) => void): void;
}
const lib = cognito as unknown as { AuthenticationHelper: new (poolName: string) => Helper; DateHelper: new () => { getNowString(): string } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default as new (hex: string, radix: number) => unknown;

type Callback = (err: unknown, data?: unknown) => void;
interface Account { poolId: string; username: string; password: string }
interface Round { ok: boolean; claim: PasswordClaim }

/** Signs in with CognitoUser.authenticateUser against srp.ts; resolves with the server's verdict and the claim it checked. */
function signIn(account: Account, password: string, typedName = account.username): Promise<Round> {
  const { salt, verifier } = makeVerifier(account.poolId, account.username, account.password);
  const pool = new cognito.CognitoUserPool({ UserPoolId: account.poolId, ClientId: 'client0' });
  const user = new cognito.CognitoUser({ Username: typedName, Pool: pool });
  let challenge: { A: string; b: string; B: string; secretBlock: string } | undefined;
  let claim: PasswordClaim | undefined;
  const request = (op: string, params: { AuthParameters: Record<string, string>; ChallengeResponses: Record<string, string> }, cb: Callback) => {
    if (op === 'InitiateAuth') {
      challenge = { A: params.AuthParameters.SRP_A, ...startPasswordVerifier(verifier), secretBlock: newSecretBlock() };
      return cb(null, { ChallengeName: 'PASSWORD_VERIFIER', Session: 's1', ChallengeParameters:
        { USER_ID_FOR_SRP: account.username, SALT: salt, SRP_B: challenge.B, SECRET_BLOCK: challenge.secretBlock, USERNAME: account.username } });
    }
    const r = params.ChallengeResponses;
    claim = { poolId: account.poolId, userIdForSrp: account.username, saltHex: salt, verifierHex: verifier, bHex: challenge!.b, BHex: challenge!.B,
      AHex: challenge!.A, secretBlock: challenge!.secretBlock, claimedSecretBlock: r.PASSWORD_CLAIM_SECRET_BLOCK, timestamp: r.TIMESTAMP,
      signature: r.PASSWORD_CLAIM_SIGNATURE };
    if (checkPasswordClaim(claim)) return cb(null, { ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: {}, Session: 's2' });
    return cb({ code: 'NotAuthorizedException', name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  };
  (user as unknown as { client: { request: typeof request } }).client = { request };
  return new Promise((resolve, reject) => {
    user.authenticateUser(new cognito.AuthenticationDetails({ Username: typedName, Password: password }), {
      onSuccess: () => reject(new Error('the stand-in never issues tokens')),
      onFailure: (err: { code?: string }) => (err.code === 'NotAuthorizedException' ? resolve({ ok: false, claim: claim! }) : reject(err)),
      customChallenge: () => resolve({ ok: true, claim: claim! }),
    });
  });
}

const ALICE: Account = { poolId: 'us-east-1_Ab3dE6gH9', username: 'alice', password: 'Correct horse 1!' };

test('the right password signs in through CognitoUser.authenticateUser, a wrong one does not', async () => {
  assert.equal((await signIn(ALICE, ALICE.password)).ok, true);
  assert.equal((await signIn(ALICE, 'Correct horse 1?')).ok, false);
  assert.equal((await signIn(ALICE, '')).ok, false);
  const other: Account = { poolId: 'eu-west-2_zZ9', username: 'Jörg.Émile+tag@example.com', password: 'pässwörd 東京 🎉' };
  assert.equal((await signIn(other, other.password)).ok, true);
  assert.equal((await signIn(other, 'passwörd 東京 🎉')).ok, false);
});

test('signing in by an alias works when the verifier is the username\'s: the client uses USER_ID_FOR_SRP', async () => {
  const round = await signIn(ALICE, ALICE.password, 'alice@example.com');
  assert.equal(round.ok, true);
  assert.equal(round.claim.userIdForSrp, 'alice');
});

test('the library\'s answer with any part changed is refused', async () => {
  const { ok, claim } = await signIn(ALICE, ALICE.password);
  assert.equal(ok, true);
  assert.equal(checkPasswordClaim(claim), true, 'the same claim checks again');
  const flip = (s: string, i = 0) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const otherA = modPowBigInt(G, 123456789n).toString(16);
  const later = cognitoTimestamp(new Date(parseCognitoTimestamp(claim.timestamp)! + 1000));
  const changes: Array<[string, Partial<PasswordClaim>]> = [
    ['signature, first character', { signature: flip(claim.signature) }],
    ['signature, last byte', { signature: flip(claim.signature, 40) }],
    ['signature, cut', { signature: claim.signature.slice(0, 43) }],
    ['signature, empty', { signature: '' }],
    ['timestamp, one second later', { timestamp: later }],
    ['timestamp, not Cognito\'s form', { timestamp: new Date().toISOString() }],
    ['secret block echoed changed', { claimedSecretBlock: flip(claim.claimedSecretBlock, 5) }],
    ['secret block other than issued, consistently', { secretBlock: flip(claim.secretBlock, 5), claimedSecretBlock: flip(claim.secretBlock, 5) }],
    ['A, another valid value', { AHex: otherA }],
    ['A, one more', { AHex: (BigInt('0x' + claim.AHex) + 1n).toString(16) }],
    ['user id', { userIdForSrp: 'alice2' }],
    ['pool', { poolId: 'us-east-1_Ab3dE6gH8' }],
    ['B', { BHex: (BigInt('0x' + claim.BHex) + 1n).toString(16) }],
  ];
  for (const [what, change] of changes) assert.equal(checkPasswordClaim({ ...claim, ...change }), false, what);
});

test('A = 0, A = N and malformed A are refused before any arithmetic', async () => {
  const { claim } = await signIn(ALICE, ALICE.password);
  const bad = ['0', '0000', N.toString(16), (2n * N).toString(16), (N + 1n).toString(16), '', 'xyz', '12 34', '0x1234', 'f'.repeat(1025)];
  for (const AHex of bad) assert.equal(checkPasswordClaim({ ...claim, AHex }), false, `A = ${AHex.slice(0, 20)}`);
  assert.equal(checkPasswordClaim({ ...claim, AHex: '00' + claim.AHex }), true, 'leading zeros name the same A');
  assert.equal(checkPasswordClaim({ ...claim, AHex: claim.AHex.toUpperCase() }), true, 'upper-case hex names the same A');
});

test('maxSkewMs bounds the timestamp when asked to; by default any well-formed time goes', async () => {
  const { claim } = await signIn(ALICE, ALICE.password);
  const now = parseCognitoTimestamp(claim.timestamp)!;
  assert.equal(checkPasswordClaim({ ...claim, now: now + 3_600_000 }), true);
  assert.equal(checkPasswordClaim({ ...claim, now: now + 299_000, maxSkewMs: 300_000 }), true);
  assert.equal(checkPasswordClaim({ ...claim, now: now + 301_000, maxSkewMs: 300_000 }), false);
  assert.equal(checkPasswordClaim({ ...claim, now: now - 301_000, maxSkewMs: 300_000 }), false);
});

/** One round with AuthenticationHelper as the client: the claim signed with the key it derives, and a way to sign other timestamps with that key. */
async function helperRound(account: Account, password: string): Promise<{ claim: PasswordClaim; signedAt(timestamp: string): PasswordClaim }> {
  const poolName = poolNameOf(account.poolId);
  const helper = new lib.AuthenticationHelper(poolName);
  const AHex = await new Promise<string>((resolve) => helper.getLargeAValue((_e, A) => resolve(A.toString(16))));
  const { salt, verifier } = makeVerifier(account.poolId, account.username, account.password);
  const { b, B } = startPasswordVerifier(verifier);
  const secretBlock = newSecretBlock();
  const key = await new Promise<Buffer>((resolve, reject) => helper.getPasswordAuthenticationKey(account.username, password,
    new BigInteger(B, 16), new BigInteger(salt, 16), (e, k) => (e ? reject(e) : resolve(k))));
  const signedAt = (timestamp: string): PasswordClaim => ({ poolId: account.poolId, userIdForSrp: account.username, saltHex: salt,
    verifierHex: verifier, bHex: b, BHex: B, AHex, secretBlock, claimedSecretBlock: secretBlock, timestamp,
    signature: claimSignature(key, poolName, account.username, secretBlock, timestamp) });
  return { claim: signedAt(new lib.DateHelper().getNowString()), signedAt };
}

test('AuthenticationHelper\'s key verifies round after round; with a wrong password it does not', async () => {
  for (let i = 0; i < 8; i++) {
    const account = { poolId: `ap-south-1_P${i}`, username: `user-${i}`, password: `pw ${i} ${'x'.repeat(i)}` };
    assert.equal(checkPasswordClaim((await helperRound(account, account.password)).claim), true, `round ${i}`);
    if (i % 3 === 0) assert.equal(checkPasswordClaim((await helperRound(account, account.password + '.')).claim), false, `round ${i}, wrong password`);
  }
});

test('N, g and k are AuthenticationHelper\'s; our padHex is its padHex for numbers of every length, with and without the top bit or a leading zero nibble', () => {
  const helper = new lib.AuthenticationHelper('pool');
  assert.deepEqual([helper.N.toString(16), helper.g.toString(16), helper.k.toString(16)], [N.toString(16), G.toString(16), K.toString(16)]);
  const values = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, N, N - 1n];
  for (let bytes = 1; bytes <= 385; bytes += 3) {
    for (const top of [0x00, 0x0f, 0x10, 0x7f, 0x80, 0xff]) {
      const buf = randomBytes(bytes);
      buf[0] = top;
      values.push(BigInt('0x' + buf.toString('hex')));
    }
  }
  for (const n of values) assert.equal(padHex(n), helper.padHex(new BigInteger(n.toString(16), 16)), n.toString(16).slice(0, 12));
});

test('a correctly signed timestamp is still refused unless it is DateHelper\'s exact form', async () => {
  const { signedAt } = await helperRound(ALICE, ALICE.password);
  assert.equal(checkPasswordClaim(signedAt('Tue Feb 1 03:04:05 UTC 2000')), true);
  for (const ts of ['Tue Feb 01 03:04:05 UTC 2000', 'Wed Feb 1 03:04:05 UTC 2000', 'Tue Feb 1 3:04:05 UTC 2000', 'Tue Feb 1 03:04:05 GMT 2000',
    'Tue Feb  1 03:04:05 UTC 2000', 'Tue Feb 1 03:04:05 UTC 2000 ', 'tue feb 1 03:04:05 UTC 2000', 'Mon Jan 31 27:04:05 UTC 2000']) {
    assert.equal(checkPasswordClaim(signedAt(ts)), false, ts);
  }
});

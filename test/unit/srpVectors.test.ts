// Cognito's SRP math (src/auth/srpGroup.ts, src/auth/srp.ts) against implementations other than
// amazon-cognito-identity-js: the known answers of warrant, Soto and cognito-srp-helper
// (test/fixtures/srp/vectors.ts says where each comes from) for k, u, x, the HKDF key and the
// signature; the native exponentiation against BigInt, and its refusals (OpenSSL takes a base only
// in [2, N-2]); the verifier and B against their formulas; TIMESTAMP's form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checkPasswordClaim, claimSignature, cognitoTimestamp, makeVerifier, parseClientA, parseCognitoTimestamp, srpInternals,
  startPasswordVerifier } from '../../src/auth/srp';
import { G, K, N, modPowBigInt, modPowN, padHex, passwordExponent, passwordKey, scramble } from '../../src/auth/srpGroup';
import { K_DECIMAL, U_CASE, VECTORS } from '../fixtures/srp/vectors';

const hex = (s: string) => BigInt('0x' + s);

test('k and u equal warrant\'s', () => {
  assert.equal(K.toString(), K_DECIMAL);
  assert.equal(scramble(hex(U_CASE.A), hex(U_CASE.B)).toString(), U_CASE.u);
});

for (const v of VECTORS) {
  test(`the key and signature for ${v.source}'s client values equal its published ones`, () => {
    // The client's side, S = (B - k * g^x)^(a + u * x) mod N, from our x, u and k.
    const a = hex(v.a);
    const B = hex(v.B);
    const u = scramble(modPowBigInt(G, a), B);
    const x = passwordExponent(v.poolName, v.userId, v.password, hex(v.salt));
    const S = modPowBigInt(B - K * modPowBigInt(G, x), a + u * x);
    const key = passwordKey(S, u);
    if (v.key) assert.equal(key.toString('hex'), v.key);
    if (v.signature) assert.equal(claimSignature(key, v.poolName, v.userId, v.secretBlock!, v.timestamp!), v.signature);
    if (v.timestamp) assert.equal(cognitoTimestamp(new Date(parseCognitoTimestamp(v.timestamp)!)), v.timestamp);
  });
}

test('padHex is AuthenticationHelper\'s for non-negative numbers (its own examples and the edges)', () => {
  const cases: Array<[bigint, string]> = [[20n, '14'], [56n, '38'], [236n, '00ec'], [200n, '00c8'], [0n, '00'], [0x123n, '0123'],
    [0x7fn, '7f'], [0x80n, '0080'], [0xffffn, '00ffff']];
  for (const [n, want] of cases) assert.equal(padHex(n), want, n.toString(16));
  assert.equal(padHex(N).length, 770, 'N has its top bit set: 385 bytes');
});

test('modPowN equals BigInt exponentiation, refuses the bases OpenSSL would (0, 1, N-1, N) and a zero exponent, and works out the results OpenSSL refuses (1, N-1)', () => {
  for (const base of [2n, 3n, 5n, N - 2n, hex(randomBytes(384).toString('hex')) % (N - 3n) + 2n]) {
    for (const e of [1n, 2n, 65537n, hex(randomBytes(32).toString('hex')) || 1n, N - 2n, N + 5n]) {
      assert.equal(modPowN(base, e), modPowBigInt(base, e), `${base.toString(16).slice(0, 8)}^${e.toString(16).slice(0, 8)}`);
    }
  }
  for (const base of [0n, 1n, N - 1n, N, N + 2n, -2n]) assert.throws(() => modPowN(base, 5n), RangeError, `base ${base}`);
  assert.throws(() => modPowN(3n, 0n), RangeError);
  // Results OpenSSL refuses to hand back: 3 is a square mod N, 5 is not, so their ((N-1)/2)th powers are 1 and N-1.
  const half = (N - 1n) / 2n;
  assert.equal(modPowN(3n, half), 1n);
  assert.equal(modPowN(5n, half), N - 1n);
  assert.equal(modPowN(5n, N - 1n), 1n);
});

test('S is refused, not computed, when A * v^u mod N is 1 or N-1 (its powers are public)', () => {
  const v = 5n;
  const inverse = modPowBigInt(v, N - 2n); // v^-1 mod N (N prime)
  const b = 0x1234567n;
  assert.equal(srpInternals.serverSecret(inverse, v, 1n, b), undefined, 'A * v = 1');
  assert.equal(srpInternals.serverSecret(N - inverse, v, 1n, b), undefined, 'A * v = N-1');
  assert.equal(srpInternals.serverSecret(7n, v, 1n, b), modPowBigInt(35n, b));
});

test('makeVerifier: v = g^x for the salt it hands out, whose first byte is 0x01-0x7f whatever the random bytes', () => {
  for (const first of [0x00, 0x01, 0x7f, 0x80, 0x8f, 0xff]) {
    const bytes = randomBytes(16);
    bytes[0] = first;
    const { salt, verifier } = makeVerifier('us-east-1_Pool', 'bob', 'secret', () => Buffer.from(bytes));
    assert.match(salt, /^(0[1-9a-f]|[1-7][0-9a-f])[0-9a-f]{30}$/);
    assert.equal(padHex(hex(salt)), salt, 'the hex a client re-encodes is the hex sent');
    assert.equal(hex(verifier), modPowBigInt(G, passwordExponent('Pool', 'bob', 'secret', hex(salt))));
  }
  assert.throws(() => makeVerifier('nounderscore', 'bob', 'secret'), TypeError);
});

test('startPasswordVerifier: B = (k * v + g^b) mod N; a zero b is drawn again; a source of only zeros is an error', () => {
  const { verifier } = makeVerifier('us-east-1_Pool', 'bob', 'secret');
  const v = hex(verifier);
  const { b, B } = startPasswordVerifier(verifier);
  assert.equal(hex(B), (K * v + modPowBigInt(G, hex(b))) % N);
  assert.equal(B.length % 2, 0);
  let calls = 0;
  const once = startPasswordVerifier(verifier, (n) => (calls++ === 0 ? Buffer.alloc(n) : Buffer.alloc(n, 7)));
  assert.equal(once.b, '07'.repeat(32));
  assert.throws(() => startPasswordVerifier(verifier, (n) => Buffer.alloc(n)), /no usable SRP secret/);
  for (const bad of ['', 'zz', '0', '1', (N - 1n).toString(16), N.toString(16)]) {
    assert.throws(() => startPasswordVerifier(bad), TypeError, `verifier ${bad.slice(0, 8)}`);
  }
});

test('a malformed stored value is an error, not a refusal', () => {
  const { salt, verifier } = makeVerifier('us-east-1_Pool', 'bob', 'secret');
  const { b, B } = startPasswordVerifier(verifier);
  const claim = { poolId: 'us-east-1_Pool', userIdForSrp: 'bob', saltHex: salt, verifierHex: verifier, bHex: b, BHex: B, AHex: 'abc',
    secretBlock: 'AAAA', claimedSecretBlock: 'AAAA', timestamp: 'Tue Feb 1 03:04:05 UTC 2000', signature: 'x' };
  assert.equal(checkPasswordClaim(claim), false);
  for (const bad of [{ saltHex: 'zz' }, { verifierHex: '1' }, { bHex: '0' }, { BHex: N.toString(16) }, { poolId: 'Pool' }]) {
    assert.throws(() => checkPasswordClaim({ ...claim, ...bad }), TypeError, JSON.stringify(bad));
  }
});

test('parseClientA takes [1, N-1] in hex, any case, leading zeros, at most 1024 digits', () => {
  assert.equal(parseClientA('1'), 1n);
  assert.equal(parseClientA('00Ff'), 255n);
  assert.equal(parseClientA((N - 1n).toString(16)), N - 1n);
  assert.equal(parseClientA('0'.repeat(1023) + '1'), 1n);
  for (const bad of ['0', N.toString(16), '0'.repeat(1024) + '1', '', 'g', '-1', ' 1', 12 as unknown as string]) assert.equal(parseClientA(bad), undefined);
});

test('TIMESTAMP: every second of DateHelper\'s form parses back; other forms of the same time do not', () => {
  const start = Date.UTC(2024, 0, 1, 0, 0, 0);
  for (let t = start; t < Date.UTC(2025, 0, 1); t += 3_600_000 * 7 + 61_000) {
    assert.equal(parseCognitoTimestamp(cognitoTimestamp(new Date(t))), t, new Date(t).toISOString());
  }
  assert.equal(cognitoTimestamp(new Date(Date.UTC(2018, 6, 10, 11, 1, 0))), 'Tue Jul 10 11:01:00 UTC 2018');
  assert.equal(parseCognitoTimestamp('Tue Feb 29 00:00:00 UTC 2000'), Date.UTC(2000, 1, 29));
  assert.equal(parseCognitoTimestamp('Mon Jan 1 00:00:00 UTC 0001'), undefined, 'years before 1000 are not written with four digits');
  for (const bad of ['Thu Feb 29 00:00:00 UTC 2001', 'Thu Feb 30 00:00:00 UTC 2000', 'Tue Feb 1 24:00:00 UTC 2000', 'Tue Feb 1 23:60:00 UTC 2000',
    'Tue Feb 1 23:59:60 UTC 2000', 'Tue Feb 0 03:04:05 UTC 2000', 'Tue Feb 1 03:04:05 UTC 20000', 'Tue Fbr 1 03:04:05 UTC 2000', '', undefined]) {
    assert.equal(parseCognitoTimestamp(bad), undefined, String(bad));
  }
});

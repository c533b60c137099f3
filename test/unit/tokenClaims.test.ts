// Cognito's token bytes (src/auth/tokens/claims.ts, claimOrder.ts, jws.ts): claims in the order
// published tokens show them, values typed as Cognito types them, a header of kid then alg with
// '/' escaped as Cognito's JSON writer escapes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { accessTokenClaims, idTokenClaims, type ClaimFacts } from '../../src/auth/tokens/claims';
import { hashMapOrder } from '../../src/auth/tokens/claimOrder';
import { cognitoJson, signRs256 } from '../../src/auth/tokens/jws';

const facts = (attributes: [string, string][]): ClaimFacts => ({
  issuer: 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_Example12', clientId: 'client', originJti: 'o', eventId: 'e', authTimeS: 1, iatS: 2,
  user: { username: 'jane', usernameKey: 'jane', sub: 's', attributes },
});
const names = (entries: [string, unknown][]): string => entries.map(([k]) => k).join(' ');

// Claim names as they stand in real tokens published in public code and issues (values left out).
test('access token: the order of published tokens (12 claims, a 32-bucket table)', () => {
  assert.equal(names(accessTokenClaims(facts([]), 'j', 3)), 'sub iss client_id origin_jti event_id token_use scope auth_time exp iat jti username');
});

test('ID tokens: the order of published ones, custom attributes before the standard claims and standard ones after', () => {
  const cases: [[string, string][], string][] = [
    [[['custom:roles', 'x'], ['email_verified', 'true'], ['custom:group', 'x'], ['email', 'x']],
      'sub custom:roles email_verified iss custom:group cognito:username origin_jti aud event_id token_use auth_time exp iat jti email'],
    [[['sub', 's'], ['custom:roles', 'x'], ['email_verified', 'true'], ['name', 'x'], ['email', 'x']],
      'sub custom:roles email_verified iss cognito:username origin_jti aud event_id token_use auth_time name exp iat jti email'],
    // 24 claims: a 64-bucket table, as HashMap(Map) sizes it (a map grown one put at a time would have 32).
    [[['custom:created_at', 'x'], ['custom:role', 'x'], ['custom:organisationName', 'x'], ['custom:isVerifiedByAdmin', 'x'], ['custom:organisationId', 'x'],
      ['updated_at', '1714122051818'], ['email', 'x'], ['email_verified', 'false'], ['address', 'x'], ['phone_number_verified', 'true'], ['given_name', 'x'],
      ['phone_number', 'x'], ['family_name', 'x']],
    'custom:created_at sub iss updated_at auth_time exp custom:role iat jti email email_verified address custom:organisationName phone_number_verified '
      + 'custom:isVerifiedByAdmin cognito:username given_name custom:organisationId origin_jti aud event_id token_use phone_number family_name'],
  ];
  for (const [attributes, published] of cases) assert.equal(names(idTokenClaims(facts(attributes), 'j', 3)), published);
});

test('an older 11-claim token: a 16-bucket table, and sub before aud in their shared bucket', () => {
  const put = ['sub', 'aud', 'email_verified', 'token_use', 'auth_time', 'iss', 'cognito:username', 'exp', 'iat', 'email', 'at_hash'];
  assert.equal(names(hashMapOrder(put.map((k): [string, unknown] => [k, 0]))), 'at_hash sub aud email_verified token_use auth_time iss cognito:username exp iat email');
});

test('ID token values: verified flags boolean, updated_at a number, address an object, the rest strings; no dev: attributes, one sub', () => {
  const claims = Object.fromEntries(idTokenClaims(facts([
    ['sub', 'stored-sub'], ['email_verified', 'false'], ['phone_number_verified', 'true'], ['updated_at', '1700000000'], ['address', '1 Main St'],
    ['custom:count', '7'], ['custom:flag', 'true'], ['dev:custom:secret', 'x'], ['birthdate', '1990-01-01'],
  ]), 'j', 3600));
  assert.deepEqual(claims, {
    sub: 's', iss: facts([]).issuer, 'cognito:username': 'jane', origin_jti: 'o', aud: 'client', event_id: 'e', token_use: 'id', auth_time: 1, exp: 3600,
    iat: 2, jti: 'j', email_verified: false, phone_number_verified: true, updated_at: 1_700_000_000, address: { formatted: '1 Main St' },
    'custom:count': '7', 'custom:flag': 'true', birthdate: '1990-01-01',
  });
});

test("Cognito's JSON: every '/' escaped, members in the order given, parseable as ever", () => {
  const text = cognitoJson([['iss', 'https://h/p'], ['a', { b: 'x/y' }], ['n', 1]]);
  assert.equal(text, '{"iss":"https:\\/\\/h\\/p","a":{"b":"x\\/y"},"n":1}');
  assert.deepEqual(JSON.parse(text), { iss: 'https://h/p', a: { b: 'x/y' }, n: 1 });
});

test('the header is kid then alg, no typ; the signature is RS256 over header.payload', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwt = signRs256('ab/c=', [['sub', 's']], privateKey);
  const [h, p, sig] = jwt.split('.');
  assert.equal(Buffer.from(h, 'base64url').toString(), '{"kid":"ab\\/c=","alg":"RS256"}');
  assert.equal(Buffer.from(p, 'base64url').toString(), '{"sub":"s"}');
  const { createVerify } = await import('node:crypto');
  assert.ok(createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey, Buffer.from(sig, 'base64url')));
});

// App clients' pure parts (spec section 9, "App clients"): the ids and secrets, Cognito's defaults,
// the rules the model cannot express, the token lifetimes sign-in will use; and what sign-in asks
// of a client (src/domain/clientAuth.ts): the SECRET_HASH and which AuthFlow it allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clientSettings, CONTEXT_DATA_MESSAGE, DEFAULT_REDIRECT_MESSAGE, MIXED_FLOWS_MESSAGE, TOKEN_VALIDITY_MESSAGE, tokenLifetimes,
  type ClientRequest,
} from '../../src/domain/appClient';
import {
  authFlowAllowed, checkSecretHash, flowNotEnabledMessage, secretHash, secretHashMismatchMessage, secretMissingMessage,
} from '../../src/domain/clientAuth';
import { appClientId, appClientSecret } from '../../src/domain/ids';

test('client ids: a 128-bit number in base 32 (0-9a-v) without leading zeros, as published ids are', () => {
  const lengths = new Set<number>();
  for (let i = 0; i < 2_000; i++) {
    const id = appClientId();
    assert.match(id, /^[1-9a-v][0-9a-v]*$/);
    assert.ok(id.length <= 26, id);
    if (id.length === 26) assert.match(id, /^[1-7]/, '26 digits carry 130 bits: the first holds the top 3');
    const value = [...id].reduce((n, d) => n * 32n + BigInt(parseInt(d, 32)), 0n);
    assert.ok(value < 2n ** 128n, id);
    lengths.add(id.length);
  }
  // About 7 in 8 ids have 26 digits and most of the rest 25, as Cognito's (spec section 9).
  assert.ok(lengths.has(26) && lengths.has(25), [...lengths].join());
});

test('client secrets: 51 characters of 0-9a-v, as published secrets are', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const s = appClientSecret();
    assert.match(s, /^[0-9a-v]{51}$/);
    seen.add(s);
  }
  assert.equal(seen.size, 200);
});

test('defaults: what a real CreateUserPoolClient answers for a request naming nothing', () => {
  assert.deepEqual(clientSettings({}, false), {
    RefreshTokenValidity: 30, TokenValidityUnits: {}, AllowedOAuthFlowsUserPoolClient: false, EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false, AuthSessionValidity: 3,
  });
  assert.equal(clientSettings({ RefreshTokenValidity: 0 }, false).RefreshTokenValidity, 30, "0 is the default (botocore's documentation)");
  assert.equal(Object.hasOwn(clientSettings({}, false), 'ExplicitAuthFlows'), false, 'ExplicitAuthFlows only when given');
  assert.equal(Object.hasOwn(clientSettings({}, false), 'PreventUserExistenceErrors'), false, 'PreventUserExistenceErrors only when given');
});

test('given members are kept; lists given empty are as left out; duplicates go', () => {
  const r: ClientRequest = {
    RefreshTokenValidity: 10, AccessTokenValidity: 60, IdTokenValidity: 60,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    ReadAttributes: ['email', 'email'], WriteAttributes: [], ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    CallbackURLs: ['https://example.com'], DefaultRedirectURI: 'https://example.com', PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: false, AuthSessionValidity: 15,
  };
  const s = clientSettings(r, false);
  assert.deepEqual(s.ReadAttributes, ['email']);
  assert.equal(s.WriteAttributes, undefined);
  assert.deepEqual(s.ExplicitAuthFlows, ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  assert.deepEqual(s.TokenValidityUnits, r.TokenValidityUnits);
  assert.equal(s.PreventUserExistenceErrors, 'ENABLED');
  assert.equal(s.EnableTokenRevocation, false);
  assert.equal(s.AuthSessionValidity, 15);
});

test('token lifetimes: defaults one hour and 30 days; each value in its unit; the ranges (5 min-1 day, 60 min-10 years)', () => {
  assert.deepEqual(tokenLifetimes(clientSettings({}, false)), { accessSeconds: 3_600, idSeconds: 3_600, refreshSeconds: 30 * 86_400 });
  assert.deepEqual(tokenLifetimes(clientSettings({ AccessTokenValidity: 5, IdTokenValidity: 24, RefreshTokenValidity: 1_440,
    TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'minutes' } }, false)), { accessSeconds: 300, idSeconds: 86_400, refreshSeconds: 86_400 });
  const fine: ClientRequest[] = [
    { AccessTokenValidity: 300, TokenValidityUnits: { AccessToken: 'seconds' } },
    { AccessTokenValidity: 1, TokenValidityUnits: { AccessToken: 'days' } },
    { RefreshTokenValidity: 3650 },
    { RefreshTokenValidity: 315_360_000, TokenValidityUnits: { RefreshToken: 'seconds' } },
    { RefreshTokenValidity: 36_500, TokenValidityUnits: { RefreshToken: 'minutes' } }, // awsdocs/aws-cloudformation-user-guide#828
  ];
  for (const r of fine) assert.doesNotThrow(() => clientSettings(r, false), JSON.stringify(r));
  const refused: ClientRequest[] = [
    { AccessTokenValidity: 299, TokenValidityUnits: { AccessToken: 'seconds' } },
    { IdTokenValidity: 4, TokenValidityUnits: { IdToken: 'minutes' } },
    { IdTokenValidity: 25 },
    { AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' } },
    { RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' } },
    { RefreshTokenValidity: 3651 },
    { RefreshTokenValidity: 36_500 }, // days: the same trace's refusal
    // The access or ID token outliving the refresh token.
    { AccessTokenValidity: 2, RefreshTokenValidity: 1, TokenValidityUnits: { RefreshToken: 'hours' } },
    { IdTokenValidity: 90, RefreshTokenValidity: 60, TokenValidityUnits: { IdToken: 'minutes', RefreshToken: 'minutes' } },
    // [OURS] a refresh unit without a value: the default 30 in that unit.
    { TokenValidityUnits: { RefreshToken: 'minutes' } },
  ];
  for (const r of refused) {
    assert.throws(() => clientSettings(r, false), { name: 'InvalidParameterException', message: TOKEN_VALIDITY_MESSAGE }, JSON.stringify(r));
  }
});

test('rules: legacy and ALLOW_ flows do not mix; context data needs a secret; the default redirect is a callback', () => {
  assert.doesNotThrow(() => clientSettings({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] }, false));
  assert.throws(() => clientSettings({ ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }, false),
    { name: 'InvalidParameterException', message: MIXED_FLOWS_MESSAGE });
  assert.doesNotThrow(() => clientSettings({ EnablePropagateAdditionalUserContextData: true }, true));
  assert.throws(() => clientSettings({ EnablePropagateAdditionalUserContextData: true }, false),
    { name: 'InvalidParameterException', message: CONTEXT_DATA_MESSAGE });
  assert.throws(() => clientSettings({ DefaultRedirectURI: 'https://a.example', CallbackURLs: ['https://b.example'] }, false),
    { name: 'InvalidParameterException', message: DEFAULT_REDIRECT_MESSAGE });
  assert.throws(() => clientSettings({ DefaultRedirectURI: 'https://a.example' }, false), { message: DEFAULT_REDIRECT_MESSAGE });
});

test('SECRET_HASH: Base64(HMAC-SHA256(secret, username + client id)), against values computed with Python\'s hmac', () => {
  assert.equal(secretHash('e174jlu5mdkr6o1vedp5tvc4rs6lei1nqlapufjc14lup7lhim5', 'jane@example.com', '618jhi0ako4kukld7rsh8tuq2g'),
    'NZQFv73ZXZwp5Hk2zBXi6NaEwvP0pb7ZiXH/cIbgZ7g=');
  assert.equal(secretHash('sécret', 'Zoë', 'abc'), '3nsc7npKWUGuqvLa7h8mtY1i7x/3XZPUyhoovxZf+4A=', 'UTF-8 key and message');
  const c = { clientId: '618jhi0ako4kukld7rsh8tuq2g', secret: 'e174jlu5mdkr6o1vedp5tvc4rs6lei1nqlapufjc14lup7lhim5' };
  assert.equal(checkSecretHash(c, 'jane@example.com', 'NZQFv73ZXZwp5Hk2zBXi6NaEwvP0pb7ZiXH/cIbgZ7g='), 'ok');
  assert.equal(checkSecretHash(c, 'jane@example.com', undefined), 'missing');
  assert.equal(checkSecretHash(c, 'Jane@example.com', 'NZQFv73ZXZwp5Hk2zBXi6NaEwvP0pb7ZiXH/cIbgZ7g='), 'mismatch', 'the username as sent');
  assert.equal(checkSecretHash(c, 'jane@example.com', 'NZQFv73ZXZwp5Hk2zBXi6NaEwvP0pb7ZiXH/cIbgZ7h='), 'mismatch');
  assert.equal(checkSecretHash(c, 'jane@example.com', 'short'), 'mismatch');
  assert.equal(checkSecretHash(c, 'jane@example.com', ''), 'mismatch');
  assert.equal(checkSecretHash({ clientId: 'x' }, 'jane', 'anything'), 'not-required');
  assert.equal(secretMissingMessage('60c14ln0t3saa1jg2e0q13oj2v'), 'Client 60c14ln0t3saa1jg2e0q13oj2v is configured for secret but secret was not received');
  assert.equal(secretHashMismatchMessage('abc'), 'Unable to verify secret hash for client abc');
});

test('authFlowAllowed: each AuthFlow by its ALLOW_ value or its legacy one; a client without flows allows the documented three', () => {
  const allows = (flows: ClientRequest['ExplicitAuthFlows'], flow: string): boolean =>
    authFlowAllowed({ settings: clientSettings({ ExplicitAuthFlows: flows }, false) }, flow);
  assert.equal(allows(['ALLOW_USER_PASSWORD_AUTH'], 'USER_PASSWORD_AUTH'), true);
  assert.equal(allows(['USER_PASSWORD_AUTH'], 'USER_PASSWORD_AUTH'), true);
  assert.equal(allows(['ALLOW_USER_SRP_AUTH'], 'USER_PASSWORD_AUTH'), false);
  for (const flow of ['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']) {
    assert.equal(allows(['ALLOW_ADMIN_USER_PASSWORD_AUTH'], flow), true, flow);
    assert.equal(allows(['ADMIN_NO_SRP_AUTH'], flow), true, flow);
    assert.equal(allows(['ALLOW_USER_PASSWORD_AUTH'], flow), false, flow);
  }
  assert.equal(allows(['ALLOW_USER_SRP_AUTH'], 'USER_SRP_AUTH'), true);
  assert.equal(allows(['ALLOW_USER_PASSWORD_AUTH'], 'USER_SRP_AUTH'), false);
  for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']) {
    assert.equal(allows(['ALLOW_REFRESH_TOKEN_AUTH'], flow), true, flow);
    assert.equal(allows(['ALLOW_USER_SRP_AUTH'], flow), false, flow);
  }
  // [AWS] No ExplicitAuthFlows: ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH and ALLOW_CUSTOM_AUTH.
  for (const [flow, allowed] of [['USER_SRP_AUTH', true], ['REFRESH_TOKEN_AUTH', true], ['CUSTOM_AUTH', true],
    ['USER_PASSWORD_AUTH', false], ['ADMIN_USER_PASSWORD_AUTH', false]] as const) {
    assert.equal(allows(undefined, flow), allowed, flow);
  }
  assert.equal(allows(['ALLOW_USER_AUTH'], 'USER_AUTH'), true);
  assert.equal(allows(undefined, 'USER_AUTH'), false);
  for (const flow of ['USER_SRP_AUTH', 'toString', '__proto__', '']) assert.equal(allows(['ALLOW_USER_AUTH'], flow), false, flow);
  assert.equal(flowNotEnabledMessage('USER_PASSWORD_AUTH'), 'USER_PASSWORD_AUTH flow not enabled for this client');
});

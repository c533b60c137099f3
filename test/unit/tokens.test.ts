// Issuing and checking tokens (src/auth/tokens) on a real SQLite store: what a sign-in hands out,
// the access-token check and each of Cognito's messages, and key rotation and retirement.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSecretKey } from 'node:crypto';
import { CompactSign, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { TokenService, type AuthenticationResult, type IssueTokensInput } from '../../src/auth/tokens';
import { newSigningKey } from '../../src/auth/tokens/signingKeys';
import { NotAuthorizedException } from '../../src/api/errors';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore';
import type { NewSigningKey } from '../../src/store/ports';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import { cleanup, tempDir } from '../helpers/server';

const URL_BASE = 'http://127.0.0.1:9329';
const NOW = 1_800_000_000_000;
const user = { username: 'Jane', usernameKey: 'jane', sub: '0c26b3fe-7842-4d1d-84b6-0c8346afe187', attributes: [['email', 'jane@example.com'], ['email_verified', 'true']] as [string, string][] };

let dir: string;
let store: SqliteStore;
let tokens: TokenService;
let keys: NewSigningKey[];
let seq = 0;

/** RSA keys are slow to make: a few made once, handed out in turn. */
const nextKey = async (): Promise<NewSigningKey> => keys[seq++ % keys.length];

async function newPool(): Promise<StoredPool> {
  const p: StoredPool = { accountId: '111111111111', region: 'us-west-2', id: `us-west-2_unit${String(++seq).padStart(5, '0')}`, name: 'p', createdMs: 1, modifiedMs: 1,
    settings: newPoolSettings({ PoolName: 'p' }) };
  await store.pools.insertPool(p);
  // A sign-in's refresh token is stored only for a user that exists, with the sub it was issued to.
  await store.users.createUsers(p.accountId, p.id, [{ username: user.username, usernameKey: user.usernameKey, attributes: user.attributes, aliases: [],
    status: 'CONFIRMED' }], 1, () => user.sub);
  return p;
}

async function issued(t: TokenService, input: IssueTokensInput): Promise<AuthenticationResult> {
  const r = await t.issueTokens(input);
  assert.ok(r, 'tokens issued');
  return r;
}

const issue = (pool: StoredPool, over: Partial<IssueTokensInput> = {}) => issued(tokens, {
  pool, client: { id: 'client-1' }, user, authTimeS: NOW / 1000 - 5, nowMs: NOW, withRefresh: true, ...over } as IssueTokensInput);

const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

async function refused(token: string, message: string, nowMs = NOW): Promise<void> {
  await assert.rejects(tokens.verifyAccessToken(token, nowMs), (e: unknown) => {
    assert.ok(e instanceof NotAuthorizedException);
    assert.equal(e.message, message);
    return true;
  });
}

before(async () => {
  dir = tempDir('ci-tokens-');
  store = openSqliteStore(join(dir, 'db.sqlite'));
  keys = await Promise.all([newSigningKey(), newSigningKey(), newSigningKey()]);
  tokens = new TokenService({ store, publicUrl: () => `${URL_BASE}/`, newKey: nextKey });
});
after(async () => {
  await store.close();
  cleanup(dir);
});

describe('issueTokens', () => {
  test("a sign-in: Cognito's result, tokens that verify against the pool's JWKS, the refresh token stored by hash", async () => {
    const pool = await newPool();
    const r = await issue(pool);
    assert.deepEqual(Object.keys(r), ['AccessToken', 'ExpiresIn', 'TokenType', 'RefreshToken', 'IdToken']);
    assert.equal(r.ExpiresIn, 3600);
    assert.equal(r.TokenType, 'Bearer');
    assert.match(r.RefreshToken!, /^[A-Za-z0-9_-]{1700,1800}$/);
    const jwks = createLocalJWKSet((await tokens.jwks(pool.id, NOW))!);
    const issuer = `${URL_BASE}/${pool.id}`;
    const id = await jwtVerify(r.IdToken, jwks, { issuer, audience: 'client-1', currentDate: new Date(NOW) });
    assert.deepEqual(id.protectedHeader, { kid: id.protectedHeader.kid, alg: 'RS256' });
    assert.equal(id.payload.exp! - id.payload.iat!, 3600);
    assert.equal(id.payload.auth_time, NOW / 1000 - 5);
    assert.equal(id.payload['cognito:username'], 'Jane');
    assert.equal(id.payload.email_verified, true);
    const access = await jwtVerify(r.AccessToken, jwks, { issuer, currentDate: new Date(NOW) });
    assert.equal(access.payload.origin_jti, id.payload.origin_jti);
    assert.equal(access.payload.event_id, id.payload.event_id);
    assert.notEqual(access.payload.jti, id.payload.jti);
    const stored = await tokens.findRefreshToken(r.RefreshToken!, NOW);
    assert.deepEqual(stored && { ...stored, tokenHash: 'x' }, {
      tokenHash: 'x', originJti: access.payload.origin_jti, accountId: pool.accountId, poolId: pool.id, clientId: 'client-1', usernameKey: 'jane', sub: user.sub,
      authTimeMs: NOW - 5_000, expiresMs: NOW + 30 * 86_400_000,
    });
    assert.equal(await store.database.prepare('SELECT count(*) FROM refresh_tokens WHERE token_hash = ?').pluck().get(r.RefreshToken), 0, 'never the token itself');
  });

  test("the client's validity; a refresh keeps the origin and issues no refresh token", async () => {
    const pool = await newPool();
    const first = await issue(pool);
    const again = await issue(pool, { withRefresh: false, originJti: claimsOf(first.AccessToken).origin_jti as string, nowMs: NOW + 60_000,
      validity: { idTokenSeconds: 300, accessTokenSeconds: 900 } });
    assert.equal(again.RefreshToken, undefined);
    assert.equal(again.ExpiresIn, 900);
    const [id, access] = [claimsOf(again.IdToken), claimsOf(again.AccessToken)];
    assert.equal((id.exp as number) - (id.iat as number), 300);
    assert.equal((access.exp as number) - (access.iat as number), 900);
    assert.equal(access.origin_jti, claimsOf(first.AccessToken).origin_jti);
    assert.equal((await tokens.verifyAccessToken(again.AccessToken, NOW + 60_000)).claims.username, 'Jane');
    await tokens.revokeRefreshToken(first.RefreshToken!, NOW + 120_000);
    await refused(again.AccessToken, 'Access Token has been revoked', NOW + 120_000);
  });

  test('two instances making a pool\'s first key at once sign with the same one', async () => {
    const pool = await newPool();
    const other = new TokenService({ store, publicUrl: () => URL_BASE, newKey: nextKey });
    const [a, b] = await Promise.all([issue(pool), issued(other, { pool, client: { id: 'c' }, user, authTimeS: 1, nowMs: NOW, withRefresh: true })]);
    assert.equal(decodeProtectedHeader(a.IdToken).kid, decodeProtectedHeader(b.IdToken).kid);
    assert.equal((await tokens.jwks(pool.id, NOW))!.keys.length, 1);
  });

  test('a sign-in of a user deleted since it was read, or deleted and made again, gets nothing; nothing is stored', async () => {
    const pool = await newPool();
    const count = (): unknown => store.database.prepare('SELECT count(*) FROM refresh_tokens WHERE pool_id = ?').pluck().get(pool.id);
    const input: IssueTokensInput = { pool, client: { id: 'client-1' }, user, authTimeS: 1, nowMs: NOW, withRefresh: true };
    assert.equal(await tokens.issueTokens({ ...input, user: { ...user, sub: 'the sub of a namesake deleted since' } }), undefined);
    assert.equal(await store.users.deleteUser(pool.accountId, pool.id, user.usernameKey), true);
    assert.equal(await tokens.issueTokens(input), undefined);
    assert.equal(count(), 0);
  });
});

describe('verifyAccessToken', () => {
  test('the claims and the pool of a token in force', async () => {
    const pool = await newPool();
    const r = await issue(pool);
    const v = await tokens.verifyAccessToken(r.AccessToken, NOW + 3_599_999);
    assert.equal(v.pool.id, pool.id);
    assert.deepEqual(v.claims, claimsOf(r.AccessToken));
  });

  test('"Invalid Access Token": an ID token, a forged or foreign token, an unknown pool, garbage', async () => {
    const pool = await newPool();
    const r = await issue(pool);
    const [h, p, s] = r.AccessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claimsOf(r.AccessToken), username: 'admin' })).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    // HS256 with the public key as the secret: the algorithm-confusion attack.
    const jwk = (await tokens.jwks(pool.id, NOW))!.keys[0];
    const hs = await new CompactSign(Buffer.from(p, 'base64url')).setProtectedHeader({ alg: 'HS256', kid: jwk.kid }).sign(createSecretKey(Buffer.from(JSON.stringify(jwk))));
    const elsewhere = new TokenService({ store, publicUrl: () => 'https://other.example', newKey: nextKey });
    const foreign = (await issued(elsewhere, { pool, client: { id: 'c' }, user, authTimeS: 1, nowMs: NOW, withRefresh: true })).AccessToken;
    for (const bad of [r.IdToken, `${h}.${forged}.${s}`, `${h}.${p}.${s.slice(0, -4)}AAAA`, none, hs, foreign, '', 'x', 'a.b.c', `${h}.${p}`]) {
      await refused(bad, 'Invalid Access Token');
    }
    await store.pools.deletePool(pool, pool.id);
    await refused(r.AccessToken, 'Invalid Access Token');
  });

  test('"Access Token has expired" from exp on, before "revoked"; "Access Token has been revoked" after RevokeToken or GlobalSignOut', async () => {
    const pool = await newPool();
    const r = await issue(pool);
    await refused(r.AccessToken, 'Access Token has expired', NOW + 3_600_000);
    await tokens.revokeRefreshToken(r.RefreshToken!, NOW + 1);
    await refused(r.AccessToken, 'Access Token has been revoked', NOW + 2);
    await refused(r.AccessToken, 'Access Token has expired', NOW + 3_600_000);
    const second = await issue(pool);
    const third = await issue(pool);
    assert.equal(await tokens.signOutEverywhere(pool, 'jane', NOW + 3), 2);
    await refused(second.AccessToken, 'Access Token has been revoked', NOW + 4);
    await refused(third.AccessToken, 'Access Token has been revoked', NOW + 4);
    assert.equal(await tokens.findRefreshToken(third.RefreshToken!, NOW + 4), undefined);
  });
});

describe('signing keys', () => {
  test("rotation: tokens signed before still verify; once the old key is retired they do not, and it leaves the JWKS", async () => {
    const pool = await newPool();
    const before = await issue(pool);
    const oldKid = decodeProtectedHeader(before.AccessToken).kid!;
    const rotated = await tokens.rotateSigningKey(pool, NOW);
    const after = await issue(pool);
    assert.equal(decodeProtectedHeader(after.AccessToken).kid, rotated.kid);
    assert.notEqual(rotated.kid, oldKid);
    assert.deepEqual((await tokens.jwks(pool.id, NOW))!.keys.map((k) => k.kid), [rotated.kid, oldKid]);
    await tokens.verifyAccessToken(before.AccessToken, NOW);
    await tokens.verifyAccessToken(after.AccessToken, NOW);

    assert.equal(await tokens.retireSigningKey(pool, oldKid, NOW), true);
    await refused(before.AccessToken, 'Invalid Access Token');
    await tokens.verifyAccessToken(after.AccessToken, NOW);
    const jwks = (await tokens.jwks(pool.id, NOW))!;
    assert.deepEqual(jwks.keys.map((k) => k.kid), [rotated.kid]);
    await assert.rejects(jwtVerify(before.IdToken, createLocalJWKSet(jwks), { currentDate: new Date(NOW) }), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  test("the JWKS: Cognito's members in Cognito's order, never a private part; a pool's first request makes its key", async () => {
    const pool = await newPool();
    const jwks = (await tokens.jwks(pool.id, NOW))!;
    assert.equal(jwks.keys.length, 1);
    assert.deepEqual(Object.keys(jwks.keys[0]), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.match(jwks.keys[0].kid, /^[A-Za-z0-9+/]{43}=$/);
    assert.doesNotMatch(JSON.stringify(jwks), /"d"|PRIVATE/);
    assert.equal(await tokens.jwks('us-west-2_nosuchpool', NOW), undefined);
    assert.equal(await tokens.openIdConfiguration('us-west-2_nosuchpool'), undefined);
  });
});

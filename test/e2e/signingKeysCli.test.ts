// `cognito-import signing-keys` as an operator rotates a pool's key (docs/operations.md): list,
// rotate, restart, retire, on the server's database (SQLite with the server stopped; PostgreSQL
// either way), and what verifiers see through the JWKS after each step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { main } from '../../src/cli/main';
import { cleanup, startTestServer, tempDir, type TestServer } from '../helpers/server';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (x) => { out += x; }, stderr: (x) => { err += x; }, isTTY: false }, {});
  return { code, out, err };
}

interface Listed { KeyId: string; Status: string; CreationDate: string; RetirementDate?: string }
const listed = (out: string): Listed[] => (JSON.parse(out) as { SigningKeys: Listed[] }).SigningKeys;

test('list, rotate, retire: tokens signed before a rotation verify until their key is retired', async () => {
  const first = await startTestServer({ keepDatabase: true });
  const where = first.databaseUrl ? ['--database-url', first.databaseUrl] : ['--data-dir', first.dataDir];
  const restart = (): Promise<TestServer> => startTestServer({ dataDir: first.dataDir, databaseUrl: first.databaseUrl });
  let poolId = '';
  let before = '';
  const user = { username: 'jane', usernameKey: 'jane', sub: 'f0e1d2c3-b4a5-4697-8899-aabbccddeeff', attributes: [] };
  try {
    poolId = (await first.client().send(new CreateUserPoolCommand({ PoolName: 'rotated' }))).UserPool!.Id!;
    const store = await first.openStore();
    const pool = (await store.pools.findPoolById(poolId))!;
    // A sign-in's refresh token is stored only for a user that exists, with its sub.
    await store.users.createUsers(pool.accountId, poolId, [{ ...user, aliases: [], status: 'CONFIRMED' }], Date.now(), () => user.sub);
    await store.close();
    before = (await first.app.tokens.issueTokens({ pool, client: { id: 'cliclient' }, user, authTimeS: 1, nowMs: Date.now(), withRefresh: true }))!.IdToken;
    if (!first.databaseUrl) {
      const busy = await cli(['signing-keys', 'list', '--user-pool-id', poolId, ...where]);
      assert.equal(busy.code, 253);
      assert.match(busy.err, /Stop the server, then run this again/);
    }
  } finally {
    await first.close();
  }
  const oldKid = decodeProtectedHeader(before).kid!;
  const list0 = await cli(['signing-keys', 'list', '--user-pool-id', poolId, ...where]);
  assert.equal(list0.code, 0, list0.err);
  assert.deepEqual(listed(list0.out).map((k) => [k.KeyId, k.Status]), [[oldKid, 'SIGNING']]);
  assert.doesNotMatch(list0.out, /PRIVATE|"n"/, 'key ids and dates only');

  const rotated = await cli(['signing-keys', 'rotate', '--user-pool-id', poolId, ...where]);
  assert.equal(rotated.code, 0, rotated.err);
  const [newKey, oldKey] = listed(rotated.out);
  assert.deepEqual([newKey.Status, oldKey.KeyId, oldKey.Status], ['SIGNING', oldKid, 'PUBLISHED']);

  const second = await restart();
  try {
    const issuer = `${second.url}/${poolId}`;
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    await jwtVerify(before, jwks, { audience: 'cliclient' });
    const store = await second.openStore();
    const pool = (await store.pools.findPoolById(poolId))!;
    await store.close();
    const after = (await second.app.tokens.issueTokens({ pool, client: { id: 'cliclient' }, user, authTimeS: 1, nowMs: Date.now(), withRefresh: true }))!;
    assert.equal(decodeProtectedHeader(after.IdToken).kid, newKey.KeyId, 'the new key signs');
  } finally {
    await second.close();
  }

  const retired = await cli(['signing-keys', 'retire', '--user-pool-id', poolId, '--key-id', oldKid, ...where]);
  assert.equal(retired.code, 0, retired.err);
  assert.deepEqual(listed(retired.out).map((k) => k.Status), ['SIGNING', 'RETIRED']);
  assert.ok(listed(retired.out)[1].RetirementDate);
  const again = await cli(['signing-keys', 'retire', '--user-pool-id', poolId, '--key-id', oldKid, ...where]);
  assert.equal(again.code, 253);
  assert.match(again.err, /has no key .* in its JWKS/);

  const third = await restart();
  try {
    const jwks = createRemoteJWKSet(new URL(`${third.url}/${poolId}/.well-known/jwks.json`));
    await assert.rejects(jwtVerify(before, jwks), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
  } finally {
    await third.close();
    cleanup(first.dataDir);
  }
});

test('usage and configuration errors: what is missing, an unknown pool, a data dir with no database', async () => {
  assert.equal((await cli(['signing-keys', 'spin', '--user-pool-id', 'x'])).code, 252);
  assert.match((await cli(['signing-keys', 'rotate'])).err, /required: --user-pool-id/);
  assert.match((await cli(['signing-keys', 'retire', '--user-pool-id', 'us-west-2_abc'])).err, /required: --key-id/);
  assert.equal((await cli(['signing-keys', 'list', '--user-pool-id', 'us-west-2_abc', '--bogus'])).code, 252);
  assert.match((await cli(['signing-keys', '--help'])).out, /^usage: cognito-import signing-keys list\|rotate\|retire/);
  const empty = tempDir('ci-keys-');
  try {
    const none = await cli(['signing-keys', 'list', '--user-pool-id', 'us-west-2_abc', '--data-dir', empty]);
    assert.equal(none.code, 253);
    assert.match(none.err, /no database at .*cognito-import\.sqlite/);
  } finally {
    cleanup(empty);
  }
  const s = await startTestServer({ keepDatabase: true });
  const where = s.databaseUrl ? ['--database-url', s.databaseUrl] : ['--data-dir', s.dataDir];
  await s.close();
  try {
    const unknown = await cli(['signing-keys', 'list', '--user-pool-id', 'us-west-2_nosuchpool', ...where]);
    assert.equal(unknown.code, 253);
    assert.match(unknown.err, /User pool us-west-2_nosuchpool does not exist\./);
  } finally {
    cleanup(s.dataDir);
  }
});

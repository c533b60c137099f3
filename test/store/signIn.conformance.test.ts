// Sign-in's token ports on every backend: a pool found by its id alone, a pool's signing keys
// (one current key however many makers race for the first, rotation, retirement) and refresh
// tokens (live, revoked one by one or all of a user's, and whether a sign-in's tokens stand).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { NewSigningKey, PoolRef, RefreshTokenRecord, Store } from '../../src/store/ports';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import { BACKENDS, type RawSql } from './backends';

const A = { accountId: '111111111111', region: 'us-west-2' };
const B = { accountId: '222222222222', region: 'eu-west-1' };
let seq = 0;

function pool(scope = A, id = `${scope.region}_tok${String(++seq).padStart(6, '0')}`): StoredPool {
  return { ...scope, id, name: `p${seq}`, createdMs: 1_000, modifiedMs: 1_000, settings: newPoolSettings({ PoolName: 'p' }) };
}

const ref = (p: StoredPool): PoolRef => ({ accountId: p.accountId, poolId: p.id });

/** The store neither parses nor checks keys: stand-ins will do. */
function key(tag: string): NewSigningKey {
  const kid = `kid-${tag}-${++seq}`;
  return { kid, privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${tag}\n-----END PRIVATE KEY-----\n`, publicJwk: { alg: 'RS256', e: 'AQAB', kid, kty: 'RSA', n: `n-${tag}`, use: 'sig' } };
}

const subOf = (usernameKey: string): string => `sub-of-${usernameKey}`;

function token(p: StoredPool, over: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
  const n = ++seq;
  const usernameKey = over.usernameKey ?? 'jane';
  return { tokenHash: `hash-${n}`, originJti: `origin-${n}`, accountId: p.accountId, poolId: p.id, clientId: 'client-1', usernameKey,
    sub: subOf(usernameKey), authTimeMs: 5_000, expiresMs: 100_000, ...over };
}

/** Users as the import makes them, each with the sub token() gives its tokens: a refresh token is stored only for its user. */
async function addUsers(store: Store, p: StoredPool, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    const [outcome] = await store.users.createUsers(p.accountId, p.id, [{ username: k, usernameKey: k, attributes: [], aliases: [], status: 'CONFIRMED' }],
      1_000, () => subOf(k));
    assert.equal(outcome, 'created');
  }
}

for (const backend of BACKENDS) {
  describe(`sign-in tokens: ${backend.name}`, () => {
    let store: Store;
    let raw: RawSql;
    let dispose: () => Promise<void>;
    before(async () => ({ store, raw, dispose } = await backend.open()));
    after(() => dispose());

    test('findPoolById: any account and region; none when unknown, deleted, or held by two accounts', async () => {
      const a = pool(A);
      const b = pool(B);
      await store.pools.insertPool(a);
      await store.pools.insertPool(b);
      assert.deepEqual(await store.pools.findPoolById(a.id), a);
      assert.deepEqual(await store.pools.findPoolById(b.id), b);
      assert.equal(await store.pools.findPoolById('us-west-2_nosuchpool'), undefined);
      const twice = pool(A);
      await store.pools.insertPool(twice);
      await store.pools.insertPool({ ...twice, accountId: B.accountId });
      assert.equal(await store.pools.findPoolById(twice.id), undefined, 'an id two accounts hold names neither');
      await store.pools.deletePool(A, a.id);
      assert.equal(await store.pools.findPoolById(a.id), undefined);
    });

    test('the first key: made once however many makers race; the others lose and read it', async () => {
      const p = ref(pool());
      assert.equal(await store.signingKeys.currentKey(p), undefined);
      const offered = Array.from({ length: 6 }, (_, i) => key(`race${i}`));
      const won = await Promise.all(offered.map((k) => store.signingKeys.addKey(p, k, 2_000, { ifNone: true })));
      assert.equal(won.filter(Boolean).length, 1, 'exactly one insert wins');
      const winner = offered[won.indexOf(true)];
      const current = await store.signingKeys.currentKey(p);
      assert.deepEqual(current, { ...winner, createdMs: 2_000 });
      assert.deepEqual((await store.signingKeys.publishedKeys(p)).map((k) => k.kid), [winner.kid]);
      assert.equal(await store.signingKeys.addKey(p, key('late'), 3_000, { ifNone: true }), false);
    });

    test('rotation: a new key signs from now, even in the same millisecond or with a clock behind; the old stays published', async () => {
      const p = ref(pool());
      const first = key('first');
      const second = key('second');
      const third = key('third');
      assert.equal(await store.signingKeys.addKey(p, first, 10_000, { ifNone: true }), true);
      assert.equal(await store.signingKeys.addKey(p, second, 10_000), true);
      assert.equal((await store.signingKeys.currentKey(p))?.kid, second.kid);
      assert.equal(await store.signingKeys.addKey(p, third, 5_000), true);
      const current = await store.signingKeys.currentKey(p);
      assert.equal(current?.kid, third.kid);
      assert.equal(current?.createdMs, 10_002, 'strictly after the newest key, whatever the clock says');
      assert.equal(current?.privateKeyPem, third.privateKeyPem);
      const published = await store.signingKeys.publishedKeys(p);
      assert.deepEqual(published.map((k) => k.kid), [third.kid, second.kid, first.kid], 'newest first');
      assert.deepEqual(published[0], { kid: third.kid, publicJwk: third.publicJwk, createdMs: 10_002 }, 'no private half outside currentKey');
    });

    test('retirement: out of the JWKS, listed as retired; the newest left signs; none left, a first key may be made again', async () => {
      const p = ref(pool());
      const old = key('old');
      const fresh = key('new');
      await store.signingKeys.addKey(p, old, 1_000, { ifNone: true });
      await store.signingKeys.addKey(p, fresh, 2_000);
      assert.equal(await store.signingKeys.retireKey(p, old.kid, 3_000), true);
      assert.equal(await store.signingKeys.retireKey(p, old.kid, 4_000), false, 'retired already');
      assert.equal(await store.signingKeys.retireKey(p, 'no-such-kid', 4_000), false);
      assert.deepEqual((await store.signingKeys.publishedKeys(p)).map((k) => k.kid), [fresh.kid]);
      assert.deepEqual((await store.signingKeys.listKeys(p)).map((k) => [k.kid, k.retiredMs]), [[fresh.kid, undefined], [old.kid, 3_000]]);
      assert.equal((await store.signingKeys.currentKey(p))?.kid, fresh.kid);
      await store.signingKeys.retireKey(p, fresh.kid, 5_000);
      assert.equal(await store.signingKeys.currentKey(p), undefined);
      assert.deepEqual(await store.signingKeys.publishedKeys(p), []);
      assert.equal(await store.signingKeys.addKey(p, key('again'), 6_000, { ifNone: true }), true);
    });

    test("keys are a pool's own: another account's pool of the same id, another pool", async () => {
      const a = pool(A);
      const mine = key('mine');
      await store.signingKeys.addKey(ref(a), mine, 1_000, { ifNone: true });
      const sameIdElsewhere = { accountId: B.accountId, poolId: a.id };
      assert.equal(await store.signingKeys.currentKey(sameIdElsewhere), undefined);
      assert.equal(await store.signingKeys.retireKey(sameIdElsewhere, mine.kid, 2_000), false);
      assert.equal(await store.signingKeys.addKey(sameIdElsewhere, key('theirs'), 1_000, { ifNone: true }), true);
      assert.equal((await store.signingKeys.currentKey(ref(a)))?.kid, mine.kid);
    });

    test('refresh tokens: live until expiry or revocation; revoking ends the tokens of its origin', async () => {
      const p = pool();
      await addUsers(store, p, 'jane');
      const t = token(p);
      assert.equal(await store.refreshTokens.insert(t), true);
      assert.deepEqual(await store.refreshTokens.findLive(t.tokenHash, 99_999), t);
      assert.equal(await store.refreshTokens.findLive(t.tokenHash, 100_000), undefined, 'expired at expiresMs');
      assert.equal(await store.refreshTokens.isOriginLive(t.originJti), true, 'an access token may outlive its refresh token');
      assert.equal(await store.refreshTokens.findLive('hash-unknown', 0), undefined);
      assert.equal(await store.refreshTokens.isOriginLive('origin-unknown'), false);

      assert.equal(await store.refreshTokens.revoke(t.tokenHash, 50_000), true);
      assert.equal(await store.refreshTokens.revoke(t.tokenHash, 60_000), false, 'revoked already');
      assert.equal(await store.refreshTokens.revoke('hash-unknown', 60_000), false);
      assert.equal(await store.refreshTokens.findLive(t.tokenHash, 50_001), undefined);
      assert.equal(await store.refreshTokens.isOriginLive(t.originJti), false);
    });

    test("GlobalSignOut: every live token of the user in that pool, no one else's", async () => {
      const p = pool();
      const other = pool();
      const mine = [token(p), token(p), token(p, { clientId: 'client-2' })];
      const revokedBefore = token(p);
      const theirs = token(p, { usernameKey: 'joe' });
      const samePersonOtherPool = token(other);
      await addUsers(store, p, 'jane', 'joe');
      await addUsers(store, other, 'jane');
      for (const t of [...mine, revokedBefore, theirs, samePersonOtherPool]) assert.equal(await store.refreshTokens.insert(t), true);
      await store.refreshTokens.revoke(revokedBefore.tokenHash, 1_000);
      assert.equal(await store.refreshTokens.revokeUser(ref(p), 'jane', 2_000), 3);
      for (const t of mine) assert.equal(await store.refreshTokens.isOriginLive(t.originJti), false);
      assert.equal(await store.refreshTokens.isOriginLive(theirs.originJti), true);
      assert.equal(await store.refreshTokens.isOriginLive(samePersonOtherPool.originJti), true);
      assert.deepEqual(await store.refreshTokens.findLive(theirs.tokenHash, 2_000), theirs);
      assert.equal(await store.refreshTokens.revokeUser(ref(p), 'jane', 3_000), 0);
    });

    test("insert: only while the user exists with the token's sub; nothing is left for a user deleted, or deleted and made again", async () => {
      const p = pool();
      const rows = async (): Promise<number> => (await raw('SELECT token_hash FROM refresh_tokens WHERE account_id = ? AND pool_id = ?', [p.accountId, p.id])).length;
      assert.equal(await store.refreshTokens.insert(token(p)), false, 'no such user');
      await addUsers(store, p, 'jane');
      assert.equal(await store.refreshTokens.insert(token(p, { sub: 'sub-of-someone-else' })), false, 'another sub');
      const t = token(p);
      assert.equal(await store.refreshTokens.insert(t), true);
      assert.deepEqual(await store.refreshTokens.findLive(t.tokenHash, 0), t);
      assert.equal(await store.users.deleteUser(p.accountId, p.id, 'jane'), true);
      assert.equal(await rows(), 0, "the deletion takes the user's tokens");
      assert.equal(await store.refreshTokens.insert(token(p)), false, 'a sign-in that read the user before its deletion stores nothing');
      assert.equal(await rows(), 0);
      await store.users.createUsers(p.accountId, p.id, [{ username: 'jane', usernameKey: 'jane', attributes: [], aliases: [], status: 'CONFIRMED' }],
        2_000, () => 'sub-of-the-new-jane');
      assert.equal(await store.refreshTokens.insert(token(p)), false, "the old jane's sign-in is not the new jane's");
      assert.equal(await rows(), 0);
      assert.equal(await store.refreshTokens.insert(token(p, { sub: 'sub-of-the-new-jane' })), true);
    });

    test('inserts racing the deletion of their user: each refused, or removed with the user', async () => {
      for (let round = 0; round < 25; round++) {
        const p = pool();
        await addUsers(store, p, 'jane');
        const [deleted, ...stored] = await Promise.all([
          store.users.deleteUser(p.accountId, p.id, 'jane'),
          ...Array.from({ length: 4 }, () => store.refreshTokens.insert(token(p))),
        ]);
        assert.equal(deleted, true);
        const left = await raw('SELECT token_hash FROM refresh_tokens WHERE account_id = ? AND pool_id = ?', [p.accountId, p.id]);
        assert.deepEqual(left, [], `round ${round}: inserted ${stored.filter(Boolean).length} of 4, none may be left`);
      }
    });
  });
}

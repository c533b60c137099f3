// The app client port (ClientStore) on every backend, and what deleting a pool or a user does to
// the sign-in tables (POOL_TABLES, USER_TABLES of src/store/signInSchema.ts): a client exists only
// while its pool does, is found by its pool or by its id alone, lists oldest first, saves only as
// read; a pool's deletion leaves none of its rows in any sign-in table, a user's none of the user's.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Scope, Store } from '../../src/store/ports';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import { clientSettings, type StoredClient } from '../../src/domain/appClient';
import { POOL_TABLES, USER_TABLES } from '../../src/store/signInSchema';
import { BACKENDS, poolPurgesSettled, type RawSql } from './backends';

const A: Scope = { accountId: '111111111111', region: 'us-west-2' };
const B: Scope = { accountId: '222222222222', region: 'us-west-2' };
let seq = 0;

function pool(scope = A): StoredPool {
  seq++;
  return { ...scope, id: `${scope.region}_cli${String(seq).padStart(6, '0')}`, name: `p${seq}`, createdMs: 1_000, modifiedMs: 1_000,
    settings: newPoolSettings({ PoolName: 'p' }) };
}

function client(p: StoredPool, createdMs = 2_000, opts: { id?: string; secret?: string } = {}): StoredClient {
  seq++;
  return {
    accountId: p.accountId, region: p.region, poolId: p.id, clientId: opts.id ?? `client${String(seq).padStart(20, '0')}`, name: `c${seq}`,
    ...(opts.secret !== undefined && { secret: opts.secret }), createdMs, modifiedMs: createdMs,
    settings: clientSettings({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }, opts.secret !== undefined),
  };
}

/** One row in each sign-in table, for a user of a pool: what sign-in will write. */
const SEED: Record<(typeof POOL_TABLES)[number], (a: string, p: string, user: string, tag: string) => [string, unknown[]]> = {
  app_clients: (a, p, _u, tag) => ['INSERT INTO app_clients (client_id, account_id, region, pool_id, client_name, created_ms, modified_ms, settings) VALUES (?, ?, ?, ?, ?, 1, 1, ?)',
    [`seeded${tag}`, a, 'us-west-2', p, 'seeded', '{}']],
  pool_signing_keys: (a, p, _u, tag) => ['INSERT INTO pool_signing_keys (account_id, pool_id, kid, private_key, public_jwk, created_ms) VALUES (?, ?, ?, ?, ?, 1)',
    [a, p, `kid${tag}`, 'private', '{}']],
  user_credentials: (a, p, u) => ['INSERT INTO user_credentials (account_id, pool_id, username_key, srp_salt) VALUES (?, ?, ?, ?)', [a, p, u, 'salt']],
  user_codes: (a, p, u) => ['INSERT INTO user_codes (account_id, pool_id, username_key, purpose, code_hash, expires_ms) VALUES (?, ?, ?, ?, ?, 9)',
    [a, p, u, 'forgot_password', 'hash']],
  auth_sessions: (a, p, u, tag) => ['INSERT INTO auth_sessions (session_id, account_id, pool_id, client_id, username_key, challenge, state, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 9)',
    [`session${tag}`, a, p, 'c', u, 'PASSWORD_VERIFIER', '{}']],
  refresh_tokens: (a, p, u, tag) => ['INSERT INTO refresh_tokens (token_hash, origin_jti, account_id, pool_id, client_id, username_key, auth_time_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, 1, 9)',
    [`token${tag}`, `jti${tag}`, a, p, 'c', u]],
};

async function seedUser(raw: RawSql, p: StoredPool, user: string, tables: readonly (typeof POOL_TABLES)[number][] = POOL_TABLES): Promise<void> {
  for (const t of tables) await raw(...SEED[t](p.accountId, p.id, user, `-${p.id}-${user}`));
}

async function rowsOf(raw: RawSql, table: string, p: StoredPool, user?: string): Promise<number> {
  const byUser = user === undefined ? '' : ' AND username_key = ?';
  const r = await raw(`SELECT count(*) AS n FROM ${table} WHERE account_id = ? AND pool_id = ?${byUser}`, [p.accountId, p.id, ...(user === undefined ? [] : [user])]);
  return Number(r[0].n);
}

test('the seeds cover every sign-in table', () => {
  assert.deepEqual(Object.keys(SEED).sort(), [...POOL_TABLES].sort());
  for (const t of USER_TABLES) assert.ok((POOL_TABLES as readonly string[]).includes(t));
});

for (const backend of BACKENDS) {
  describe(`client store conformance: ${backend.name}`, () => {
    let store: Store;
    let raw: RawSql;
    let dispose: () => Promise<void>;
    before(async () => ({ store, raw, dispose } = await backend.open()));
    after(() => dispose());

    test('a client is found by its pool or by its id alone, as inserted; not through another account, region or pool', async () => {
      const p = pool();
      const q = pool();
      await store.pools.insertPool(p);
      await store.pools.insertPool(q);
      const withSecret = client(p, 2_000, { secret: 'a'.repeat(51) });
      const without = client(p);
      assert.equal(await store.clients.insertClient(withSecret), true);
      assert.equal(await store.clients.insertClient(without), true);

      assert.deepEqual(await store.clients.findClient(A, p.id, withSecret.clientId), withSecret);
      assert.deepEqual(await store.clients.findClientById(withSecret.clientId), withSecret);
      const found = await store.clients.findClient(A, p.id, without.clientId);
      assert.deepEqual(found, without);
      assert.equal(Object.hasOwn(found!, 'secret'), false, 'no secret member, not an undefined one');

      assert.equal(await store.clients.findClient(B, p.id, withSecret.clientId), undefined, "another account's");
      assert.equal(await store.clients.findClient({ ...A, region: 'eu-west-1' }, p.id, withSecret.clientId), undefined, "another region's");
      assert.equal(await store.clients.findClient(A, q.id, withSecret.clientId), undefined, "another pool's");
      assert.equal(await store.clients.findClientById('nosuchclient'), undefined);
    });

    test('no client is written for a pool that does not exist, is another account\'s or was deleted', async () => {
      const p = pool();
      const c = client(p);
      assert.equal(await store.clients.insertClient(c), false, 'no such pool');
      const other = pool(B);
      await store.pools.insertPool(other);
      assert.equal(await store.clients.insertClient({ ...client(other), accountId: A.accountId }), false, "another account's pool");
      await store.pools.insertPool(p);
      await store.pools.deletePool(A, p.id);
      assert.equal(await store.clients.insertClient(c), false, 'a deleted pool');
      assert.equal(await store.clients.findClientById(c.clientId), undefined);
    });

    test('a pool\'s clients list oldest first (then by id), a page at a time from a cursor, and only its own', async () => {
      const p = pool();
      const q = pool();
      await store.pools.insertPool(p);
      await store.pools.insertPool(q);
      const made = [client(p, 5_000, { id: 'zzz' }), client(p, 3_000), client(p, 5_000, { id: 'aaa' }), client(p, 4_000)];
      for (const c of made) await store.clients.insertClient(c);
      await store.clients.insertClient(client(q, 1));
      const order = [made[1], made[3], made[2], made[0]].map((c) => c.clientId);

      const all = await store.clients.listClients(A, p.id, 10);
      assert.deepEqual(all.map((c) => c.clientId), order);
      assert.deepEqual(all[0], made[1]);
      const first = await store.clients.listClients(A, p.id, 2);
      const last = first[first.length - 1];
      const rest = await store.clients.listClients(A, p.id, 10, { ms: last.createdMs, id: last.clientId });
      assert.deepEqual([...first, ...rest].map((c) => c.clientId), order);
      assert.deepEqual(await store.clients.listClients(B, p.id, 10), [], "another account's view");
    });

    test('a save lands only on the client as read, moving modifiedMs strictly forward; gone for a missing one', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const c = client(p, 2_000, { secret: 's'.repeat(51) });
      await store.clients.insertClient(c);
      const change = { name: 'renamed', settings: clientSettings({ AuthSessionValidity: 15 }, true) };
      assert.equal(await store.clients.saveClientIfUnchanged(A, p.id, c.clientId, 2_000, change, 1_000), 'saved');
      const saved = { ...c, name: 'renamed', settings: change.settings, modifiedMs: 2_001 };
      assert.deepEqual(await store.clients.findClient(A, p.id, c.clientId), saved, 'the id, secret and creation stay');

      assert.equal(await store.clients.saveClientIfUnchanged(A, p.id, c.clientId, 2_000, { ...change, name: 'stale' }, 9_000), 'changed');
      assert.deepEqual(await store.clients.findClientById(c.clientId), saved, 'a refused save writes nothing');
      assert.equal(await store.clients.saveClientIfUnchanged(B, p.id, c.clientId, 2_001, change, 9_000), 'gone', "another account's");
      assert.equal(await store.clients.saveClientIfUnchanged(A, p.id, 'nosuchclient', 2_001, change, 9_000), 'gone');
    });

    test('deleteClient removes one client of the pool in scope, and answers whether it did', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const [c, d] = [client(p), client(p)];
      await store.clients.insertClient(c);
      await store.clients.insertClient(d);
      assert.equal(await store.clients.deleteClient(B, p.id, c.clientId), false, "another account's");
      assert.equal(await store.clients.deleteClient(A, p.id, c.clientId), true);
      assert.equal(await store.clients.deleteClient(A, p.id, c.clientId), false, 'already gone');
      assert.equal(await store.clients.findClientById(c.clientId), undefined);
      assert.deepEqual(await store.clients.findClientById(d.clientId), d);
    });

    test('deleting a pool leaves none of its rows in any sign-in table; its clients and keys go at once; another pool keeps its rows', async () => {
      const p = pool();
      const q = pool();
      await store.pools.insertPool(p);
      await store.pools.insertPool(q);
      const c = client(p);
      await store.clients.insertClient(c);
      for (const u of ['ana', 'bob']) await seedUser(raw, p, u);
      await seedUser(raw, q, 'ana');

      assert.deepEqual(await store.pools.deletePool(A, p.id), []);
      assert.equal(await store.clients.findClientById(c.clientId), undefined, 'the client goes with the pool');
      assert.equal(await rowsOf(raw, 'pool_signing_keys', p), 0, 'and the signing keys');
      await poolPurgesSettled(store);
      for (const t of POOL_TABLES) {
        assert.equal(await rowsOf(raw, t, p), 0, `${t}: none of the deleted pool's rows`);
        assert.equal(await rowsOf(raw, t, q), 1, `${t}: the other pool's row stays`);
      }
    });

    test('deleting a user removes its rows from every user sign-in table, and no one else\'s', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      await store.users.createUsers(A.accountId, p.id, ['ana', 'bob'].map((u) => ({ username: u, usernameKey: u, attributes: [], aliases: [], status: 'CONFIRMED' as const })),
        1, () => `sub-${Math.random()}`);
      await seedUser(raw, p, 'ana', USER_TABLES);
      await seedUser(raw, p, 'bob', USER_TABLES);

      assert.equal(await store.users.deleteUser(A.accountId, p.id, 'ana'), true);
      for (const t of USER_TABLES) {
        assert.equal(await rowsOf(raw, t, p, 'ana'), 0, `${t}: the deleted user's rows`);
        assert.equal(await rowsOf(raw, t, p, 'bob'), 1, `${t}: another user's stay`);
      }
    });
  });
}

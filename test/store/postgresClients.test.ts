// A client insert racing its pool's deletion on PostgreSQL, where instances write at once: the
// client never outlives the pool, whichever statement takes the pool's row first
// (PgClients.insertClient holds it FOR KEY SHARE). Skipped without COGNITO_IMPORT_TEST_DATABASE_URL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/pgStore';
import { TYPES } from '../../src/store/postgres/sql';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import { clientSettings, type StoredClient } from '../../src/domain/appClient';
import type { Scope, Store } from '../../src/store/ports';
import { freshDatabase, TEST_DATABASE_URL } from '../helpers/postgres';

const skip = TEST_DATABASE_URL ? false : 'COGNITO_IMPORT_TEST_DATABASE_URL is not set';
const A: Scope = { accountId: '111111111111', region: 'us-west-2' };
let seq = 0;

const newPool = (): StoredPool => ({ ...A, id: `us-west-2_race${String(++seq).padStart(5, '0')}`, name: 'p', createdMs: 1, modifiedMs: 1,
  settings: newPoolSettings({ PoolName: 'p' }) });
const newClient = (p: StoredPool): StoredClient => ({ ...A, poolId: p.id, clientId: `race${String(++seq).padStart(22, '0')}`, name: 'c',
  createdMs: 2, modifiedMs: 2, settings: clientSettings({}, false) });

/** Resolves with what `p` settles to, or 'pending' if it has not within `ms`. */
const within = <T>(p: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

describe('postgres: a client insert racing its pool\'s deletion', { skip }, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let store: Store;
  let other: pg.Pool;
  before(async () => {
    db = await freshDatabase(TEST_DATABASE_URL!);
    store = await openPostgresStore(db.url);
    other = new pg.Pool({ connectionString: db.url, types: TYPES, max: 1 });
    other.on('error', () => {});
  });
  after(async () => {
    await other.end();
    await store.close();
    await db.drop();
  });

  test('a deletion in flight first: the insert waits for it, then finds no pool and writes nothing', async () => {
    const p = newPool();
    await store.pools.insertPool(p);
    const c = await other.connect();
    try {
      await c.query('BEGIN');
      await c.query('DELETE FROM user_pools WHERE account_id = $1 AND pool_id = $2', [A.accountId, p.id]);
      const inserting = store.clients.insertClient(newClient(p));
      assert.equal(await within(inserting, 300), 'pending', 'the insert waits for the pool row');
      await c.query('DELETE FROM app_clients WHERE account_id = $1 AND pool_id = $2', [A.accountId, p.id]);
      await c.query('COMMIT');
      assert.equal(await inserting, false);
    } finally {
      c.release();
    }
    const left = await other.query('SELECT count(*)::int AS n FROM app_clients WHERE pool_id = $1', [p.id]);
    assert.equal(left.rows[0].n, 0);
  });

  test('an insert in flight first: the deletion waits for it, then deletes the new client too', async () => {
    const p = newPool();
    await store.pools.insertPool(p);
    const cl = newClient(p);
    const c = await other.connect();
    try {
      await c.query('BEGIN');
      // The insert's own statement, left uncommitted: it holds the pool's row as the store's does.
      const inserted = await c.query(`INSERT INTO app_clients (client_id, account_id, region, pool_id, client_name, client_secret, created_ms, modified_ms, settings)
        SELECT $1, $2, $3, $4, 'c', NULL, 2, 2, '{}' FROM user_pools WHERE account_id = $2 AND region = $3 AND pool_id = $4 FOR KEY SHARE`,
      [cl.clientId, A.accountId, A.region, p.id]);
      assert.equal(inserted.rowCount, 1);
      const deleting = store.pools.deletePool(A, p.id);
      assert.equal(await within(deleting, 300), 'pending', 'the deletion waits for the insert');
      await c.query('COMMIT');
      assert.deepEqual(await deleting, []);
    } finally {
      c.release();
    }
    assert.equal(await store.clients.findClientById(cl.clientId), undefined);
  });

  test('an UpdateUserPool save is not held up by an insert in flight (KEY SHARE, not SHARE)', async () => {
    const p = newPool();
    await store.pools.insertPool(p);
    const c = await other.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT 1 FROM user_pools WHERE account_id = $1 AND pool_id = $2 FOR KEY SHARE', [A.accountId, p.id]);
      const saving = store.pools.savePoolIfUnchanged(A, p.id, 1, { name: 'renamed', settings: p.settings }, 5);
      assert.equal(await within(saving, 2_000), 'saved');
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  });
});

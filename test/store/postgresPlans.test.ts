// The shape of PgUsers' ListUsers statements (src/store/postgres/userFilters.ts) where the planner
// has no statistics yet (a pool an import just filled, before any ANALYZE): a prefix
// read from its range reads the page's users back by one primary-key probe each, whatever the
// planner believes of the pool's size. Before, a join: planned on a table never analyzed, it read
// the whole pool once per user of the page (a nested loop with a Join Filter) or hashed it whole.
// Skipped without COGNITO_IMPORT_TEST_DATABASE_URL (scripts/pg-test-cluster.sh starts a server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/pgStore';
import { pageQuery } from '../../src/store/postgres/userFilters';
import { TYPES } from '../../src/store/postgres/sql';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import type { UserDraft } from '../../src/domain/user';
import { freshDatabase, TEST_DATABASE_URL } from '../helpers/postgres';

const skip = TEST_DATABASE_URL ? false : 'COGNITO_IMPORT_TEST_DATABASE_URL is not set';
const USERS = 20_000;

const userAt = (i: number): UserDraft => ({
  username: `user${i}`, usernameKey: `user${i}`, status: 'RESET_REQUIRED', aliases: [],
  attributes: [['email', `u${i}@ex.co`], ['phone_number', `+3361${String(i).padStart(7, '0')}`]],
});

test('a prefix\'s range is read back by primary-key probes on a table never analyzed', { skip }, async () => {
  const db = await freshDatabase(TEST_DATABASE_URL!);
  const store = await openPostgresStore(db.url);
  const client = new pg.Client({ connectionString: db.url, types: TYPES });
  await client.connect();
  try {
    await client.query('ALTER TABLE users SET (autovacuum_enabled = false)');
    const p: StoredPool = { accountId: '111111111111', region: 'us-west-2', id: 'us-west-2_plans0001', name: 'plans', createdMs: 1, modifiedMs: 1,
      settings: newPoolSettings({ PoolName: 'plans' }) };
    await store.pools.insertPool(p);
    let sub = 0;
    for (let from = 1; from <= USERS; from += 5000) {
      await store.users.createUsers(p.accountId, p.id, Array.from({ length: 5000 }, (_, k) => userAt(from + k)), 1, () => `sub-${++sub}`);
    }
    const stats = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_statistic WHERE starelid = 'users'::regclass");
    assert.equal(stats.rows[0].n, 0, 'the table has no statistics');
    for (const [attribute, value, users] of [['phone_number', '+33610001', 100], ['email', 'u1234', 11]] as const) {
      const q = (await pageQuery(p.accountId, p.id, 60, undefined, { attribute, op: '^=', value },
        async (c) => Number((await client.query<{ n: number }>(c.sql, c.values)).rows[0].n)))!;
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.match(plan, /Index Scan using users_by_name on users(?: users_\d+)?\s+\(.*\n\s+Index Cond: \(.*\(username_key = (?:[km]|users)\.username_key\)\)/, plan);
      assert.doesNotMatch(plan, /Join Filter|Hash Join|Merge Join|Seq Scan/, plan);
      assert.equal((await client.query(q.sql, q.values)).rows.length, Math.min(users, 60));
    }
  } finally {
    await client.end();
    await store.close();
    await db.drop();
  }
});

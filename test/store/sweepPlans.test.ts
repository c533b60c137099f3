// The expiry sweep reads what it deletes from the indexes made for it (SQLite migration 7,
// PostgreSQL migration 8), not by scanning refresh_tokens or user_codes: it runs every minute,
// on SQLite on the API's connection. The PostgreSQL leg is skipped without
// COGNITO_IMPORT_TEST_DATABASE_URL (scripts/pg-test-cluster.sh starts a server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import { SWEEP_SQL as SQLITE_TOKEN_SWEEP } from '../../src/store/sqlite/refreshTokens';
import { CODE_SWEEP_SQL as SQLITE_CODE_SWEEP } from '../../src/store/sqlite/credentials';
import { openPostgresStore } from '../../src/store/postgres/pgStore';
import { SWEEP_SQL as PG_TOKEN_SWEEP } from '../../src/store/postgres/refreshTokens';
import { CODE_SWEEP_SQL as PG_CODE_SWEEP } from '../../src/store/postgres/credentials';
import { TYPES } from '../../src/store/postgres/sql';
import { cleanup, tempDir } from '../helpers/server';
import { freshDatabase, TEST_DATABASE_URL } from '../helpers/postgres';

const skip = TEST_DATABASE_URL ? false : 'COGNITO_IMPORT_TEST_DATABASE_URL is not set';
const ROWS = 20_000;

test('SQLite: the sweep searches refresh_tokens_by_expiry and user_codes_by_expiry', async () => {
  const dir = tempDir('ci-plans-');
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  try {
    const plan = (sql: string, params: unknown[]): string =>
      (store.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    const tokens = plan(SQLITE_TOKEN_SWEEP, [1_000, 100]);
    assert.match(tokens, /SEARCH refresh_tokens USING COVERING INDEX refresh_tokens_by_expiry \(expires_ms<\?\)/, tokens);
    assert.doesNotMatch(tokens, /SCAN|TEMP B-TREE/, tokens);
    const codes = plan(SQLITE_CODE_SWEEP, ['forgot_password', 1_000]);
    assert.match(codes, /SEARCH user_codes USING INDEX user_codes_by_expiry \(purpose=\? AND expires_ms<\?\)/, codes);
  } finally {
    await store.close();
    cleanup(dir);
  }
});

test('PostgreSQL: the sweep reads refresh_tokens_by_expiry and user_codes_by_expiry, expired rows few or all', { skip }, async () => {
  const db = await freshDatabase(TEST_DATABASE_URL!);
  const store = await openPostgresStore(db.url);
  const client = new pg.Client({ connectionString: db.url, types: TYPES });
  await client.connect();
  try {
    // Live tokens and codes, expiring one a millisecond from 1,000,000; one code in ten a reset code.
    await client.query(`INSERT INTO refresh_tokens (token_hash, origin_jti, account_id, pool_id, client_id, username_key, auth_time_ms, expires_ms)
      SELECT md5(i::text), 'origin-' || i, '111111111111', 'us-west-2_plans', 'client', 'user' || i, 0, 1000000 + i FROM generate_series(1, $1::int) i`, [ROWS]);
    await client.query(`INSERT INTO user_codes (account_id, pool_id, username_key, purpose, code_hash, expires_ms)
      SELECT '111111111111', 'us-west-2_plans', 'user' || i, CASE WHEN i % 10 = 0 THEN 'forgot_password' ELSE 'temporary_password' END, 'h', 1000000 + i
      FROM generate_series(1, $1::int) i`, [ROWS]);
    await client.query('ANALYZE refresh_tokens');
    await client.query('ANALYZE user_codes');
    const plan = async (sql: string, params: unknown[]): Promise<string> =>
      (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    for (const cut of [1_000_100, 1_000_000 + 2 * ROWS]) {
      const tokens = await plan(PG_TOKEN_SWEEP, [cut, 1_000]);
      assert.match(tokens, /Index Scan using refresh_tokens_by_expiry on refresh_tokens/, tokens);
      assert.doesNotMatch(tokens, /Seq Scan|Sort/, tokens);
    }
    const codes = await plan(PG_CODE_SWEEP, [['forgot_password'], 1_000_100]);
    assert.match(codes, /Index (?:Only )?Scan using user_codes_by_expiry on user_codes|Bitmap Index Scan on user_codes_by_expiry/, codes);
    assert.doesNotMatch(codes, /Seq Scan/, codes);
  } finally {
    await client.end();
    await store.close();
    await db.drop();
  }
});

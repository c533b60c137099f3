// The refresh-token sub migrations (SQLite version 8, PostgreSQL version 9) give the tokens already
// stored the sub of their user, so they go on working; a token whose user is gone gets '', which
// is no user's sub, so it is refused whoever takes the name later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../../src/store/ports';
import { openDatabase } from '../../src/store/sqlite/driver';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import { migrate as pgMigrate, MIGRATIONS as PG_MIGRATIONS } from '../../src/store/postgres/migrations';
import { openPostgresStore } from '../../src/store/postgres/pgStore';
import { TYPES } from '../../src/store/postgres/sql';
import { cleanup, tempDir } from '../helpers/server';
import { freshDatabase, TEST_DATABASE_URL } from '../helpers/postgres';

const ACCOUNT = '111111111111';
const POOL = 'us-west-2_subfill01';

/** As the versions before wrote them: a user, a token of hers, and a token of a user deleted since. */
const USER_SQL = `INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes)
  VALUES ('${ACCOUNT}', '${POOL}', 'ana', 'ana', 'sub-ana', 'CONFIRMED', ?, 1, 1, '[["sub","sub-ana"]]')`;
const TOKEN_SQL = `INSERT INTO refresh_tokens (token_hash, origin_jti, account_id, pool_id, client_id, username_key, auth_time_ms, expires_ms)
  VALUES (?, ?, '${ACCOUNT}', '${POOL}', 'client-1', ?, 1000, 9000000000000)`;
const TOKENS = [['hash-ana', 'origin-ana', 'ana'], ['hash-gone', 'origin-gone', 'gone']];

async function assertBackfilled(store: Store): Promise<void> {
  assert.equal((await store.refreshTokens.findLive('hash-ana', 2_000))?.sub, 'sub-ana');
  assert.equal((await store.refreshTokens.findLive('hash-gone', 2_000))?.sub, '');
  // New tokens are stored for ana, with her sub.
  assert.equal(await store.refreshTokens.insert({ tokenHash: 'hash-new', originJti: 'origin-new', accountId: ACCOUNT, poolId: POOL, clientId: 'client-1',
    usernameKey: 'ana', sub: 'sub-ana', authTimeMs: 2_000, expiresMs: 9_000_000_000_000 }), true);
}

test('SQLite: refresh tokens stored before version 8 get their user\'s sub', async () => {
  const dir = tempDir('ci-subfill-');
  try {
    const file = join(dir, 'db.sqlite');
    const db = openDatabase(file);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.filter((x) => x.version < 8)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_ms) VALUES (?, 0)').run(m.version);
    }
    db.prepare(USER_SQL).run(1);
    for (const t of TOKENS) db.prepare(TOKEN_SQL).run(...t);
    db.close();
    const store = openSqliteStore(file);
    try {
      await assertBackfilled(store);
    } finally {
      await store.close();
    }
  } finally {
    cleanup(dir);
  }
});

test('PostgreSQL: refresh tokens stored before version 9 get their user\'s sub', { skip: !TEST_DATABASE_URL }, async () => {
  const db = await freshDatabase(TEST_DATABASE_URL!);
  try {
    const pool = new pg.Pool({ connectionString: db.url, types: TYPES });
    const numbered = (sql: string): string => { let n = 0; return sql.replace(/\?/g, () => `$${++n}`); };
    try {
      await pgMigrate(pool, PG_MIGRATIONS.filter((x) => x.version < 9));
      await pool.query(numbered(USER_SQL), [true]);
      for (const t of TOKENS) await pool.query(numbered(TOKEN_SQL), t);
    } finally {
      await pool.end();
    }
    const store = await openPostgresStore(db.url);
    try {
      await assertBackfilled(store);
    } finally {
      await store.close();
    }
  } finally {
    await db.drop();
  }
});

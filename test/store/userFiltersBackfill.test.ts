// The index migrations (SQLite and PostgreSQL version 4) copy the searchable attributes of the
// users already stored into their new columns: users written by the schema before are found by
// every filter, values with U+0000, quotes, backslashes and astral characters included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import type { Store, UserFilter } from '../../src/store/ports';
import type { UserDraft } from '../../src/domain/user';
import { openDatabase } from '../../src/store/sqlite/driver';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import { migrate as pgMigrate, MIGRATIONS as PG_MIGRATIONS } from '../../src/store/postgres/migrations';
import { openPostgresStore } from '../../src/store/postgres/pgStore';
import { TYPES } from '../../src/store/postgres/sql';
import { cleanup, tempDir } from '../helpers/server';
import { freshDatabase, TEST_DATABASE_URL } from '../helpers/postgres';

const ACCOUNT = '111111111111';
const POOL = 'us-west-2_backfill1';
const DRAFTS: UserDraft[] = [
  { username: 'ana', usernameKey: 'ana', aliases: [], status: 'CONFIRMED',
    attributes: [['email', 'ana@example.com'], ['name', 'Ana 100%'], ['phone_number', '+12065550100'], ['preferred_username', 'a"q\\u0000']] },
  { username: 'bo', usernameKey: 'bo', aliases: [], status: 'RESET_REQUIRED',
    attributes: [['email', 'bo@example.com'], ['given_name', '日本\0x'], ['family_name', '😀\u0001'], ['locale', 'fr']] },
];

/** The users' attributes as every version stored them: JSON [[name, value], ...], sub first. */
const stored = (d: UserDraft): string => JSON.stringify([['sub', `sub-${d.username}`], ...d.attributes]);

async function assertFound(store: Store): Promise<void> {
  const list = async (attribute: string, op: UserFilter['op'], value: string): Promise<string[]> =>
    (await store.users.listUsers(ACCOUNT, POOL, 10, undefined, { attribute, op, value })).map((u) => u.username);
  assert.deepEqual(await list('email', '=', 'bo@example.com'), ['bo']);
  assert.deepEqual(await list('email', '^=', ''), ['ana', 'bo']);
  assert.deepEqual(await list('name', '^=', 'Ana 100%'), ['ana']);
  assert.deepEqual(await list('name', '^=', 'Ana 100_'), []);
  assert.deepEqual(await list('phone_number', '=', '+12065550100'), ['ana']);
  assert.deepEqual(await list('preferred_username', '=', 'a"q\\u0000'), ['ana']);
  assert.deepEqual(await list('preferred_username', '^=', 'a"q\\'), ['ana']);
  assert.deepEqual(await list('preferred_username', '^=', 'a"q\0'), []);
  assert.deepEqual(await list('given_name', '=', '日本\0x'), ['bo']);
  assert.deepEqual(await list('given_name', '^=', '日本\0'), ['bo']);
  assert.deepEqual(await list('given_name', '^=', '日本x'), []);
  assert.deepEqual(await list('family_name', '=', '😀\u0001'), ['bo']);
  assert.deepEqual(await list('family_name', '^=', '😀'), ['bo']);
  assert.deepEqual(await list('cognito:user_status', '^=', 'RESET'), ['bo']);
  assert.deepEqual(await list('sub', '=', 'sub-ana'), ['ana']);
  assert.deepEqual(await list('sub', '^=', 'sub-'), ['ana', 'bo']);
}

test('SQLite: users written before version 4 are found by every filter after it', async () => {
  const dir = tempDir('ci-backfill-');
  try {
    const file = join(dir, 'db.sqlite');
    const db = openDatabase(file);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.filter((x) => x.version < 4)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_ms) VALUES (?, 0)').run(m.version);
    }
    // As version 3's SqliteUsers wrote them.
    for (const d of DRAFTS) {
      db.prepare(`INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes)
        VALUES (?, ?, ?, ?, ?, ?, 1, 1, 1, ?)`).run(ACCOUNT, POOL, d.usernameKey, d.username, `sub-${d.username}`, d.status, stored(d));
    }
    db.close();
    const store = openSqliteStore(file);
    try {
      await assertFound(store);
    } finally {
      await store.close();
    }
  } finally {
    cleanup(dir);
  }
});

test('PostgreSQL: users written before version 4 are found by every filter after it', { skip: !TEST_DATABASE_URL }, async () => {
  const db = await freshDatabase(TEST_DATABASE_URL!);
  try {
    const pool = new pg.Pool({ connectionString: db.url, types: TYPES });
    try {
      await pgMigrate(pool, PG_MIGRATIONS.filter((x) => x.version < 4));
      // As version 3's PgUsers wrote them.
      for (const d of DRAFTS) {
        await pool.query(`INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes)
          VALUES ($1, $2, $3, $4, $5, $6, TRUE, 1, 1, $7)`, [ACCOUNT, POOL, d.usernameKey, d.username, `sub-${d.username}`, d.status, stored(d)]);
      }
    } finally {
      await pool.end();
    }
    const store = await openPostgresStore(db.url);
    try {
      await assertFound(store);
    } finally {
      await store.close();
    }
  } finally {
    await db.drop();
  }
});

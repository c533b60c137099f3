// The storage backends every conformance suite runs against: SQLite always; PostgreSQL when
// COGNITO_IMPORT_TEST_DATABASE_URL names a server (scripts/pg-test-cluster.sh starts one). Each
// open() gets a database of its own, made fresh and dropped by dispose(), so suites never see each
// other's rows.
import { join } from 'node:path';
import pg from 'pg';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import { openPostgresStore } from '../../src/store/postgres/pgStore';
import type { Store } from '../../src/store/ports';
import type { SqliteStore } from '../../src/store/sqlite/sqliteStore';
import { tempDir, cleanup } from '../helpers/server';
import { freshDatabase, TEST_DATABASE_URL } from '../helpers/postgres';

/**
 * Plain SQL on the backend's database, for tests that seed or count rows no port shows yet (the
 * sign-in tables). Placeholders are `?`, numbered for PostgreSQL.
 */
export type RawSql = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface Backend {
  name: string;
  open(): Promise<{ store: Store; raw: RawSql; dispose(): Promise<void> }>;
}

const sqliteRaw = (store: SqliteStore): RawSql => async (sql, params = []) => {
  const stmt = store.database.prepare(sql);
  if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[];
  stmt.run(...params);
  return [];
};

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = tempDir('ci-store-');
      const store = openSqliteStore(join(dir, 'db.sqlite'));
      return { store, raw: sqliteRaw(store), dispose: async () => { await store.close(); cleanup(dir); } };
    },
  },
  {
    // As a server runs it: the API's connection for everything but the import engine's port,
    // which is the engine's own store, whose batches commit in its batch writer thread.
    name: 'sqlite, engine connection',
    async open() {
      const dir = tempDir('ci-store-');
      const server = openSqliteStore(join(dir, 'db.sqlite'));
      const engine = openSqliteStore(join(dir, 'db.sqlite'), { role: 'engine' });
      const store: SqliteStore = { ...server, imports: engine.imports };
      return { store, raw: sqliteRaw(server), dispose: async () => { await engine.close(); await server.close(); cleanup(dir); } };
    },
  },
];

if (TEST_DATABASE_URL) {
  const server = TEST_DATABASE_URL;
  BACKENDS.push({
    name: 'postgres',
    async open() {
      const db = await freshDatabase(server);
      try {
        const store = await openPostgresStore(db.url);
        const pool = new pg.Pool({ connectionString: db.url, max: 1 });
        const raw: RawSql = async (sql, params = []) => {
          let n = 0;
          return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
        };
        return { store, raw, dispose: async () => { await pool.end(); await store.close(); await db.drop(); } };
      } catch (e) {
        await db.drop();
        throw e;
      }
    },
  });
}

/**
 * Waits until deleted pools' users are gone: at once where they go with the pool, after the
 * background purge where they go after it (StoreCapabilities.poolUsersRemoved).
 */
export async function poolPurgesSettled(store: Store): Promise<void> {
  if (store.capabilities.poolUsersRemoved === 'after') await (store as SqliteStore).purges.settled();
}

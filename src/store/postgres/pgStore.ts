// The shared backend (docs/operations.md, "Running several instances"): one PostgreSQL database
// that several instances open at once, each through its own pg.Pool. The ports are the same as
// SQLite's and pass the same conformance suites (test/store); where the backends differ is
// declared in `capabilities`.
import pg from 'pg';
import type { Store, StoreCapabilities } from '../ports';
import { migrate } from './migrations';
import { PgPools } from './pools';
import { PgClients } from './clients';
import { PgJobs } from './jobs';
import { PgUsers } from './users';
import { PgCredentials } from './credentials';
import { PgUserAdmin } from './userAdmin';
import { PgLogs } from './logs';
import { PgImports } from './imports';
import { PgSigningKeys } from './signingKeys';
import { PgRefreshTokens } from './refreshTokens';
import { TYPES } from './sql';

export { migrate };

/** Shared by processes; row locks; a batch is a few multi-row statements. */
export const capabilities: StoreCapabilities = Object.freeze({
  backend: 'postgres', sharedAcrossProcesses: true, writeLocking: 'rows', batchWrites: 'multi-row', poolUsersRemoved: 'with-the-pool',
  batchesInFlight: 1,
});

export interface PostgresStoreOptions {
  /** Connections this instance keeps at most (pg.Pool's max). */
  maxConnections?: number;
}

/**
 * Connects, checks the server, applies the migrations not applied yet (under the migration
 * advisory lock, so instances may start together) and returns the store. `url` is a libpq-style
 * connection URL, postgres://user:password@host:port/database?options.
 */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url, types: TYPES, max: opts.maxConnections ?? 10, application_name: 'cognito-import',
    // A transaction left open by an instance that hangs (not one that dies: its socket closes)
    // would hold job row locks: the server ends it after a minute. No transaction here waits on
    // the client that long.
    idle_in_transaction_session_timeout: 60_000,
    // While the database is unreachable, fail fast (API calls answer InternalErrorException, the
    // worker backs off and retries) instead of queueing forever for a connection.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  });
  // An idle connection the server drops (restart, failover) is an 'error' on the pool: the pool
  // discards that client and the next query connects anew. Unheard, the event would end the process.
  pool.on('error', () => {});
  try {
    const enc = await pool.query<{ server_encoding: string }>('SHOW server_encoding');
    // Log streams count UTF-8 bytes with octet_length(), and user data is UTF-8.
    if (enc.rows[0].server_encoding !== 'UTF8') {
      throw new Error(`the database must use the UTF8 encoding (this one uses ${enc.rows[0].server_encoding}): CREATE DATABASE ... ENCODING 'UTF8'`);
    }
    await migrate(pool);
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
  const users = new PgUsers(pool);
  const logs = new PgLogs(pool);
  return {
    capabilities,
    pools: new PgPools(pool),
    clients: new PgClients(pool),
    jobs: new PgJobs(pool),
    imports: new PgImports(pool, users, logs),
    users,
    credentials: new PgCredentials(pool),
    userAdmin: new PgUserAdmin(pool, users),
    logs,
    signingKeys: new PgSigningKeys(pool),
    refreshTokens: new PgRefreshTokens(pool),
    check: async () => { await pool.query('SELECT 1'); },
    close: () => pool.end(),
  };
}

// What the PostgreSQL stores share: one transaction on one pooled client, the advisory lock keys,
// and how BIGINT comes back (as a JS number).
import pg from 'pg';
import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { CLIENT_COLUMNS, JOB_COLUMNS } from '../rows';

/** A pool (one statement, its own transaction) or a client inside a transaction. */
export type Queryable = Pool | PoolClient;

/**
 * int8 (BIGINT: every *_ms column, counters, offsets) as a JS number instead of pg's default
 * string. Every value the stores keep is below 2^53 (milliseconds, byte offsets, row counts).
 * Per pool, not pg.types.setTypeParser: other users of `pg` in the process keep their parsers.
 */
export const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Runs fn between BEGIN and COMMIT on one client of the pool; ROLLBACK when it throws. A client
 * whose ROLLBACK fails (its connection is gone) is destroyed rather than put back.
 */
export async function inTransaction<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let broken: Error | undefined;
  // A connection the server drops while we hold it (restart, outage) is an 'error' event on the
  // client itself, which the pool's listener does not hear: unheard, it would end the process.
  // The query in flight fails on its own; the client is then released as broken.
  const onError = (e: Error): void => { broken = e; };
  c.on('error', onError);
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    try {
      await c.query('ROLLBACK');
    } catch (r) {
      broken = r instanceof Error ? r : new Error(String(r));
    }
    throw e;
  } finally {
    c.off('error', onError);
    c.release(broken);
  }
}

/**
 * A statement prepared once per connection under `name` (the hot paths: every batch runs them).
 * Each name must always go with the same text.
 */
export function named<R extends QueryResultRow>(db: Queryable, name: string, text: string, values: unknown[]): Promise<QueryResult<R>> {
  const q: QueryConfig = { name, text, values };
  return db.query<R>(q);
}

/**
 * Advisory lock keys. The migration lock is a session lock on one bigint; the others are
 * transaction locks on (namespace, hashtext(key)) pairs, a key space apart from the bigint one.
 * A hash collision only makes two unrelated writers wait for each other.
 */
export const LOCKS = {
  /** Held around the migration run: instances starting at once migrate one after another. */
  migrations: '7320141500100001',
  /** A pool's users and aliases: createUsers, commitBatch, deleteUser, deletePool. */
  poolUsers: 0x43490002,
  /** A pool's job count: insertJob. */
  poolJobs: 0x43490003,
  /** An account's one active job: startJob. */
  accountStart: 0x43490004,
  /** A pool's signing keys: addKey (the first key is made once, whoever asks first). */
  poolSigningKeys: 0x43490005,
} as const;

/** Takes a transaction-scoped advisory lock in `ns` on the given parts of a key. */
export async function lockKey(c: PoolClient, ns: number, ...parts: string[]): Promise<void> {
  await named(c, 'lock-key', 'SELECT pg_advisory_xact_lock($1::int, hashtext($2::text))', [ns, lockKeyText(...parts)]);
}

/** The text whose hashtext() is the second half of an advisory lock's key. */
export const lockKeyText = (...parts: string[]): string => parts.join('\u001f');

/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';

export function isPgError(e: unknown, code: string, constraint?: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; constraint?: unknown };
  return err.code === code && (constraint === undefined || err.constraint === constraint);
}

/**
 * Column lists for the SELECTs, never `*`: a statement prepared by a running instance keeps its
 * result type, and a migration that adds a column (applied by a newer instance starting beside it)
 * would otherwise break it ("cached plan must not change result type").
 */
export const COLUMNS = {
  job: JOB_COLUMNS,
  pool: ['account_id', 'region', 'pool_id', 'name', 'created_ms', 'modified_ms', 'settings'],
  client: CLIENT_COLUMNS,
  user: ['account_id', 'pool_id', 'username_key', 'username', 'sub', 'status', 'enabled', 'created_ms', 'modified_ms', 'attributes', 'password_hash'],
  stream: ['stream_id', 'group_name', 'stream_name', 'created_ms', 'first_event_ms', 'last_event_ms', 'last_ingestion_ms', 'stored_bytes'],
} as const;

/** A column list, each qualified with `alias.` when given. */
export const cols = (names: readonly string[], alias?: string): string => names.map((n) => (alias ? `${alias}.${n}` : n)).join(', ');

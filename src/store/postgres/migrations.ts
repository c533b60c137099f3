// Versioned schema for PostgreSQL: the same tables, keys and rules as the SQLite schema
// (sqlite/migrations.ts), in PostgreSQL's types. Applied in order at start, each version in its
// own transaction, recorded in schema_migrations; a version is never edited once released: add a
// new one. Several instances starting at once take turns on one advisory lock, so each version is
// applied exactly once and nobody starts on a half-made schema.
//
// Types: every millisecond time, counter and offset is BIGINT (read back as a JS number, see
// sql.ts TYPES). Every text column that is compared or ordered is COLLATE "C": byte order, which
// for UTF-8 is code point order, as SQLite's BINARY is, whatever the database's default locale.
// Attributes and pool settings stay JSON in TEXT as in SQLite, and alias values are JSON-encoded:
// JSON escapes U+0000, which PostgreSQL's text (and jsonb) cannot hold.
import type { Pool } from 'pg';
import { LOCKS } from './sql';

export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE user_pools (
  account_id  TEXT COLLATE "C" NOT NULL,
  region      TEXT COLLATE "C" NOT NULL,
  pool_id     TEXT COLLATE "C" NOT NULL,
  name        TEXT NOT NULL,
  created_ms  BIGINT NOT NULL,
  modified_ms BIGINT NOT NULL,
  settings    TEXT NOT NULL,
  PRIMARY KEY (account_id, pool_id)
);
CREATE INDEX user_pools_by_age ON user_pools (account_id, region, created_ms, pool_id);

CREATE TABLE import_jobs (
  account_id     TEXT COLLATE "C" NOT NULL,
  pool_id        TEXT COLLATE "C" NOT NULL,
  job_id         TEXT COLLATE "C" NOT NULL,
  job_name       TEXT NOT NULL,
  status         TEXT COLLATE "C" NOT NULL,
  role_arn       TEXT NOT NULL,
  pre_signed_url TEXT NOT NULL,
  hashing_alg    TEXT,
  created_ms     BIGINT NOT NULL,
  started_ms     BIGINT,
  completed_ms   BIGINT,
  imported       BIGINT NOT NULL DEFAULT 0,
  skipped        BIGINT NOT NULL DEFAULT 0,
  failed         BIGINT NOT NULL DEFAULT 0,
  completion_message TEXT,
  blob_key       TEXT,
  -- Import progress: the next unread byte of the CSV and the number of data rows done.
  checkpoint_offset BIGINT NOT NULL DEFAULT 0,
  checkpoint_row    BIGINT NOT NULL DEFAULT 0,
  total_rows        BIGINT,
  PRIMARY KEY (account_id, pool_id, job_id)
);
CREATE INDEX import_jobs_newest ON import_jobs (account_id, pool_id, created_ms DESC, job_id DESC);
CREATE INDEX import_jobs_unstarted ON import_jobs (created_ms) WHERE status = 'Created';
-- One active job per account, enforced by the database itself, across every instance.
CREATE UNIQUE INDEX import_jobs_one_active ON import_jobs (account_id)
  WHERE status IN ('Pending', 'InProgress', 'Stopping');

-- Durable work queue: a started job waits here for a worker; the row carries the lease.
CREATE TABLE job_queue (
  account_id TEXT COLLATE "C" NOT NULL,
  pool_id    TEXT COLLATE "C" NOT NULL,
  job_id     TEXT COLLATE "C" NOT NULL,
  queued_ms  BIGINT NOT NULL,
  lease_owner TEXT,
  lease_expires_ms BIGINT,
  PRIMARY KEY (account_id, pool_id, job_id)
);

CREATE TABLE users (
  account_id   TEXT COLLATE "C" NOT NULL,
  pool_id      TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,  -- the username as compared: lower-cased in case-insensitive pools
  username     TEXT NOT NULL,
  sub          TEXT COLLATE "C" NOT NULL,
  status       TEXT COLLATE "C" NOT NULL,
  enabled      BOOLEAN NOT NULL,
  created_ms   BIGINT NOT NULL,
  modified_ms  BIGINT NOT NULL,
  attributes   TEXT NOT NULL,  -- JSON [[name, value], ...] in import order, sub first
  password_hash TEXT,
  -- SQLite's unique index users_by_name, as the primary key (a table with one is replicable).
  CONSTRAINT users_by_name PRIMARY KEY (account_id, pool_id, username_key)
);

-- Sign-in aliases (email, phone_number, preferred_username): unique in a pool. value is the
-- value JSON-encoded (users.ts aliasValue): text cannot hold U+0000, JSON escapes it.
CREATE TABLE user_aliases (
  account_id   TEXT COLLATE "C" NOT NULL,
  pool_id      TEXT COLLATE "C" NOT NULL,
  kind         TEXT COLLATE "C" NOT NULL,
  value        TEXT COLLATE "C" NOT NULL,
  username_key TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, pool_id, kind, value)
);

CREATE TABLE log_streams (
  stream_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  TEXT COLLATE "C" NOT NULL,
  region      TEXT COLLATE "C" NOT NULL,
  group_name  TEXT COLLATE "C" NOT NULL,
  stream_name TEXT COLLATE "C" NOT NULL,
  created_ms  BIGINT NOT NULL,
  first_event_ms BIGINT,
  last_event_ms  BIGINT,
  last_ingestion_ms BIGINT,
  stored_bytes BIGINT NOT NULL DEFAULT 0,
  UNIQUE (account_id, region, group_name, stream_name)
);

CREATE TABLE log_groups (
  account_id TEXT COLLATE "C" NOT NULL,
  region     TEXT COLLATE "C" NOT NULL,
  group_name TEXT COLLATE "C" NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, group_name)
);

-- One event per data row, seq = line number (0 for job-level events), so a replayed batch
-- cannot add an event twice.
CREATE TABLE log_events (
  stream_id    BIGINT NOT NULL,
  seq          BIGINT NOT NULL,
  timestamp_ms BIGINT NOT NULL,
  ingestion_ms BIGINT NOT NULL,
  message      TEXT NOT NULL,
  PRIMARY KEY (stream_id, seq)
);
-- CloudWatch's order, which GetLogEvents and FilterLogEvents page through: by time, then seq.
CREATE INDEX log_events_by_time ON log_events (stream_id, timestamp_ms, seq);
`,
  },
];

/**
 * Applies the versions not applied yet, holding pg_advisory_lock(LOCKS.migrations) on one
 * connection for the whole run: a second instance starting at the same time waits, then finds
 * every version applied. Returns the versions this call applied.
 */
export async function migrate(pool: Pool, migrations = MIGRATIONS): Promise<number[]> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1::bigint)', [LOCKS.migrations]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)');
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await c.query('BEGIN');
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)', [m.version, Date.now()]);
      await c.query('COMMIT');
      applied.push(m.version);
    }
    await c.query('SELECT pg_advisory_unlock($1::bigint)', [LOCKS.migrations]);
    c.release();
    return applied;
  } catch (e) {
    // Closing the connection rolls back a half-applied version and frees the lock, whatever state
    // the session is in.
    c.release(e instanceof Error ? e : true);
    throw e;
  }
}

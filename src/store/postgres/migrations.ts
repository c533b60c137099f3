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
import { MIGRATION_3 } from './migration3';
import { MIGRATION_4 } from './migration4';
import { MIGRATION_5 } from './migration5';
import { POSTGRES_POOL_BY_ID_MIGRATION, POSTGRES_SIGN_IN_MIGRATION, POSTGRES_REFRESH_TOKEN_SUB_MIGRATION, POSTGRES_SWEEP_INDEX_MIGRATION } from '../signInSchema';

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
  {
    // The import engine's usual batch in one round trip (imports.ts, commitLikelyBatch): the
    // statements PgImports.commitBatch sends one by one (users.ts, logs.ts), for a batch whose
    // usernames and aliases the pool holds none of, into a log stream that exists and holds none
    // of its seqs. Anything else answers 'slow' having written nothing, and the caller takes the
    // statement-by-statement path. Each statement takes its own snapshot (READ COMMITTED, a
    // VOLATILE function), as separate statements do, so locks are taken and then read past as there.
    version: 2,
    sql: `
CREATE FUNCTION import_commit_likely_batch(
  p_account TEXT, p_pool TEXT, p_job TEXT, p_worker TEXT,
  p_from_row BIGINT, p_to_row BIGINT, p_to_offset BIGINT, p_lease_until BIGINT, p_now BIGINT,
  p_lock_ns INT, p_lock_key TEXT,
  p_probe_keys JSON, p_probe_kinds JSON, p_probe_values JSON,
  p_k JSON, p_u JSON, p_s JSON, p_st JSON, p_a JSON, p_p JSON, p_al_kind JSON, p_al_value JSON, p_al_k JSON,
  p_users BIGINT, p_aliases BIGINT, p_imported BIGINT, p_skipped BIGINT, p_failed BIGINT,
  p_region TEXT, p_group TEXT, p_stream TEXT,
  p_seqs BIGINT[], p_ts BIGINT[], p_ing BIGINT[], p_msgs JSON,
  p_first BIGINT, p_last BIGINT, p_ingested BIGINT, p_bytes BIGINT)
RETURNS TABLE (outcome TEXT, status TEXT, imported BIGINT, skipped BIGINT, failed BIGINT)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
DECLARE
  j RECORD;
  lease TEXT;
  sid BIGINT;
  n_users BIGINT;
  n_aliases BIGINT;
BEGIN
  SELECT x.status, x.imported, x.skipped, x.failed, x.checkpoint_row INTO j FROM import_jobs x
    WHERE x.account_id = p_account AND x.pool_id = p_pool AND x.job_id = p_job FOR UPDATE;
  IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM user_pools WHERE account_id = p_account AND pool_id = p_pool) THEN
    RETURN QUERY SELECT 'gone'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
    RETURN;
  END IF;
  SELECT q.lease_owner INTO lease FROM job_queue q WHERE q.account_id = p_account AND q.pool_id = p_pool AND q.job_id = p_job;
  IF lease IS DISTINCT FROM p_worker OR j.checkpoint_row <> p_from_row OR j.status NOT IN ('InProgress', 'Stopping') THEN
    RETURN QUERY SELECT 'lost'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
    RETURN;
  END IF;

  IF p_users > 0 THEN
    PERFORM pg_advisory_xact_lock(p_lock_ns, hashtext(p_lock_key));
    -- One index probe per key (LATERAL ... LIMIT 1), as users.ts EXISTING_SQL and for its reason.
    IF EXISTS (SELECT 1 FROM json_array_elements_text(p_probe_keys) AS k (key)
        CROSS JOIN LATERAL (SELECT 1 FROM users u WHERE u.account_id = p_account AND u.pool_id = p_pool AND u.username_key = k.key LIMIT 1) AS x)
      OR EXISTS (SELECT 1 FROM ROWS FROM (json_array_elements_text(p_probe_kinds), json_array_elements_text(p_probe_values)) AS t (kind, value)
        CROSS JOIN LATERAL (SELECT 1 FROM user_aliases a
          WHERE a.account_id = p_account AND a.pool_id = p_pool AND a.kind = t.kind AND a.value = t.value LIMIT 1) AS y) THEN
      RETURN QUERY SELECT 'slow'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
      RETURN;
    END IF;
  END IF;
  SELECT s.stream_id INTO sid FROM log_streams s
    WHERE s.account_id = p_account AND s.region = p_region AND s.group_name = p_group AND s.stream_name = p_stream FOR UPDATE;
  IF NOT FOUND OR (cardinality(p_seqs) > 0
      AND EXISTS (SELECT 1 FROM log_events e WHERE e.stream_id = sid AND e.seq BETWEEN p_seqs[1] AND p_seqs[cardinality(p_seqs)])) THEN
    RETURN QUERY SELECT 'slow'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
    RETURN;
  END IF;

  IF p_users > 0 THEN
    INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes, password_hash)
      SELECT p_account, p_pool, t.k, t.u, t.s, t.st, TRUE, p_now, p_now, t.a::TEXT, t.p
      FROM ROWS FROM (json_array_elements_text(p_k), json_array_elements_text(p_u), json_array_elements_text(p_s),
        json_array_elements_text(p_st), json_array_elements(p_a), json_array_elements_text(p_p)) AS t (k, u, s, st, a, p);
    GET DIAGNOSTICS n_users = ROW_COUNT;
    INSERT INTO user_aliases (account_id, pool_id, kind, value, username_key)
      SELECT p_account, p_pool, t.kind, t.value, t.k
      FROM ROWS FROM (json_array_elements_text(p_al_kind), json_array_elements_text(p_al_value), json_array_elements_text(p_al_k)) AS t (kind, value, k);
    GET DIAGNOSTICS n_aliases = ROW_COUNT;
    IF n_users <> p_users OR n_aliases <> p_aliases THEN
      RAISE EXCEPTION 'users of %/%: % of % users and % of % aliases inserted', p_account, p_pool, n_users, p_users, n_aliases, p_aliases;
    END IF;
  END IF;

  IF cardinality(p_seqs) > 0 THEN
    INSERT INTO log_events (stream_id, seq, timestamp_ms, ingestion_ms, message)
      SELECT sid, t.seq, t.ts, t.ing, t.msg
      FROM ROWS FROM (unnest(p_seqs), unnest(p_ts), unnest(p_ing), json_array_elements_text(p_msgs)) AS t (seq, ts, ing, msg);
    UPDATE log_streams SET
      first_event_ms = LEAST(first_event_ms, p_first),
      last_event_ms = GREATEST(last_event_ms, p_last),
      last_ingestion_ms = GREATEST(last_ingestion_ms, p_ingested),
      stored_bytes = stored_bytes + p_bytes
    WHERE stream_id = sid;
  END IF;

  UPDATE job_queue SET lease_expires_ms = p_lease_until
    WHERE account_id = p_account AND pool_id = p_pool AND job_id = p_job AND lease_owner = p_worker;
  UPDATE import_jobs x SET imported = x.imported + p_imported, skipped = x.skipped + p_skipped, failed = x.failed + p_failed,
      checkpoint_offset = p_to_offset, checkpoint_row = p_to_row
    WHERE x.account_id = p_account AND x.pool_id = p_pool AND x.job_id = p_job AND x.checkpoint_row = p_from_row;
  RETURN QUERY SELECT 'applied'::TEXT, j.status::TEXT, j.imported + p_imported, j.skipped + p_skipped, j.failed + p_failed;
END
$fn$;
`,
  },
  MIGRATION_3,
  MIGRATION_4,
  MIGRATION_5,
  POSTGRES_SIGN_IN_MIGRATION,
  POSTGRES_POOL_BY_ID_MIGRATION,
  POSTGRES_SWEEP_INDEX_MIGRATION,
  POSTGRES_REFRESH_TOKEN_SUB_MIGRATION,
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

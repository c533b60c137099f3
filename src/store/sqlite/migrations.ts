// Versioned schema for SQLite. Applied in order at start, each in its own transaction;
// a version is never edited once released: add a new one.
import { SQLITE_POOL_BY_ID_MIGRATION, SQLITE_SIGN_IN_MIGRATION, SQLITE_REFRESH_TOKEN_SUB_MIGRATION, SQLITE_SWEEP_INDEX_MIGRATION } from '../signInSchema';

export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE user_pools (
  account_id  TEXT NOT NULL,
  region      TEXT NOT NULL,
  pool_id     TEXT NOT NULL,
  name        TEXT NOT NULL,
  created_ms  INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL,
  settings    TEXT NOT NULL,
  PRIMARY KEY (account_id, pool_id)
);
CREATE INDEX user_pools_by_age ON user_pools (account_id, region, created_ms, pool_id);

CREATE TABLE import_jobs (
  account_id     TEXT NOT NULL,
  pool_id        TEXT NOT NULL,
  job_id         TEXT NOT NULL,
  job_name       TEXT NOT NULL,
  status         TEXT NOT NULL,
  role_arn       TEXT NOT NULL,
  pre_signed_url TEXT NOT NULL,
  hashing_alg    TEXT,
  created_ms     INTEGER NOT NULL,
  started_ms     INTEGER,
  completed_ms   INTEGER,
  imported       INTEGER NOT NULL DEFAULT 0,
  skipped        INTEGER NOT NULL DEFAULT 0,
  failed         INTEGER NOT NULL DEFAULT 0,
  completion_message TEXT,
  blob_key       TEXT,
  PRIMARY KEY (account_id, pool_id, job_id)
);
CREATE INDEX import_jobs_newest ON import_jobs (account_id, pool_id, created_ms DESC, job_id DESC);
CREATE INDEX import_jobs_unstarted ON import_jobs (created_ms) WHERE status = 'Created';
-- One active job per account, enforced by the database itself (spec section 3, limits).
CREATE UNIQUE INDEX import_jobs_one_active ON import_jobs (account_id)
  WHERE status IN ('Pending', 'InProgress', 'Stopping');

-- Durable work queue: a started job waits here for a worker (issue 3).
CREATE TABLE job_queue (
  account_id TEXT NOT NULL,
  pool_id    TEXT NOT NULL,
  job_id     TEXT NOT NULL,
  queued_ms  INTEGER NOT NULL,
  lease_owner TEXT,
  lease_expires_ms INTEGER,
  PRIMARY KEY (account_id, pool_id, job_id)
);
`,
  },
  {
    version: 2,
    sql: `
-- Import progress: the next unread byte of the CSV and the number of data rows done (issue 3).
ALTER TABLE import_jobs ADD COLUMN checkpoint_offset INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN checkpoint_row INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_jobs ADD COLUMN total_rows INTEGER;

-- A rowid table with a unique index rather than WITHOUT ROWID: rows carry ~300 bytes of
-- attributes, and SQLite keeps large rows out of the key b-tree this way (measured: see README).
CREATE TABLE users (
  user_id      INTEGER PRIMARY KEY,
  account_id   TEXT NOT NULL,
  pool_id      TEXT NOT NULL,
  username_key TEXT NOT NULL,  -- the username as compared: lower-cased in case-insensitive pools
  username     TEXT NOT NULL,
  sub          TEXT NOT NULL,
  status       TEXT NOT NULL,
  enabled      INTEGER NOT NULL,
  created_ms   INTEGER NOT NULL,
  modified_ms  INTEGER NOT NULL,
  attributes   TEXT NOT NULL,  -- JSON [[name, value], ...] in import order, sub first
  password_hash TEXT
);
CREATE UNIQUE INDEX users_by_name ON users (account_id, pool_id, username_key);

-- Sign-in aliases (email, phone_number, preferred_username): unique in a pool (spec section 4).
CREATE TABLE user_aliases (
  account_id   TEXT NOT NULL,
  pool_id      TEXT NOT NULL,
  kind         TEXT NOT NULL,
  value        TEXT NOT NULL,
  username_key TEXT NOT NULL,
  PRIMARY KEY (account_id, pool_id, kind, value)
) WITHOUT ROWID;

CREATE TABLE log_streams (
  stream_id   INTEGER PRIMARY KEY,
  account_id  TEXT NOT NULL,
  region      TEXT NOT NULL,
  group_name  TEXT NOT NULL,
  stream_name TEXT NOT NULL,
  created_ms  INTEGER NOT NULL,
  first_event_ms INTEGER,
  last_event_ms  INTEGER,
  last_ingestion_ms INTEGER,
  stored_bytes INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, region, group_name, stream_name)
);

CREATE TABLE log_groups (
  account_id TEXT NOT NULL,
  region     TEXT NOT NULL,
  group_name TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, group_name)
) WITHOUT ROWID;

-- One event per data row, seq = line number (0 for job-level events), so a replayed batch
-- cannot add an event twice.
CREATE TABLE log_events (
  stream_id    INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  timestamp_ms INTEGER NOT NULL,
  ingestion_ms INTEGER NOT NULL,
  message      TEXT NOT NULL,
  PRIMARY KEY (stream_id, seq)
) WITHOUT ROWID;
-- CloudWatch's order, which GetLogEvents and FilterLogEvents page through: by time, then seq.
CREATE INDEX log_events_by_time ON log_events (stream_id, timestamp_ms, seq);
`,
  },
  {
    version: 3,
    sql: `
-- Pools deleted whose users are still being removed, a chunk per turn of the event loop
-- (pools.ts, purgeUsers): the pool row goes at once; a crash mid-way finishes at the next open.
CREATE TABLE pool_purges (
  account_id TEXT NOT NULL,
  pool_id    TEXT NOT NULL,
  PRIMARY KEY (account_id, pool_id)
) WITHOUT ROWID;
`,
  },
  {
    version: 4,
    sql: `
-- ListUsers filters from indexes (store/userFilterPlan.ts): the six searchable standard
-- attributes as columns of users (NULL when the user has none), each indexed where present;
-- sub and status; the few disabled users. Every index is keyed by the pool, then the value, then
-- username_key: one value's users come in username order, as every ListUsers page lists them.
-- The pool is a small integer in these keys, not the account and pool strings (31 bytes and more
-- in each of nine entries a user): the entries are about half as large, and the import writes them.
-- AUTOINCREMENT: a number is never given twice, even while a deleted pool's users are purged.
CREATE TABLE pool_refs (
  ref        INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL,
  pool_id    TEXT NOT NULL,
  UNIQUE (account_id, pool_id)
);
ALTER TABLE users ADD COLUMN pool_ref INTEGER;
ALTER TABLE users ADD COLUMN attr_email TEXT;
ALTER TABLE users ADD COLUMN attr_phone_number TEXT;
ALTER TABLE users ADD COLUMN attr_name TEXT;
ALTER TABLE users ADD COLUMN attr_given_name TEXT;
ALTER TABLE users ADD COLUMN attr_family_name TEXT;
ALTER TABLE users ADD COLUMN attr_preferred_username TEXT;
-- Existing users: their pool's number, and their values from the attributes JSON ([[name, value], ...]).
INSERT INTO pool_refs (account_id, pool_id) SELECT DISTINCT account_id, pool_id FROM users;
UPDATE users SET
  pool_ref = (SELECT ref FROM pool_refs AS r WHERE r.account_id = users.account_id AND r.pool_id = users.pool_id),
  attr_email = (SELECT json_extract(a.value, '$[1]') FROM json_each(users.attributes) AS a WHERE json_extract(a.value, '$[0]') = 'email' LIMIT 1),
  attr_phone_number = (SELECT json_extract(a.value, '$[1]') FROM json_each(users.attributes) AS a WHERE json_extract(a.value, '$[0]') = 'phone_number' LIMIT 1),
  attr_name = (SELECT json_extract(a.value, '$[1]') FROM json_each(users.attributes) AS a WHERE json_extract(a.value, '$[0]') = 'name' LIMIT 1),
  attr_given_name = (SELECT json_extract(a.value, '$[1]') FROM json_each(users.attributes) AS a WHERE json_extract(a.value, '$[0]') = 'given_name' LIMIT 1),
  attr_family_name = (SELECT json_extract(a.value, '$[1]') FROM json_each(users.attributes) AS a WHERE json_extract(a.value, '$[0]') = 'family_name' LIMIT 1),
  attr_preferred_username = (SELECT json_extract(a.value, '$[1]') FROM json_each(users.attributes) AS a WHERE json_extract(a.value, '$[0]') = 'preferred_username' LIMIT 1);
CREATE INDEX users_by_attr_email ON users (pool_ref, attr_email, username_key) WHERE attr_email IS NOT NULL;
CREATE INDEX users_by_attr_phone_number ON users (pool_ref, attr_phone_number, username_key) WHERE attr_phone_number IS NOT NULL;
CREATE INDEX users_by_attr_name ON users (pool_ref, attr_name, username_key) WHERE attr_name IS NOT NULL;
CREATE INDEX users_by_attr_given_name ON users (pool_ref, attr_given_name, username_key) WHERE attr_given_name IS NOT NULL;
CREATE INDEX users_by_attr_family_name ON users (pool_ref, attr_family_name, username_key) WHERE attr_family_name IS NOT NULL;
CREATE INDEX users_by_attr_preferred_username ON users (pool_ref, attr_preferred_username, username_key) WHERE attr_preferred_username IS NOT NULL;
CREATE INDEX users_by_sub ON users (pool_ref, sub, username_key);
CREATE INDEX users_by_status ON users (pool_ref, status, username_key);
CREATE INDEX users_disabled ON users (pool_ref, username_key) WHERE enabled = 0;
`,
  },
  SQLITE_SIGN_IN_MIGRATION,
  SQLITE_POOL_BY_ID_MIGRATION,
  SQLITE_SWEEP_INDEX_MIGRATION,
  SQLITE_REFRESH_TOKEN_SUB_MIGRATION,
];

// Versioned schema for SQLite. Applied in order at start, each in its own transaction;
// a version is never edited once released: add a new one.
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
];

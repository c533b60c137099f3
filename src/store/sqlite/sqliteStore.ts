// The embedded backend: one SQLite file in the data dir (WAL), better-sqlite3 12.
// better-sqlite3 is synchronous; the ports are async so PostgreSQL fits the same interface.
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { JobKey, JobRecord, JobStatus } from '../../domain/importJob';
import { ACTIVE_STATUSES } from '../../domain/importJob';
import type { PoolSettings, StoredPool } from '../../domain/userPool';
import type { JobStore, PageCursor, PoolStore, Scope, StartOutcome, StopOutcome, Store } from '../ports';
import { MIGRATIONS } from './migrations';

interface JobRow {
  account_id: string; pool_id: string; job_id: string; job_name: string; status: string; role_arn: string;
  pre_signed_url: string; hashing_alg: string | null; created_ms: number; started_ms: number | null;
  completed_ms: number | null; imported: number; skipped: number; failed: number;
  completion_message: string | null; blob_key: string | null;
}

interface PoolRow {
  account_id: string; region: string; pool_id: string; name: string; created_ms: number; modified_ms: number; settings: string;
}

const toJob = (r: JobRow): JobRecord => ({
  accountId: r.account_id, poolId: r.pool_id, jobId: r.job_id, jobName: r.job_name, status: r.status as JobStatus,
  roleArn: r.role_arn, preSignedUrl: r.pre_signed_url,
  passwordHashingAlgorithm: (r.hashing_alg ?? undefined) as JobRecord['passwordHashingAlgorithm'],
  createdMs: r.created_ms, startedMs: r.started_ms ?? undefined, completedMs: r.completed_ms ?? undefined,
  imported: r.imported, skipped: r.skipped, failed: r.failed,
  completionMessage: r.completion_message ?? undefined, blobKey: r.blob_key ?? undefined,
});

const toPool = (r: PoolRow): StoredPool => ({
  accountId: r.account_id, region: r.region, id: r.pool_id, name: r.name,
  createdMs: r.created_ms, modifiedMs: r.modified_ms, settings: JSON.parse(r.settings) as PoolSettings,
});

export function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)').run(m.version, Date.now());
    })();
  }
}

const ACTIVE_SQL = ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ');

class SqlitePools implements PoolStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO user_pools (account_id, region, pool_id, name, created_ms, modified_ms, settings)
        VALUES (@accountId, @region, @id, @name, @createdMs, @modifiedMs, @settings)`),
      find: db.prepare('SELECT * FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ?'),
      exists: db.prepare('SELECT 1 FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ?').pluck(),
      list: db.prepare(`SELECT * FROM user_pools WHERE account_id = ? AND region = ? AND (created_ms, pool_id) > (?, ?)
        ORDER BY created_ms, pool_id LIMIT ?`),
      save: db.prepare(`UPDATE user_pools SET name = ?, settings = ?, modified_ms = ? WHERE account_id = ? AND region = ? AND pool_id = ?`),
      del: db.prepare('DELETE FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ?'),
      jobBlobs: db.prepare('SELECT blob_key FROM import_jobs WHERE account_id = ? AND pool_id = ? AND blob_key IS NOT NULL').pluck(),
      delJobs: db.prepare('DELETE FROM import_jobs WHERE account_id = ? AND pool_id = ?'),
      delQueue: db.prepare('DELETE FROM job_queue WHERE account_id = ? AND pool_id = ?'),
    };
  }
  async insertPool(p: StoredPool): Promise<void> {
    this.s.insert.run({ ...p, settings: JSON.stringify(p.settings) });
  }
  async findPool(scope: Scope, poolId: string): Promise<StoredPool | undefined> {
    const r = this.s.find.get(scope.accountId, scope.region, poolId) as PoolRow | undefined;
    return r && toPool(r);
  }
  async poolExists(scope: Scope, poolId: string): Promise<boolean> {
    return this.s.exists.get(scope.accountId, scope.region, poolId) !== undefined;
  }
  async listPools(scope: Scope, limit: number, after?: PageCursor): Promise<StoredPool[]> {
    const rows = this.s.list.all(scope.accountId, scope.region, after?.ms ?? -1, after?.id ?? '', limit) as PoolRow[];
    return rows.map(toPool);
  }
  async savePool(scope: Scope, poolId: string, name: string, settings: PoolSettings, modifiedMs: number): Promise<boolean> {
    return this.s.save.run(name, JSON.stringify(settings), modifiedMs, scope.accountId, scope.region, poolId).changes === 1;
  }
  async deletePool(scope: Scope, poolId: string): Promise<string[] | undefined> {
    return this.db.transaction(() => {
      if (this.s.del.run(scope.accountId, scope.region, poolId).changes === 0) return undefined;
      const blobs = this.s.jobBlobs.all(scope.accountId, poolId) as string[];
      this.s.delQueue.run(scope.accountId, poolId);
      this.s.delJobs.run(scope.accountId, poolId);
      return blobs;
    })();
  }
}

class SqliteJobs implements JobStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      count: db.prepare('SELECT count(*) FROM import_jobs WHERE account_id = ? AND pool_id = ?').pluck(),
      insert: db.prepare(`INSERT INTO import_jobs (account_id, pool_id, job_id, job_name, status, role_arn, pre_signed_url,
          hashing_alg, created_ms, imported, skipped, failed)
        VALUES (@accountId, @poolId, @jobId, @jobName, @status, @roleArn, @preSignedUrl, @alg, @createdMs, 0, 0, 0)`),
      find: db.prepare('SELECT * FROM import_jobs WHERE account_id = ? AND pool_id = ? AND job_id = ?'),
      list: db.prepare(`SELECT * FROM import_jobs WHERE account_id = ? AND pool_id = ? AND (created_ms, job_id) < (?, ?)
        ORDER BY created_ms DESC, job_id DESC LIMIT ?`),
      attach: db.prepare(`UPDATE import_jobs SET blob_key = ? WHERE account_id = ? AND pool_id = ? AND job_id = ? AND status = 'Created'`),
      start: db.prepare(`UPDATE import_jobs SET status = 'Pending', started_ms = ?
        WHERE account_id = ? AND pool_id = ? AND job_id = ? AND status = 'Created' AND blob_key IS NOT NULL AND created_ms > ?`),
      active: db.prepare(`SELECT job_id FROM import_jobs WHERE account_id = ? AND status IN (${ACTIVE_SQL})`).pluck(),
      enqueue: db.prepare('INSERT INTO job_queue (account_id, pool_id, job_id, queued_ms) VALUES (?, ?, ?, ?)'),
      dequeue: db.prepare('DELETE FROM job_queue WHERE account_id = ? AND pool_id = ? AND job_id = ?'),
      stopPending: db.prepare(`UPDATE import_jobs SET status = 'Stopped', completed_ms = ?, completion_message = ?
        WHERE account_id = ? AND pool_id = ? AND job_id = ? AND status = 'Pending'`),
      stopRunning: db.prepare(`UPDATE import_jobs SET status = 'Stopping'
        WHERE account_id = ? AND pool_id = ? AND job_id = ? AND status = 'InProgress'`),
      expiring: db.prepare(`SELECT blob_key FROM import_jobs WHERE status = 'Created' AND created_ms <= ? AND blob_key IS NOT NULL`).pluck(),
      expire: db.prepare(`UPDATE import_jobs SET status = 'Expired', completed_ms = created_ms + ?, completion_message = ?, blob_key = NULL
        WHERE status = 'Created' AND created_ms <= ?`),
    };
  }
  private get(key: JobKey): JobRecord | undefined {
    const r = this.s.find.get(key.accountId, key.poolId, key.jobId) as JobRow | undefined;
    return r && toJob(r);
  }
  async insertJob(j: JobRecord, maxJobsPerPool: number): Promise<boolean> {
    return this.db.transaction(() => {
      if ((this.s.count.get(j.accountId, j.poolId) as number) >= maxJobsPerPool) return false;
      this.s.insert.run({ ...j, alg: j.passwordHashingAlgorithm ?? null });
      return true;
    }).immediate();
  }
  async findJob(key: JobKey): Promise<JobRecord | undefined> {
    return this.get(key);
  }
  async listJobs(accountId: string, poolId: string, limit: number, after?: PageCursor): Promise<JobRecord[]> {
    const rows = this.s.list.all(accountId, poolId, after?.ms ?? Number.MAX_SAFE_INTEGER, after?.id ?? '', limit) as JobRow[];
    return rows.map(toJob);
  }
  async attachUpload(key: JobKey, blobKey: string): Promise<string | undefined> {
    return this.db.transaction(() => {
      const job = this.get(key);
      if (!job || job.status !== 'Created') return undefined;
      this.s.attach.run(blobKey, key.accountId, key.poolId, key.jobId);
      return job.blobKey ?? '';
    }).immediate();
  }
  async startJob(key: JobKey, nowMs: number, createdAfterMs: number): Promise<StartOutcome> {
    return this.db.transaction((): StartOutcome => {
      const job = this.get(key);
      if (!job) return { kind: 'not-found' };
      if (job.status !== 'Created' || job.createdMs <= createdAfterMs) return { kind: 'not-startable', job };
      if (!job.blobKey) return { kind: 'no-upload', job };
      const active = this.s.active.get(key.accountId) as string | undefined;
      if (active) return { kind: 'account-busy', activeJobId: active };
      // The partial unique index import_jobs_one_active backs this check up against any writer.
      this.s.start.run(nowMs, key.accountId, key.poolId, key.jobId, createdAfterMs);
      this.s.enqueue.run(key.accountId, key.poolId, key.jobId, nowMs);
      return { kind: 'started', job: this.get(key)! };
    }).immediate();
  }
  async stopJob(key: JobKey, nowMs: number, message: string): Promise<StopOutcome> {
    return this.db.transaction((): StopOutcome => {
      const job = this.get(key);
      if (!job) return { kind: 'not-found' };
      if (job.status === 'Pending') {
        this.s.stopPending.run(nowMs, message, key.accountId, key.poolId, key.jobId);
        this.s.dequeue.run(key.accountId, key.poolId, key.jobId);
        return { kind: 'stopped', job: this.get(key)! };
      }
      if (job.status === 'InProgress') {
        this.s.stopRunning.run(key.accountId, key.poolId, key.jobId);
        return { kind: 'stopping', job: this.get(key)! };
      }
      return { kind: 'not-stoppable', job };
    }).immediate();
  }
  async expireJobs(createdBeforeMs: number, ttlMs: number, message: string): Promise<string[]> {
    return this.db.transaction(() => {
      const blobs = this.s.expiring.all(createdBeforeMs) as string[];
      this.s.expire.run(ttlMs, message, createdBeforeMs);
      return blobs;
    }).immediate();
  }
}

export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return {
    pools: new SqlitePools(db),
    jobs: new SqliteJobs(db),
    close: async () => { db.close(); },
  };
}

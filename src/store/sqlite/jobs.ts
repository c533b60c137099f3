import type { Database as Db, Statement } from 'better-sqlite3';
import type { JobKey, JobRecord } from '../../domain/importJob';
import { ACTIVE_STATUSES } from '../../domain/importJob';
import type { JobStore, PageCursor, Scope, StartOutcome, StopOutcome } from '../ports';
import { JOB_COLUMNS, jobRowAt, toJob, type JobRow } from './rows';
import type { WriteTurns } from './writeTurns';

const ACTIVE_SQL = ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ');

export class SqliteJobs implements JobStore {
  private readonly s: Record<string, Statement>;
  // No memory of the rows read (there was one, valid while total_changes() stayed the same, when
  // this connection was the file's only writer): with the import engine writing through its
  // own connection it had to check PRAGMA data_version too, a read transaction like the lookup
  // itself, and bench/api then measured no less server CPU per DescribeUserImportJob with it
  // than without (docs/benchmarks.md, "Import engine in a thread").
  constructor(private readonly db: Db, private readonly turns: WriteTurns) {
    this.s = {
      count: db.prepare('SELECT count(*) FROM import_jobs WHERE account_id = ? AND pool_id = ?').pluck(),
      insert: db.prepare(`INSERT INTO import_jobs (account_id, pool_id, job_id, job_name, status, role_arn, pre_signed_url,
          hashing_alg, created_ms, imported, skipped, failed)
        VALUES (@accountId, @poolId, @jobId, @jobName, @status, @roleArn, @preSignedUrl, @alg, @createdMs, 0, 0, 0)`),
      find: db.prepare('SELECT * FROM import_jobs WHERE account_id = ? AND pool_id = ? AND job_id = ?'),
      // The job by its key, with whether its pool is the caller's (in their region) as a scalar
      // subquery, not a join: SQLite 3.54 (better-sqlite3 13, on Node 22 and later) takes 27 us
      // for the same lookup written as a LEFT JOIN of user_pools and import_jobs, against 6.6 us
      // so; SQLite 3.4x (better-sqlite3 12, Node 20) 6.4 and 6.1 us (in a loop).
      findInPool: db.prepare(`SELECT (SELECT 1 FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ?),
        ${JOB_COLUMNS.join(', ')} FROM import_jobs WHERE account_id = ? AND pool_id = ? AND job_id = ?`).raw(),
      totalRows: db.prepare('SELECT total_rows FROM import_jobs WHERE account_id = ? AND pool_id = ? AND job_id = ?').pluck(),
      poolInRegion: db.prepare('SELECT 1 FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ?').pluck(),
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
    return this.turns.transaction(() => {
      if ((this.s.count.get(j.accountId, j.poolId) as number) >= maxJobsPerPool) return false;
      this.s.insert.run({ ...j, alg: j.passwordHashingAlgorithm ?? null });
      return true;
    });
  }
  async findJob(key: JobKey): Promise<JobRecord | undefined> {
    return this.get(key);
  }
  async findJobInPool(scope: Scope, poolId: string, jobId: string): Promise<JobRecord | 'no-pool' | undefined> {
    return this.answer(scope, poolId, this.findInPool(scope, poolId, jobId));
  }

  /** Raw (positional) values: 1 when the pool is the caller's, then the job's columns. */
  private findInPool(scope: Scope, poolId: string, jobId: string): unknown[] | undefined {
    return this.s.findInPool.get(scope.accountId, scope.region, poolId, scope.accountId, poolId, jobId) as unknown[] | undefined;
  }

  private answer(scope: Scope, poolId: string, v: unknown[] | undefined): JobRecord | 'no-pool' | undefined {
    if (v) return v[0] === 1 ? toJob(jobRowAt(v, 1)) : 'no-pool';
    // No such job: is there such a pool? (Answers only the error, so a second look is cheap.)
    return this.s.poolInRegion.get(scope.accountId, scope.region, poolId) === 1 ? undefined : 'no-pool';
  }

  async totalRows(key: JobKey): Promise<number | undefined> {
    return (this.s.totalRows.get(key.accountId, key.poolId, key.jobId) as number | null | undefined) ?? undefined;
  }

  async listJobs(accountId: string, poolId: string, limit: number, after?: PageCursor): Promise<JobRecord[]> {
    const rows = this.s.list.all(accountId, poolId, after?.ms ?? Number.MAX_SAFE_INTEGER, after?.id ?? '', limit) as JobRow[];
    return rows.map(toJob);
  }
  async attachUpload(key: JobKey, blobKey: string): Promise<string | undefined> {
    return this.turns.transaction(() => {
      const job = this.get(key);
      if (!job || job.status !== 'Created') return undefined;
      this.s.attach.run(blobKey, key.accountId, key.poolId, key.jobId);
      return job.blobKey ?? '';
    });
  }
  async startJob(key: JobKey, nowMs: number, createdAfterMs: number): Promise<StartOutcome> {
    return this.turns.transaction((): StartOutcome => {
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
    });
  }
  async stopJob(key: JobKey, nowMs: number, message: string): Promise<StopOutcome> {
    return this.turns.transaction((): StopOutcome => {
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
    });
  }
  async expireJobs(createdBeforeMs: number, ttlMs: number, message: string): Promise<string[]> {
    return this.turns.transaction(() => {
      const blobs = this.s.expiring.all(createdBeforeMs) as string[];
      this.s.expire.run(ttlMs, message, createdBeforeMs);
      return blobs;
    });
  }
}


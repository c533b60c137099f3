// Jobs on PostgreSQL. Every guarded change locks the job row (SELECT ... FOR UPDATE) and decides on
// what it then reads, in one transaction; lock order everywhere: advisory key, job row, queue row.
import type { Pool, PoolClient } from 'pg';
import type { JobKey, JobRecord } from '../../domain/importJob';
import { ACTIVE_STATUSES } from '../../domain/importJob';
import type { JobStore, PageCursor, Scope, StartOutcome, StopOutcome } from '../ports';
import { toJob, type JobRow } from '../rows';
import { cols, COLUMNS, inTransaction, isPgError, LOCKS, lockKey, named, UNIQUE_VIOLATION, type Queryable } from './sql';

const JOB = cols(COLUMNS.job);

const ACTIVE_SQL = ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ');

/** The job row, locked until the transaction ends; undefined when there is none. */
export async function lockJob(c: PoolClient, key: JobKey): Promise<JobRow | undefined> {
  const r = await named<JobRow>(c, 'job-lock', `SELECT ${JOB} FROM import_jobs WHERE account_id = $1 AND pool_id = $2 AND job_id = $3 FOR UPDATE`,
    [key.accountId, key.poolId, key.jobId]);
  return r.rows[0];
}

async function readJob(db: Queryable, key: JobKey): Promise<JobRecord | undefined> {
  const r = await named<JobRow>(db, 'job-find', `SELECT ${JOB} FROM import_jobs WHERE account_id = $1 AND pool_id = $2 AND job_id = $3`,
    [key.accountId, key.poolId, key.jobId]);
  return r.rows.length ? toJob(r.rows[0]) : undefined;
}

export class PgJobs implements JobStore {
  constructor(private readonly pool: Pool) {}

  async insertJob(j: JobRecord, maxJobsPerPool: number): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      // Two inserts into one pool at once would both see room for one more: they take turns.
      await lockKey(c, LOCKS.poolJobs, j.accountId, j.poolId);
      const n = await named<{ n: number }>(c, 'job-count', 'SELECT count(*) AS n FROM import_jobs WHERE account_id = $1 AND pool_id = $2', [j.accountId, j.poolId]);
      if (n.rows[0].n >= maxJobsPerPool) return false;
      await named(c, 'job-insert', `INSERT INTO import_jobs (account_id, pool_id, job_id, job_name, status, role_arn, pre_signed_url,
          hashing_alg, created_ms, imported, skipped, failed)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, 0)`,
      [j.accountId, j.poolId, j.jobId, j.jobName, j.status, j.roleArn, j.preSignedUrl, j.passwordHashingAlgorithm ?? null, j.createdMs]);
      return true;
    });
  }

  async findJob(key: JobKey): Promise<JobRecord | undefined> {
    return readJob(this.pool, key);
  }

  async findJobInPool(scope: Scope, poolId: string, jobId: string): Promise<JobRecord | 'no-pool' | undefined> {
    const r = await named<JobRow & { in_pool: string }>(this.pool, 'job-find-in-pool', `SELECT p.pool_id AS in_pool, ${cols(COLUMNS.job, 'j')} FROM user_pools p
      LEFT JOIN import_jobs j ON j.account_id = p.account_id AND j.pool_id = p.pool_id AND j.job_id = $1
      WHERE p.account_id = $2 AND p.region = $3 AND p.pool_id = $4`, [jobId, scope.accountId, scope.region, poolId]);
    const row = r.rows[0];
    if (!row) return 'no-pool';
    return row.job_id === null ? undefined : toJob(row);
  }

  async totalRows(key: JobKey): Promise<number | undefined> {
    const r = await named<{ total_rows: number | null }>(this.pool, 'job-total-rows',
      'SELECT total_rows FROM import_jobs WHERE account_id = $1 AND pool_id = $2 AND job_id = $3', [key.accountId, key.poolId, key.jobId]);
    return r.rows[0]?.total_rows ?? undefined;
  }

  async listJobs(accountId: string, poolId: string, limit: number, after?: PageCursor): Promise<JobRecord[]> {
    const r = await named<JobRow>(this.pool, 'job-list', `SELECT ${JOB} FROM import_jobs
      WHERE account_id = $1 AND pool_id = $2 AND (created_ms, job_id) < ($3::bigint, $4::text)
      ORDER BY created_ms DESC, job_id DESC LIMIT $5`, [accountId, poolId, after?.ms ?? Number.MAX_SAFE_INTEGER, after?.id ?? '', limit]);
    return r.rows.map(toJob);
  }

  async attachUpload(key: JobKey, blobKey: string): Promise<string | undefined> {
    return inTransaction(this.pool, async (c) => {
      const job = await lockJob(c, key);
      if (!job || job.status !== 'Created') return undefined;
      await named(c, 'job-attach', 'UPDATE import_jobs SET blob_key = $1 WHERE account_id = $2 AND pool_id = $3 AND job_id = $4',
        [blobKey, key.accountId, key.poolId, key.jobId]);
      return job.blob_key ?? '';
    });
  }

  async startJob(key: JobKey, nowMs: number, createdAfterMs: number): Promise<StartOutcome> {
    try {
      return await inTransaction(this.pool, (c) => this.start(c, key, nowMs, createdAfterMs));
    } catch (e) {
      // The partial unique index import_jobs_one_active backs the check up against any writer.
      if (!isPgError(e, UNIQUE_VIOLATION, 'import_jobs_one_active')) throw e;
      const active = await this.activeJob(this.pool, key.accountId);
      if (active === undefined) throw e;
      return { kind: 'account-busy', activeJobId: active };
    }
  }

  private async start(c: PoolClient, key: JobKey, nowMs: number, createdAfterMs: number): Promise<StartOutcome> {
    // Starts of one account take turns, so the active-job check below sees every earlier start.
    await lockKey(c, LOCKS.accountStart, key.accountId);
    const row = await lockJob(c, key);
    if (!row) return { kind: 'not-found' };
    const job = toJob(row);
    if (job.status !== 'Created' || job.createdMs <= createdAfterMs) return { kind: 'not-startable', job };
    if (!job.blobKey) return { kind: 'no-upload', job };
    const active = await this.activeJob(c, key.accountId);
    if (active !== undefined) return { kind: 'account-busy', activeJobId: active };
    await named(c, 'job-start', `UPDATE import_jobs SET status = 'Pending', started_ms = $1
      WHERE account_id = $2 AND pool_id = $3 AND job_id = $4 AND status = 'Created' AND blob_key IS NOT NULL AND created_ms > $5`,
    [nowMs, key.accountId, key.poolId, key.jobId, createdAfterMs]);
    await named(c, 'job-enqueue', 'INSERT INTO job_queue (account_id, pool_id, job_id, queued_ms) VALUES ($1, $2, $3, $4)',
      [key.accountId, key.poolId, key.jobId, nowMs]);
    return { kind: 'started', job: (await readJob(c, key))! };
  }

  private async activeJob(db: Queryable, accountId: string): Promise<string | undefined> {
    const r = await named<{ job_id: string }>(db, 'job-active', `SELECT job_id FROM import_jobs WHERE account_id = $1 AND status IN (${ACTIVE_SQL})`, [accountId]);
    return r.rows[0]?.job_id;
  }

  async stopJob(key: JobKey, nowMs: number, message: string): Promise<StopOutcome> {
    return inTransaction(this.pool, async (c): Promise<StopOutcome> => {
      const row = await lockJob(c, key);
      if (!row) return { kind: 'not-found' };
      const k = [key.accountId, key.poolId, key.jobId];
      if (row.status === 'Pending') {
        await named(c, 'job-stop-pending', `UPDATE import_jobs SET status = 'Stopped', completed_ms = $1, completion_message = $2
          WHERE account_id = $3 AND pool_id = $4 AND job_id = $5`, [nowMs, message, ...k]);
        await named(c, 'queue-drop', 'DELETE FROM job_queue WHERE account_id = $1 AND pool_id = $2 AND job_id = $3', k);
        return { kind: 'stopped', job: (await readJob(c, key))! };
      }
      if (row.status === 'InProgress') {
        // The worker sees Stopping when it commits its next batch (the job row is what it locks).
        await named(c, 'job-stop-running', `UPDATE import_jobs SET status = 'Stopping' WHERE account_id = $1 AND pool_id = $2 AND job_id = $3`, k);
        return { kind: 'stopping', job: (await readJob(c, key))! };
      }
      return { kind: 'not-stoppable', job: toJob(row) };
    });
  }

  async expireJobs(createdBeforeMs: number, ttlMs: number, message: string): Promise<string[]> {
    // SKIP LOCKED: a job another transaction holds (being started, or expired by another
    // instance's sweeper) is left to it, or to the next sweep; nobody waits, nobody deadlocks.
    const r = await named<{ blob_key: string | null }>(this.pool, 'job-expire', `WITH e AS (
        SELECT account_id, pool_id, job_id, blob_key FROM import_jobs
        WHERE status = 'Created' AND created_ms <= $1 FOR UPDATE SKIP LOCKED
      )
      UPDATE import_jobs j SET status = 'Expired', completed_ms = j.created_ms + $2, completion_message = $3, blob_key = NULL
      FROM e WHERE j.account_id = e.account_id AND j.pool_id = e.pool_id AND j.job_id = e.job_id
      RETURNING e.blob_key`, [createdBeforeMs, ttlMs, message]);
    return r.rows.map((x) => x.blob_key).filter((k): k is string => k !== null);
  }
}

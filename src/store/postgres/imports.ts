// The import engine's side of the store on PostgreSQL, shared by every instance: the queue row
// carries the lease, the job row the checkpoint, and every batch moves both in one transaction.
//
// Locks: claimNextJob takes the queue row and the job row with FOR UPDATE SKIP LOCKED (a job
// another instance is claiming, committing, stopping or deleting is passed over, nobody waits).
// Every other guarded change locks the job row first (FOR UPDATE) and only then reads the lease
// from the queue row, in a statement of its own: under READ COMMITTED that read sees the lease as
// the last claim committed it, so a worker whose lease was taken over is fenced off ('lost').
import { draftsOf, subsOf, tallyBatch, type BatchTally } from '../batchOutcomes';
import type { Pool, PoolClient } from 'pg';
import type { JobKey, JobRecord } from '../../domain/importJob';
import { jobEnding, type JobEnd } from '../../domain/importJob';
import { logGroupName, logStreamName } from '../../domain/importLog';
import type { BatchCommit, BatchResult, ClaimedImport, ImportStore, PreparedBatch } from '../ports';
import { toJob, type ClaimRow } from '../rows';
import { lockJob } from './jobs';
import { encodeEvents, type EncodedEvents } from './logWrites';
import type { PgLogs } from './logs';
import { planUserBatch, type UserBatchPlan } from './userBatch';
import { refreshUserStatistics } from './statistics';
import { cols, COLUMNS, inTransaction, LOCKS, lockKeyText, named } from './sql';
import type { PgUsers } from './users';


const LOAD_SQL = `SELECT ${cols([...COLUMNS.job, 'checkpoint_offset', 'checkpoint_row', 'total_rows'], 'j')}, p.region, p.name AS pool_name, q.lease_owner FROM import_jobs j
  JOIN user_pools p ON p.account_id = j.account_id AND p.pool_id = j.pool_id
  LEFT JOIN job_queue q ON q.account_id = j.account_id AND q.pool_id = j.pool_id AND q.job_id = j.job_id
  WHERE j.account_id = $1 AND j.pool_id = $2 AND j.job_id = $3`;

const keyOf = (k: JobKey): string[] => [k.accountId, k.poolId, k.jobId];

async function load(c: PoolClient, key: JobKey): Promise<ClaimRow | undefined> {
  return (await named<ClaimRow>(c, 'import-load', LOAD_SQL, keyOf(key))).rows[0];
}

/** Locks the job row, then reads it with its pool and lease; undefined when the job or its pool is gone. */
async function lockAndLoad(c: PoolClient, key: JobKey): Promise<ClaimRow | undefined> {
  if (!(await lockJob(c, key))) return undefined;
  return load(c, key);
}

interface PgPreparedBatch extends PreparedBatch {
  users: UserBatchPlan;
  likely: BatchTally;
  likelyEvents: EncodedEvents;
}

export class PgImports implements ImportStore {
  /**
   * Each job's log stream, as the first batch committed here found it (a pool's and a job's names
   * never change): what lets the next batches go in one round trip.
   */
  private readonly streams = new Map<string, { region: string; group: string; stream: string }>();

  constructor(private readonly pool: Pool, private readonly users: PgUsers, private readonly logs: PgLogs) {}

  /**
   * The usual batch in one round trip (import_commit_likely_batch, migrations 2 to 5): the same checks
   * and writes as the path below, when the pool holds none of the batch's users and the stream none
   * of its seqs; undefined, with nothing written, otherwise. The function decides no row: it writes
   * the likely decision (decideRowOutcomes given NOTHING_HELD), and answers 'slow' when the pool
   * holds one of the batch's usernames or aliases: its inserts fail on the unique indexes, or one
   * it does not insert (UserBatchPlan.unchecked, sent as p_probe_*) is there (migration 5).
   * One round trip matters because this process prepares the next batch meanwhile: a transaction of ten statements waited for it
   * between each (the one round trip and that overlap together took about 40% off a 100,000-row
   * import's Start to Succeeded; docs/benchmarks-2026-11.md).
   */
  private async commitLikelyBatch(b: BatchCommit, p: PgPreparedBatch, where: { region: string; group: string; stream: string }): Promise<BatchResult | undefined> {
    const d = p.users.likely;
    const e = p.likelyEvents;
    const values = [
      ...keyOf(b.key), b.workerId, b.fromRow, b.fromRow + b.rows.length, b.toOffset, b.nowMs + b.leaseMs, b.nowMs,
      LOCKS.poolUsers, lockKeyText(b.key.accountId, b.key.poolId), ...p.users.unchecked, ...d.columns,
      d.users, d.aliases, p.likely.imported, p.likely.skipped, p.likely.failed,
      where.region, where.group, where.stream, e.seqs, e.timestamps, e.ingestions, e.messages, e.first, e.last, e.ingested, e.bytes,
    ];
    const r = await named<{ outcome: string; status: JobRecord['status']; imported: number; skipped: number; failed: number }>(this.pool, 'import-commit-likely',
      `SELECT outcome, status, imported, skipped, failed FROM import_commit_likely_batch(${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
    const x = r.rows[0];
    switch (x.outcome) {
      case 'applied': return { kind: 'applied', status: x.status, imported: x.imported, skipped: x.skipped, failed: x.failed };
      case 'gone': return { kind: 'gone' };
      case 'lost': return { kind: 'lost' };
      default: return undefined;
    }
  }

  async claimNextJob(workerId: string, nowMs: number, leaseMs: number): Promise<ClaimedImport | undefined> {
    return inTransaction(this.pool, async (c): Promise<ClaimedImport | undefined> => {
      const next = await named<{ account_id: string; pool_id: string; job_id: string; status: string }>(c, 'import-next', `SELECT q.account_id, q.pool_id, q.job_id, j.status
        FROM job_queue q JOIN import_jobs j ON j.account_id = q.account_id AND j.pool_id = q.pool_id AND j.job_id = q.job_id
        WHERE q.lease_owner IS NULL OR q.lease_expires_ms < $1
        ORDER BY q.queued_ms LIMIT 1
        FOR UPDATE OF q, j SKIP LOCKED`, [nowMs]);
      const q = next.rows[0];
      if (!q) return undefined;
      const key: JobKey = { accountId: q.account_id, poolId: q.pool_id, jobId: q.job_id };
      const row = ['Pending', 'InProgress', 'Stopping'].includes(q.status) ? await load(c, key) : undefined;
      if (!row) {
        await named(c, 'queue-drop', 'DELETE FROM job_queue WHERE account_id = $1 AND pool_id = $2 AND job_id = $3', keyOf(key)); // a queue entry without a live job
        return undefined;
      }
      await named(c, 'import-lease', 'UPDATE job_queue SET lease_owner = $1, lease_expires_ms = $2 WHERE account_id = $3 AND pool_id = $4 AND job_id = $5',
        [workerId, nowMs + leaseMs, ...keyOf(key)]);
      await named(c, 'import-in-progress', `UPDATE import_jobs SET status = 'InProgress' WHERE account_id = $1 AND pool_id = $2 AND job_id = $3 AND status = 'Pending'`,
        keyOf(key));
      const r = (await load(c, key))!;
      return {
        job: toJob(r), region: r.region, poolName: r.pool_name, checkpointOffset: r.checkpoint_offset,
        checkpointRow: r.checkpoint_row, totalRows: r.total_rows ?? undefined,
      };
    });
  }

  async renewLease(key: JobKey, workerId: string, nowMs: number, leaseMs: number): Promise<boolean> {
    const r = await named(this.pool, 'import-renew', 'UPDATE job_queue SET lease_expires_ms = $1 WHERE account_id = $2 AND pool_id = $3 AND job_id = $4 AND lease_owner = $5',
      [nowMs + leaseMs, ...keyOf(key), workerId]);
    return r.rowCount === 1;
  }

  async releaseLease(key: JobKey, workerId: string): Promise<void> {
    await named(this.pool, 'import-renew', 'UPDATE job_queue SET lease_expires_ms = $1 WHERE account_id = $2 AND pool_id = $3 AND job_id = $4 AND lease_owner = $5',
      [0, ...keyOf(key), workerId]);
  }

  async recordTotalRows(key: JobKey, workerId: string, totalRows: number): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      if ((await lockAndLoad(c, key))?.lease_owner !== workerId) return false;
      await named(c, 'import-total-rows', 'UPDATE import_jobs SET total_rows = $1 WHERE account_id = $2 AND pool_id = $3 AND job_id = $4',
        [totalRows, ...keyOf(key)]);
      return true;
    });
  }

  /**
   * Everything JavaScript does for a batch, done before its transaction: the users' plan and the
   * log events of its likely outcome (no username or alias of the batch already in the pool).
   */
  prepareBatch(b: BatchCommit): PgPreparedBatch {
    const users = planUserBatch(draftsOf(b), subsOf(b));
    const likely = tallyBatch(b, users.likely.outcomes);
    return { batch: b, users, likely, likelyEvents: encodeEvents(likely.events) };
  }

  async commitBatch(b: BatchCommit, prepared?: PreparedBatch): Promise<BatchResult> {
    const p = prepared && 'users' in prepared && prepared.batch === b ? prepared as PgPreparedBatch : this.prepareBatch(b);
    const stream = this.streams.get(keyOf(b.key).join('\0'));
    if (stream && p.likelyEvents.increasing) {
      const r = await this.commitLikelyBatch(b, p, stream);
      if (r) return r;
    }
    return inTransaction(this.pool, async (c): Promise<BatchResult> => {
      const row = await lockAndLoad(c, b.key);
      if (!row) return { kind: 'gone' };
      if (row.lease_owner !== b.workerId || row.checkpoint_row !== b.fromRow) return { kind: 'lost' };
      if (row.status !== 'InProgress' && row.status !== 'Stopping') return { kind: 'lost' };
      const created = await this.users.createUsersTx(c, b.key.accountId, b.key.poolId, p.users, b.nowMs);
      // The likely outcome's tally and events, unless the pool held some of the batch already
      // (createUsersTx returns the plan's likely outcomes themselves when it used them).
      const likely = created === p.users.likely.outcomes;
      const { imported, skipped, failed, events } = likely ? p.likely : tallyBatch(b, created);
      const where = { region: row.region, group: logGroup(row), stream: logStream(row) };
      await this.logs.appendEncodedEventsTx(c, { accountId: b.key.accountId, region: where.region }, where.group, where.stream,
        likely ? p.likelyEvents : encodeEvents(events));
      if (this.streams.size >= 1000) this.streams.clear();
      this.streams.set(keyOf(b.key).join('\0'), where);
      // Counters, checkpoint and lease in one statement.
      await named(c, 'import-advance', `WITH lease AS (
          UPDATE job_queue SET lease_expires_ms = $1 WHERE account_id = $2 AND pool_id = $3 AND job_id = $4 AND lease_owner = $5
        )
        UPDATE import_jobs SET imported = imported + $6, skipped = skipped + $7, failed = failed + $8, checkpoint_offset = $9, checkpoint_row = $10
        WHERE account_id = $2 AND pool_id = $3 AND job_id = $4 AND checkpoint_row = $11`,
      [b.nowMs + b.leaseMs, ...keyOf(b.key), b.workerId, imported, skipped, failed, b.toOffset, b.fromRow + b.rows.length, b.fromRow]);
      return { kind: 'applied', status: row.status, imported: row.imported + imported, skipped: row.skipped + skipped, failed: row.failed + failed };
    });
  }

  async finishJob(key: JobKey, workerId: string, end: JobEnd, nowMs: number): Promise<JobRecord | undefined> {
    await refreshUserStatistics(this.pool, key); // before the final status: ListUsers is planned right once it shows (statistics.ts)
    return inTransaction(this.pool, async (c): Promise<JobRecord | undefined> => {
      const row = await lockAndLoad(c, key);
      if (!row || row.lease_owner !== workerId) return undefined;
      // A stop asked while the last batch ran wins over the rows' verdict (spec section 2).
      const { status, message } = jobEnding(row.status as JobRecord['status'], end);
      await named(c, 'import-finish', `UPDATE import_jobs SET status = $1, completed_ms = $2, completion_message = $3
        WHERE account_id = $4 AND pool_id = $5 AND job_id = $6`, [status, nowMs, message, ...keyOf(key)]);
      await named(c, 'queue-drop', 'DELETE FROM job_queue WHERE account_id = $1 AND pool_id = $2 AND job_id = $3', keyOf(key));
      const jobEvent = 'jobEvent' in end ? end.jobEvent : undefined;
      if (jobEvent) {
        await this.logs.appendEventsTx(c, { accountId: key.accountId, region: row.region }, logGroup(row), logStream(row),
          [{ seq: 0, timestampMs: nowMs, ingestionMs: nowMs, message: jobEvent }]);
      }
      return toJob((await load(c, key))!);
    });
  }
}

const logGroup = (r: ClaimRow): string => logGroupName(r.pool_id, r.pool_name);
const logStream = (r: ClaimRow): string => logStreamName(r.job_id, r.job_name);

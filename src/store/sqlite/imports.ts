// The import engine's side of the store: claim with a lease, commit a batch exactly once,
// finish. Durable work lives here (graphile-worker's shape): the queue row carries the lease,
// the job row carries the checkpoint, and every batch moves both in one transaction.
import { draftsOf, subsOf, tallyBatch } from '../batchOutcomes';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { JobKey, JobRecord } from '../../domain/importJob';
import { jobEnding, type JobEnd } from '../../domain/importJob';
import { logGroupName, logStreamName } from '../../domain/importLog';
import type { BatchCommit, BatchResult, PreparedBatch, ClaimedImport, ImportStore } from '../ports';
import type { SqliteLogs } from './logs';
import { toJob, type ClaimRow } from './rows';
import type { SqliteUsers } from './users';
import { encodeWriterBatch, type EncodedUsers, type WriterBatch } from './writerBatch';
import type { WriteTurns } from './writeTurns';


/** Commits a batch somewhere else: the engine's store sends its batches to a thread of their own (batchWriter.ts). */
export type BatchCommitter = (w: WriterBatch) => Promise<BatchResult>;

/** A batch made ready for the writer's thread (writerBatch.ts). */
interface SqlitePreparedBatch extends PreparedBatch {
  readonly writer?: WriterBatch;
}

export class SqliteImports implements ImportStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db, private readonly turns: WriteTurns, private readonly users: SqliteUsers, private readonly logs: SqliteLogs,
    private readonly committer?: BatchCommitter) {
    this.s = {
      nextFree: db.prepare(`SELECT q.account_id, q.pool_id, q.job_id FROM job_queue q
        WHERE q.lease_owner IS NULL OR q.lease_expires_ms < ? ORDER BY q.queued_ms LIMIT 1`),
      lease: db.prepare(`UPDATE job_queue SET lease_owner = ?, lease_expires_ms = ? WHERE account_id = ? AND pool_id = ? AND job_id = ?`),
      renew: db.prepare(`UPDATE job_queue SET lease_expires_ms = ? WHERE account_id = ? AND pool_id = ? AND job_id = ? AND lease_owner = ?`),
      toInProgress: db.prepare(`UPDATE import_jobs SET status = 'InProgress' WHERE account_id = ? AND pool_id = ? AND job_id = ? AND status = 'Pending'`),
      claimed: db.prepare(`SELECT j.*, p.region, p.name AS pool_name, q.lease_owner FROM import_jobs j
        JOIN user_pools p ON p.account_id = j.account_id AND p.pool_id = j.pool_id
        LEFT JOIN job_queue q ON q.account_id = j.account_id AND q.pool_id = j.pool_id AND q.job_id = j.job_id
        WHERE j.account_id = ? AND j.pool_id = ? AND j.job_id = ?`),
      dropQueue: db.prepare('DELETE FROM job_queue WHERE account_id = ? AND pool_id = ? AND job_id = ?'),
      totalRows: db.prepare(`UPDATE import_jobs SET total_rows = ? WHERE account_id = ? AND pool_id = ? AND job_id = ?`),
      advance: db.prepare(`UPDATE import_jobs SET imported = imported + ?, skipped = skipped + ?, failed = failed + ?,
          checkpoint_offset = ?, checkpoint_row = ?
        WHERE account_id = ? AND pool_id = ? AND job_id = ? AND checkpoint_row = ?`),
      finish: db.prepare(`UPDATE import_jobs SET status = ?, completed_ms = ?, completion_message = ?
        WHERE account_id = ? AND pool_id = ? AND job_id = ?`),
    };
  }

  private load(k: { account_id: string; pool_id: string; job_id: string } | JobKey): ClaimRow | undefined {
    const [a, p, j] = 'account_id' in k ? [k.account_id, k.pool_id, k.job_id] : [k.accountId, k.poolId, k.jobId];
    return this.s.claimed.get(a, p, j) as ClaimRow | undefined;
  }

  async claimNextJob(workerId: string, nowMs: number, leaseMs: number): Promise<ClaimedImport | undefined> {
    return this.turns.transaction((): ClaimedImport | undefined => {
      const q = this.s.nextFree.get(nowMs) as { account_id: string; pool_id: string; job_id: string } | undefined;
      if (!q) return undefined;
      const row = this.load(q);
      if (!row || !['Pending', 'InProgress', 'Stopping'].includes(row.status)) {
        this.s.dropQueue.run(q.account_id, q.pool_id, q.job_id); // a queue entry without a live job
        return undefined;
      }
      this.s.lease.run(workerId, nowMs + leaseMs, q.account_id, q.pool_id, q.job_id);
      this.s.toInProgress.run(q.account_id, q.pool_id, q.job_id);
      const r = this.load(q)!;
      return {
        job: toJob(r), region: r.region, poolName: r.pool_name, checkpointOffset: r.checkpoint_offset,
        checkpointRow: r.checkpoint_row, totalRows: r.total_rows ?? undefined,
      };
    });
  }

  async renewLease(key: JobKey, workerId: string, nowMs: number, leaseMs: number): Promise<boolean> {
    return this.turns.write(() => this.s.renew.run(nowMs + leaseMs, key.accountId, key.poolId, key.jobId, workerId).changes === 1);
  }

  async releaseLease(key: JobKey, workerId: string): Promise<void> {
    await this.turns.write(() => this.s.renew.run(0, key.accountId, key.poolId, key.jobId, workerId));
  }

  async recordTotalRows(key: JobKey, workerId: string, totalRows: number): Promise<boolean> {
    return this.turns.transaction(() => {
      if (this.load(key)?.lease_owner !== workerId) return false;
      this.s.totalRows.run(totalRows, key.accountId, key.poolId, key.jobId);
      return true;
    });
  }

  /**
   * For the writer's thread: the users' stored forms (writerBatch.ts), and the batch kept as the
   * writer gets it, its drafts without attributes, so the rows read for it can be collected while
   * it waits its turn (several batches wait, ENGINE_BATCHES_IN_FLIGHT). In this thread, nothing ahead.
   */
  prepareBatch(b: BatchCommit): SqlitePreparedBatch {
    if (!this.committer) return { batch: b };
    const writer = encodeWriterBatch(b);
    return { batch: writer.batch, writer };
  }

  async commitBatch(b: BatchCommit, prepared?: PreparedBatch): Promise<BatchResult> {
    if (!this.committer) return this.turns.transaction(() => this.applyBatch(b));
    const p = prepared as SqlitePreparedBatch | undefined;
    return this.committer(p?.batch === b && p.writer ? p.writer : encodeWriterBatch(b));
  }

  /**
   * Batches in the order given, in one IMMEDIATE transaction, each applying or not as it would
   * alone; any error undoes them all (the writer's thread, batchWriterThread.ts). After each one,
   * `enough()` may end the transaction early: the answers are those of the batches it took.
   */
  commitBatchesSync(batches: WriterBatch[], enough: () => boolean): BatchResult[] {
    return this.db.transaction(() => {
      const results: BatchResult[] = [];
      for (const w of batches) {
        results.push(this.applyBatch(w.batch, w.users));
        if (enough()) break;
      }
      return results;
    }).immediate();
  }

  /**
   * Inside the caller's transaction: the batch applies only on top of its checkpoint, by the
   * lease's owner. `users`: its users' stored forms, when encoded ahead.
   */
  private applyBatch(b: BatchCommit, users?: EncodedUsers): BatchResult {
    const row = this.load(b.key);
    if (!row) return { kind: 'gone' };
    if (row.lease_owner !== b.workerId || row.checkpoint_row !== b.fromRow) return { kind: 'lost' };
    if (row.status !== 'InProgress' && row.status !== 'Stopping') return { kind: 'lost' };
    const created = this.users.createUsersSync(b.key.accountId, b.key.poolId, draftsOf(b), b.nowMs, subsOf(b), users);
    const { imported, skipped, failed, events } = tallyBatch(b, created);
    this.logs.appendEventsSync({ accountId: b.key.accountId, region: row.region }, logGroup(row), logStream(row), events);
    this.s.advance.run(imported, skipped, failed, b.toOffset, b.fromRow + b.rows.length,
      b.key.accountId, b.key.poolId, b.key.jobId, b.fromRow);
    this.s.renew.run(b.nowMs + b.leaseMs, b.key.accountId, b.key.poolId, b.key.jobId, b.workerId);
    return { kind: 'applied', status: row.status, imported: row.imported + imported, skipped: row.skipped + skipped, failed: row.failed + failed };
  }

  async finishJob(key: JobKey, workerId: string, end: JobEnd, nowMs: number): Promise<JobRecord | undefined> {
    return this.turns.transaction((): JobRecord | undefined => {
      const row = this.load(key);
      if (!row || row.lease_owner !== workerId) return undefined;
      // A stop asked while the last batch ran wins over the rows' verdict (spec section 2).
      const { status, message } = jobEnding(row.status as JobRecord['status'], end);
      this.s.finish.run(status, nowMs, message, key.accountId, key.poolId, key.jobId);
      this.s.dropQueue.run(key.accountId, key.poolId, key.jobId);
      const jobEvent = 'jobEvent' in end ? end.jobEvent : undefined;
      if (jobEvent) {
        this.logs.appendEventsSync({ accountId: key.accountId, region: row.region }, logGroup(row), logStream(row),
          [{ seq: 0, timestampMs: nowMs, ingestionMs: nowMs, message: jobEvent }]);
      }
      return toJob(this.load(key)!);
    });
  }
}

const logGroup = (r: ClaimRow): string => logGroupName(r.pool_id, r.pool_name);
const logStream = (r: ClaimRow): string => logStreamName(r.job_id, r.job_name);

// The log lines of a job's life on this worker (one JSON line each, src/logger.ts): started or
// resumed, progress every PROGRESS_ROWS rows, finished with its counters. Ids and counts only,
// never a row's content. The batch that fails and is retried logs itself (batchPipeline.ts).
import type { JobKey, JobRecord } from '../domain/importJob';
import type { Logger } from '../logger';
import type { ClaimedImport, ImportStore, Store } from '../store/ports';

/** What the import engine counts for GET /metrics (src/http/metrics.ts; the engine's thread posts them, engine.ts). */
export interface JobMetricsSink {
  /** A batch applied: its rows' outcomes, and how long its commit took. */
  batchApplied(rows: { imported: number; skipped: number; failed: number }, commitSeconds: number): void;
  /** A job this worker ran ended, with this status. */
  jobEnded(status: string): void;
  /** A job started (+1) or stopped (-1) running on this worker. */
  jobRunning(delta: 1 | -1): void;
}

/** [OURS] A progress line every this many rows: a 500,000-row job logs five. */
export const PROGRESS_ROWS = 100_000;

const ids = (k: JobKey): Record<string, string> => ({ accountId: k.accountId, poolId: k.poolId, jobId: k.jobId });

/** A claimed job: started, or resumed where a worker that stopped (a crash, a restart) left it. */
export function logClaimed(log: Logger, claim: ClaimedImport): void {
  const j = claim.job;
  // The pre-scan records the row count: a job that has one was worked on before.
  if (claim.totalRows === undefined) log.info('job started', ids(j));
  else log.info('job resumed after its worker stopped', { ...ids(j), fromRow: claim.checkpointRow, totalRows: claim.totalRows });
}

/** A progress line when the rows done pass a multiple of PROGRESS_ROWS. */
export function logProgress(log: Logger, key: JobKey, before: JobCounters, after: JobCounters): void {
  const was = done(before), now = done(after);
  if (Math.floor(now / PROGRESS_ROWS) > Math.floor(was / PROGRESS_ROWS)) {
    log.info('job progress', { ...ids(key), rows: now, imported: after.imported, skipped: after.skipped, failed: after.failed });
  }
}

type JobCounters = Pick<JobRecord, 'imported' | 'skipped' | 'failed'>;
const done = (c: JobCounters): number => c.imported + c.skipped + c.failed;

/**
 * The store, with every end of a job it writes logged once written ('job finished': status,
 * counters, message and seconds since the claim), whichever path ends it.
 */
export function loggingJobEnds(store: Store, log: Logger, claimedMs: number, metrics?: JobMetricsSink): Store {
  const imports = store.imports;
  const finishJob: ImportStore['finishJob'] = async (key, workerId, end, nowMs) => {
    const j = await imports.finishJob(key, workerId, end, nowMs);
    if (j) {
      metrics?.jobEnded(j.status);
      log.info('job finished', {
        ...ids(key), status: j.status, imported: j.imported, skipped: j.skipped, failed: j.failed,
        message: j.completionMessage, seconds: Math.round(nowMs - claimedMs) / 1000,
      });
    }
    return j;
  };
  const wrapped = new Proxy(imports, {
    get: (target, p) => (p === 'finishJob' ? finishJob : Reflect.get(target, p, target)),
  });
  return { ...store, imports: wrapped };
}

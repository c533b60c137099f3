// Runs one claimed job from its checkpoint to its end (shared/design.md, "One job"): pre-scan
// once, then stream the CSV from the checkpoint's byte offset, never the whole file in memory;
// each batch of rows commits users, counters, checkpoint and log events together.
// Three kinds of failure, three paths: a bad row is data (counted, logged, the job goes on);
// a bad file ends the job Failed with a message saying what to fix; a broken database or disk
// is retried with backoff and leaves the job's status alone. A file deleted from the blob store
// after Start is a bad file: no retry brings it back (BlobNotFoundError, src/blobs/ports.ts).
import { BlobNotFoundError, type BlobStore } from '../blobs/ports';
import type { Clock } from '../domain/clock';
import { FILE_MESSAGES } from '../domain/csvMessages';
import { checkHeader, checkRow, type RowPlan } from '../domain/csvRules';
import type { IdGenerator } from '../domain/ids';
import { finalStatus, MESSAGES, type JobEnd, type JobKey } from '../domain/importJob';
import { jobFailed, logGroupName, logStreamName } from '../domain/importLog';
import type { Logger } from '../logger';
import type { ClaimedImport, RowOutcomeInput, Store } from '../store/ports';
import { LIMITS, prescanCsv } from './csvFile';
import type { FaultSink } from './faults';
import { nextTurn } from '../nextTurn';
import { BatchPipeline, type BatchSpan, type Next } from './batchPipeline';
import { FileLines } from './fileLines';
import { logClaimed, loggingJobEnds, type JobMetricsSink } from './jobLog';

export interface ImportDeps {
  store: Store;
  blobs: BlobStore;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  workerId: string;
  batchSize: number;
  leaseMs: number;
  /** True once the server is shutting down: stop at the next batch boundary, keep the checkpoint. */
  shuttingDown(): boolean;
  /** Where retried storage faults are recorded for /health. */
  faults?: FaultSink;
  /** What GET /metrics counts of the jobs run here. */
  metrics?: JobMetricsSink;
}

const NL = 10;
export const POOL_DELETED = 'The user pool was deleted while the job was running; the import stopped, and the users it had imported were deleted with the pool.';

const STOPPED: JobEnd = { status: 'Stopped' };



export async function runImport(claim: ClaimedImport, deps: ImportDeps): Promise<void> {
  const { job } = claim;
  logClaimed(deps.log, claim);
  const d: ImportDeps = { ...deps, store: loggingJobEnds(deps.store, deps.log, deps.clock.now(), deps.metrics) };
  d.metrics?.jobRunning(1);
  const key: JobKey = { accountId: job.accountId, poolId: job.poolId, jobId: job.jobId };
  let leaseLost = false;
  const heartbeat = setInterval(() => {
    d.store.imports.renewLease(key, d.workerId, d.clock.now(), d.leaseMs)
      .then((ok) => { if (!ok) leaseLost = true; }, (e: unknown) => d.log.error('lease renewal failed', { jobId: job.jobId, error: String(e) }));
  }, Math.max(100, d.leaseMs / 3));
  try {
    await importFromCheckpoint(claim, key, d, () => leaseLost);
  } catch (e) {
    // Anything else is thrown on: the runner records it and the job resumes when its lease runs out.
    if (!(e instanceof BlobNotFoundError)) throw e;
    await endWithoutFile(claim, key, d, e);
  } finally {
    clearInterval(heartbeat);
    d.metrics?.jobRunning(-1);
  }
}

async function fail(key: JobKey, d: ImportDeps, message: string): Promise<void> {
  await d.store.imports.finishJob(key, d.workerId, { status: 'Failed', message, jobEvent: jobFailed(message) }, d.clock.now());
}

/**
 * [OURS] The job's file is gone, before its first row or between two batches (say, deleted
 * before a reclaim): the job ends Failed with the counters of the batches committed, which
 * frees the account's active slot. Retried instead, it would be claimed again at every lease.
 */
async function endWithoutFile(claim: ClaimedImport, key: JobKey, d: ImportDeps, e: BlobNotFoundError): Promise<void> {
  d.log.error('the job\'s CSV file is no longer in the blob store; the job ends Failed', {
    jobId: key.jobId, blobKey: e.key, blobStore: d.blobs.location,
  });
  const message = FILE_MESSAGES.gone;
  if (await d.store.imports.finishJob(key, d.workerId, { status: 'Failed', message, jobEvent: jobFailed(message) }, d.clock.now())) return;
  // Not ours to end. With the job gone too, its pool was deleted (the blobs go after the rows).
  if (!(await d.store.jobs.findJob(key))) await logPoolDeleted(claim, key, d);
}

/**
 * [OURS] The pool was deleted while the job ran: its jobs and users went with it. The log
 * stream outlives them (as CloudWatch's does), so it records why the import ended.
 */
async function logPoolDeleted(claim: ClaimedImport, key: JobKey, d: ImportDeps): Promise<void> {
  await d.store.logs.appendEvents({ accountId: key.accountId, region: claim.region },
    logGroupName(key.poolId, claim.poolName), logStreamName(key.jobId, claim.job.jobName),
    [{ seq: 0, timestampMs: d.clock.now(), ingestionMs: d.clock.now(), message: jobFailed(POOL_DELETED) }]);
}

async function importFromCheckpoint(claim: ClaimedImport, key: JobKey, d: ImportDeps, leaseLost: () => boolean): Promise<void> {
  const { job } = claim;
  if (job.status === 'Stopping') {
    // Stopped while no worker held it.
    await d.store.imports.finishJob(key, d.workerId, STOPPED, d.clock.now());
    return;
  }
  if (!job.blobKey) return fail(key, d, 'The uploaded CSV file is missing. Create a new import job and upload the file again.');
  const pool = await d.store.pools.findPool({ accountId: job.accountId, region: claim.region }, job.poolId);
  if (!pool) return; // deleted with its jobs: nothing left to finish

  let header: string;
  if (claim.totalRows === undefined) {
    const scan = await prescanCsv(d.blobs.read(job.blobKey));
    if (!scan.ok) return fail(key, d, scan.message);
    header = scan.header;
    if (!(await d.store.imports.recordTotalRows(key, d.workerId, scan.dataRows))) return;
    // The pre-scan reads the whole file (seconds for 100 MB): a Stop asked meanwhile must not
    // let the first batch in, since commitBatch applies a batch to a Stopping job.
    if ((await d.store.jobs.findJob(key))?.status === 'Stopping') {
      await d.store.imports.finishJob(key, d.workerId, STOPPED, d.clock.now());
      return;
    }
  } else {
    header = await readFirstLine(d.blobs, job.blobKey);
  }
  const headerCheck = checkHeader(header, { pool, passwordHashingAlgorithm: job.passwordHashingAlgorithm });
  if (!headerCheck.ok) return fail(key, d, headerCheck.message);
  const pipeline = new BatchPipeline(d, key, leaseLost, {
    gone: () => logPoolDeleted(claim, key, d),
    stopped: async () => { await d.store.imports.finishJob(key, d.workerId, STOPPED, d.clock.now()); },
  }, { imported: job.imported, skipped: job.skipped, failed: job.failed });
  const reader: Reader = { d, key, blobKey: job.blobKey, plan: headerCheck.plan, pipeline };
  // A commit that failed is retried by reading its rows, and those after it, again (batchPipeline.ts).
  let next = await readRows(reader, claim.checkpointRow, claim.checkpointOffset);
  while (typeof next === 'object') next = await readRows(reader, next.readAgainFrom.fromRow, next.readAgainFrom.fromOffset);
  if (next === 'end') return;
  const status = finalStatus(pipeline.counters);
  // A stop asked while the last batch ran still wins: finishJob ends the job Stopped then.
  await d.store.imports.finishJob(key, d.workerId, { status, message: status === 'Succeeded' ? MESSAGES.succeeded : MESSAGES.tooManyFailed }, d.clock.now());
}

interface Reader {
  d: ImportDeps;
  key: JobKey;
  blobKey: string;
  plan: RowPlan;
  pipeline: BatchPipeline;
}

/**
 * Streams the file's rows from data row `fromRow` at byte `start` (0: a fresh job, whose header
 * line is skipped; else a checkpoint) to its end, in batches, and waits for every batch's
 * answer: 'go' when all applied.
 */
async function readRows({ d, key, blobKey, plan, pipeline }: Reader, fromRow: number, start: number): Promise<Next> {
  let row = fromRow;
  let batch: RowOutcomeInput[] = [];
  let skipHeader = start === 0;
  let batchRow = fromRow;
  let batchOffset = start;
  /** Sends the full batch ending at byte `toOffset` once there is room. */
  const flush = async (toOffset: number): Promise<Next> => {
    const rows = batch;
    batch = [];
    const span: BatchSpan = { fromRow: batchRow, fromOffset: batchOffset, toOffset };
    batchRow += rows.length;
    batchOffset = toOffset;
    const next = await pipeline.send(span, d.store.imports.prepareBatch({
      key, workerId: d.workerId, fromRow: span.fromRow, toOffset, rows, nowMs: d.clock.now(),
      leaseMs: d.leaseMs, subs: subsFor(rows, d.ids),
    }));
    // A turn: while a batch commits, the next rows are read from a buffered stream whose reads
    // resolve without one, so the commit's request (megabytes on PostgreSQL) would go out, and its
    // answer come in, only when this process paused (the turn took about 40% off a 100,000-row
    // import on PostgreSQL; docs/benchmarks-2026-11.md).
    if (next === 'go') await nextTurn();
    return next;
  };

  const stream = d.blobs.read(blobKey, { start });
  try {
    const lines = new FileLines(start);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (const line of lines.of(chunk)) {
        if (skipHeader) {
          skipHeader = false;
          batchOffset = line.end;
        } else if (line.text) {
          batch.push(rowOf(line.text, ++row, plan));
        }
        if (batch.length >= d.batchSize) {
          const next = await flush(line.end);
          if (next !== 'go') return next;
        }
      }
      if (pipeline.inFlight) await nextTurn();
    }
    const last = lines.rest();
    if (last && !skipHeader) batch.push(rowOf(last, ++row, plan));
    if (batch.length) {
      const next = await flush(lines.end);
      if (next !== 'go') return next;
    }
    return await pipeline.settleAll();
  } catch (e) {
    // The file went away mid-run. The batches in flight settle first: when one ended the job (a
    // stop), lost it or gave it back, that stands; else the job ends without its file (runImport),
    // also when one of them failed to commit: its rows cannot be read again.
    if (e instanceof BlobNotFoundError && (await pipeline.settleAll().catch(() => 'end' as const)) === 'end') return 'end';
    throw e;
  } finally {
    stream.destroy();
    // Batches still in flight when reading failed: let them settle before the job is left to its fate.
    await pipeline.drain();
  }
}

/** One fresh sub per row that carries a user (BatchCommit.subs). */
function subsFor(rows: RowOutcomeInput[], ids: IdGenerator): string[] {
  const subs: string[] = [];
  for (const r of rows) if (r.user) subs.push(ids.sub());
  return subs;
}

/** checkRow applies every row rule, the 16,000-character limit included. */
function rowOf(text: string, line: number, plan: RowPlan): RowOutcomeInput {
  const r = checkRow(text, plan);
  return r.ok ? { line, user: r.user } : { line, failure: r.reason };
}

async function readFirstLine(blobs: BlobStore, blobKey: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of blobs.read(blobKey, { start: 0, end: LIMITS.maxRowChars * 4 }) as AsyncIterable<Buffer>) {
    const nl = chunk.indexOf(NL);
    parts.push(nl < 0 ? chunk : chunk.subarray(0, nl));
    if (nl >= 0) break;
  }
  return Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
}

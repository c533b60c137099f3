// One job's batches on their way into the store (src/worker/importUsers.ts reads and checks
// them). Batches commit while the next are read, checked and prepared (prepareBatch: on
// PostgreSQL all the encoding), so this process and the database work at once: on PostgreSQL,
// together with PgImports' one-round-trip commit, about 40% off a 100,000-row import's Start to
// Succeeded (docs/benchmarks-2026-11.md). How many may be sent before the first answers is the
// store's to say (StoreCapabilities.batchesInFlight): one on PostgreSQL, several where the store
// applies them in the order sent (the SQLite engine's, which commits those waiting together).
// Each applies only on top of the checkpoint the one before leaves, and the answers are taken in
// order.
//
// A batch in flight is kept as where its rows are in the file (BatchSpan), not as its rows: a
// commit that fails is retried by reading its rows again from the file. Kept whole, the rows
// of eight batches outlived two collections of the engine thread's young generation, and V8
// copied them there and then into its old space (docs/benchmarks.md, "Batches in flight as
// spans": peak RSS and the engine thread's garbage collection).
import type { JobKey, JobRecord } from '../domain/importJob';
import type { BatchResult, PreparedBatch } from '../store/ports';
import type { ImportDeps } from './importUsers';
import { logProgress } from './jobLog';

/** The job's row counters, as its record holds them. */
export type Counters = Pick<JobRecord, 'imported' | 'skipped' | 'failed'>;

type PipelineDeps = Pick<ImportDeps, 'store' | 'log' | 'faults' | 'clock' | 'workerId' | 'shuttingDown' | 'metrics'>;

/** Where a batch's rows are: from data row `fromRow`, at byte `fromOffset`, up to byte `toOffset`. */
export interface BatchSpan {
  fromRow: number;
  fromOffset: number;
  toOffset: number;
}

/**
 * What the reader does next: go on, end (the job must not go on: stopped, lost, gone, or the
 * server shutting down), or read again from the span of a batch whose commit failed (the
 * batches after it were not applied either), once the backoff has passed.
 */
export type Next = 'go' | 'end' | { readAgainFrom: BatchSpan };

/**
 * The most CSV bytes in flight beyond the first batch ([OURS]). batchesInFlight counts batches:
 * 8 batches of 500 of the bench's 190-byte rows are 0.8 MB, but of 16,000-character rows they would be
 * 64 MB of text, several times that as the rows' stored forms on their way to the store. A
 * batch bigger than this still goes, alone.
 */
export const MAX_BYTES_IN_FLIGHT = 4 * 1024 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The CSV bytes a batch holds. */
const spanBytes = (s: BatchSpan): number => s.toOffset - s.fromOffset;

export class BatchPipeline {
  private readonly sent: { span: BatchSpan; answer: Promise<BatchResult | Error>; seconds: number }[] = [];
  /** The CSV bytes of the batches in `sent`. */
  private bytes = 0;
  private readonly depth: number;
  /** Commits failed in a row (the backoff's exponent); none once a batch applies. */
  private failures = 0;

  /**
   * `counters`: the job's, as claimed; then as the last batch applied left them.
   * `hooks.gone`: what to do when the job's pool turns out deleted (a batch answers 'gone').
   * `hooks.stopped`: ends the job Stopped when a batch answers that a stop was asked.
   */
  constructor(
    private readonly d: PipelineDeps,
    private readonly key: JobKey,
    private readonly leaseLost: () => boolean,
    private readonly hooks: { gone(): Promise<void>; stopped(): Promise<void> },
    public counters: Counters,
  ) {
    this.depth = Math.max(1, d.store.capabilities.batchesInFlight);
  }

  get inFlight(): boolean {
    return this.sent.length > 0;
  }

  /** The batches in flight and their CSV bytes (tests). */
  get load(): { batches: number; bytes: number } {
    return { batches: this.sent.length, bytes: this.bytes };
  }

  /**
   * Sends the batch at `span` once there is room for it. Prepared before it waits, so that on
   * PostgreSQL (one in flight) its encoding overlaps the commit before it.
   */
  async send(span: BatchSpan, prepared: PreparedBatch): Promise<Next> {
    const bytes = spanBytes(span);
    while (this.sent.length >= this.depth || (this.sent.length && this.bytes + bytes > MAX_BYTES_IN_FLIGHT)) {
      const next = await this.settleOldest();
      if (next !== 'go') return next;
    }
    // Caught here: a failure is taken in turn (settleOldest), never an unhandled rejection meanwhile.
    const sentAt = performance.now();
    // The commit's time is taken when it answers, not when its answer is taken (in order, later).
    const answer = this.d.store.imports.commitBatch(prepared.batch, prepared)
      .then((r) => { entry.seconds = (performance.now() - sentAt) / 1000; return r; })
      .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    const entry: BatchPipeline['sent'][number] = { span, answer, seconds: 0 };
    this.sent.push(entry);
    this.bytes += bytes;
    return 'go';
  }

  /** Every batch sent, answered in order. */
  async settleAll(): Promise<Next> {
    while (this.sent.length) {
      const next = await this.settleOldest();
      if (next !== 'go') return next;
    }
    return 'go';
  }

  /** Waits for every batch sent; their answers no longer matter (the job is not going on). */
  async drain(): Promise<void> {
    while (this.sent.length) await this.take().answer;
  }

  private take(): BatchPipeline['sent'][number] {
    const oldest = this.sent.shift()!;
    this.bytes -= spanBytes(oldest.span);
    return oldest;
  }

  /** Takes the oldest batch's answer. */
  private async settleOldest(): Promise<Next> {
    const taken = this.take();
    const { span, answer } = taken;
    const result = await answer;
    if (result instanceof Error) return this.failed(span, result);
    this.failures = 0;
    this.d.faults?.succeeded(`job ${this.key.jobId}`);
    return (await this.goOnAfter(result, taken.seconds)) ? 'go' : 'end';
  }

  /**
   * A broken database or disk is retried with backoff and leaves the job's status alone. The
   * batches sent after the failed one were not applied (undone with it, or refused: not on top
   * of its checkpoint); once they have answered and the backoff has passed, the reader sends
   * them all again from the failed one's rows.
   */
  private async failed(span: BatchSpan, error: Error): Promise<Next> {
    const { d, key } = this;
    await this.drain();
    if (this.leaseLost() || d.shuttingDown()) return 'end';
    const attempt = this.failures++;
    d.log.error('batch commit failed; retrying', { jobId: key.jobId, attempt, error: String(error) });
    d.faults?.failed(`job ${key.jobId}`, error, d.clock.now());
    await sleep(Math.min(5_000, 100 * 2 ** attempt));
    if (this.leaseLost() || d.shuttingDown()) return 'end';
    return { readAgainFrom: span };
  }

  /** After a batch's answer (its commit took commitSeconds): true to go on; else the batches still in flight settle first. */
  private async goOnAfter(result: BatchResult, commitSeconds: number): Promise<boolean> {
    if (result.kind === 'applied') {
      // The counters before this batch and after it: the progress line, and the rows it added.
      const c = this.counters;
      logProgress(this.d.log, this.key, c, result);
      this.d.metrics?.batchApplied({ imported: result.imported - c.imported, skipped: result.skipped - c.skipped, failed: result.failed - c.failed },
        commitSeconds);
      this.counters = result;
      if (result.status !== 'Stopping' && !this.leaseLost() && !this.d.shuttingDown()) return true;
    }
    await this.drain();
    if (result.kind === 'gone') await this.hooks.gone();
    if (result.kind !== 'applied') return false;
    if (result.status === 'Stopping') await this.hooks.stopped();
    else if (!this.leaseLost()) await this.d.store.imports.releaseLease(this.key, this.d.workerId); // shutting down
    return false;
  }
}

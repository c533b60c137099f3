// One job's batches on their way into the store (src/worker/importUsers.ts reads and checks
// them). Batches commit while the next are read, checked and prepared (prepareBatch: on
// PostgreSQL all the encoding), so this process and the database work at once: measured on
// PostgreSQL, 100,000 rows from Start to Succeeded, 4.8 s -> 2.9 s together with PgImports'
// one-round-trip commit. How many may be sent before the first answers is the store's to say
// (StoreCapabilities.batchesInFlight): one on PostgreSQL, several where the store applies them
// in the order sent (the SQLite engine's, which commits those waiting together). Each applies
// only on top of the checkpoint the one before leaves, and the answers are taken in order.
import type { JobKey, JobRecord } from '../domain/importJob';
import type { BatchResult, PreparedBatch } from '../store/ports';
import type { ImportDeps } from './importUsers';

/** The job's row counters, as its record holds them. */
export type Counters = Pick<JobRecord, 'imported' | 'skipped' | 'failed'>;

type PipelineDeps = Pick<ImportDeps, 'store' | 'log' | 'faults' | 'clock' | 'workerId' | 'shuttingDown'>;

/**
 * The most CSV bytes in flight beyond the first batch ([OURS]). batchesInFlight counts batches:
 * 8 batches of 500 of the bench's 190-byte rows are 0.8 MB, but of 16,000-character rows they would be
 * 64 MB of text, several times that as the rows' strings and stored forms. A batch bigger than
 * this still goes, alone.
 */
export const MAX_BYTES_IN_FLIGHT = 4 * 1024 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class BatchPipeline {
  private readonly sent: { prepared: PreparedBatch; bytes: number; answer: Promise<BatchResult | Error> }[] = [];
  /** The CSV bytes of the batches in `sent`. */
  private bytes = 0;
  private readonly depth: number;

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

  /** Sends the batch (`bytes` of the file) once there is room for it; false when the job must not go on. */
  async send(prepared: PreparedBatch, bytes: number): Promise<boolean> {
    while (this.sent.length >= this.depth || (this.sent.length && this.bytes + bytes > MAX_BYTES_IN_FLIGHT)) {
      if (!(await this.settleOldest())) return false;
    }
    this.post(prepared, bytes);
    return true;
  }

  /** Every batch sent, answered in order; false when the job must not go on. */
  async settleAll(): Promise<boolean> {
    while (this.sent.length) if (!(await this.settleOldest())) return false;
    return true;
  }

  /** Waits for every batch sent; their answers no longer matter (the job is not going on). */
  async drain(): Promise<void> {
    while (this.sent.length) await this.take().answer;
  }

  private post(prepared: PreparedBatch, bytes: number): void {
    // Caught here: a failure is taken in turn (settleOldest), never an unhandled rejection meanwhile.
    const answer = this.d.store.imports.commitBatch(prepared.batch, prepared)
      .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    this.sent.push({ prepared, bytes, answer });
    this.bytes += bytes;
  }

  private take(): BatchPipeline['sent'][number] {
    const oldest = this.sent.shift()!;
    this.bytes -= oldest.bytes;
    return oldest;
  }

  /** Takes the oldest batch's answer; false when the job must not go on. */
  private async settleOldest(): Promise<boolean> {
    const { prepared, answer } = this.take();
    let result: BatchResult | Error | undefined = await answer;
    if (result instanceof Error) {
      // The batches sent after it were not applied: undone with it, or refused (not on top of
      // its checkpoint). They go again once it is in, in order.
      const after = this.sent.map((s) => ({ prepared: s.prepared, bytes: s.bytes }));
      await this.drain();
      result = await this.retry(prepared, result);
      if (!result) return false;
      for (const a of after) this.post(a.prepared, a.bytes);
    }
    this.d.faults?.succeeded(`job ${this.key.jobId}`);
    return this.goOnAfter(result);
  }

  /**
   * A broken database or disk is retried with backoff and leaves the job's status alone; the
   * batch again until it answers; undefined when the job must not go on.
   */
  private async retry(prepared: PreparedBatch, error: unknown): Promise<BatchResult | undefined> {
    const { d, key } = this;
    for (let attempt = 0; ; attempt++) {
      if (this.leaseLost() || d.shuttingDown()) return undefined;
      d.log.error('batch commit failed; retrying', { jobId: key.jobId, attempt, error: String(error) });
      d.faults?.failed(`job ${key.jobId}`, error, d.clock.now());
      await sleep(Math.min(5_000, 100 * 2 ** attempt));
      try {
        return await d.store.imports.commitBatch(prepared.batch, prepared);
      } catch (e) {
        error = e;
      }
    }
  }

  /** After a batch's answer: true to go on; else the batches still in flight settle first. */
  private async goOnAfter(result: BatchResult): Promise<boolean> {
    if (result.kind === 'applied') {
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

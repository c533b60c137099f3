// The worker inside the server process: claims queued jobs (lease + heartbeat), runs up to
// `concurrency` of them at once, and reclaims a dead worker's job once its lease runs out.
import { hostname } from 'node:os';
import { randomChars } from '../domain/ids';
import type { ImportDeps } from './importUsers';
import { runImport } from './importUsers';

/** The runner's own activity in WorkerFaults, next to each job's. */
const CLAIMING = 'claiming jobs';

export interface RunnerOptions {
  concurrency: number;
  /** How often to look for work when idle (a Start also wakes the runner at once). */
  pollMs: number;
}

export class ImportRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomChars(6)}`;
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly deps: Omit<ImportDeps, 'workerId' | 'shuttingDown'>, private readonly opts: RunnerOptions) {}

  start(): void {
    this.loop ??= this.claimLoop();
  }

  /** Whether a job is running now. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Called after a job is queued, so it starts without waiting for the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops claiming; running jobs stop at their next batch boundary and give their lease back. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await Promise.all(this.running);
  }

  private async claimLoop(): Promise<void> {
    const deps: ImportDeps = { ...this.deps, workerId: this.workerId, shuttingDown: () => this.stopping };
    while (!this.stopping) {
      let claimed = false;
      if (this.running.size < this.opts.concurrency) {
        try {
          const claim = await deps.store.imports.claimNextJob(this.workerId, deps.clock.now(), deps.leaseMs);
          deps.faults?.succeeded(CLAIMING);
          if (claim) {
            claimed = true;
            const activity = `job ${claim.job.jobId}`;
            const run = runImport(claim, deps)
              .then(() => deps.faults?.succeeded(activity), (e: unknown) => {
                // Retried when the lease runs out (by this server or another): /health counts the failures.
                deps.faults?.failed(activity, e, deps.clock.now());
                deps.log.error('import failed unexpectedly; the job resumes when its lease expires', {
                  jobId: claim.job.jobId, error: e instanceof Error ? e.stack : String(e),
                });
              })
              .finally(() => { this.running.delete(run); this.wake(); });
            this.running.add(run);
          }
        } catch (e) {
          deps.faults?.failed(CLAIMING, e, deps.clock.now());
          deps.log.error('claiming a job failed', { error: e instanceof Error ? e.stack : String(e) });
        }
      }
      if (!claimed) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.opts.pollMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

// What the worker is retrying, for /health. A broken database or disk is retried with backoff and
// leaves the job's status alone (src/worker/importUsers.ts), which is right for a blip but
// invisible when it lasts: a full disk, a lost database, an unreachable bucket. (A job's file that
// is not in the blob store at all ends the job instead: src/worker/importUsers.ts.) Each activity
// ("claiming jobs", "job <id>") keeps its run of failures until it next succeeds.

/** Failures in a row after which an activity counts as stuck ([OURS]): a blip is retried away before. */
export const STUCK_AFTER_FAILURES = 3;

export interface FailureRun {
  activity: string;
  attempts: number;
  sinceMs: number;
  lastMs: number;
  lastError: string;
}

/** Where the worker records its retried faults: WorkerFaults, or in the engine's thread a channel to it (engineThread.ts). */
export interface FaultSink {
  failed(activity: string, error: unknown, nowMs: number): void;
  succeeded(activity: string): void;
}

/** What an error is called in /health: its name and message. */
export const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export class WorkerFaults implements FaultSink {
  private readonly runs = new Map<string, FailureRun>();

  /**
   * @param forgetAfterMs a run whose last failure is older than this is forgotten: the activity
   *   stopped retrying (its job was deleted, or taken over by another server).
   */
  constructor(private readonly forgetAfterMs: number) {}

  failed(activity: string, error: unknown, nowMs: number): void {
    const lastError = describeError(error);
    const run = this.runs.get(activity);
    if (run) Object.assign(run, { attempts: run.attempts + 1, lastMs: nowMs, lastError });
    else this.runs.set(activity, { activity, attempts: 1, sinceMs: nowMs, lastMs: nowMs, lastError });
  }

  succeeded(activity: string): void {
    this.runs.delete(activity);
  }

  /** Activities that have failed STUCK_AFTER_FAILURES times in a row and are still being retried. */
  stuck(nowMs: number): FailureRun[] {
    for (const [k, r] of this.runs) if (nowMs - r.lastMs > this.forgetAfterMs) this.runs.delete(k);
    return [...this.runs.values()].filter((r) => r.attempts >= STUCK_AFTER_FAILURES);
  }
}

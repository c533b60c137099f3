// The import engine in a thread of its own: reading, checking, preparing and
// committing rows never runs on the API's event loop. The thread has its own database
// connection (SQLite: WAL, so the API reads while it commits; PostgreSQL: its own pool) and its
// own blob store; src/worker/engineThread.ts. Here, the server's side: start it, wake it when a
// job is queued, stop it on close, and restart it when it dies. A job the dead thread held is
// not lost: its lease runs out and the next claim (this server's new thread, or another
// server's) takes it from its checkpoint, as after a crash of the whole process.
import type { JobMetricsSink } from './jobLog';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../domain/clock';
import type { Logger } from '../logger';
import type { EngineData, FromEngine, ToEngine } from './engineMessages';
import { describeError, type WorkerFaults } from './faults';
import { IMPORT_THREAD_LIMITS } from '../threadMemory';

/** Restart delays after the thread dies: doubling from the first, up to the last ([OURS]). */
const RESTART_FIRST_MS = 500;
const RESTART_MAX_MS = 30_000;

export interface EngineOptions {
  data: EngineData;
  clock: Clock;
  log: Logger;
  faults: WorkerFaults;
  /** What the thread's jobs count, for GET /metrics; none with --metrics off. */
  metrics?: JobMetricsSink;
}

interface Down {
  sinceMs: number;
  exits: number;
  reason: string;
}

export class ImportEngine {
  private thread: Worker | undefined;
  /** Jobs the thread said it runs (for GET /metrics' gauge, taken back if the thread dies). */
  private runningJobs = 0;
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();
  private down: Down | undefined;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: EngineOptions) {}

  start(): void {
    const thread = new Worker(join(__dirname, 'thread.js'), { workerData: this.o.data, resourceLimits: IMPORT_THREAD_LIMITS });
    this.thread = thread;
    let error: unknown;
    thread.on('message', (m: FromEngine) => this.heard(m));
    thread.on('error', (e) => { error = e; });
    this.exited = new Promise((resolve) => thread.once('exit', (code) => {
      this.thread = undefined;
      if (!this.stopping) this.died(error ?? new Error(`the thread exited with code ${code}`));
      resolve();
    }));
  }

  /** A job was queued: start it now, not at the next poll. */
  wake(): void {
    this.thread?.postMessage({ type: 'wake' } satisfies ToEngine);
  }

  /** For /health: why the engine is not running, while it is not. */
  whyDown(): string | undefined {
    const d = this.down;
    return d && `the import worker thread stopped at ${new Date(d.sinceMs).toISOString()} (${d.reason}); `
      + `restarting${d.exits > 1 ? ` (${d.exits} times in a row)` : ''}`;
  }

  /** Running jobs stop at their next batch boundary and give their lease back; then the thread ends. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.thread?.postMessage({ type: 'stop' } satisfies ToEngine);
    await this.exited;
  }

  /** Ends the thread at once, as a crash would (tests). */
  async kill(): Promise<void> {
    await this.thread?.terminate();
    await this.exited;
  }

  private heard(m: FromEngine): void {
    const { log, faults } = this.o;
    if (m.type === 'log') log[m.level](m.msg, m.fields);
    else if (m.type === 'batch') this.o.metrics?.batchApplied(m.rows, m.commitSeconds);
    else if (m.type === 'jobEnded') this.o.metrics?.jobEnded(m.status);
    else if (m.type === 'jobRunning') {
      this.runningJobs += m.delta;
      this.o.metrics?.jobRunning(m.delta);
    }
    else if (m.type === 'failed') faults.failed(m.activity, m.error, m.nowMs);
    else if (m.type === 'succeeded') faults.succeeded(m.activity);
    else if (m.type === 'stopped') void this.thread?.terminate(); // after every message it sent before
    else if (this.down) {
      log.info('the import worker thread is running again', { workerId: m.workerId });
      this.down = undefined;
    }
  }

  private died(error: unknown): void {
    // Its jobs' ends were never posted: they are not running here any more.
    for (; this.runningJobs > 0; this.runningJobs--) this.o.metrics?.jobRunning(-1);
    const exits = (this.down?.exits ?? 0) + 1;
    this.down = { sinceMs: this.down?.sinceMs ?? this.o.clock.now(), exits, reason: describeError(error) };
    const delayMs = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** (exits - 1));
    this.o.log.error('the import worker thread stopped; its jobs resume when their leases run out', {
      error: error instanceof Error ? error.stack : String(error), restartInMs: delayMs,
    });
    this.restartTimer = setTimeout(() => { if (!this.stopping) this.start(); }, delayMs);
  }
}

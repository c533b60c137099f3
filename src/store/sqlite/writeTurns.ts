// Whose write goes next on the SQLite file. SQLite lets one connection write at a time; the
// others wait for the lock. busy_timeout waits by sleeping in the calling thread: in the API's
// thread, every request stops behind a write that waits. And the import's batch writer begins
// its next group as soon as one commits, so a connection that polls for the lock can miss every
// gap (measured during a 500,000-row import: CreateUserPool p50 64 ms, p99 139 ms, the event
// loop held all that time). So the API's and the engine's connections wait for the lock between
// turns of their event loop, counted in memory shared with the batch writer's thread, which
// lets them go first before its next group.
import type { Database } from 'better-sqlite3';

/** The busy_timeout of every connection of the file (connection.ts): reads, and the batch writer's commits. */
export const BUSY_TIMEOUT_MS = 5_000;

/** How long the batch writer holds its next group back for writes waiting ([OURS]: a writer never starves). */
export const MAX_YIELD_MS = 50;

const isBusy = (e: unknown): boolean => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/** A connection's writes, taking their turn on the file (one per connection of the API's and the engine's stores). */
export class WriteTurns {
  /** [0]: writes of the API's and engine's connections waiting for the lock now. */
  private readonly waiting: Int32Array;

  /** `shared`: the server's store's (SqliteStore.writeTurns), for every connection of the same file. */
  constructor(private readonly db: Database, shared: SharedArrayBuffer) {
    this.waiting = new Int32Array(shared);
  }

  /** `run` in one IMMEDIATE transaction, once the write lock is free (write). */
  transaction<T>(run: () => T): Promise<T> {
    return this.write(() => this.db.transaction(run).immediate());
  }

  /**
   * `write` (one transaction, or one statement) once the write lock is free: tried at once
   * without waiting, then again after pauses of 1-4 ms, never sleeping in this thread. It must
   * touch nothing but the database: a try that finds the lock taken has changed nothing (SQLite
   * rolls the transaction back). After BUSY_TIMEOUT_MS it throws SQLite's SQLITE_BUSY, as
   * busy_timeout did.
   */
  async write<T>(write: () => T): Promise<T> {
    const deadline = performance.now() + BUSY_TIMEOUT_MS;
    let counted = false;
    try {
      for (let pause = 1; ; pause = Math.min(4, pause * 2)) {
        this.db.pragma('busy_timeout = 0');
        try {
          return write();
        } catch (e) {
          if (!isBusy(e) || performance.now() > deadline) throw e;
        } finally {
          this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        }
        if (!counted) {
          Atomics.add(this.waiting, 0, 1);
          counted = true;
        }
        await new Promise((r) => setTimeout(r, pause));
      }
    } finally {
      if (counted) Atomics.sub(this.waiting, 0, 1);
    }
  }
}

/** Memory for the turns of one file's connections (WriteTurns, letOthersFirst). */
export const newWriteTurns = (): SharedArrayBuffer => new SharedArrayBuffer(4);

/** Whether a write of the API's or the engine's connections waits for the lock now. */
export const othersWaiting = (shared: SharedArrayBuffer): boolean => Atomics.load(new Int32Array(shared), 0) > 0;

/** The batch writer's thread, before a group: waits while other connections' writes wait, MAX_YIELD_MS at most. */
export function letOthersFirst(shared: SharedArrayBuffer): void {
  const waiting = new Int32Array(shared);
  const until = performance.now() + MAX_YIELD_MS;
  for (let n = Atomics.load(waiting, 0); n > 0 && performance.now() < until; n = Atomics.load(waiting, 0)) {
    Atomics.wait(waiting, 0, n, 1);
  }
}

/** Milliseconds since the epoch. Injected everywhere so tests can move time (job expiry, URL expiry, skew). */
export interface Clock {
  now(): number;
  /**
   * Set when now() is the number in this buffer (SharedClock): the import engine's thread
   * (src/worker/engine.ts) then reads the same time. A clock without it, other than
   * systemClock, cannot be given to a server whose engine runs.
   */
  readonly shared?: SharedArrayBuffer;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock whose time lives in shared memory, whole milliseconds, read and written with Atomics
 * (a BigInt64Array: Atomics has no Float64Array): whoever holds it sets the time, and every
 * thread given its buffer reads the same value.
 */
export class SharedClock implements Clock {
  readonly shared: SharedArrayBuffer;
  private readonly cell: BigInt64Array;
  constructor(shared?: SharedArrayBuffer) {
    this.shared = shared ?? new SharedArrayBuffer(8);
    this.cell = new BigInt64Array(this.shared, 0, 1);
  }
  now(): number {
    return Number(Atomics.load(this.cell, 0));
  }
  set(ms: number): void {
    Atomics.store(this.cell, 0, BigInt(Math.round(ms)));
  }
}

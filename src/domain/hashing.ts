// How many password hashes run at once, and in what order the rest wait. Password hashing
// (scrypt, and sign-in's checks of imported bcrypt, argon2id, scrypt and PBKDF2 hashes, whose
// libraries run as N-API async work) runs on libuv's thread pool: 4 threads unless
// UV_THREADPOOL_SIZE says otherwise, shared with every file read and write, dns.lookup and
// zlib. Forty AdminSetUserPassword calls at once took all 4 threads for seconds, so /health
// (an access() call) answered 503 and uploads and import reads stalled behind them. Here at
// most `concurrency` hashes run at once; the others wait their turn in arrival order, and the
// rest of the pool stays free for I/O. Anything that hashes passwords goes through one queue,
// so the bound holds for the whole process.
//
// Written by hand rather than with p-limit (the usual library for this): p-limit is ES-module
// only since version 4, and this CommonJS package runs on Node 20, which cannot require() one.
import { TooManyRequestsException } from '../api/errors';
import { hashPassword, verifyPassword } from './passwords';
import { verifyImportedHash } from './importedHashes';

/** Waiting hashes past which a new one is refused rather than queued ([OURS]). */
export const DEFAULT_MAX_WAITING = 256;

export class HashingQueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} password hashes are already waiting`);
  }
}

/** Background tasks waiting past which a new one is dropped rather than queued ([OURS]). */
export const DEFAULT_MAX_IDLE_WAITING = 1024;

/**
 * Runs at most `concurrency` tasks at once, the others in arrival order (FIFO). Tasks run in
 * one of two lanes: `run` (a request is waiting for the answer) and `runWhenIdle` (work nobody
 * waits for: the rehash of an imported password after its first sign-in). A freed slot goes to
 * the first `run` task waiting, and to an idle-lane task only when none waits, so background
 * work takes only the capacity the requests leave; a running task is never interrupted.
 */
export class HashingQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idleWaiting: (() => void)[] = [];

  constructor(readonly concurrency: number, readonly maxWaiting = DEFAULT_MAX_WAITING, readonly maxIdleWaiting = DEFAULT_MAX_IDLE_WAITING) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}`);
  }

  /** Tasks running now and tasks waiting for a turn, in each lane. */
  get load(): { running: number; waiting: number; idleWaiting: number } {
    return { running: this.running, waiting: this.waiting.length, idleWaiting: this.idleWaiting.length };
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.runIn(this.waiting, this.maxWaiting, task);
  }

  /** As run, behind every `run` task; HashingQueueFullError past maxIdleWaiting. */
  runWhenIdle<T>(task: () => Promise<T>): Promise<T> {
    return this.runIn(this.idleWaiting, this.maxIdleWaiting, task);
  }

  private async runIn<T>(lane: (() => void)[], max: number, task: () => Promise<T>): Promise<T> {
    // A slot is free only if no request waits for one (an idle-lane task must not pass them).
    if (this.running < this.concurrency && this.waiting.length === 0) {
      this.running++;
    } else {
      if (lane.length >= max) throw new HashingQueueFullError(lane.length);
      // The finishing task hands its slot straight to the next waiter: `running` stays counted.
      await new Promise<void>((resolve) => lane.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift() ?? this.idleWaiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** Password hashing as the operations use it: every hash and check through one queue. */
export interface PasswordHashing {
  /** A fresh salted `$scrypt$` PHC string (src/domain/passwords.ts). */
  hash(password: string): Promise<string>;
  /** Whether the password matches a stored `$scrypt$` PHC string. */
  verify(password: string, phc: string): Promise<boolean>;
  /**
   * Whether the password matches a hash a user import job brought in (bcrypt, argon2id, scrypt,
   * PBKDF2-SHA256: src/domain/importedHashes.ts); false for a form the import would refuse.
   */
  verifyImported(password: string, hash: string): Promise<boolean>;
  /**
   * As hash, in the queue's idle lane (HashingQueue.runWhenIdle); undefined, not hashed, when
   * too many wait there or `wanted()` is false by the time a slot is free.
   */
  hashWhenIdle(password: string, wanted: () => boolean): Promise<string | undefined>;
}

/**
 * queue.run(task), a full queue answered with Cognito's TooManyRequestsException, which SDKs
 * retry with backoff. "Too many requests" is the text Cognito answers throttled calls with
 * (mifi/cognito-backup#28, 2022; "Rate exceeded" in older traces, same repository #6).
 */
export async function runThrottled<T>(queue: HashingQueue, task: () => Promise<T>): Promise<T> {
  try {
    return await queue.run(task);
  } catch (e) {
    if (e instanceof HashingQueueFullError) throw new TooManyRequestsException('Too many requests');
    throw e;
  }
}

/** Every hash and check through the queue, throttled past its bound (runThrottled). */
export function queuedPasswordHashing(queue: HashingQueue): PasswordHashing {
  const run = <T>(task: () => Promise<T>): Promise<T> => runThrottled(queue, task);
  return {
    hash: (password) => run(() => hashPassword(password)),
    verify: (password, phc) => run(() => verifyPassword(password, phc)),
    verifyImported: (password, hash) => run(() => verifyImportedHash(password, hash)),
    hashWhenIdle: (password, wanted) => queue.runWhenIdle(async () => (wanted() ? hashPassword(password) : undefined)).catch((e) => {
      if (e instanceof HashingQueueFullError) return undefined;
      throw e;
    }),
  };
}

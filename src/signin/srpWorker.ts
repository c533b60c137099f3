// SRP's arithmetic (src/auth/srp.ts) in a worker thread of its own, so that no sign-in holds the
// event loop for it. Its exponentiations run in OpenSSL through one DiffieHellman object
// (src/auth/srpGroup.ts), whose creation tests the 3072-bit prime on Node 24 (OpenSSL 3.5): 1.7
// to 2.9 s of CPU in our runs, where Node 20 takes 0.2 ms. In the thread, those seconds and each
// exponentiation (0.8 ms) cost the event loop nothing; the hop costs a message each way
// (bench/srp.ts measures it against the in-process call, docs/benchmarks.md). One code path for
// every Node.
//
// The thread starts on the first call, not with the server: a server that never signs anyone in
// by SRP nor sets a password never pays for it. It is unref'd while no call waits, so it never
// keeps a process alive on its own ("worker.unref(): allows the thread to exit if this is the
// only active handle in the event system", nodejs.org/api/worker_threads.html#workerunref). If
// it dies, the calls it held reject (a plain Error: the API answers InternalErrorException) and
// the next call starts another; an answer it posted before it died still arrives first (Node's
// lib/internal/worker.js drains the worker's ports before it emits 'exit'). Calls wait their
// turn in a HashingQueue (src/domain/hashing.ts), bounded as password hashing is: past the
// bound, TooManyRequestsException.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { newSecretBlock } from '../auth/srp';
import { DEFAULT_MAX_WAITING, HashingQueue, runThrottled } from '../domain/hashing';
import type { FromSrp, SrpOp, SrpOps, ToSrp } from './srpMessages';
import type { SrpService } from './services';

/**
 * Calls handed to the thread at once: one computing and the next already in its message queue,
 * so the thread does not sit idle for a round trip between two ([OURS]). The others wait in the
 * HashingQueue; if the thread dies, only these are lost, and the waiting ones go to the next.
 */
const IN_FLIGHT = 2;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class SrpWorker implements SrpService {
  private thread: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** Calls posted to the current thread and not answered yet, by request id. */
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private started = 0;
  private closed = false;
  private readonly queue: HashingQueue;

  constructor(opts: { maxWaiting?: number } = {}) {
    this.queue = new HashingQueue(IN_FLIGHT, opts.maxWaiting ?? DEFAULT_MAX_WAITING);
  }

  /** How many threads this service has started (tests: none before the first call). */
  get threadsStarted(): number {
    return this.started;
  }

  makeVerifier(poolId: string, userIdForSrp: string, password: string): Promise<SrpOps['makeVerifier']['value']> {
    return this.call('makeVerifier', { poolId, userIdForSrp, password });
  }

  start(verifierHex: string): Promise<SrpOps['start']['value']> {
    return this.call('start', { verifierHex });
  }

  /** 64 random bytes: no arithmetic, so it stays on the caller's thread. */
  newSecretBlock(): string {
    return newSecretBlock();
  }

  check(c: Parameters<SrpService['check']>[0]): Promise<boolean> {
    // The secret block named the challenge's state, so the one claimed is the one issued.
    return this.call('check', { claim: { ...c, claimedSecretBlock: c.secretBlock } });
  }

  /** Ends the thread; calls still waiting reject, and later ones too. */
  async close(): Promise<void> {
    this.closed = true;
    await this.thread?.terminate();
    await this.exited;
  }

  /** Ends the thread at once, as a crash would (tests): its calls reject, the next call starts another. */
  async kill(): Promise<void> {
    await this.thread?.terminate();
    await this.exited;
  }

  private call<K extends SrpOp>(op: K, args: SrpOps[K]['args']): Promise<SrpOps[K]['value']> {
    return runThrottled(this.queue, () => this.post(op, args)) as Promise<SrpOps[K]['value']>;
  }

  private post<K extends SrpOp>(op: K, args: SrpOps[K]['args']): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the SRP thread is closed'));
    const thread = this.thread ?? this.startThread();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      thread.ref(); // a call waits for it: the process stays up for the answer, as for any I/O
      thread.postMessage({ ...args, op, id } as ToSrp);
    });
  }

  private startThread(): Worker {
    const thread = new Worker(join(__dirname, 'srpThread.js'));
    this.thread = thread;
    this.started++;
    let error: Error | undefined;
    thread.on('message', (m: FromSrp) => this.answered(thread, m));
    thread.on('error', (e) => { error = e; });
    this.exited = new Promise((resolve) => thread.once('exit', (code) => {
      // Only one thread at a time: the next starts when a call finds none.
      this.thread = undefined;
      this.failPending(this.closed ? 'the SRP thread was closed before it answered'
        : `the SRP thread stopped before it answered: ${error ? `${error.name}: ${error.message}` : `exit code ${code}`}`);
      resolve();
    }));
    return thread;
  }

  private answered(thread: Worker, m: FromSrp): void {
    const call = this.pending.get(m.id);
    if (!call) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) thread.unref(); // idle: it must not keep the process alive
    if ('error' in m) call.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
    else call.resolve(m.value);
  }

  private failPending(why: string): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const c of calls) c.reject(new Error(why));
  }
}

let shared: { srp: SrpWorker; holders: number } | undefined;

/**
 * The process's SRP service, shared by every server in it (tests and embedders start many in one
 * process): one thread, so Node 24's prime check is paid once while any server holds it rather
 * than once a server. release() lets go (a server's close); the last holder's closes the thread.
 */
export function holdSharedSrp(): { srp: SrpWorker; release(): Promise<void> } {
  const s = (shared ??= { srp: new SrpWorker(), holders: 0 });
  s.holders++;
  let held = true;
  return {
    srp: s.srp,
    async release() {
      if (!held) return;
      held = false;
      if (--s.holders > 0) return;
      if (shared === s) shared = undefined;
      await s.srp.close();
    },
  };
}

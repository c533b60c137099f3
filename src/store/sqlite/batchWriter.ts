// The import engine's batch commits on SQLite, in a thread of their own. better-sqlite3 runs
// every statement synchronously on the calling thread, so in the engine's thread a commit (its
// inserts, then the WAL write) and the reading and checking of the next batch took turns: on
// a 500,000-row import, two thirds of the engine's time was SQLite's. Here a batch commits on
// this thread's own connection while the engine prepares the next one (worker/importUsers.ts
// already keeps one batch in flight), so the two use both cores. A batch is plain data, sent
// with postMessage, its users' stored forms made ahead in the engine's thread (writerBatch.ts);
// the result comes back the same way.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchResult } from '../ports';
import type { WriterBatch } from './writerBatch';
import { IMPORT_THREAD_LIMITS } from '../../threadMemory';

/** What the engine's side asks. */
export type ToBatchWriter = { type: 'commit'; id: number; batch: WriterBatch } | { type: 'close' };
/** What the writer answers: each commit's result or its error, then closed. */
export type FromBatchWriter =
  | { type: 'done'; id: number; result: BatchResult }
  | { type: 'failed'; id: number; message: string; code?: string }
  | { type: 'closed' };

export interface BatchWriterData {
  file: string;
  /** wal_autocheckpoint of the writer's connection, in pages (sqliteStore.ts, WRITER_CHECKPOINT_PAGES). */
  checkpointPages: number;
  /** journal_size_limit of the writer's connection, in bytes (sqliteStore.ts, WRITER_WAL_KEPT_BYTES). */
  walKeptBytes: number;
  /** How much nicer than the server the thread runs (config.ts WorkerConfig.nice). */
  nice: number;
  /** The most rows one transaction gathers from the batches waiting (sqliteStore.ts, WRITER_GROUP_ROWS). */
  groupRows: number;
  /** The file's write turns (writeTurns.ts): the thread lets the other connections' waiting writes go first. */
  writeTurns: SharedArrayBuffer;
}

/** An error the writer's connection raised, with SQLite's code (SQLITE_BUSY, SQLITE_FULL...) kept. */
export class BatchWriterError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

interface Waiting {
  resolve(r: BatchResult): void;
  reject(e: Error): void;
}

/**
 * The engine's side: starts the thread at the first commit, and again after it died (a commit
 * then fails, the engine retries it with backoff, worker/importUsers.ts). Commits answer in order.
 */
export class BatchWriter {
  private thread: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closing = false;

  constructor(private readonly data: BatchWriterData) {}

  commit(batch: WriterBatch): Promise<BatchResult> {
    if (this.closing) return Promise.reject(new BatchWriterError('the SQLite store is closed'));
    const thread = this.thread ?? this.start();
    const id = this.nextId++;
    return new Promise<BatchResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.postMessage({ type: 'commit', id, batch } satisfies ToBatchWriter);
    });
  }

  /** After the commits asked before it: the thread closes its connection and ends. */
  async close(): Promise<void> {
    this.closing = true;
    this.thread?.postMessage({ type: 'close' } satisfies ToBatchWriter);
    await this.exited;
  }

  /** Ends the thread at once, as a crash would (tests); the next commit starts another. */
  async kill(): Promise<void> {
    await this.thread?.terminate();
    await this.exited;
  }

  private start(): Worker {
    const thread = new Worker(join(__dirname, 'batchWriterMain.js'), { workerData: this.data, resourceLimits: IMPORT_THREAD_LIMITS });
    this.thread = thread;
    let error: Error | undefined;
    thread.on('message', (m: FromBatchWriter) => this.heard(m));
    thread.on('error', (e) => { error = e; });
    this.exited = new Promise((resolve) => thread.once('exit', (code) => {
      this.thread = undefined;
      const why = error ? error.message : `exit code ${code}`;
      for (const w of this.waiting.values()) w.reject(new BatchWriterError(`the SQLite batch writer thread stopped (${why}) before answering`));
      this.waiting.clear();
      resolve();
    }));
    return thread;
  }

  private heard(m: FromBatchWriter): void {
    if (m.type === 'closed') {
      void this.thread?.terminate(); // everything answered, the connection closed
      return;
    }
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (m.type === 'done') w.resolve(m.result);
    else w.reject(new BatchWriterError(m.message, m.code));
  }
}

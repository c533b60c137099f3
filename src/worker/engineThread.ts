// Inside the import engine's thread: its own store connection (SQLite: a second connection to
// the server's file; PostgreSQL: a pool of its own), its own blob store, the ImportRunner. Logs
// and retried faults go to the server as messages, where its logger and /health take them as
// before. Imports nothing from http/ (the API's side).
import type { JobMetricsSink } from './jobLog';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { fileBlobStore } from '../blobs/files';
import type { BlobStore } from '../blobs/ports';
import { SharedClock, systemClock } from '../domain/clock';
import { randomIds } from '../domain/ids';
import type { Logger } from '../logger';
import type { Store } from '../store/ports';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqliteStore';
import type { EngineData, FromEngine, ToEngine } from './engineMessages';
import { describeError, type FaultSink } from './faults';
import { ImportRunner } from './runner';

function portLogger(port: MessagePort): Logger {
  const send = (level: 'error' | 'info') => (msg: string, fields?: Record<string, unknown>): void => {
    port.postMessage({ type: 'log', level, msg, fields } satisfies FromEngine);
  };
  return { error: send('error'), info: send('info') };
}

/** What the jobs count, to the server's GET /metrics. */
function portMetrics(port: MessagePort): JobMetricsSink {
  return {
    batchApplied: (rows, commitSeconds) => port.postMessage({ type: 'batch', rows, commitSeconds } satisfies FromEngine),
    jobEnded: (status) => port.postMessage({ type: 'jobEnded', status } satisfies FromEngine),
    jobRunning: (delta) => port.postMessage({ type: 'jobRunning', delta } satisfies FromEngine),
  };
}

/** Faults to the server's WorkerFaults; a success only for an activity that had failed (a batch succeeds every few ms). */
function portFaults(port: MessagePort): FaultSink {
  const failing = new Set<string>();
  return {
    failed(activity, error, nowMs) {
      failing.add(activity);
      port.postMessage({ type: 'failed', activity, error: describeError(error), nowMs } satisfies FromEngine);
    },
    succeeded(activity) {
      if (failing.delete(activity)) port.postMessage({ type: 'succeeded', activity } satisfies FromEngine);
    },
  };
}

// The thread loads only the backends it uses (pg, the S3 client): each loaded module is heap in
// this thread's isolate too, next to the server's.
async function openStore(d: EngineData): Promise<Store> {
  if (!d.databaseUrl) return openSqliteStore(d.sqliteFile, { role: 'engine', writerNice: d.worker.nice, writeTurns: d.sqliteWriteTurns });
  const { openPostgresStore } = await import('../store/postgres/pgStore');
  // Each running job holds at most a commit, a lease renewal and a lookup at once.
  return openPostgresStore(d.databaseUrl, { maxConnections: 3 * d.worker.concurrency + 1 });
}

async function openBlobs(d: EngineData): Promise<BlobStore> {
  if (d.blobStore?.kind !== 's3') return fileBlobStore(join(d.dataDir, 'uploads')); // as blobs/open.ts
  const { s3BlobStore } = await import('../blobs/s3');
  return s3BlobStore(d.blobStore);
}

/**
 * The server's API connection does not checkpoint the WAL while the engine runs (sqliteStore.ts,
 * autoCheckpoint); the batch writer's connection does after its commits (SQLite's
 * wal_autocheckpoint), and here every checkpointMs for what the API alone wrote, while no job
 * runs. Not while one does: a checkpoint copying pages at the same time as the writer's would
 * cost this thread about a second per 200,000 rows for nothing. PASSIVE: never waits for a reader.
 */
function checkpointer(store: Store, everyMs: number, importing: () => boolean): () => void {
  const db = (store as Partial<SqliteStore>).database;
  if (!db) return () => {};
  const timer = setInterval(() => { if (!importing()) db.pragma('wal_checkpoint(PASSIVE)'); }, everyMs);
  return () => clearInterval(timer);
}

/** Opens what the engine needs, then runs until the server says stop. A failure to open ends the thread (the server restarts it). */
export async function runEngineThread(port: MessagePort, d: EngineData): Promise<void> {
  const log = portLogger(port);
  const clock = d.clock ? new SharedClock(d.clock) : systemClock;
  const store = await openStore(d);
  const blobs = await openBlobs(d);
  const runner = new ImportRunner({ store, blobs, clock, ids: randomIds, log, batchSize: d.worker.batchSize, leaseMs: d.worker.leaseMs, faults: portFaults(port), metrics: portMetrics(port) },
    { concurrency: d.worker.concurrency, pollMs: d.worker.pollMs });
  const stopCheckpoints = checkpointer(store, d.checkpointMs, () => runner.busy);
  const onMessage = (m: ToEngine): void => {
    if (m.type === 'wake') runner.wake();
    else void stop();
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= (async () => {
    // Running jobs stop at their next batch boundary and give their lease back (runner.ts).
    await runner.stop();
    stopCheckpoints();
    await Promise.all([store.close(), blobs.close()]);
    port.off('message', onMessage);
    port.postMessage({ type: 'stopped' } satisfies FromEngine);
  })());
  port.on('message', onMessage);
  port.postMessage({ type: 'ready', workerId: runner.workerId } satisfies FromEngine);
  runner.start();
}

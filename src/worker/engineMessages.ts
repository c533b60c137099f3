// What the server and its import engine's thread tell each other (src/worker/engine.ts, engineThread.ts).
import type { BlobStoreConfig, WorkerConfig } from '../config';

/** The thread's workerData: all it needs, read from the Config by the server (only config.ts reads the environment). */
export interface EngineData {
  /** PostgreSQL, when set; else the SQLite file, which the server has opened, locked and migrated. */
  databaseUrl?: string;
  sqliteFile: string;
  dataDir: string;
  blobStore?: BlobStoreConfig;
  worker: WorkerConfig;
  /** The server's clock, when it is a SharedClock (tests); else the thread reads the system clock. */
  clock?: SharedArrayBuffer;
  /** SQLite: the server's store's write turns (src/store/sqlite/writeTurns.ts), shared with the engine's connections. */
  sqliteWriteTurns?: SharedArrayBuffer;
  /** How often the thread checkpoints the SQLite WAL when no commit of its own has ([OURS]). */
  checkpointMs: number;
}

/** Server to thread. */
export type ToEngine = { type: 'wake' } | { type: 'stop' };

/** Thread to server. */
export type FromEngine =
  | { type: 'ready'; workerId: string }
  /** Stopped as asked, everything closed: the server ends the thread (a socket an SDK keeps open must not keep it). */
  | { type: 'stopped' }
  | { type: 'log'; level: 'error' | 'info'; msg: string; fields?: Record<string, unknown> }
  | { type: 'failed'; activity: string; error: string; nowMs: number }
  | { type: 'succeeded'; activity: string }
  /** For GET /metrics (src/worker/jobLog.ts JobMetricsSink). */
  | { type: 'batch'; rows: { imported: number; skipped: number; failed: number }; commitSeconds: number }
  | { type: 'jobEnded'; status: string }
  | { type: 'jobRunning'; delta: 1 | -1 };

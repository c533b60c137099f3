// The embedded backend: one SQLite file in the data dir (WAL), better-sqlite3 12 or 13 (driver.ts).
// better-sqlite3 is synchronous; the ports are async so PostgreSQL fits the same interface. The
// server's connection serves the API; the import engine has its own, in its own thread.
import { closeSync, fchmodSync, openSync } from 'node:fs';
import { BatchWriter } from './batchWriter';
import { openConnection } from './connection';
import type { Database } from 'better-sqlite3';
import type { Store, StoreCapabilities } from '../ports';
import { migrate } from './migrate';
import { SqlitePools } from './pools';
import { SqliteClients } from './clients';
import { PoolPurger } from './poolPurger';
import { SqliteJobs } from './jobs';
import { SqliteUsers } from './users';
import { SqliteCredentials } from './credentials';
import { SqliteUserAdmin } from './userAdmin';
import { SqliteLogs } from './logs';
import { SqliteImports } from './imports';
import { SqliteSigningKeys } from './signingKeys';
import { SqliteRefreshTokens } from './refreshTokens';
import { DatabaseInUseError, takeServerLock } from './serverLock';
import { newWriteTurns, WriteTurns } from './writeTurns';

export { migrate, DatabaseInUseError };

/** One server owns the file (serverLock.ts); writers take turns; a batch is one prepared statement per row. */
export const capabilities: StoreCapabilities = Object.freeze({
  backend: 'sqlite', sharedAcrossProcesses: false, writeLocking: 'whole-store', batchWrites: 'per-row', poolUsersRemoved: 'after',
  batchesInFlight: 1,
});

/**
 * The engine's store sends its batches to the writer's thread, which applies them in the order
 * sent and commits those waiting together (batchWriterThread.ts, WRITER_GROUP_ROWS). Eight
 * batches of the default 500 rows let it gather its groups while the engine reads on; batches
 * of 2,500 rows instead went as fast but the engine's thread held their rows long enough for V8
 * to promote them (peak RSS 335 MB against 279 MB, docs/benchmarks.md). 6 against 8: no
 * difference in time the machine's drift showed, 3 MB less RSS.
 */
export const ENGINE_BATCHES_IN_FLIGHT = 8;
const engineCapabilities: StoreCapabilities = Object.freeze({ ...capabilities, batchesInFlight: ENGINE_BATCHES_IN_FLIGHT });

/** The SQLite store, with its connection: for tests that look at rows no port shows. */
export interface SqliteStore extends Store {
  readonly database: Database;
  /** Deleted pools' users, removed in the background (poolPurger.ts): settled() for tests. */
  readonly purges: PoolPurger;
  /** The engine's store: the thread its batches commit in (batchWriter.ts), for tests. */
  readonly batchWriter?: BatchWriter;
  /** Shared by every connection of the file (writeTurns.ts): the server's store makes it, the engine's is given it. */
  readonly writeTurns: SharedArrayBuffer;
}

/**
 * SQLite makes a new database file 0644 whatever the umask, and makes its -wal (and -journal)
 * files with the database file's mode (os_unix.c, findCreateFileMode). The file is made here
 * first, 0600, so the database and every file SQLite keeps next to it are 0600; an existing
 * one is set to 0600 too (src/dataDir.ts logs when it was looser).
 */
function createPrivately(file: string): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
}

export interface SqliteStoreOptions {
  /**
   * 'server' (the default): the connection the API uses. It takes the data dir's lock
   * (serverLock.ts), applies the migrations and finishes interrupted pool purges.
   * 'engine': the import engine's own connection (src/worker/engine.ts), opened by a server
   * that holds the lock, after it has migrated the file.
   */
  role?: 'server' | 'engine';
  /**
   * Whether this connection checkpoints the WAL when it grows (SQLite's wal_autocheckpoint, on
   * by default). A server whose import engine runs turns it off on the API's connection: a
   * checkpoint copies what the engine wrote and syncs the file, milliseconds of synchronous
   * work that would stop every request; the engine's connection checkpoints instead.
   */
  autoCheckpoint?: boolean;
  /** The engine's role: how much nicer than the server its batch writer's thread runs (batchWriter.ts). */
  writerNice?: number;
  /** The engine's role: the server's store's writeTurns (writeTurns.ts). */
  writeTurns?: SharedArrayBuffer;
}

/**
 * The batch writer's connection checkpoints the WAL once it holds this many pages (about 200 MiB
 * at 4 KiB pages) rather than SQLite's 1,000. A checkpoint copies the latest version of each page
 * the WAL holds: the batches rewrite the same index pages (random subs land all over
 * users_by_sub), so the rarer the checkpoint, the fewer copies: 16,000 pages instead of 1,000
 * took about a fifth off a 200,000-row import (before the writer's thread), and 50,000 instead
 * of 16,000 about a sixth off a 500,000-row one with grouped commits (docs/benchmarks.md). Readers
 * find pages in the WAL through the wal-index as before; once a checkpoint has copied it all,
 * the file is cut back to WRITER_WAL_KEPT_BYTES.
 */
export const WRITER_CHECKPOINT_PAGES = 50_000;

/** SQLite's journal_size_limit on the batch writer's connection: the -wal file left on disk between imports. */
export const WRITER_WAL_KEPT_BYTES = 64 * 1024 * 1024;

/**
 * The most rows the batch writer's thread commits in one transaction (batchWriterThread.ts).
 * Each commit writes every page it touched; 2,500 rows write most pages of users_by_sub once
 * instead of five times (200,000 rows, inserts alone: 500 a transaction 6.3 s, 5,000 5.0 s).
 * A write of the API's waits at most for the batch in progress, not the group (writeTurns.ts).
 */
export const WRITER_GROUP_ROWS = 2_500;

/** Opens the file (connection.ts: WAL, busy_timeout). The server's role also locks and migrates it. */
export function openSqliteStore(file: string, opts: SqliteStoreOptions = {}): SqliteStore {
  const server = (opts.role ?? 'server') === 'server';
  const lock = server ? takeServerLock(file) : undefined;
  let db: Database | undefined;
  try {
    // Not for the engine: the server made the file, and closing a descriptor of it here would
    // drop the fcntl locks this process's other connection holds on it (serverLock.ts).
    if (server) createPrivately(file);
    db = openConnection(file, { mustExist: !server, ...(opts.autoCheckpoint === false && { checkpointPages: 0 }) });
    if (server) migrate(db);
  } catch (e) {
    db?.close();
    lock?.release();
    throw e;
  }
  // The engine's batches commit in a thread of their own (batchWriter.ts), on a third connection.
  const turns = opts.writeTurns ?? newWriteTurns();
  const writer = server ? undefined : new BatchWriter({
    file, checkpointPages: WRITER_CHECKPOINT_PAGES, walKeptBytes: WRITER_WAL_KEPT_BYTES, nice: opts.writerNice ?? 0, groupRows: WRITER_GROUP_ROWS, writeTurns: turns,
  });
  return storeOn(db, turns, server, writer, () => lock?.release());
}

function storeOn(db: Database, shared: SharedArrayBuffer, server: boolean, writer: BatchWriter | undefined, release: () => void): SqliteStore {
  const turns = new WriteTurns(db, shared);
  const purger = new PoolPurger(db, turns);
  // The server's connection goes on with purges a stop cut short (the engine's never deletes pools).
  if (server) purger.kick();
  const users = new SqliteUsers(db, turns);
  const logs = new SqliteLogs(db, turns);
  return {
    capabilities: writer ? engineCapabilities : capabilities,
    database: db,
    writeTurns: shared,
    ...(writer && { batchWriter: writer }),
    pools: new SqlitePools(db, purger, turns),
    clients: new SqliteClients(db, turns),
    purges: purger,
    jobs: new SqliteJobs(db, turns),
    imports: new SqliteImports(db, turns, users, logs, writer && ((b) => writer.commit(b))),
    users,
    logs,
    credentials: new SqliteCredentials(db, turns),
    userAdmin: new SqliteUserAdmin(db, turns, users),
    signingKeys: new SqliteSigningKeys(db, turns),
    refreshTokens: new SqliteRefreshTokens(db, turns),
    check: async () => { db.prepare('SELECT 1').get(); },
    close: async () => {
      await purger.stop();
      await writer?.close();
      db.close();
      release();
    },
  };
}

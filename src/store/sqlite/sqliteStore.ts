// The embedded backend: one SQLite file in the data dir (WAL), better-sqlite3 12 or 13 (driver.ts).
// better-sqlite3 is synchronous; the ports are async so PostgreSQL fits the same interface.
import { closeSync, fchmodSync, openSync } from 'node:fs';
import { openDatabase } from './driver';
import type { Database } from 'better-sqlite3';
import type { Store, StoreCapabilities } from '../ports';
import { migrate } from './migrate';
import { finishPoolPurges, SqlitePools } from './pools';
import { SqliteJobs } from './jobs';
import { SqliteUsers } from './users';
import { SqliteLogs } from './logs';
import { SqliteImports } from './imports';

export { migrate };

/** One process owns the file; writers take turns; a batch is one prepared statement per row. */
export const capabilities: StoreCapabilities = Object.freeze({
  backend: 'sqlite', sharedAcrossProcesses: false, writeLocking: 'whole-store', batchWrites: 'per-row',
});

/** The SQLite store, with its connection: for tests that look at rows no port shows. */
export interface SqliteStore extends Store {
  readonly database: Database;
}

/** Another process holds the file: its message says what to do about it. */
export class DatabaseInUseError extends Error {
  constructor(file: string) {
    super(`the SQLite database ${file} is in use by another process: one cognito-import serve per data dir on SQLite `
      + '(stop the other one, or give this one another --data-dir; several instances share a PostgreSQL database, see "Running several instances" in the README)');
  }
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

export function openSqliteStore(file: string): SqliteStore {
  createPrivately(file);
  const db = openDatabase(file);
  try {
    // The process that opens the file keeps it, locked, until it closes it (what
    // sharedAcrossProcesses: false says): SQLite then keeps the WAL index in memory and a read
    // takes no file lock. Why: each read otherwise locked and unlocked the file (two fcntl calls)
    // and those were 37 % of a DescribeUserImportJob's read; bench/api gained about 10 % (four
    // A/B pairs, 2026-11-26). It also makes a second server on the same data dir fail at its
    // start, with DatabaseInUseError, instead of both running on one file. Must come before WAL
    // mode is first used (SQLite docs, "WAL without shared memory").
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('busy_timeout = 5000'); // a server that is just stopping releases the file within it
    try {
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN EXCLUSIVE; COMMIT'); // take the lock now, not at the first write
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DatabaseInUseError(file);
      throw e;
    }
    db.pragma('synchronous = NORMAL');
    migrate(db);
    finishPoolPurges(db);
  } catch (e) {
    db.close();
    throw e;
  }
  const users = new SqliteUsers(db);
  const logs = new SqliteLogs(db);
  return {
    capabilities,
    database: db,
    pools: new SqlitePools(db),
    jobs: new SqliteJobs(db),
    imports: new SqliteImports(db, users, logs),
    users,
    logs,
    check: async () => { db.prepare('SELECT 1').get(); },
    close: async () => { db.close(); },
  };
}

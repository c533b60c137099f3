// One server per data dir on SQLite, now that the database file itself is shared by two
// connections (the API's and the import engine's, each in its thread) and no longer held with
// locking_mode EXCLUSIVE. The server holds an exclusive SQLite lock on a small file next to the
// database for as long as it runs: a second server (another process, or another start in the
// same process: SQLite tracks the locks of its connections to one file within a process) fails
// to take it. The lock is an fcntl lock, so a killed server's lock goes with its process.
import { chmodSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { openDatabase } from './driver';

/** Another process holds the file: its message says what to do about it. */
export class DatabaseInUseError extends Error {
  constructor(file: string) {
    super(`the SQLite database ${file} is in use by another process: one cognito-import serve per data dir on SQLite `
      + '(stop the other one, or give this one another --data-dir; several instances share a PostgreSQL database, see "Running several instances" in the README)');
  }
}

/** The lock file of a database file (prepareDataDir narrows its mode with the other side files). */
export const lockFileOf = (file: string): string => `${file}-lock`;

export interface ServerLock {
  release(): void;
}

/**
 * Takes the data dir's lock or throws DatabaseInUseError, after waiting up to 5 s for a server
 * that is just stopping (as before: the database file's own busy_timeout). Node never opens the
 * lock file itself: closing any descriptor of a file drops every fcntl lock this process holds
 * on it, so a second start in this process must not open and close it (SQLite's own opens are
 * safe: it shares one descriptor per file among its connections).
 */
export function takeServerLock(dbFile: string): ServerLock {
  const file = lockFileOf(dbFile);
  let db: Database | undefined = openDatabase(file);
  try {
    chmodSync(file, 0o600); // made 0644 by SQLite; it holds no data
    db.pragma('busy_timeout = 5000');
    db.pragma('locking_mode = EXCLUSIVE'); // kept until the connection closes
    db.pragma('journal_mode = MEMORY'); // no -journal file next to it
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DatabaseInUseError(dbFile);
    throw e;
  }
  return { release: () => { db?.close(); db = undefined; } };
}

// One connection to the store's file, set up the way every connection of it must be.
import type { Database } from 'better-sqlite3';
import { openDatabase } from './driver';
import { BUSY_TIMEOUT_MS } from './writeTurns';

export interface ConnectionOptions {
  /** Open only a file the server has made (and migrated): the engine's connections. */
  mustExist?: boolean;
  /** SQLite's wal_autocheckpoint, in pages; 0 turns it off; absent keeps SQLite's default (1,000). */
  checkpointPages?: number;
  /** SQLite's journal_size_limit: what of the -wal file is kept once a checkpoint has emptied it. */
  walKeptBytes?: number;
}

/**
 * WAL: readers never wait for a writer, so the API's connection reads while the import engine's
 * commit. Writers take turns: a write waits up to busy_timeout for the one in progress.
 * synchronous NORMAL: in WAL mode a commit is durable against a crash of the process (the OS
 * has the pages), and the checkpoint syncs.
 */
export function openConnection(file: string, o: ConnectionOptions = {}): Database {
  const db = openDatabase(file, o.mustExist ? { fileMustExist: true } : undefined);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    if (o.checkpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${o.checkpointPages}`);
    if (o.walKeptBytes !== undefined) db.pragma(`journal_size_limit = ${o.walKeptBytes}`);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

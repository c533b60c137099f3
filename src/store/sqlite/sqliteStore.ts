// The embedded backend: one SQLite file in the data dir (WAL), better-sqlite3 12.
// better-sqlite3 is synchronous; the ports are async so PostgreSQL fits the same interface.
import { openDatabase } from './driver';
import type { Store, StoreCapabilities } from '../ports';
import { migrate } from './migrate';
import { SqlitePools } from './pools';
import { SqliteJobs } from './jobs';
import { SqliteUsers } from './users';
import { SqliteLogs } from './logs';
import { SqliteImports } from './imports';

export { migrate };

/** One process owns the file; writers take turns; a batch is one prepared statement per row. */
export const capabilities: StoreCapabilities = Object.freeze({
  backend: 'sqlite', sharedAcrossProcesses: false, writeLocking: 'whole-store', batchWrites: 'per-row',
});

export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const users = new SqliteUsers(db);
  const logs = new SqliteLogs(db);
  return {
    capabilities,
    pools: new SqlitePools(db),
    jobs: new SqliteJobs(db),
    imports: new SqliteImports(db, users, logs),
    users,
    logs,
    check: async () => { db.prepare('SELECT 1').get(); },
    close: async () => { db.close(); },
  };
}

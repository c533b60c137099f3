// The embedded backend: one SQLite file in the data dir (WAL), better-sqlite3 12.
// better-sqlite3 is synchronous; the ports are async so PostgreSQL fits the same interface.
import Database from 'better-sqlite3';
import type { Store } from '../ports';
import { migrate } from './migrate';
import { SqlitePools } from './pools';
import { SqliteJobs } from './jobs';

export { migrate };

export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return {
    pools: new SqlitePools(db),
    jobs: new SqliteJobs(db),
    close: async () => { db.close(); },
  };
}

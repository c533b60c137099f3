// Where the storage backends differ, declared once per backend (Kysely's dialects): code that
// cares reads store.capabilities instead of asking which backend it has.

/**
 * Where backends differ, declared once per backend: code that cares reads
 * store.capabilities instead of asking which backend it has.
 */
export interface StoreCapabilities {
  backend: 'sqlite' | 'postgres';
  /**
   * Several processes, on one machine or many, may open this store at once and share its rows,
   * queue and leases. SQLite: no, one process owns the file. PostgreSQL: yes.
   */
  sharedAcrossProcesses: boolean;
  /**
   * How concurrent writes wait for each other. 'whole-store': one write transaction at a time
   * (SQLite's BEGIN IMMEDIATE). 'rows': row locks, plus transaction-scoped advisory locks per
   * pool (its users, its jobs) and per account (the one active job); writes to different
   * accounts run in parallel.
   */
  writeLocking: 'whole-store' | 'rows';
  /**
   * How a batch's users and log events go in. 'per-row': one prepared statement per row, in
   * process. 'multi-row': a few set-based statements per batch (arrays bound as parameters and
   * unnested), each one round trip whatever the batch size.
   */
  batchWrites: 'per-row' | 'multi-row';
  /**
   * When a deleted pool's users go. 'with-the-pool': in deletePool's own transaction (PostgreSQL:
   * one statement, off the event loop; 500,000 users in about 1.3 s). 'after': deletePool returns
   * once the pool and its jobs are gone, and its users are removed in the background, a chunk a
   * turn, resumed at the next open after a stop (SQLite: src/store/sqlite/poolPurger.ts). Either
   * way no request reaches them once the pool is gone.
   */
  poolUsersRemoved: 'with-the-pool' | 'after';
  /**
   * How many batches the import engine may send before the first one answers. More than one only
   * where the store applies them strictly in the order sent, each on top of the one before: the
   * SQLite engine's store, whose batches go to one thread (sqlite/batchWriter.ts) that commits
   * the batches waiting for it in one transaction. PostgreSQL: 1 (a pool of connections keeps no
   * order between two commits).
   */
  batchesInFlight: number;
}

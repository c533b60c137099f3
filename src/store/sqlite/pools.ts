import type { Database as Db, Statement } from 'better-sqlite3';
import type { StoredPool } from '../../domain/userPool';
import type { PageCursor, PoolChange, PoolSaveOutcome, PoolStore, Scope } from '../ports';
import { toPool, type PoolRow } from './rows';
import type { PoolPurger } from './poolPurger';
import type { WriteTurns } from './writeTurns';
import { POOL_OWN_TABLES } from '../signInSchema';

export class SqlitePools implements PoolStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db, private readonly purger: PoolPurger, private readonly turns: WriteTurns) {
    this.s = {
      insert: db.prepare(`INSERT INTO user_pools (account_id, region, pool_id, name, created_ms, modified_ms, settings)
        VALUES (@accountId, @region, @id, @name, @createdMs, @modifiedMs, @settings)`),
      find: db.prepare('SELECT * FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ?'),
      exists: db.prepare('SELECT 1 FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ?').pluck(),
      // Two rows at most: a second one makes the id ambiguous (ports.ts).
      byId: db.prepare('SELECT * FROM user_pools WHERE pool_id = ? LIMIT 2'),
      list: db.prepare(`SELECT * FROM user_pools WHERE account_id = ? AND region = ? AND (created_ms, pool_id) > (?, ?)
        ORDER BY created_ms, pool_id LIMIT ?`),
      save: db.prepare(`UPDATE user_pools SET name = ?, settings = ?, modified_ms = ?
        WHERE account_id = ? AND region = ? AND pool_id = ? AND modified_ms = ?`),
      del: db.prepare('DELETE FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ?'),
      delIf: db.prepare('DELETE FROM user_pools WHERE account_id = ? AND region = ? AND pool_id = ? AND modified_ms = ?'),
      jobBlobs: db.prepare('SELECT blob_key FROM import_jobs WHERE account_id = ? AND pool_id = ? AND blob_key IS NOT NULL').pluck(),
      delJobs: db.prepare('DELETE FROM import_jobs WHERE account_id = ? AND pool_id = ?'),
      delQueue: db.prepare('DELETE FROM job_queue WHERE account_id = ? AND pool_id = ?'),
      purgeLater: db.prepare('INSERT OR IGNORE INTO pool_purges (account_id, pool_id) VALUES (?, ?)'),
      // The pool's app clients and signing keys, a few rows: with the pool, so no client id finds a deleted pool.
      ...Object.fromEntries(POOL_OWN_TABLES.map((t) => [`del:${t}`, db.prepare(`DELETE FROM ${t} WHERE account_id = ? AND pool_id = ?`)])),
      // The pool's number in the users' filter indexes (migration 4), once no user holds it.
    };
  }
  async insertPool(p: StoredPool): Promise<void> {
    await this.turns.write(() => this.s.insert.run({ ...p, settings: JSON.stringify(p.settings) }));
  }
  async findPool(scope: Scope, poolId: string): Promise<StoredPool | undefined> {
    const r = this.s.find.get(scope.accountId, scope.region, poolId) as PoolRow | undefined;
    return r && toPool(r);
  }
  async poolExists(scope: Scope, poolId: string): Promise<boolean> {
    return this.s.exists.get(scope.accountId, scope.region, poolId) !== undefined;
  }
  async findPoolById(poolId: string): Promise<StoredPool | undefined> {
    const rows = this.s.byId.all(poolId) as PoolRow[];
    return rows.length === 1 ? toPool(rows[0]) : undefined;
  }
  async listPools(scope: Scope, limit: number, after?: PageCursor): Promise<StoredPool[]> {
    const rows = this.s.list.all(scope.accountId, scope.region, after?.ms ?? -1, after?.id ?? '', limit) as PoolRow[];
    return rows.map(toPool);
  }
  async savePoolIfUnchanged(scope: Scope, poolId: string, expectedModifiedMs: number, change: PoolChange, nowMs: number): Promise<PoolSaveOutcome> {
    const modifiedMs = Math.max(nowMs, expectedModifiedMs + 1);
    return this.turns.transaction((): PoolSaveOutcome => {
      const r = this.s.save.run(change.name, JSON.stringify(change.settings), modifiedMs, scope.accountId, scope.region, poolId, expectedModifiedMs);
      if (r.changes === 1) return 'saved';
      return this.s.exists.get(scope.accountId, scope.region, poolId) === undefined ? 'gone' : 'changed';
    });
  }
  async deletePool(scope: Scope, poolId: string): Promise<string[] | undefined> {
    const r = await this.remove(scope, poolId);
    return Array.isArray(r) ? r : undefined;
  }
  async deletePoolIfUnchanged(scope: Scope, poolId: string, expectedModifiedMs: number): Promise<string[] | 'changed' | 'gone'> {
    return this.remove(scope, poolId, expectedModifiedMs);
  }

  /**
   * The pool (only at that version, when given), its jobs, app clients and signing keys in one
   * transaction, which also records that its users are to go; the purger removes them and their
   * sign-in rows after the answer (poolPurger.ts).
   */
  private async remove(scope: Scope, poolId: string, expectedModifiedMs?: number): Promise<string[] | 'changed' | 'gone'> {
    const { accountId: a, region } = scope;
    const blobs = await this.turns.transaction(() => {
      const del = expectedModifiedMs === undefined ? this.s.del.run(a, region, poolId) : this.s.delIf.run(a, region, poolId, expectedModifiedMs);
      if (del.changes === 0) return this.s.exists.get(a, region, poolId) === undefined ? 'gone' : 'changed';
      const keys = this.s.jobBlobs.all(a, poolId) as string[];
      this.s.delQueue.run(a, poolId);
      this.s.delJobs.run(a, poolId);
      for (const t of POOL_OWN_TABLES) this.s[`del:${t}`].run(a, poolId);
      this.s.purgeLater.run(a, poolId);
      return keys;
    });
    if (Array.isArray(blobs)) this.purger.kick();
    return blobs;
  }
}

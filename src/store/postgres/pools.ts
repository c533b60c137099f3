import type { Pool } from 'pg';
import type { StoredPool } from '../../domain/userPool';
import type { PageCursor, PoolChange, PoolSaveOutcome, PoolStore, Scope } from '../ports';
import { toPool, type PoolRow } from '../rows';
import { cols, COLUMNS, inTransaction, LOCKS, lockKey, named } from './sql';
import { POOL_TABLES } from '../signInSchema';

const POOL = cols(COLUMNS.pool);

export class PgPools implements PoolStore {
  constructor(private readonly pool: Pool) {}

  async insertPool(p: StoredPool): Promise<void> {
    await named(this.pool, 'pool-insert', `INSERT INTO user_pools (account_id, region, pool_id, name, created_ms, modified_ms, settings)
      VALUES ($1, $2, $3, $4, $5, $6, $7)`, [p.accountId, p.region, p.id, p.name, p.createdMs, p.modifiedMs, JSON.stringify(p.settings)]);
  }

  async findPool(scope: Scope, poolId: string): Promise<StoredPool | undefined> {
    const r = await named<PoolRow>(this.pool, 'pool-find', `SELECT ${POOL} FROM user_pools WHERE account_id = $1 AND region = $2 AND pool_id = $3`,
      [scope.accountId, scope.region, poolId]);
    return r.rows.length ? toPool(r.rows[0]) : undefined;
  }

  async poolExists(scope: Scope, poolId: string): Promise<boolean> {
    const r = await named(this.pool, 'pool-exists', 'SELECT 1 FROM user_pools WHERE account_id = $1 AND region = $2 AND pool_id = $3',
      [scope.accountId, scope.region, poolId]);
    return r.rows.length > 0;
  }

  async findPoolById(poolId: string): Promise<StoredPool | undefined> {
    // Two rows at most: a second one makes the id ambiguous (ports.ts).
    const r = await named<PoolRow>(this.pool, 'pool-find-by-id', `SELECT ${POOL} FROM user_pools WHERE pool_id = $1 LIMIT 2`, [poolId]);
    return r.rows.length === 1 ? toPool(r.rows[0]) : undefined;
  }

  async listPools(scope: Scope, limit: number, after?: PageCursor): Promise<StoredPool[]> {
    const r = await named<PoolRow>(this.pool, 'pool-list', `SELECT ${POOL} FROM user_pools
      WHERE account_id = $1 AND region = $2 AND (created_ms, pool_id) > ($3::bigint, $4::text)
      ORDER BY created_ms, pool_id LIMIT $5`, [scope.accountId, scope.region, after?.ms ?? -1, after?.id ?? '', limit]);
    return r.rows.map(toPool);
  }

  /**
   * One statement, one round trip. The UPDATE waits for a save or delete of the row in flight and
   * then re-checks modified_ms on the row as committed (READ COMMITTED), so of two saves from the
   * same read only one matches. present is read from the statement's snapshot: a pool deleted
   * while we waited counts as 'changed', and the caller's next read finds it gone.
   */
  async savePoolIfUnchanged(scope: Scope, poolId: string, expectedModifiedMs: number, change: PoolChange, nowMs: number): Promise<PoolSaveOutcome> {
    const modifiedMs = Math.max(nowMs, expectedModifiedMs + 1);
    const r = await named<{ saved: boolean; present: boolean }>(this.pool, 'pool-save-if-unchanged', `WITH saved AS (
        UPDATE user_pools SET name = $1, settings = $2, modified_ms = $3
        WHERE account_id = $4 AND region = $5 AND pool_id = $6 AND modified_ms = $7 RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM saved) AS saved,
        EXISTS (SELECT 1 FROM user_pools WHERE account_id = $4 AND region = $5 AND pool_id = $6) AS present`,
    [change.name, JSON.stringify(change.settings), modifiedMs, scope.accountId, scope.region, poolId, expectedModifiedMs]);
    const { saved, present } = r.rows[0];
    return saved ? 'saved' : present ? 'changed' : 'gone';
  }

  async deletePool(scope: Scope, poolId: string): Promise<string[] | undefined> {
    const r = await this.remove(scope, poolId);
    return Array.isArray(r) ? r : undefined;
  }

  async deletePoolIfUnchanged(scope: Scope, poolId: string, expectedModifiedMs: number): Promise<string[] | 'changed' | 'gone'> {
    return this.remove(scope, poolId, expectedModifiedMs);
  }

  /**
   * The pool (only at that version, when given), its users, its jobs and every row of it in
   * POOL_TABLES (signInSchema.ts), in one transaction. A
   * save of the pool in flight makes the DELETE wait, then re-check modified_ms on the saved row.
   */
  private async remove(scope: Scope, poolId: string, expectedModifiedMs?: number): Promise<string[] | 'changed' | 'gone'> {
    return inTransaction(this.pool, async (c) => {
      const a = scope.accountId;
      const del = await c.query(`DELETE FROM user_pools WHERE account_id = $1 AND region = $2 AND pool_id = $3
        AND ($4::bigint IS NULL OR modified_ms = $4::bigint)`, [a, scope.region, poolId, expectedModifiedMs ?? null]);
      if (del.rowCount === 0) {
        const left = await c.query('SELECT 1 FROM user_pools WHERE account_id = $1 AND region = $2 AND pool_id = $3', [a, scope.region, poolId]);
        return left.rows.length ? 'changed' : 'gone';
      }
      // Lock order as everywhere else: job rows, then queue rows, then the pool's users lock, so a
      // batch committing at the same moment finishes first (or finds its job gone).
      const jobs = await c.query<{ blob_key: string | null }>('DELETE FROM import_jobs WHERE account_id = $1 AND pool_id = $2 RETURNING blob_key', [a, poolId]);
      await c.query('DELETE FROM job_queue WHERE account_id = $1 AND pool_id = $2', [a, poolId]);
      await lockKey(c, LOCKS.poolUsers, a, poolId);
      await c.query('DELETE FROM users WHERE account_id = $1 AND pool_id = $2', [a, poolId]);
      await c.query('DELETE FROM user_aliases WHERE account_id = $1 AND pool_id = $2', [a, poolId]);
      await c.query('DELETE FROM pool_refs WHERE account_id = $1 AND pool_id = $2', [a, poolId]);
      // App clients, signing keys and the users' sign-in rows. A client insert racing this holds the
      // pool's row (PgClients.insertClient): the DELETE above waited for it, so this one sees its client.
      for (const t of POOL_TABLES) await c.query(`DELETE FROM ${t} WHERE account_id = $1 AND pool_id = $2`, [a, poolId]);
      return jobs.rows.map((r) => r.blob_key).filter((k): k is string => k !== null);
    });
  }
}

import type { Pool } from 'pg';
import type { StoredClient } from '../../domain/appClient';
import type { ClientChange, ClientStore, PageCursor, PoolSaveOutcome, Scope } from '../ports';
import { clientValues, toClient, type ClientRow } from '../rows';
import { cols, COLUMNS, named } from './sql';

const CLIENT = cols(COLUMNS.client);

/** App clients on PostgreSQL (signInSchema.ts, migration 6). */
export class PgClients implements ClientStore {
  constructor(private readonly pool: Pool) {}

  /**
   * One statement. FOR KEY SHARE holds the pool's row until the insert commits: a deletion of the
   * pool waits for it and then deletes the new client too (its DELETE of the pool's clients runs
   * after, on a fresh snapshot), or, if the deletion came first, the SELECT finds no pool and
   * nothing is inserted. KEY SHARE does not hold up UpdateUserPool's saves of the row.
   */
  async insertClient(c: StoredClient): Promise<boolean> {
    const r = await named(this.pool, 'client-insert', `INSERT INTO app_clients (${CLIENT})
      SELECT $1, $2, $3, $4, $5, $6, $7::bigint, $8::bigint, $9 FROM user_pools
      WHERE account_id = $2 AND region = $3 AND pool_id = $4 FOR KEY SHARE`, clientValues(c));
    return r.rowCount === 1;
  }

  async findClient(scope: Scope, poolId: string, clientId: string): Promise<StoredClient | undefined> {
    const r = await named<ClientRow>(this.pool, 'client-find', `SELECT ${CLIENT} FROM app_clients
      WHERE client_id = $1 AND account_id = $2 AND region = $3 AND pool_id = $4`, [clientId, scope.accountId, scope.region, poolId]);
    return r.rows.length ? toClient(r.rows[0]) : undefined;
  }

  async findClientById(clientId: string): Promise<StoredClient | undefined> {
    const r = await named<ClientRow>(this.pool, 'client-find-by-id', `SELECT ${CLIENT} FROM app_clients WHERE client_id = $1`, [clientId]);
    return r.rows.length ? toClient(r.rows[0]) : undefined;
  }

  async listClients(scope: Scope, poolId: string, limit: number, after?: PageCursor): Promise<StoredClient[]> {
    const r = await named<ClientRow>(this.pool, 'client-list', `SELECT ${CLIENT} FROM app_clients
      WHERE account_id = $1 AND pool_id = $2 AND region = $3 AND (created_ms, client_id) > ($4::bigint, $5::text)
      ORDER BY created_ms, client_id LIMIT $6`, [scope.accountId, poolId, scope.region, after?.ms ?? -1, after?.id ?? '', limit]);
    return r.rows.map(toClient);
  }

  /** One statement, as PgPools.savePoolIfUnchanged (and for the same reasons). */
  async saveClientIfUnchanged(scope: Scope, poolId: string, clientId: string, expectedModifiedMs: number, change: ClientChange, nowMs: number): Promise<PoolSaveOutcome> {
    const modifiedMs = Math.max(nowMs, expectedModifiedMs + 1);
    const r = await named<{ saved: boolean; present: boolean }>(this.pool, 'client-save-if-unchanged', `WITH saved AS (
        UPDATE app_clients SET client_name = $1, settings = $2, modified_ms = $3
        WHERE client_id = $4 AND account_id = $5 AND region = $6 AND pool_id = $7 AND modified_ms = $8 RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM saved) AS saved,
        EXISTS (SELECT 1 FROM app_clients WHERE client_id = $4 AND account_id = $5 AND region = $6 AND pool_id = $7) AS present`,
    [change.name, JSON.stringify(change.settings), modifiedMs, clientId, scope.accountId, scope.region, poolId, expectedModifiedMs]);
    const { saved, present } = r.rows[0];
    return saved ? 'saved' : present ? 'changed' : 'gone';
  }

  async deleteClient(scope: Scope, poolId: string, clientId: string): Promise<boolean> {
    const r = await named(this.pool, 'client-delete', 'DELETE FROM app_clients WHERE client_id = $1 AND account_id = $2 AND region = $3 AND pool_id = $4',
      [clientId, scope.accountId, scope.region, poolId]);
    return r.rowCount === 1;
  }
}

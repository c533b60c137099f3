import type { Database as Db, Statement } from 'better-sqlite3';
import type { StoredClient } from '../../domain/appClient';
import type { ClientChange, ClientStore, PageCursor, PoolSaveOutcome, Scope } from '../ports';
import { CLIENT_COLUMNS, clientValues, toClient, type ClientRow } from '../rows';
import type { WriteTurns } from './writeTurns';

const COLS = CLIENT_COLUMNS.join(', ');
const IN_POOL = 'account_id = ? AND region = ? AND pool_id = ?';

/** App clients on SQLite (signInSchema.ts, migration 5). */
export class SqliteClients implements ClientStore {
  private readonly s: Record<string, Statement>;
  constructor(db: Db, private readonly turns: WriteTurns) {
    this.s = {
      // One statement: the pool's existence is checked where the row is written (one writer at a time).
      insert: db.prepare(`INSERT INTO app_clients (${COLS}) SELECT ${CLIENT_COLUMNS.map(() => '?').join(', ')}
        WHERE EXISTS (SELECT 1 FROM user_pools WHERE ${IN_POOL})`),
      find: db.prepare(`SELECT ${COLS} FROM app_clients WHERE client_id = ? AND ${IN_POOL}`),
      byId: db.prepare(`SELECT ${COLS} FROM app_clients WHERE client_id = ?`),
      list: db.prepare(`SELECT ${COLS} FROM app_clients WHERE account_id = ? AND pool_id = ? AND region = ?
        AND (created_ms, client_id) > (?, ?) ORDER BY created_ms, client_id LIMIT ?`),
      save: db.prepare(`UPDATE app_clients SET client_name = ?, settings = ?, modified_ms = ?
        WHERE client_id = ? AND ${IN_POOL} AND modified_ms = ?`),
      exists: db.prepare(`SELECT 1 FROM app_clients WHERE client_id = ? AND ${IN_POOL}`).pluck(),
      del: db.prepare(`DELETE FROM app_clients WHERE client_id = ? AND ${IN_POOL}`),
    };
  }

  async insertClient(c: StoredClient): Promise<boolean> {
    return this.turns.write(() => this.s.insert.run(...clientValues(c), c.accountId, c.region, c.poolId).changes === 1);
  }

  async findClient(scope: Scope, poolId: string, clientId: string): Promise<StoredClient | undefined> {
    const r = this.s.find.get(clientId, scope.accountId, scope.region, poolId) as ClientRow | undefined;
    return r && toClient(r);
  }

  async findClientById(clientId: string): Promise<StoredClient | undefined> {
    const r = this.s.byId.get(clientId) as ClientRow | undefined;
    return r && toClient(r);
  }

  async listClients(scope: Scope, poolId: string, limit: number, after?: PageCursor): Promise<StoredClient[]> {
    const rows = this.s.list.all(scope.accountId, poolId, scope.region, after?.ms ?? -1, after?.id ?? '', limit) as ClientRow[];
    return rows.map(toClient);
  }

  async saveClientIfUnchanged(scope: Scope, poolId: string, clientId: string, expectedModifiedMs: number, change: ClientChange, nowMs: number): Promise<PoolSaveOutcome> {
    const modifiedMs = Math.max(nowMs, expectedModifiedMs + 1);
    const key = [clientId, scope.accountId, scope.region, poolId];
    return this.turns.transaction((): PoolSaveOutcome => {
      if (this.s.save.run(change.name, JSON.stringify(change.settings), modifiedMs, ...key, expectedModifiedMs).changes === 1) return 'saved';
      return this.s.exists.get(...key) === undefined ? 'gone' : 'changed';
    });
  }

  async deleteClient(scope: Scope, poolId: string, clientId: string): Promise<boolean> {
    return this.turns.write(() => this.s.del.run(clientId, scope.accountId, scope.region, poolId).changes === 1);
  }
}

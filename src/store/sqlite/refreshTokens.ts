import type { Database as Db, Statement } from 'better-sqlite3';
import { nextTurn } from '../../nextTurn';
import type { PoolRef, RefreshTokenRecord, RefreshTokenStore } from '../signInPorts';
import { toRefreshToken, type RefreshTokenRow } from '../signInRows';
import type { WriteTurns } from './writeTurns';

/**
 * Refresh tokens a sweep statement deletes at most. The sweep writes on the API's connection, in
 * its thread: a chunk a write turn, a turn of the event loop between. A row's four index entries
 * have random keys (hashes, ids, usernames), each in a page of its own: in a file of 200,000
 * tokens, 100 a statement took 3-6 ms (median), 150 already 22 ms, 1,000 80-120 ms.
 */
const SWEEP_CHUNK = 100;

/** A chunk of the expiry sweep: the oldest of a range of refresh_tokens_by_expiry (migration 7), by rowid. */
export const SWEEP_SQL = 'DELETE FROM refresh_tokens WHERE rowid IN (SELECT rowid FROM refresh_tokens WHERE expires_ms < ? ORDER BY expires_ms LIMIT ?)';

export class SqliteRefreshTokens implements RefreshTokenStore {
  private readonly s: Record<string, Statement>;
  constructor(db: Db, private readonly turns: WriteTurns) {
    this.s = {
      // One statement, so one write transaction: a deletion of the user (users.ts deleteUser, one
      // transaction too) is wholly before it, and the user is not there, or wholly after, and
      // removes the token with the user's other rows.
      insert: db.prepare(`INSERT INTO refresh_tokens (token_hash, origin_jti, account_id, pool_id, client_id, username_key, sub, auth_time_ms, expires_ms)
        SELECT @tokenHash, @originJti, @accountId, @poolId, @clientId, @usernameKey, @sub, @authTimeMs, @expiresMs
        WHERE EXISTS (SELECT 1 FROM users WHERE account_id = @accountId AND pool_id = @poolId AND username_key = @usernameKey AND sub = @sub)`),
      live: db.prepare('SELECT * FROM refresh_tokens WHERE token_hash = ? AND revoked_ms IS NULL AND expires_ms > ?'),
      revoke: db.prepare('UPDATE refresh_tokens SET revoked_ms = ? WHERE token_hash = ? AND revoked_ms IS NULL'),
      revokeUser: db.prepare('UPDATE refresh_tokens SET revoked_ms = ? WHERE account_id = ? AND pool_id = ? AND username_key = ? AND revoked_ms IS NULL'),
      revokeClient: db.prepare('UPDATE refresh_tokens SET revoked_ms = ? WHERE account_id = ? AND pool_id = ? AND client_id = ? AND revoked_ms IS NULL'),
      origin: db.prepare('SELECT 1 FROM refresh_tokens WHERE origin_jti = ? AND revoked_ms IS NULL').pluck(),
      sweep: db.prepare(SWEEP_SQL),
    };
  }

  async insert(t: RefreshTokenRecord): Promise<boolean> {
    const { revokedMs: _revoked, ...row } = t;
    return (await this.turns.write(() => this.s.insert.run(row))).changes === 1;
  }

  async findLive(tokenHash: string, nowMs: number): Promise<RefreshTokenRecord | undefined> {
    const r = this.s.live.get(tokenHash, nowMs) as RefreshTokenRow | undefined;
    return r && toRefreshToken(r);
  }

  async revoke(tokenHash: string, nowMs: number): Promise<boolean> {
    return (await this.turns.write(() => this.s.revoke.run(nowMs, tokenHash))).changes === 1;
  }

  async revokeUser(pool: PoolRef, usernameKey: string, nowMs: number): Promise<number> {
    return (await this.turns.write(() => this.s.revokeUser.run(nowMs, pool.accountId, pool.poolId, usernameKey))).changes;
  }

  async revokeClient(pool: PoolRef, clientId: string, nowMs: number): Promise<number> {
    return (await this.turns.write(() => this.s.revokeClient.run(nowMs, pool.accountId, pool.poolId, clientId))).changes;
  }

  async isOriginLive(originJti: string): Promise<boolean> {
    return this.s.origin.get(originJti) !== undefined;
  }

  async removeExpired(expiredBeforeMs: number, chunk = SWEEP_CHUNK): Promise<number> {
    let removed = 0;
    for (;;) {
      const n = (await this.turns.write(() => this.s.sweep.run(expiredBeforeMs, chunk))).changes;
      removed += n;
      if (n < chunk) return removed;
      // Requests waiting on this connection (and the import's batch writer) go between chunks.
      await nextTurn();
    }
  }
}

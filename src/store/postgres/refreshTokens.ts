import type { Pool } from 'pg';
import type { PoolRef, RefreshTokenRecord, RefreshTokenStore } from '../signInPorts';
import { REFRESH_TOKEN_COLUMNS, toRefreshToken, type RefreshTokenRow } from '../signInRows';
import { cols, named } from './sql';

const COLUMNS = cols(REFRESH_TOKEN_COLUMNS);

/**
 * Refresh tokens a sweep statement deletes at most: the server's thread only waits for the answer,
 * and a chunk keeps each statement's locks and WAL small when a long stop left many to go.
 */
const SWEEP_CHUNK = 1_000;

/**
 * A chunk of the expiry sweep: the oldest hashes from a range of refresh_tokens_by_expiry (migration 8),
 * then each row by its primary key. Two instances sweeping at once pick the same rows; the one
 * that finds them gone deletes fewer than a chunk and stops.
 */
export const SWEEP_SQL = `DELETE FROM refresh_tokens
  WHERE token_hash = ANY (ARRAY(SELECT token_hash FROM refresh_tokens WHERE expires_ms < $1 ORDER BY expires_ms LIMIT $2))`;

export class PgRefreshTokens implements RefreshTokenStore {
  constructor(private readonly pool: Pool) {}

  /**
   * The user's row is read FOR KEY SHARE, in the INSERT's own transaction. Under READ COMMITTED an
   * INSERT ... WHERE EXISTS alone could see the user while a deletion is under way, and the
   * deletion's DELETE FROM refresh_tokens, run before this insert commits, would not see the row.
   * With the lock, a deletion (PgUsers.deleteUser, PgPools.deletePool: the users row first, then
   * the sign-in tables) waits for this insert to commit, and its later statements see the token;
   * a deletion that came first has the row locked, and once it commits the row is gone and
   * nothing is inserted. KEY SHARE waits for nothing else: an import's or a password's UPDATE of
   * the row does not touch its key.
   */
  async insert(t: RefreshTokenRecord): Promise<boolean> {
    const r = await named(this.pool, 'refresh-token-insert', `INSERT INTO refresh_tokens
        (token_hash, origin_jti, account_id, pool_id, client_id, username_key, sub, auth_time_ms, expires_ms)
      SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM users
      WHERE account_id = $3 AND pool_id = $4 AND username_key = $6 AND sub = $7 FOR KEY SHARE`,
    [t.tokenHash, t.originJti, t.accountId, t.poolId, t.clientId, t.usernameKey, t.sub, t.authTimeMs, t.expiresMs]);
    return r.rowCount === 1;
  }

  async findLive(tokenHash: string, nowMs: number): Promise<RefreshTokenRecord | undefined> {
    const r = await named<RefreshTokenRow>(this.pool, 'refresh-token-live', `SELECT ${COLUMNS} FROM refresh_tokens
      WHERE token_hash = $1 AND revoked_ms IS NULL AND expires_ms > $2`, [tokenHash, nowMs]);
    return r.rows.length ? toRefreshToken(r.rows[0]) : undefined;
  }

  async revoke(tokenHash: string, nowMs: number): Promise<boolean> {
    const r = await this.pool.query('UPDATE refresh_tokens SET revoked_ms = $1 WHERE token_hash = $2 AND revoked_ms IS NULL', [nowMs, tokenHash]);
    return r.rowCount === 1;
  }

  async revokeUser(p: PoolRef, usernameKey: string, nowMs: number): Promise<number> {
    const r = await this.pool.query(`UPDATE refresh_tokens SET revoked_ms = $1
      WHERE account_id = $2 AND pool_id = $3 AND username_key = $4 AND revoked_ms IS NULL`, [nowMs, p.accountId, p.poolId, usernameKey]);
    return r.rowCount ?? 0;
  }

  async revokeClient(p: PoolRef, clientId: string, nowMs: number): Promise<number> {
    const r = await named(this.pool, 'refresh-token-revoke-client', `UPDATE refresh_tokens SET revoked_ms = $1
      WHERE account_id = $2 AND pool_id = $3 AND client_id = $4 AND revoked_ms IS NULL`, [nowMs, p.accountId, p.poolId, clientId]);
    return r.rowCount ?? 0;
  }

  async isOriginLive(originJti: string): Promise<boolean> {
    const r = await named(this.pool, 'refresh-token-origin-live', 'SELECT 1 FROM refresh_tokens WHERE origin_jti = $1 AND revoked_ms IS NULL', [originJti]);
    return r.rows.length > 0;
  }

  async removeExpired(expiredBeforeMs: number, chunk = SWEEP_CHUNK): Promise<number> {
    let removed = 0;
    for (;;) {
      const n = (await named(this.pool, 'refresh-token-sweep', SWEEP_SQL, [expiredBeforeMs, chunk])).rowCount ?? 0;
      removed += n;
      if (n < chunk) return removed;
    }
  }
}

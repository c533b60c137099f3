import type { Database as Db, Statement } from 'better-sqlite3';
import type { PoolRef, RefreshTokenRecord, RefreshTokenStore } from '../signInPorts';
import { toRefreshToken, type RefreshTokenRow } from '../signInRows';
import type { WriteTurns } from './writeTurns';

export class SqliteRefreshTokens implements RefreshTokenStore {
  private readonly s: Record<string, Statement>;
  constructor(db: Db, private readonly turns: WriteTurns) {
    this.s = {
      insert: db.prepare(`INSERT INTO refresh_tokens (token_hash, origin_jti, account_id, pool_id, client_id, username_key, auth_time_ms, expires_ms)
        VALUES (@tokenHash, @originJti, @accountId, @poolId, @clientId, @usernameKey, @authTimeMs, @expiresMs)`),
      live: db.prepare('SELECT * FROM refresh_tokens WHERE token_hash = ? AND revoked_ms IS NULL AND expires_ms > ?'),
      revoke: db.prepare('UPDATE refresh_tokens SET revoked_ms = ? WHERE token_hash = ? AND revoked_ms IS NULL'),
      revokeUser: db.prepare('UPDATE refresh_tokens SET revoked_ms = ? WHERE account_id = ? AND pool_id = ? AND username_key = ? AND revoked_ms IS NULL'),
      revokeClient: db.prepare('UPDATE refresh_tokens SET revoked_ms = ? WHERE account_id = ? AND pool_id = ? AND client_id = ? AND revoked_ms IS NULL'),
      origin: db.prepare('SELECT 1 FROM refresh_tokens WHERE origin_jti = ? AND revoked_ms IS NULL').pluck(),
    };
  }

  async insert(t: RefreshTokenRecord): Promise<void> {
    const { revokedMs: _revoked, ...row } = t;
    await this.turns.write(() => this.s.insert.run(row));
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
}

import type { Pool } from 'pg';
import type { NewSigningKey, PoolRef, SigningKey, SigningKeyInfo, SigningKeyStore } from '../signInPorts';
import { toKeyInfo, type KeyRow } from '../signInRows';
import { inTransaction, LOCKS, lockKey, named } from './sql';

const INFO = 'kid, public_jwk, created_ms, retired_ms';

export class PgSigningKeys implements SigningKeyStore {
  constructor(private readonly pool: Pool) {}

  async currentKey(p: PoolRef): Promise<SigningKey | undefined> {
    const r = await named<KeyRow>(this.pool, 'signing-key-current', `SELECT ${INFO}, private_key FROM pool_signing_keys
      WHERE account_id = $1 AND pool_id = $2 AND retired_ms IS NULL ORDER BY created_ms DESC, kid DESC LIMIT 1`, [p.accountId, p.poolId]);
    const row = r.rows[0];
    return row && { ...toKeyInfo(row), privateKeyPem: row.private_key! };
  }

  /**
   * Under the pool's transaction lock, so that two instances making the first key at once make
   * one: the second's INSERT runs after the first committed, and its NOT EXISTS (a new snapshot
   * per statement, READ COMMITTED) sees that key. The lock also orders created_ms between rotations.
   */
  async addKey(p: PoolRef, key: NewSigningKey, nowMs: number, opts: { ifNone?: boolean } = {}): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      await lockKey(c, LOCKS.poolSigningKeys, p.accountId, p.poolId);
      const r = await c.query(`INSERT INTO pool_signing_keys (account_id, pool_id, kid, private_key, public_jwk, created_ms)
        SELECT $1, $2, $3, $4, $5,
          GREATEST($6::bigint, COALESCE((SELECT MAX(created_ms) FROM pool_signing_keys WHERE account_id = $1 AND pool_id = $2), -1) + 1)
        WHERE NOT $7::boolean OR NOT EXISTS (SELECT 1 FROM pool_signing_keys WHERE account_id = $1 AND pool_id = $2 AND retired_ms IS NULL)`,
      [p.accountId, p.poolId, key.kid, key.privateKeyPem, JSON.stringify(key.publicJwk), nowMs, opts.ifNone === true]);
      return r.rowCount === 1;
    });
  }

  async publishedKeys(p: PoolRef): Promise<SigningKeyInfo[]> {
    const r = await named<KeyRow>(this.pool, 'signing-keys-published', `SELECT ${INFO} FROM pool_signing_keys
      WHERE account_id = $1 AND pool_id = $2 AND retired_ms IS NULL ORDER BY created_ms DESC, kid DESC`, [p.accountId, p.poolId]);
    return r.rows.map(toKeyInfo);
  }

  async listKeys(p: PoolRef): Promise<SigningKeyInfo[]> {
    const r = await named<KeyRow>(this.pool, 'signing-keys-all', `SELECT ${INFO} FROM pool_signing_keys
      WHERE account_id = $1 AND pool_id = $2 ORDER BY created_ms DESC, kid DESC`, [p.accountId, p.poolId]);
    return r.rows.map(toKeyInfo);
  }

  async retireKey(p: PoolRef, kid: string, nowMs: number): Promise<boolean> {
    const r = await this.pool.query(`UPDATE pool_signing_keys SET retired_ms = $1
      WHERE account_id = $2 AND pool_id = $3 AND kid = $4 AND retired_ms IS NULL`, [nowMs, p.accountId, p.poolId, kid]);
    return r.rowCount === 1;
  }
}

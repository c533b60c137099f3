import type { Database as Db, Statement } from 'better-sqlite3';
import type { NewSigningKey, PoolRef, SigningKey, SigningKeyInfo, SigningKeyStore } from '../signInPorts';
import { toKeyInfo, type KeyRow } from '../signInRows';
import type { WriteTurns } from './writeTurns';

/** addKey's check and insert are one statement, and SQLite runs one writer at a time on the file: two makers cannot both win. */
export class SqliteSigningKeys implements SigningKeyStore {
  private readonly s: Record<string, Statement>;
  constructor(db: Db, private readonly turns: WriteTurns) {
    this.s = {
      current: db.prepare(`SELECT * FROM pool_signing_keys WHERE account_id = ? AND pool_id = ? AND retired_ms IS NULL
        ORDER BY created_ms DESC, kid DESC LIMIT 1`),
      published: db.prepare(`SELECT kid, public_jwk, created_ms, retired_ms FROM pool_signing_keys
        WHERE account_id = ? AND pool_id = ? AND retired_ms IS NULL ORDER BY created_ms DESC, kid DESC`),
      all: db.prepare(`SELECT kid, public_jwk, created_ms, retired_ms FROM pool_signing_keys
        WHERE account_id = ? AND pool_id = ? ORDER BY created_ms DESC, kid DESC`),
      // created_ms strictly after every other key's: the newest key is the one just added.
      insert: db.prepare(`INSERT INTO pool_signing_keys (account_id, pool_id, kid, private_key, public_jwk, created_ms)
        SELECT @a, @p, @kid, @pem, @jwk,
          MAX(@now, COALESCE((SELECT MAX(created_ms) FROM pool_signing_keys WHERE account_id = @a AND pool_id = @p), -1) + 1)
        WHERE @any = 1 OR NOT EXISTS (SELECT 1 FROM pool_signing_keys WHERE account_id = @a AND pool_id = @p AND retired_ms IS NULL)`),
      retire: db.prepare('UPDATE pool_signing_keys SET retired_ms = ? WHERE account_id = ? AND pool_id = ? AND kid = ? AND retired_ms IS NULL'),
    };
  }

  async currentKey(pool: PoolRef): Promise<SigningKey | undefined> {
    const r = this.s.current.get(pool.accountId, pool.poolId) as KeyRow | undefined;
    return r && { ...toKeyInfo(r), privateKeyPem: r.private_key! };
  }

  async addKey(pool: PoolRef, key: NewSigningKey, nowMs: number, opts: { ifNone?: boolean } = {}): Promise<boolean> {
    const r = await this.turns.write(() => this.s.insert.run({
      a: pool.accountId, p: pool.poolId, kid: key.kid, pem: key.privateKeyPem, jwk: JSON.stringify(key.publicJwk), now: nowMs, any: opts.ifNone ? 0 : 1,
    }));
    return r.changes === 1;
  }

  async publishedKeys(pool: PoolRef): Promise<SigningKeyInfo[]> {
    return (this.s.published.all(pool.accountId, pool.poolId) as KeyRow[]).map(toKeyInfo);
  }

  async listKeys(pool: PoolRef): Promise<SigningKeyInfo[]> {
    return (this.s.all.all(pool.accountId, pool.poolId) as KeyRow[]).map(toKeyInfo);
  }

  async retireKey(pool: PoolRef, kid: string, nowMs: number): Promise<boolean> {
    const r = await this.turns.write(() => this.s.retire.run(nowMs, pool.accountId, pool.poolId, kid));
    return r.changes === 1;
  }
}

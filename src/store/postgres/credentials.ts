// CredentialStore on PostgreSQL (src/store/credentialPorts.ts). Each method is one statement
// (its own transaction) but savePassword, which changes the users row and the credentials row
// together.
import type { Pool } from 'pg';
import { inTransaction, named } from './sql';
import type {
  CredentialStore, LockoutPolicy, PasswordChange, StoredCode, StoredCredentials, StoredSession, UserRef,
} from '../credentialPorts';
import { toCredentials, toSession, type CredentialRow, type SessionRow } from '../credentialRows';

const USER = 'account_id = $1 AND pool_id = $2 AND username_key = $3';
const ref = (u: UserRef): [string, string, string] => [u.accountId, u.poolId, u.usernameKey];

/** The sweep's statement for the codes of the purposes named: ranges of user_codes_by_expiry (migration 8). */
export const CODE_SWEEP_SQL = 'DELETE FROM user_codes WHERE purpose = ANY($1::text[]) AND expires_ms < $2';

export class PgCredentials implements CredentialStore {
  constructor(private readonly pool: Pool) {}

  async findCredentials(u: UserRef): Promise<StoredCredentials | undefined> {
    const r = (await named<CredentialRow>(this.pool, 'cred-find',
      `SELECT srp_salt, srp_verifier, failed_attempts, locked_until_ms FROM user_credentials WHERE ${USER}`, ref(u))).rows[0];
    return r && toCredentials(r);
  }

  savePassword(u: UserRef, c: PasswordChange): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      const changed = c.ifUnchanged
        ? await named(tx, 'cred-user-password-cas', `UPDATE users SET password_hash = $4, status = $5, modified_ms = $6
            WHERE ${USER} AND password_hash IS NOT DISTINCT FROM $7 AND status = $8`,
          [...ref(u), c.passwordHash, c.status, c.nowMs, c.ifUnchanged.passwordHash ?? null, c.ifUnchanged.status])
        : await named(tx, 'cred-user-password', `UPDATE users SET password_hash = $4, status = $5, modified_ms = $6 WHERE ${USER}`,
          [...ref(u), c.passwordHash, c.status, c.nowMs]);
      if ((changed.rowCount ?? 0) === 0) return false;
      await named(tx, 'cred-save', `INSERT INTO user_credentials (account_id, pool_id, username_key, srp_salt, srp_verifier, failed_attempts, locked_until_ms)
        VALUES ($1, $2, $3, $4, $5, 0, NULL)
        ON CONFLICT (account_id, pool_id, username_key) DO UPDATE SET
          srp_salt = EXCLUDED.srp_salt, srp_verifier = EXCLUDED.srp_verifier, failed_attempts = 0, locked_until_ms = NULL`,
      [...ref(u), c.srp?.salt ?? null, c.srp?.verifier ?? null]);
      return true;
    });
  }

  async recordFailedSignIn(u: UserRef, nowMs: number, policy: LockoutPolicy): Promise<{ lockedUntilMs?: number }> {
    // One statement: concurrent wrong passwords each count (the row is locked by the upsert).
    // Only for a user that exists: a row left for a deleted user would lock its namesake.
    const r = (await named<{ locked_until_ms: number | null }>(this.pool, 'cred-fail', `INSERT INTO user_credentials AS c
        (account_id, pool_id, username_key, failed_attempts, locked_until_ms)
      SELECT $1, $2, $3, CASE WHEN 1 >= $4 THEN 0 ELSE 1 END, CASE WHEN 1 >= $4 THEN $5::bigint END
      WHERE EXISTS (SELECT 1 FROM users WHERE ${USER})
      ON CONFLICT (account_id, pool_id, username_key) DO UPDATE SET
        failed_attempts = CASE WHEN c.failed_attempts + 1 >= $4 THEN 0 ELSE c.failed_attempts + 1 END,
        locked_until_ms = CASE WHEN c.failed_attempts + 1 >= $4 THEN $5::bigint ELSE c.locked_until_ms END
      RETURNING locked_until_ms`, [...ref(u), policy.maxAttempts, nowMs + policy.lockMs])).rows[0];
    return r && r.locked_until_ms !== null && r.locked_until_ms > nowMs ? { lockedUntilMs: r.locked_until_ms } : {};
  }

  async clearFailedSignIns(u: UserRef): Promise<void> {
    await named(this.pool, 'cred-clear', `UPDATE user_credentials SET failed_attempts = 0 WHERE ${USER} AND failed_attempts > 0`, ref(u));
  }

  /** The user's row read FOR KEY SHARE, as a refresh token's insert does (refreshTokens.ts says why): a deletion is wholly before or after. */
  async putCode(u: UserRef, purpose: string, code: StoredCode): Promise<boolean> {
    const r = await named(this.pool, 'code-put', `INSERT INTO user_codes (account_id, pool_id, username_key, purpose, code_hash, expires_ms, attempts)
      SELECT $1, $2, $3, $4, $5, $6, $7 FROM users WHERE ${USER} FOR KEY SHARE
      ON CONFLICT (account_id, pool_id, username_key, purpose) DO UPDATE SET
        code_hash = EXCLUDED.code_hash, expires_ms = EXCLUDED.expires_ms, attempts = EXCLUDED.attempts`,
    [...ref(u), purpose, code.codeHash, code.expiresMs, code.attempts]);
    return r.rowCount === 1;
  }

  async findCode(u: UserRef, purpose: string): Promise<StoredCode | undefined> {
    const r = (await named<{ code_hash: string; expires_ms: number; attempts: number }>(this.pool, 'code-find',
      `SELECT code_hash, expires_ms, attempts FROM user_codes WHERE ${USER} AND purpose = $4`, [...ref(u), purpose])).rows[0];
    return r && { codeHash: r.code_hash, expiresMs: r.expires_ms, attempts: r.attempts };
  }

  async tryCode(u: UserRef, purpose: string, nowMs: number, maxTries: number): Promise<StoredCode | undefined> {
    const r = (await named<{ code_hash: string; expires_ms: number; attempts: number }>(this.pool, 'code-try',
      `UPDATE user_codes SET attempts = attempts + 1 WHERE ${USER} AND purpose = $4 AND expires_ms >= $5 AND attempts < $6
       RETURNING code_hash, expires_ms, attempts`, [...ref(u), purpose, nowMs, maxTries])).rows[0];
    return r && { codeHash: r.code_hash, expiresMs: r.expires_ms, attempts: r.attempts };
  }

  async consumeCode(u: UserRef, purpose: string, codeHash: string): Promise<boolean> {
    const r = await named(this.pool, 'code-consume', `DELETE FROM user_codes WHERE ${USER} AND purpose = $4 AND code_hash = $5`, [...ref(u), purpose, codeHash]);
    return (r.rowCount ?? 0) > 0;
  }

  async deleteCode(u: UserRef, purpose: string): Promise<void> {
    await named(this.pool, 'code-delete', `DELETE FROM user_codes WHERE ${USER} AND purpose = $4`, [...ref(u), purpose]);
  }

  async putSession(s: StoredSession): Promise<void> {
    await named(this.pool, 'session-put', `INSERT INTO auth_sessions
      (session_id, account_id, pool_id, client_id, username_key, challenge, state, expires_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.sessionId, s.accountId, s.poolId, s.clientId, s.usernameKey, s.challenge, s.state, s.expiresMs]);
  }

  async takeSession(sessionId: string, nowMs: number): Promise<StoredSession | undefined> {
    await named(this.pool, 'session-expire', 'DELETE FROM auth_sessions WHERE expires_ms < $1', [nowMs]);
    const r = (await named<SessionRow>(this.pool, 'session-take', 'DELETE FROM auth_sessions WHERE session_id = $1 AND expires_ms >= $2 RETURNING *',
      [sessionId, nowMs])).rows[0];
    return r && toSession(r);
  }

  async removeExpired(nowMs: number, codePurposes: readonly string[]): Promise<number> {
    const a = await named(this.pool, 'session-sweep', 'DELETE FROM auth_sessions WHERE expires_ms < $1', [nowMs]);
    const b = await named(this.pool, 'code-sweep', CODE_SWEEP_SQL, [codePurposes, nowMs]);
    return (a.rowCount ?? 0) + (b.rowCount ?? 0);
  }
}

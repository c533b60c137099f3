// CredentialStore on SQLite (src/store/credentialPorts.ts), on the API's connection: every write
// takes its turn on the file (writeTurns.ts) as the API's other writes do.
import type { Database, Statement } from 'better-sqlite3';
import type { WriteTurns } from './writeTurns';
import type {
  CredentialStore, LockoutPolicy, PasswordChange, StoredCode, StoredCredentials, StoredSession, UserRef,
} from '../credentialPorts';
import { toCredentials, toSession, type CredentialRow, type SessionRow } from '../credentialRows';

const USER = 'account_id = ? AND pool_id = ? AND username_key = ?';
const ref = (u: UserRef): [string, string, string] => [u.accountId, u.poolId, u.usernameKey];

/** The sweep's statement for one purpose's codes: a range of user_codes_by_expiry (migration 7). */
export const CODE_SWEEP_SQL = 'DELETE FROM user_codes WHERE purpose = ? AND expires_ms < ?';

export class SqliteCredentials implements CredentialStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database, private readonly turns: WriteTurns) {}

  async findCredentials(u: UserRef): Promise<StoredCredentials | undefined> {
    const r = this.prepared(`SELECT srp_salt, srp_verifier, failed_attempts, locked_until_ms FROM user_credentials WHERE ${USER}`)
      .get(...ref(u)) as CredentialRow | undefined;
    return r && toCredentials(r);
  }

  savePassword(u: UserRef, c: PasswordChange): Promise<boolean> {
    return this.turns.transaction(() => {
      const changed = c.ifUnchanged
        ? this.prepared(`UPDATE users SET password_hash = ?, status = ?, modified_ms = ? WHERE ${USER} AND password_hash IS ? AND status = ?`)
          .run(c.passwordHash, c.status, c.nowMs, ...ref(u), c.ifUnchanged.passwordHash ?? null, c.ifUnchanged.status).changes
        : this.prepared(`UPDATE users SET password_hash = ?, status = ?, modified_ms = ? WHERE ${USER}`)
          .run(c.passwordHash, c.status, c.nowMs, ...ref(u)).changes;
      if (changed === 0) return false;
      this.prepared(`INSERT INTO user_credentials (account_id, pool_id, username_key, srp_salt, srp_verifier, failed_attempts, locked_until_ms)
        VALUES (?, ?, ?, ?, ?, 0, NULL)
        ON CONFLICT (account_id, pool_id, username_key) DO UPDATE SET
          srp_salt = excluded.srp_salt, srp_verifier = excluded.srp_verifier, failed_attempts = 0, locked_until_ms = NULL`)
        .run(...ref(u), c.srp?.salt ?? null, c.srp?.verifier ?? null);
      return true;
    });
  }

  recordFailedSignIn(u: UserRef, nowMs: number, policy: LockoutPolicy): Promise<{ lockedUntilMs?: number }> {
    return this.turns.transaction(() => {
      // Only for a user that exists: a row left for a deleted user would lock its namesake.
      this.prepared(`INSERT INTO user_credentials (account_id, pool_id, username_key, failed_attempts)
        SELECT ?, ?, ?, 0 WHERE EXISTS (SELECT 1 FROM users WHERE ${USER})
        ON CONFLICT (account_id, pool_id, username_key) DO NOTHING`).run(...ref(u), ...ref(u));
      const r = this.prepared(`UPDATE user_credentials SET
          failed_attempts = CASE WHEN failed_attempts + 1 >= ? THEN 0 ELSE failed_attempts + 1 END,
          locked_until_ms = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until_ms END
        WHERE ${USER} RETURNING locked_until_ms`)
        .get(policy.maxAttempts, policy.maxAttempts, nowMs + policy.lockMs, ...ref(u)) as { locked_until_ms: number | null } | undefined;
      return r && r.locked_until_ms !== null && r.locked_until_ms > nowMs ? { lockedUntilMs: r.locked_until_ms } : {};
    });
  }

  async clearFailedSignIns(u: UserRef): Promise<void> {
    await this.turns.write(() => this.prepared(`UPDATE user_credentials SET failed_attempts = 0 WHERE ${USER} AND failed_attempts > 0`).run(...ref(u)));
  }

  /** One statement, so one write transaction: a deletion of the user is wholly before it (nothing stored) or after (the code removed with it). */
  async putCode(u: UserRef, purpose: string, code: StoredCode): Promise<boolean> {
    return (await this.turns.write(() => this.prepared(`INSERT INTO user_codes (account_id, pool_id, username_key, purpose, code_hash, expires_ms, attempts)
      SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE ${USER})
      ON CONFLICT (account_id, pool_id, username_key, purpose) DO UPDATE SET
        code_hash = excluded.code_hash, expires_ms = excluded.expires_ms, attempts = excluded.attempts`)
      .run(...ref(u), purpose, code.codeHash, code.expiresMs, code.attempts, ...ref(u)))).changes === 1;
  }

  async findCode(u: UserRef, purpose: string): Promise<StoredCode | undefined> {
    const r = this.prepared(`SELECT code_hash, expires_ms, attempts FROM user_codes WHERE ${USER} AND purpose = ?`)
      .get(...ref(u), purpose) as { code_hash: string; expires_ms: number; attempts: number } | undefined;
    return r && { codeHash: r.code_hash, expiresMs: r.expires_ms, attempts: r.attempts };
  }

  tryCode(u: UserRef, purpose: string, nowMs: number, maxTries: number): Promise<StoredCode | undefined> {
    return this.turns.write(() => {
      const r = this.prepared(`UPDATE user_codes SET attempts = attempts + 1
        WHERE ${USER} AND purpose = ? AND expires_ms >= ? AND attempts < ? RETURNING code_hash, expires_ms, attempts`)
        .get(...ref(u), purpose, nowMs, maxTries) as { code_hash: string; expires_ms: number; attempts: number } | undefined;
      return r && { codeHash: r.code_hash, expiresMs: r.expires_ms, attempts: r.attempts };
    });
  }

  consumeCode(u: UserRef, purpose: string, codeHash: string): Promise<boolean> {
    return this.turns.write(() => this.prepared(`DELETE FROM user_codes WHERE ${USER} AND purpose = ? AND code_hash = ?`)
      .run(...ref(u), purpose, codeHash).changes > 0);
  }

  async deleteCode(u: UserRef, purpose: string): Promise<void> {
    await this.turns.write(() => this.prepared(`DELETE FROM user_codes WHERE ${USER} AND purpose = ?`).run(...ref(u), purpose));
  }

  async putSession(s: StoredSession): Promise<void> {
    await this.turns.write(() => this.prepared(`INSERT INTO auth_sessions
      (session_id, account_id, pool_id, client_id, username_key, challenge, state, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(s.sessionId, s.accountId, s.poolId, s.clientId, s.usernameKey, s.challenge, s.state, s.expiresMs));
  }

  takeSession(sessionId: string, nowMs: number): Promise<StoredSession | undefined> {
    return this.turns.transaction(() => {
      this.prepared('DELETE FROM auth_sessions WHERE expires_ms < ?').run(nowMs);
      const r = this.prepared('DELETE FROM auth_sessions WHERE session_id = ? RETURNING *').get(sessionId) as SessionRow | undefined;
      return r && toSession(r);
    });
  }

  removeExpired(nowMs: number, codePurposes: readonly string[]): Promise<number> {
    return this.turns.transaction(() => {
      let n = this.prepared('DELETE FROM auth_sessions WHERE expires_ms < ?').run(nowMs).changes;
      for (const purpose of codePurposes) n += this.prepared(CODE_SWEEP_SQL).run(purpose, nowMs).changes;
      return n;
    });
  }

  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }
}

// UserAdminStore on SQLite (src/store/userAdminPorts.ts), on the API's connection: every write
// takes its turn on the file (writeTurns.ts), in one IMMEDIATE transaction where it writes more
// than one row, so the checks it makes (an alias held, the attributes as read) hold until it commits.
import type { Database, Statement } from 'better-sqlite3';
import type { StoredUser, UserDraft } from '../../domain/user';
import type { StoredCode, UserRef } from '../credentialPorts';
import type { CreateOutcome } from '../ports';
import { USER_TABLES } from '../signInSchema';
import { attributesAsRead, type AttributesChange, type AttributesSaveOutcome, type UserAdminStore } from '../userAdminPorts';
import { indexedValues } from '../userFilterPlan';
import type { SqliteUsers } from './users';
import type { WriteTurns } from './writeTurns';

const USER = 'account_id = ? AND pool_id = ? AND username_key = ?';
const ref = (u: UserRef): [string, string, string] => [u.accountId, u.poolId, u.usernameKey];

export class SqliteUserAdmin implements UserAdminStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database, private readonly turns: WriteTurns, private readonly users: SqliteUsers) {}

  createUser(accountId: string, poolId: string, draft: UserDraft, sub: string, nowMs: number, temporaryPassword?: StoredCode): Promise<CreateOutcome> {
    return this.turns.transaction(() => {
      const [outcome] = this.users.createUsersSync(accountId, poolId, [draft], nowMs, () => sub);
      if (outcome !== 'created') return outcome;
      const u = { accountId, poolId, usernameKey: draft.usernameKey };
      for (const table of USER_TABLES) this.prepared(`DELETE FROM ${table} WHERE ${USER}`).run(...ref(u));
      if (temporaryPassword) {
        this.prepared(`INSERT INTO user_codes (account_id, pool_id, username_key, purpose, code_hash, expires_ms, attempts)
          VALUES (?, ?, ?, 'temporary_password', ?, ?, ?)`).run(...ref(u), temporaryPassword.codeHash, temporaryPassword.expiresMs, temporaryPassword.attempts);
      }
      return outcome;
    });
  }

  saveAttributes(u: UserRef, expected: StoredUser['attributes'], change: AttributesChange, nowMs: number): Promise<AttributesSaveOutcome> {
    return this.turns.transaction((): AttributesSaveOutcome => {
      const stored = this.prepared(`SELECT attributes FROM users WHERE ${USER}`).pluck().get(...ref(u)) as string | undefined;
      if (stored === undefined) return 'gone';
      if (!attributesAsRead(stored, expected)) return 'changed';
      for (const a of change.aliases) {
        const holder = this.prepared('SELECT username_key FROM user_aliases WHERE account_id = ? AND pool_id = ? AND kind = ? AND value = ?')
          .pluck().get(u.accountId, u.poolId, a.kind, a.value) as string | undefined;
        if (holder !== undefined && holder !== u.usernameKey) return { aliasTaken: a.kind };
      }
      this.prepared(`DELETE FROM user_aliases WHERE ${USER}`).run(...ref(u));
      for (const a of change.aliases) {
        this.prepared('INSERT INTO user_aliases (account_id, pool_id, kind, value, username_key) VALUES (?, ?, ?, ?, ?)')
          .run(u.accountId, u.poolId, a.kind, a.value, u.usernameKey);
      }
      // The ListUsers index columns follow the attributes (userFilterPlan.ts), `sub` left out as the import leaves it.
      this.prepared(`UPDATE users SET attributes = ?, modified_ms = ?, attr_email = ?, attr_phone_number = ?, attr_name = ?,
          attr_given_name = ?, attr_family_name = ?, attr_preferred_username = ? WHERE ${USER}`)
        .run(JSON.stringify(change.attributes), nowMs, ...indexedValues(change.attributes.filter(([n]) => n !== 'sub')), ...ref(u));
      return 'saved';
    });
  }

  setEnabled(u: UserRef, enabled: boolean, nowMs: number): Promise<boolean> {
    return this.turns.transaction(() => {
      if (this.prepared(`UPDATE users SET enabled = ?, modified_ms = ? WHERE ${USER}`).run(enabled ? 1 : 0, nowMs, ...ref(u)).changes === 0) return false;
      if (!enabled) this.prepared(`UPDATE refresh_tokens SET revoked_ms = ? WHERE ${USER} AND revoked_ms IS NULL`).run(nowMs, ...ref(u));
      return true;
    });
  }

  changeStatus(u: UserRef, from: readonly StoredUser['status'][], to: StoredUser['status'], nowMs: number): Promise<boolean> {
    return this.turns.write(() => this.prepared(`UPDATE users SET status = ?, modified_ms = ? WHERE ${USER}
        AND status IN (SELECT value FROM json_each(?))`)
      .run(to, nowMs, ...ref(u), JSON.stringify(from)).changes > 0);
  }

  /** Statements prepared once each on first use. */
  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }
}

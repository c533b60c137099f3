// UserAdminStore on PostgreSQL (src/store/userAdminPorts.ts). What writes a user's username or
// aliases holds the pool's users lock (LOCKS.poolUsers) as the import's batches do (users.ts), so
// an alias checked free stays free until the transaction commits. user_aliases.value and the
// attr_* columns hold values encoded as the import encodes them (userBatch.ts aliasValue,
// userFilters.ts attrValue).
import type { Pool } from 'pg';
import type { AliasKind, StoredUser, UserDraft } from '../../domain/user';
import type { StoredCode, UserRef } from '../credentialPorts';
import type { CreateOutcome } from '../ports';
import { USER_TABLES } from '../signInSchema';
import { attributesAsRead, type AttributesChange, type AttributesSaveOutcome, type UserAdminStore } from '../userAdminPorts';
import { indexedValues } from '../userFilterPlan';
import { inTransaction, LOCKS, lockKey, named } from './sql';
import { planUserBatch } from './userBatch';
import { attrValue } from './userFilters';
import type { PgUsers } from './users';

const USER = 'account_id = $1 AND pool_id = $2 AND username_key = $3';
const ref = (u: UserRef): [string, string, string] => [u.accountId, u.poolId, u.usernameKey];
/** As userBatch.ts stores an alias value: JSON-encoded, so U+0000 fits in text. */
const aliasValue = (v: string): string => JSON.stringify(v);

export class PgUserAdmin implements UserAdminStore {
  constructor(private readonly pool: Pool, private readonly users: PgUsers) {}

  createUser(accountId: string, poolId: string, draft: UserDraft, sub: string, nowMs: number, temporaryPassword?: StoredCode): Promise<CreateOutcome> {
    const plan = planUserBatch([draft], () => sub);
    return inTransaction(this.pool, async (c) => {
      const [outcome] = await this.users.createUsersTx(c, accountId, poolId, plan, nowMs);
      if (outcome !== 'created') return outcome;
      const k = [accountId, poolId, draft.usernameKey];
      for (const table of USER_TABLES) await c.query(`DELETE FROM ${table} WHERE ${USER}`, k);
      if (temporaryPassword) {
        await named(c, 'admin-temp-password', `INSERT INTO user_codes (account_id, pool_id, username_key, purpose, code_hash, expires_ms, attempts)
          VALUES ($1, $2, $3, 'temporary_password', $4, $5, $6)`, [...k, temporaryPassword.codeHash, temporaryPassword.expiresMs, temporaryPassword.attempts]);
      }
      return outcome;
    });
  }

  saveAttributes(u: UserRef, expected: StoredUser['attributes'], change: AttributesChange, nowMs: number): Promise<AttributesSaveOutcome> {
    return inTransaction(this.pool, async (c): Promise<AttributesSaveOutcome> => {
      await lockKey(c, LOCKS.poolUsers, u.accountId, u.poolId);
      const row = (await named<{ attributes: string }>(c, 'admin-attrs-read', `SELECT attributes FROM users WHERE ${USER} FOR UPDATE`, ref(u))).rows[0];
      if (!row) return 'gone';
      if (!attributesAsRead(row.attributes, expected)) return 'changed';
      const kinds = change.aliases.map((a) => a.kind);
      const values = change.aliases.map((a) => aliasValue(a.value));
      const taken = (await named<{ kind: AliasKind }>(c, 'admin-alias-held', `SELECT t.kind
          FROM ROWS FROM (json_array_elements_text($4::json), json_array_elements_text($5::json)) WITH ORDINALITY AS t (kind, value, n)
          JOIN user_aliases a ON a.account_id = $1 AND a.pool_id = $2 AND a.kind = t.kind AND a.value = t.value AND a.username_key <> $3
          ORDER BY t.n LIMIT 1`, [...ref(u), JSON.stringify(kinds), JSON.stringify(values)])).rows[0];
      if (taken) return { aliasTaken: taken.kind };
      await named(c, 'admin-aliases-clear', `DELETE FROM user_aliases WHERE ${USER}`, ref(u));
      await named(c, 'admin-aliases-put', `INSERT INTO user_aliases (account_id, pool_id, kind, value, username_key)
          SELECT $1, $2, t.kind, t.value, $3 FROM ROWS FROM (json_array_elements_text($4::json), json_array_elements_text($5::json)) AS t (kind, value)`,
      [...ref(u), JSON.stringify(kinds), JSON.stringify(values)]);
      // The ListUsers index columns follow the attributes (userFilterPlan.ts), `sub` left out as the import leaves it.
      const indexed = indexedValues(change.attributes.filter(([n]) => n !== 'sub')).map((v) => (v === null ? null : attrValue(v)));
      await named(c, 'admin-attrs-save', `UPDATE users SET attributes = $4, modified_ms = $5, attr_email = $6, attr_phone_number = $7,
          attr_name = $8, attr_given_name = $9, attr_family_name = $10, attr_preferred_username = $11 WHERE ${USER}`,
      [...ref(u), JSON.stringify(change.attributes), nowMs, ...indexed]);
      return 'saved';
    });
  }

  setEnabled(u: UserRef, enabled: boolean, nowMs: number): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const r = await named(c, 'admin-enabled', `UPDATE users SET enabled = $4, modified_ms = $5 WHERE ${USER}`, [...ref(u), enabled, nowMs]);
      if ((r.rowCount ?? 0) === 0) return false;
      if (!enabled) await named(c, 'admin-revoke', `UPDATE refresh_tokens SET revoked_ms = $4 WHERE ${USER} AND revoked_ms IS NULL`, [...ref(u), nowMs]);
      return true;
    });
  }

  async changeStatus(u: UserRef, from: readonly StoredUser['status'][], to: StoredUser['status'], nowMs: number): Promise<boolean> {
    const r = await named(this.pool, 'admin-status', `UPDATE users SET status = $4, modified_ms = $5 WHERE ${USER}
        AND status IN (SELECT json_array_elements_text($6::json))`, [...ref(u), to, nowMs, JSON.stringify(from)]);
    return (r.rowCount ?? 0) > 0;
  }
}

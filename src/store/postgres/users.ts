// Users on PostgreSQL. The import engine's write path (createUsersTx) runs inside the caller's
// transaction and writes a whole batch in three round trips, however many rows it has:
//   1. the pool's users lock (pg_advisory_xact_lock): writers of one pool's users take turns;
//   2. one read of the batch's usernames and alias values already in the pool;
//   3. one INSERT ... SELECT for the new users and one for their aliases, in one statement
//      (data-modifying CTEs), each column bound as one JSON array (see userBatch.ts, which
//      builds them before the transaction opens).
// Between 2 and 3 decideRowOutcomes (domain/rowOutcomes.ts) decides each draft's outcome from what
// 2 found, as it does for SQLite, so outcomes are the same on both backends. Under the
// lock nothing can change between 2 and 3, so the INSERTs need no ON CONFLICT (which costs each
// row a speculative insertion): a conflict there would be a broken invariant, and it fails the
// whole transaction rather than being skipped.
import type { Pool, PoolClient } from 'pg';
import { aliasId } from '../../domain/rowOutcomes';
import type { AliasKind, StoredUser, UserDraft } from '../../domain/user';
import type { CreateOutcome, UserFilter, UserStore } from '../ports';
import { cols, COLUMNS, inTransaction, LOCKS, lockKey, named } from './sql';
import { planUserBatch, type UserBatchPlan } from './userBatch';
import { pageQuery } from './userFilters';
import { USER_TABLES } from '../signInSchema';

const USER = cols(COLUMNS.user);

export interface PgUserRow {
  account_id: string; pool_id: string; username_key: string; username: string; sub: string; status: string;
  enabled: boolean; created_ms: number; modified_ms: number; attributes: string; password_hash: string | null;
}

export const toUser = (r: PgUserRow): StoredUser => ({
  accountId: r.account_id, poolId: r.pool_id, username: r.username, usernameKey: r.username_key, sub: r.sub,
  status: r.status as StoredUser['status'], enabled: r.enabled, createdMs: r.created_ms, modifiedMs: r.modified_ms,
  attributes: JSON.parse(r.attributes) as [string, string][], passwordHash: r.password_hash ?? undefined,
});

// One probe of the unique index per key (LATERAL ... LIMIT 1 keeps it a parameterized index
// look-up): a set-based join is planned from statistics, which lag far behind a pool that an
// import is filling (measured: a hash join over all 100,000 aliases of the pool, for every batch).
const EXISTING_SQL = `SELECT 'u' AS t, k.key AS a, NULL AS b
    FROM json_array_elements_text($3::json) AS k (key)
    CROSS JOIN LATERAL (SELECT 1 FROM users u
      WHERE u.account_id = $1 AND u.pool_id = $2 AND u.username_key = k.key LIMIT 1) AS x
  UNION ALL
  SELECT 'a', t.kind, t.value
    FROM ROWS FROM (json_array_elements_text($4::json), json_array_elements_text($5::json)) AS t (kind, value)
    CROSS JOIN LATERAL (SELECT 1 FROM user_aliases a
      WHERE a.account_id = $1 AND a.pool_id = $2 AND a.kind = t.kind AND a.value = t.value LIMIT 1) AS y`;

const INSERT_SQL = `WITH r AS MATERIALIZED (SELECT pool_ref_of($1, $2) AS ref), u AS (
    INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes, password_hash,
        pool_ref, attr_email, attr_phone_number, attr_name, attr_given_name, attr_family_name, attr_preferred_username)
    SELECT $1, $2, t.k, t.u, t.s, t.st, TRUE, $3, $3, t.a::text, t.p, (SELECT ref FROM r), t.f1, t.f2, t.f3, t.f4, t.f5, t.f6
      FROM ROWS FROM (json_array_elements_text($4::json), json_array_elements_text($5::json), json_array_elements_text($6::json),
        json_array_elements_text($7::json), json_array_elements($8::json), json_array_elements_text($9::json),
        json_array_elements_text($13::json), json_array_elements_text($14::json), json_array_elements_text($15::json),
        json_array_elements_text($16::json), json_array_elements_text($17::json), json_array_elements_text($18::json))
        AS t (k, u, s, st, a, p, f1, f2, f3, f4, f5, f6)
    RETURNING 1
  ), al AS (
    INSERT INTO user_aliases (account_id, pool_id, kind, value, username_key)
    SELECT $1, $2, t.kind, t.value, t.k
      FROM ROWS FROM (json_array_elements_text($10::json), json_array_elements_text($11::json), json_array_elements_text($12::json)) AS t (kind, value, k)
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM u) AS users, (SELECT count(*) FROM al) AS aliases`;

export class PgUsers implements UserStore {
  constructor(private readonly pool: Pool) {}

  /**
   * The import engine's write path: must run inside the caller's transaction on client c (it opens
   * none). Same outcomes as SqliteUsers.createUsersSync; the plan (planUserBatch) is made outside.
   */
  async createUsersTx(c: PoolClient, accountId: string, poolId: string, plan: UserBatchPlan, nowMs: number): Promise<CreateOutcome[]> {
    if (!plan.size) return [];
    await lockKey(c, LOCKS.poolUsers, accountId, poolId);
    const stored = await named<{ t: 'u' | 'a'; a: string; b: string | null }>(c, 'users-existing', EXISTING_SQL, [accountId, poolId, ...plan.probe()]);
    let decision = plan.likely;
    if (stored.rows.length) {
      const usernames = new Set<string>();
      const aliases = new Set<string>();
      for (const r of stored.rows) {
        if (r.t === 'u') usernames.add(r.a);
        else aliases.add(aliasId(r.a as AliasKind, JSON.parse(r.b!) as string)); // user_aliases.value is JSON (userBatch.ts aliasValue)
      }
      decision = plan.decide({ usernames, aliases });
    }
    if (decision.users) {
      const r = await named<{ users: number; aliases: number }>(c, 'users-insert', INSERT_SQL, [accountId, poolId, nowMs, ...decision.columns]);
      if (r.rows[0].users !== decision.users || r.rows[0].aliases !== decision.aliases) {
        throw new Error(`users of ${accountId}/${poolId}: ${r.rows[0].users} of ${decision.users} users and ${r.rows[0].aliases} of ${decision.aliases} aliases inserted`);
      }
    }
    return decision.outcomes;
  }

  async createUsers(accountId: string, poolId: string, drafts: UserDraft[], nowMs: number, newSub: () => string): Promise<CreateOutcome[]> {
    const plan = planUserBatch(drafts, newSub);
    return inTransaction(this.pool, (c) => this.createUsersTx(c, accountId, poolId, plan, nowMs));
  }

  async findUser(accountId: string, poolId: string, key: string): Promise<StoredUser | undefined> {
    const r = await named<PgUserRow>(this.pool, 'user-find', `SELECT ${USER} FROM users WHERE account_id = $1 AND pool_id = $2 AND username_key = $3`,
      [accountId, poolId, key]);
    return r.rows.length ? toUser(r.rows[0]) : undefined;
  }

  async findUserByAlias(accountId: string, poolId: string, kind: AliasKind, value: string): Promise<StoredUser | undefined> {
    // user_aliases.value is JSON (userBatch.ts aliasValue).
    const r = await named<PgUserRow>(this.pool, 'user-find-alias', `SELECT ${USER} FROM users WHERE (account_id, pool_id, username_key) =
      (SELECT account_id, pool_id, username_key FROM user_aliases WHERE account_id = $1 AND pool_id = $2 AND kind = $3 AND value = $4)`,
    [accountId, poolId, kind, JSON.stringify(value)]);
    return r.rows.length ? toUser(r.rows[0]) : undefined;
  }

  async countUsers(accountId: string, poolId: string): Promise<number> {
    const r = await named<{ n: number }>(this.pool, 'user-count', 'SELECT count(*) AS n FROM users WHERE account_id = $1 AND pool_id = $2', [accountId, poolId]);
    return r.rows[0].n;
  }

  /** One page in username_key order after afterKey, each filter read from an index (userFilters.ts). */
  async listUsers(accountId: string, poolId: string, limit: number, afterKey?: string, filter?: UserFilter): Promise<StoredUser[]> {
    // A key after "k\0..." is a key after "k" (as SQLite compares): no key holds U+0000.
    if (afterKey?.includes('\0')) afterKey = afterKey.slice(0, afterKey.indexOf('\0'));
    const q = await pageQuery(accountId, poolId, limit, afterKey, filter, async (c) => Number((await this.pool.query<{ n: string }>(c.sql, c.values)).rows[0].n));
    if (!q) return [];
    return (await this.pool.query<PgUserRow>(q.sql, q.values)).rows.map(toUser);
  }

  /** Removes the user and the aliases it holds, in one transaction. */
  async deleteUser(accountId: string, poolId: string, key: string): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      await lockKey(c, LOCKS.poolUsers, accountId, poolId);
      const k = [accountId, poolId, key];
      const r = await named(c, 'user-delete', 'DELETE FROM users WHERE account_id = $1 AND pool_id = $2 AND username_key = $3', k);
      if (r.rowCount === 0) return false;
      await named(c, 'user-delete-aliases', 'DELETE FROM user_aliases WHERE account_id = $1 AND pool_id = $2 AND username_key = $3', k);
      for (const t of USER_TABLES) await named(c, `user-delete-${t}`, `DELETE FROM ${t} WHERE account_id = $1 AND pool_id = $2 AND username_key = $3`, k);
      return true;
    });
  }

}

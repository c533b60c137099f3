import type { Database as Db, Statement } from 'better-sqlite3';
import type { AliasKind, StoredUser, UserDraft } from '../../domain/user';
import type { CreateOutcome, UserFilter, UserStore } from '../ports';
import { aliasId, decideRowOutcomes, factsToRead, type PoolFacts } from '../../domain/rowOutcomes';
import { nextTurn } from '../../nextTurn';
import { indexedValues } from '../userFilterPlan';
import { planPage, USER_COLUMNS, type Params } from './userFilters';
import { indexedOf, type EncodedUsers } from './writerBatch';
import type { WriteTurns } from './writeTurns';
import { USER_TABLES } from '../signInSchema';

/** Users a filtered ListUsers walks per turn of the event loop when many match (see walk). */
const SCAN_CHUNK = 250;

/** A user's row as USER_COLUMNS reads it (userFilters.ts), with .raw(). */
export type UserValues = [
  usernameKey: string, username: string, sub: string, status: string, enabled: number, createdMs: number, modifiedMs: number,
  attributes: string, passwordHash: string | null,
];

export const toUser = (accountId: string, poolId: string, v: UserValues): StoredUser => ({
  accountId, poolId, username: v[1], usernameKey: v[0], sub: v[2],
  status: v[3] as StoredUser['status'], enabled: v[4] === 1, createdMs: v[5], modifiedMs: v[6],
  attributes: JSON.parse(v[7]) as [string, string][], passwordHash: v[8] ?? undefined,
});

export class SqliteUsers implements UserStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db, private readonly turns: WriteTurns) {
    this.s = {
      // The searchable standard attributes are also columns, each with its index (migration 4).
      insert: db.prepare(`INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled,
          created_ms, modified_ms, attributes, password_hash, pool_ref, attr_email, attr_phone_number, attr_name, attr_given_name,
          attr_family_name, attr_preferred_username) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      // The pool's number in the filter indexes (migration 4), given at its first user.
      newRef: db.prepare('INSERT INTO pool_refs (account_id, pool_id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      ref: db.prepare('SELECT ref FROM pool_refs WHERE account_id = ? AND pool_id = ?').pluck(),
      // The batch's usernames and aliases the pool holds: one statement each, an index look-up per value.
      heldNames: db.prepare(`SELECT j.value FROM json_each(?) AS j
        WHERE EXISTS (SELECT 1 FROM users WHERE account_id = ? AND pool_id = ? AND username_key = j.value)`).pluck(),
      heldAliases: db.prepare(`SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) AS j
        WHERE EXISTS (SELECT 1 FROM user_aliases WHERE account_id = ? AND pool_id = ? AND kind = j.value ->> 0 AND value = j.value ->> 1)`).raw(),
      insertAlias: db.prepare('INSERT INTO user_aliases (account_id, pool_id, kind, value, username_key) VALUES (?, ?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM users WHERE account_id = ? AND pool_id = ? AND username_key = ?'),
      find: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE account_id = ? AND pool_id = ? AND username_key = ?`).raw(),
      count: db.prepare('SELECT count(*) FROM users WHERE account_id = ? AND pool_id = ?').pluck(),
    };
  }

  /**
   * The import engine's write path (called inside its batch transaction, which it must be): reads
   * which of the batch's usernames and aliases the pool holds (two statements, an index look-up
   * per value), lets decideRowOutcomes (domain/rowOutcomes.ts) decide every row, and writes the
   * users it created. Not PostgreSQL's way (write the likely decision, undo on a unique
   * violation): here the undo needs a savepoint, whose journal of every page the batch changes
   * cost a 200,000-row import 12.7-12.9 s against 10.9-11.3 s reading first (A/B, quiet machine).
   * newSub is called once per draft, in order, whatever its outcome.
   */
  createUsersSync(accountId: string, poolId: string, drafts: UserDraft[], nowMs: number, newSub: () => string, encoded?: EncodedUsers): CreateOutcome[] {
    if (!drafts.length) return [];
    const subs = drafts.map(() => newSub());
    this.s.newRef.run(accountId, poolId);
    const ref = this.s.ref.get(accountId, poolId) as number;
    const out = decideRowOutcomes(drafts, this.holdings(accountId, poolId, factsToRead(drafts)));
    this.write(accountId, poolId, drafts, out, subs, nowMs, ref, encoded);
    return out;
  }

  /**
   * Inserts the users decided 'created', and their aliases. `encoded`: their stored attributes and
   * indexed values, made ahead by the engine's thread when the batch came to the writer's (writerBatch.ts).
   */
  private write(accountId: string, poolId: string, drafts: UserDraft[], out: CreateOutcome[], subs: string[], nowMs: number, ref: number,
    encoded?: EncodedUsers): void {
    for (let i = 0; i < drafts.length; i++) {
      if (out[i] !== 'created') continue;
      const d = drafts[i];
      const attrs = encoded ? encoded.attributes[i] : JSON.stringify([['sub', subs[i]], ...d.attributes]);
      this.s.insert.run(accountId, poolId, d.usernameKey, d.username, subs[i], d.status, nowMs, nowMs, attrs, d.passwordHash ?? null,
        ref, ...(encoded ? indexedOf(encoded, i) : indexedValues(d.attributes)));
      for (const a of d.aliases) this.s.insertAlias.run(accountId, poolId, a.kind, a.value, d.usernameKey);
    }
  }

  /** Which of these usernames and aliases the pool holds: two statements, an index look-up per value. */
  private holdings(accountId: string, poolId: string, ask: ReturnType<typeof factsToRead>): PoolFacts {
    const usernames = new Set(ask.usernames.length ? this.s.heldNames.all(JSON.stringify(ask.usernames), accountId, poolId) as string[] : []);
    const aliases = new Set(ask.aliases.length
      ? (this.s.heldAliases.all(JSON.stringify(ask.aliases.map((a) => [a.kind, a.value])), accountId, poolId) as [AliasKind, string][])
        .map(([kind, value]) => aliasId(kind, value))
      : []);
    return { usernames, aliases };
  }

  async createUsers(accountId: string, poolId: string, drafts: UserDraft[], nowMs: number, newSub: () => string): Promise<CreateOutcome[]> {
    return this.turns.transaction(() => this.createUsersSync(accountId, poolId, drafts, nowMs, newSub));
  }

  async findUser(accountId: string, poolId: string, key: string): Promise<StoredUser | undefined> {
    const v = this.s.find.get(accountId, poolId, key) as UserValues | undefined;
    return v && toUser(accountId, poolId, v);
  }

  async findUserByAlias(accountId: string, poolId: string, kind: AliasKind, value: string): Promise<StoredUser | undefined> {
    const row = this.prepared('SELECT username_key FROM user_aliases WHERE account_id = ? AND pool_id = ? AND kind = ? AND value = ?')
      .get(accountId, poolId, kind, value) as { username_key: string } | undefined;
    return row && this.findUser(accountId, poolId, row.username_key);
  }

  async countUsers(accountId: string, poolId: string): Promise<number> {
    return this.s.count.get(accountId, poolId) as number;
  }

  // The read and admin side (list with filters, delete, set password) is below.

  /** One page in username_key order after afterKey, each filter read from an index (userFilters.ts). */
  async listUsers(accountId: string, poolId: string, limit: number, afterKey?: string, filter?: UserFilter): Promise<StoredUser[]> {
    // A pool without a number has never had a user.
    const ref = (this.s.ref.get(accountId, poolId) as number | undefined) ?? 0;
    const params: Params = { accountId, poolId, ref, limit, ...(afterKey !== undefined && { afterKey }) };
    const plan = planPage(filter, params, (sql, p) => this.prepared(sql).pluck().get(p) as number);
    if ('none' in plan) return [];
    if ('walk' in plan) return this.walk(params, limit, plan.walk);
    return (this.prepared(plan.sql).raw().all(params) as UserValues[]).map((v) => toUser(accountId, poolId, v));
  }

  /**
   * A prefix many users match: the pool's users in username order, SCAN_CHUNK at a time with a
   * turn of the event loop between chunks (one statement that walked far held the loop, and every
   * other request waited: 23-94 ms over 10,000 users), checking each one's column. Each chunk
   * reads only keys and whether they match; the page's users are then read by key.
   */
  private async walk(params: Params, limit: number, predicate: string): Promise<StoredUser[]> {
    const { accountId, poolId } = params as { accountId: string; poolId: string };
    const chunkSql = (from: boolean): string => `SELECT username_key AS key, (${predicate}) AS hit FROM users INDEXED BY users_by_name
      WHERE account_id = @accountId AND pool_id = @poolId${from ? ' AND username_key > @afterKey' : ''} ORDER BY username_key LIMIT @chunk`;
    const keys: string[] = [];
    let after = params.afterKey as string | undefined;
    for (;;) {
      // better-sqlite3 ignores the named values a statement does not use (limit, ref).
      const rows = this.prepared(chunkSql(after !== undefined))
        .all({ ...params, chunk: SCAN_CHUNK, ...(after !== undefined && { afterKey: after }) }) as { key: string; hit: number }[];
      for (const r of rows) if (r.hit && keys.length < limit) keys.push(r.key);
      if (keys.length >= limit || rows.length < SCAN_CHUNK) break;
      after = rows[rows.length - 1].key;
      await nextTurn();
    }
    const users: StoredUser[] = [];
    for (const key of keys) {
      // A user deleted between the chunk and this read is left out, as if the page came after.
      const v = this.s.find.get(accountId, poolId, key) as UserValues | undefined;
      if (v) users.push(toUser(accountId, poolId, v));
    }
    return users;
  }

  /** Removes the user and the aliases it holds, in one transaction. */
  async deleteUser(accountId: string, poolId: string, key: string): Promise<boolean> {
    return this.turns.transaction(() => {
      if (this.s.remove.run(accountId, poolId, key).changes === 0) return false;
      this.prepared('DELETE FROM user_aliases WHERE account_id = ? AND pool_id = ? AND username_key = ?').run(accountId, poolId, key);
      for (const t of USER_TABLES) this.prepared(`DELETE FROM ${t} WHERE account_id = ? AND pool_id = ? AND username_key = ?`).run(accountId, poolId, key);
      return true;
    });
  }


  private readonly statements = new Map<string, Statement>();

  /** Statements of the read and admin side, prepared once each on first use. */
  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }
}

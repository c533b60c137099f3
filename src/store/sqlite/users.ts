import type { Database as Db, Statement } from 'better-sqlite3';
import type { StoredUser, UserDraft } from '../../domain/user';
import type { CreateOutcome, UserFilter, UserStore } from '../ports';
import { nextTurn } from '../../nextTurn';
import { prefixEnd } from '../../domain/text';

/** Users a filtered ListUsers reads per turn of the event loop when no index answers it (1,000 took 12-35 ms). */
const SCAN_CHUNK = 250;

export interface UserRow {
  account_id: string; pool_id: string; username_key: string; username: string; sub: string; status: string;
  enabled: number; created_ms: number; modified_ms: number; attributes: string; password_hash: string | null;
}

export const toUser = (r: UserRow): StoredUser => ({
  accountId: r.account_id, poolId: r.pool_id, username: r.username, usernameKey: r.username_key, sub: r.sub,
  status: r.status as StoredUser['status'], enabled: r.enabled === 1, createdMs: r.created_ms, modifiedMs: r.modified_ms,
  attributes: JSON.parse(r.attributes) as [string, string][], passwordHash: r.password_hash ?? undefined,
});

export class SqliteUsers implements UserStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(`INSERT OR IGNORE INTO users (account_id, pool_id, username_key, username, sub, status, enabled,
          created_ms, modified_ms, attributes, password_hash) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`),
      aliasTaken: db.prepare('SELECT 1 FROM user_aliases WHERE account_id = ? AND pool_id = ? AND kind = ? AND value = ?').pluck(),
      insertAlias: db.prepare('INSERT INTO user_aliases (account_id, pool_id, kind, value, username_key) VALUES (?, ?, ?, ?, ?)'),
      undo: db.prepare('DELETE FROM users WHERE account_id = ? AND pool_id = ? AND username_key = ?'),
      find: db.prepare('SELECT * FROM users WHERE account_id = ? AND pool_id = ? AND username_key = ?'),
      count: db.prepare('SELECT count(*) FROM users WHERE account_id = ? AND pool_id = ?').pluck(),
    };
  }

  /**
   * The import engine's write path (called inside its batch transaction): per row one insert,
   * plus one look-up and one insert per alias. Must run inside a transaction.
   */
  createUsersSync(accountId: string, poolId: string, drafts: UserDraft[], nowMs: number, newSub: () => string): CreateOutcome[] {
    const out: CreateOutcome[] = [];
    for (const d of drafts) {
      const sub = newSub();
      const attrs = JSON.stringify([['sub', sub], ...d.attributes]);
      if (this.s.insert.run(accountId, poolId, d.usernameKey, d.username, sub, d.status, nowMs, nowMs, attrs, d.passwordHash ?? null).changes === 0) {
        out.push('exists');
        continue;
      }
      const taken = d.aliases.find((a) => this.s.aliasTaken.get(accountId, poolId, a.kind, a.value) !== undefined);
      if (taken) {
        this.s.undo.run(accountId, poolId, d.usernameKey);
        out.push({ aliasTaken: taken.kind });
        continue;
      }
      for (const a of d.aliases) this.s.insertAlias.run(accountId, poolId, a.kind, a.value, d.usernameKey);
      out.push('created');
    }
    return out;
  }

  async createUsers(accountId: string, poolId: string, drafts: UserDraft[], nowMs: number, newSub: () => string): Promise<CreateOutcome[]> {
    return this.db.transaction(() => this.createUsersSync(accountId, poolId, drafts, nowMs, newSub)).immediate();
  }

  async findUser(accountId: string, poolId: string, key: string): Promise<StoredUser | undefined> {
    const r = this.s.find.get(accountId, poolId, key) as UserRow | undefined;
    return r && toUser(r);
  }

  async countUsers(accountId: string, poolId: string): Promise<number> {
    return this.s.count.get(accountId, poolId) as number;
  }

  // The read and admin side (list with filters, delete, set password) is below.

  /** One page in username_key order after afterKey; see filterClauses for what a filter compares. */
  async listUsers(accountId: string, poolId: string, limit: number, afterKey?: string, filter?: UserFilter): Promise<StoredUser[]> {
    if (filter && filterColumn(filter.attribute) !== 'username_key') return this.scanUsers(accountId, poolId, limit, afterKey, filter);
    const where = ['account_id = @accountId', 'pool_id = @poolId'];
    if (afterKey !== undefined) where.push('username_key > @afterKey');
    if (filter) where.push(...filterClauses(filter));
    const rows = this.prepared(`SELECT * FROM users WHERE ${where.join(' AND ')} ORDER BY username_key LIMIT @limit`)
      .all({ accountId, poolId, limit, ...(afterKey !== undefined && { afterKey }), ...(filter && filterParams(filter)) }) as UserRow[];
    return rows.map(toUser);
  }

  /**
   * A filter no index answers (an attribute, sub, status) reads the pool's users in username order
   * SCAN_CHUNK at a time, with a turn of the event loop between chunks: one statement over a pool
   * of 10,000 users held the loop 23-94 ms, and every other request waited. Each chunk reads only
   * keys and whether they match; the page's users are then read by key.
   */
  private async scanUsers(accountId: string, poolId: string, limit: number, afterKey: string | undefined, filter: UserFilter): Promise<StoredUser[]> {
    const chunkSql = (from: boolean): string => 'SELECT username_key AS key, (' + filterClauses(filter).join(' AND ') + ') AS hit FROM ' +
      `(SELECT * FROM users WHERE account_id = @accountId AND pool_id = @poolId${from ? ' AND username_key > @afterKey' : ''} ORDER BY username_key LIMIT @chunk) AS users ORDER BY username_key`;
    const keys: string[] = [];
    let after = afterKey;
    for (;;) {
      const rows = this.prepared(chunkSql(after !== undefined))
        .all({ accountId, poolId, chunk: SCAN_CHUNK, ...filterParams(filter), ...(after !== undefined && { afterKey: after }) }) as { key: string; hit: number }[];
      for (const r of rows) if (r.hit && keys.length < limit) keys.push(r.key);
      if (keys.length >= limit || rows.length < SCAN_CHUNK) break;
      after = rows[rows.length - 1].key;
      await nextTurn();
    }
    const users: StoredUser[] = [];
    for (const key of keys) {
      // A user deleted between the chunk and this read is left out, as if the page came after.
      const r = this.s.find.get(accountId, poolId, key) as UserRow | undefined;
      if (r) users.push(toUser(r));
    }
    return users;
  }

  /** Removes the user and the aliases it holds, in one transaction. */
  async deleteUser(accountId: string, poolId: string, key: string): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.s.undo.run(accountId, poolId, key).changes === 0) return false;
      this.prepared('DELETE FROM user_aliases WHERE account_id = ? AND pool_id = ? AND username_key = ?').run(accountId, poolId, key);
      return true;
    }).immediate();
  }

  async setPassword(accountId: string, poolId: string, key: string, hash: string, status: StoredUser['status'], nowMs: number): Promise<boolean> {
    return this.prepared('UPDATE users SET password_hash = ?, status = ?, modified_ms = ? WHERE account_id = ? AND pool_id = ? AND username_key = ?')
      .run(hash, status, nowMs, accountId, poolId, key).changes > 0;
  }

  private readonly statements = new Map<string, Statement>();

  /** Statements of the read and admin side, prepared once each on first use. */
  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt;
  }
}

/**
 * The WHERE clauses of a filter. A filter on `username` compares username_key (the caller passes
 * the value through usernameKey()); `cognito:user_status` compares the status as given (the caller
 * upper-cases it); `status` is 'Enabled' or 'Disabled'; any other name is a stored attribute.
 * Comparisons are binary (case-sensitive); a prefix is compared with substr, not LIKE, so `%`
 * and `_` in a value mean themselves. Statements take filterParams(filter).
 */
function filterClauses(filter: UserFilter): string[] {
  // A prefix is compared as UTF-8 bytes (@len of them, from the caller): SQLite's text functions
  // stop at the first U+0000, and an attribute value may hold one.
  // Every value starts with the empty prefix (and SQLite's substr of an empty blob is no blob).
  const cmp = (x: string): string => (filter.op === '=' ? `${x} = @value`
    : filter.value === '' ? `${x} IS NOT NULL` : `substr(CAST(${x} AS BLOB), 1, @len) = CAST(@value AS BLOB)`);
  const column = filterColumn(filter.attribute);
  // A username prefix is also a key range [value, prefixEnd(value)), so the scan stays inside it.
  if (column === 'username_key' && filter.op === '^=') return [cmp(column), 'username_key >= @value', ...(prefixEnd(filter.value) === undefined ? [] : ['username_key < @end'])];
  if (column) return [cmp(column)];
  return [`EXISTS (SELECT 1 FROM json_each(users.attributes) AS a WHERE json_extract(a.value, '$[0]') = @name AND ${cmp("json_extract(a.value, '$[1]')")})`];
}

/** The column a filter on a user's own fields compares; undefined for a stored attribute. */
function filterColumn(attribute: string): string | undefined {
  switch (attribute) {
    case 'username': return 'username_key';
    case 'sub': return 'sub';
    case 'cognito:user_status': return 'status';
    case 'status': return "(CASE enabled WHEN 1 THEN 'Enabled' ELSE 'Disabled' END)";
    default: return undefined;
  }
}


/** The named values a filter's clauses use. */
function filterParams(filter: UserFilter): Record<string, string | number> {
  const params: Record<string, string | number> = { name: filter.attribute, value: filter.value };
  if (filter.op === '^=') {
    params.len = Buffer.byteLength(filter.value);
    const end = prefixEnd(filter.value);
    if (end !== undefined) params.end = end;
  }
  return params;
}

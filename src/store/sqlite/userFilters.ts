// How SqliteUsers answers a ListUsers page (store/userFilterPlan.ts says what both backends share).
// Every page is in username_key order, as docs/spec.md documents: a filter is read from an index
// keyed (pool, value, username_key), which yields that order for one value; a prefix is the
// binary range [p, prefixEnd(p)) of the values, which holds exactly the texts starting with p
// (`%` and `_` mean themselves, U+0000 included: SQLite's BINARY compares every byte), and its
// matches are sorted by username while they are few; when many, the pool is walked in username
// order instead (SqliteUsers.walk), checking each user's column.
// INDEXED BY names the index each shape is built for: SQLite has no statistics of a prefix's size.
import type { UserFilter } from '../ports';
import {
  attributeColumn, ENABLED_WORDS, planTuning, prefixRange, USER_STATUSES, wellFormed, wordsMatching,
} from '../userFilterPlan';

export type Params = Record<string, string | number>;

/** How a page is read: one statement, a walk of the pool checking `predicate`, or nothing. */
export type PagePlan = { sql: string } | { walk: string } | { none: true };

/** Runs a count(*) statement. */
export type Count = (sql: string, params: Params) => number;

/**
 * The columns a user is read from, in users.ts UserValues' order, never `*`: the attr_* columns
 * repeat the attributes' values for the indexes, and reading them too doubled a 60-user page's
 * cost in SQLite and better-sqlite3. Not the account and pool either, which the caller gives,
 * and read as arrays (.raw()), not objects: about 40% less time a 61-user page in-process
 * (docs/benchmarks.md, "ListUsers' page as arrays").
 */
export const USER_COLUMNS = 'username_key, username, sub, status, enabled, created_ms, modified_ms, attributes, password_hash';
const U_COLUMNS = USER_COLUMNS.split(', ').map((c) => `u.${c}`).join(', ');

/** The pool in the filter indexes' keys: its number (pool_refs, migration 4). */
const BASE = 'pool_ref = @ref';

/** The index each filtered column is read from (migration 4). */
const INDEX_OF: Record<string, string> = {
  username_key: 'users_by_name', sub: 'users_by_sub',
  attr_email: 'users_by_attr_email', attr_phone_number: 'users_by_attr_phone_number', attr_name: 'users_by_attr_name',
  attr_given_name: 'users_by_attr_given_name', attr_family_name: 'users_by_attr_family_name',
  attr_preferred_username: 'users_by_attr_preferred_username',
};

/**
 * The plan of one page (the user columns, in username_key order, at most @limit rows). params
 * holds accountId, poolId, ref (the pool's number), limit, and afterKey when the page starts after
 * a key; the filter's own parameters are added to it.
 */
export function planPage(filter: UserFilter | undefined, params: Params, count: Count): PagePlan {
  const after = params.afterKey !== undefined ? ' AND username_key > @afterKey' : '';
  const page = (cond: string, index = 'users_by_name'): { sql: string } => ({ sql: `SELECT ${USER_COLUMNS} FROM users INDEXED BY ${index}
    WHERE ${index === 'users_by_name' ? 'account_id = @accountId AND pool_id = @poolId' : BASE}${after}${cond} ORDER BY username_key LIMIT @limit` });
  if (!filter) return page('');
  switch (filter.attribute) {
    case 'status': {
      const words = wordsMatching(ENABLED_WORDS, filter);
      if (!words.length) return { none: true };
      if (words.length > 1) return page('');
      // Nothing disables a user today: Enabled is (nearly) every user, walked; Disabled the few.
      return words[0] === 'Enabled' ? { walk: 'enabled = 1' } : page(' AND enabled = 0', 'users_disabled');
    }
    case 'cognito:user_status':
      return statusPlan(wordsMatching(USER_STATUSES, filter), params, page);
    default: {
      const column = filter.attribute === 'username' ? 'username_key' : filter.attribute === 'sub' ? 'sub' : attributeColumn(filter.attribute);
      if (!column) return { none: true };
      return columnPlan(column, filter, params, count, after, page);
    }
  }
}

/** Users whose status is one of these: a seek each, merged by username. */
function statusPlan(statuses: readonly string[], params: Params, page: (cond: string, index?: string) => { sql: string }): PagePlan {
  if (!statuses.length) return { none: true };
  if (statuses.length === USER_STATUSES.length) return page('');
  const arms = statuses.map((s, i) => {
    params[`status${i}`] = s;
    return page(` AND status = @status${i}`, 'users_by_status').sql;
  });
  if (arms.length === 1) return { sql: arms[0] };
  return { sql: `${arms.map((a) => `SELECT * FROM (${a})`).join(' UNION ALL ')} ORDER BY username_key LIMIT @limit` };
}

/**
 * A column with an index (column, username_key) after the pool: `=` is one seek; a prefix is a
 * range, read and sorted while it holds at most PREFIX_SCAN_CAP users after the page's start, and
 * else walked in username order (the walk then fills a page within about limit x pool size /
 * that cap users).
 */
function columnPlan(column: string, filter: UserFilter, params: Params, count: Count, after: string,
  page: (cond: string, index?: string) => { sql: string }): PagePlan {
  const index = INDEX_OF[column];
  if (filter.op === '=') {
    params.value = wellFormed(filter.value);
    return page(` AND ${column} = @value`, index);
  }
  const { from, to } = prefixRange(filter.value);
  params.from = from;
  if (to !== undefined) params.to = to;
  const cap = planTuning.prefixScanCap;
  const range = ` AND ${column} >= @from${to !== undefined ? ` AND ${column} < @to` : ''}`;
  // The username's own index is in username order: its range is the page.
  if (column === 'username_key') return page(range);
  const matches = count(`SELECT count(*) FROM (SELECT 1 FROM users INDEXED BY ${index} WHERE ${BASE}${range}${after} LIMIT ${cap + 1})`, params);
  if (matches > cap) return { walk: range.slice(' AND '.length) };
  // The keys from the value index alone (it holds username_key), sorted; then the page's rows.
  return {
    sql: `SELECT ${U_COLUMNS} FROM (SELECT username_key FROM users INDEXED BY ${index} WHERE ${BASE}${range}${after} ORDER BY username_key LIMIT @limit) AS k
      CROSS JOIN users AS u INDEXED BY users_by_name ON u.account_id = @accountId AND u.pool_id = @poolId AND u.username_key = k.username_key
      ORDER BY k.username_key`,
  };
}

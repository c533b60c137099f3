// How PgUsers answers a ListUsers page, the same plans as SQLite's (sqlite/userFilters.ts): every
// page in username_key order; a filter read from an index keyed (pool, value, username_key); a
// prefix the binary range [p, prefixEnd(p)) of the values (columns are COLLATE "C"), sorted by
// username while it holds few users, else the pool walked in username order.
//
// The attribute columns hold a value as attrValue encodes it: PostgreSQL's text cannot hold
// U+0000, which an attribute value may.
import type { UserFilter } from '../ports';
import { attributeColumn, ENABLED_WORDS, planTuning, prefixRange, USER_STATUSES, wellFormed, wordsMatching } from '../userFilterPlan';
import { cols, COLUMNS } from './sql';

const USER = cols(COLUMNS.user);

/**
 * An attribute value as the attr_* columns hold it: its JSON string text less the quotes (what
 * migration 4 reads out of the stored attributes, which JSON.stringify wrote). Every value has one
 * encoding, and JSON escapes character by character, no escape a prefix of another: a value starts
 * with p exactly when its encoding starts with p's, so `=` and prefix ranges work on encodings.
 */
export const attrValue = (v: string): string => JSON.stringify(v).slice(1, -1);

export interface Query { sql: string; values: unknown[] }

/** Runs a count(*) statement answering one row { n }. */
export type Count = (q: Query) => Promise<number>;

/** The pool in the filter indexes' keys: its number (pool_refs, migration 4), read once by the statement. */
const REF = 'pool_ref = (SELECT ref FROM pool_refs WHERE account_id = $1 AND pool_id = $2)';

/** One statement's parameters: $1 and $2 are the account and pool, the page size inline (a checked integer). */
class Statement {
  readonly values: unknown[];
  constructor(accountId: string, poolId: string, private readonly afterKey: string | undefined, readonly limit: number) {
    this.values = [accountId, poolId];
  }
  param(v: unknown): string { return `$${this.values.push(v)}`; }
  after(): string { return this.afterKey !== undefined ? ` AND username_key > ${this.param(this.afterKey)}` : ''; }
  /** byRef: the condition is one a filter index answers. */
  page(cond: string, byRef = false): Query {
    const pool = byRef ? REF : 'account_id = $1 AND pool_id = $2';
    return { sql: `SELECT ${USER} FROM users WHERE ${pool}${this.after()}${cond} ORDER BY username_key LIMIT ${this.limit}`, values: this.values };
  }
}

/** The SELECT of one page (COLUMNS.user, in username_key order, at most limit rows), or undefined when no user can match. */
export async function pageQuery(accountId: string, poolId: string, limit: number, afterKey: string | undefined,
  filter: UserFilter | undefined, count: Count): Promise<Query | undefined> {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`page size ${limit}`);
  const st = (): Statement => new Statement(accountId, poolId, afterKey, limit);
  if (!filter) return st().page('');
  switch (filter.attribute) {
    case 'status': {
      const words = wordsMatching(ENABLED_WORDS, filter);
      if (!words.length) return undefined;
      if (words.length > 1) return st().page('');
      return words[0] === 'Enabled' ? st().page(' AND enabled') : st().page(' AND NOT enabled', true);
    }
    case 'cognito:user_status':
      return statusQuery(wordsMatching(USER_STATUSES, filter), st());
    default: {
      const attr = attributeColumn(filter.attribute);
      const column = filter.attribute === 'username' ? 'username_key' : filter.attribute === 'sub' ? 'sub' : attr;
      if (!column) return undefined;
      // Neither a username key nor a sub holds U+0000 (text cannot): a value with one matches none.
      if (!attr && filter.value.includes('\0')) return undefined;
      const value = attr ? attrValue(wellFormed(filter.value)) : wellFormed(filter.value);
      return columnQuery(column, filter.op, value, st, count);
    }
  }
}

/** Users whose status is one of these: a seek each, merged by username. */
function statusQuery(statuses: readonly string[], s: Statement): Query | undefined {
  if (!statuses.length) return undefined;
  if (statuses.length === USER_STATUSES.length) return s.page('');
  const arms = statuses.map((status) => s.page(` AND status = ${s.param(status)}`, true).sql);
  if (arms.length === 1) return { sql: arms[0], values: s.values };
  return { sql: `${arms.map((a, i) => `SELECT * FROM (${a}) AS s${i}`).join(' UNION ALL ')} ORDER BY username_key LIMIT ${s.limit}`, values: s.values };
}

/**
 * `=` is one seek; a prefix is a range, read and sorted while it holds at most the cap of users
 * after the page's start, and else walked in username order. Each form is written so that only
 * its index can answer it (the planner's statistics lag behind a pool an import is filling): the
 * range's keys are read behind OFFSET 0, which the planner never merges with the ORDER BY and
 * LIMIT around it (so never walks the username order instead), straight into the top-N sort (a
 * MATERIALIZED CTE, as before, also stored every key first: about 1 ms more a page at 5,500 keys,
 * docs/benchmarks.md), and each of the page's users read back by one probe of the
 * primary key (LATERAL ... LIMIT 1, as users.ts EXISTING_SQL: a join is planned from statistics,
 * and without them it read the whole pool, docs/benchmarks.md); the walk compares left(column, n),
 * which no index holds, in a CASE (below).
 */
async function columnQuery(column: string, op: UserFilter['op'], value: string, st: () => Statement, count: Count): Promise<Query> {
  if (op === '=') {
    const s = st();
    return s.page(` AND ${column} = ${s.param(value)}`, column !== 'username_key');
  }
  const { from, to } = prefixRange(value);
  const range = (s: Statement): string => ` AND ${column} >= ${s.param(from)}${to !== undefined ? ` AND ${column} < ${s.param(to)}` : ''}`;
  if (column === 'username_key') {
    const s = st();
    return s.page(range(s));
  }
  const cap = planTuning.prefixScanCap;
  const c = st();
  const n = await count({ sql: `SELECT count(*) AS n FROM (SELECT 1 FROM users WHERE ${REF}${range(c)}${c.after()} LIMIT ${cap + 1}) AS m`, values: c.values });
  const s = st();
  if (n > cap) {
    const p = s.param(from);
    // As a CASE, which the planner counts as true for half the rows (selfuncs.c boolvarsel, no
    // statistics on it), not `=` (0.5%): taken only when more than the cap of users match, the walk
    // fills a page after a few users, and the planner must think so or it reads the pool whole and
    // sorts it (docs/benchmarks.md: so it did on an analyzed pool of 10,000 users).
    return s.page(` AND CASE WHEN left(${column}, char_length(${p})) = ${p} THEN TRUE END`);
  }
  const keys = `SELECT username_key FROM users WHERE ${REF}${range(s)}${s.after()} OFFSET 0`;
  return {
    sql: `WITH k AS (SELECT username_key FROM (${keys}) AS m ORDER BY username_key LIMIT ${s.limit})
      SELECT ${cols(COLUMNS.user, 'u')} FROM k CROSS JOIN LATERAL (SELECT ${USER} FROM users
        WHERE account_id = $1 AND pool_id = $2 AND username_key = k.username_key LIMIT 1) AS u
      ORDER BY u.username_key`,
    values: s.values,
  };
}

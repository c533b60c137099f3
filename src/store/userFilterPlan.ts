// What both backends share in answering a ListUsers filter from an index (the queries are in
// sqlite/userFilters.ts and postgres/userFilters.ts). Every comparison is binary: code point
// order, which is SQLite's BINARY and PostgreSQL's "C" collation (both compare UTF-8 bytes).
//
// The six standard attributes ListUsers can search are copied, when the user is written, into
// nullable columns of users (attr_email, ...), each with a partial index WHERE the column IS NOT
// NULL, keyed (pool, value, username_key): an `=` filter is one seek that yields the pool's users
// in username order, as every ListUsers page is (docs/spec.md). A side table of one row per value
// made imports 2.8-3.8 times slower: a row, a trigger and a second key each.
import type { UserStatus } from '../domain/user';
import type { UserFilter } from './ports';
import { prefixEnd } from '../domain/text';

/** The stored attributes ListUsers can search (domain/userFilter.ts), each a users column. */
export const INDEXED_ATTRIBUTES = ['email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username'] as const;

/** The users column that holds an indexed attribute's value; undefined for any other name. */
export function attributeColumn(name: string): string | undefined {
  return (INDEXED_ATTRIBUTES as readonly string[]).includes(name) ? `attr_${name}` : undefined;
}

/** The indexed attributes' values of a user, in INDEXED_ATTRIBUTES order, null when absent. */
export function indexedValues(attributes: readonly (readonly [string, string])[]): (string | null)[] {
  const out: (string | null)[] = [null, null, null, null, null, null];
  for (const [n, v] of attributes) {
    const i = (INDEXED_ATTRIBUTES as readonly string[]).indexOf(n);
    if (i >= 0) out[i] ??= v;
  }
  return out;
}

/** Every UserStatusType value (API model), so a status prefix becomes a list of exact statuses. */
export const USER_STATUSES: readonly UserStatus[] = [
  'UNCONFIRMED', 'CONFIRMED', 'ARCHIVED', 'COMPROMISED', 'UNKNOWN', 'RESET_REQUIRED', 'FORCE_CHANGE_PASSWORD', 'EXTERNAL_PROVIDER',
];

/** What the `status` filter compares: the user's Enabled flag as a word. */
export const ENABLED_WORDS = ['Enabled', 'Disabled'] as const;

/**
 * A prefix filter reads its range of a value index, and sorts the matches by username, while the
 * range holds at most this many users after the page's start (counted first, up to one more);
 * past it, matches are dense enough that walking the pool's users in username order, checking
 * each, fills a page sooner. The crossing point was measured with bench/users (docs/benchmarks.md).
 */
export const PREFIX_SCAN_CAP = 8192;

/** The cap the stores use: the conformance suite lowers it to check both ways of reading a prefix. */
export const planTuning = { prefixScanCap: PREFIX_SCAN_CAP };

/** The members of a finite set of words the filter matches. */
export function wordsMatching<T extends string>(words: readonly T[], f: UserFilter): T[] {
  return words.filter((w) => (f.op === '=' ? w === f.value : w.startsWith(f.value)));
}

/**
 * The value as the drivers store it: a lone surrogate is written to UTF-8 as U+FFFD by both, so
 * a range bound is computed from the same text (prefixEnd of a lone U+D800 would be U+D801,
 * stored as U+FFFD too: an empty range).
 */
export const wellFormed = (v: string): string => v.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');

/** A prefix as a binary range [from, to): exactly the texts that start with it; `to` undefined when unbounded. */
export function prefixRange(prefix: string): { from: string; to: string | undefined } {
  const from = wellFormed(prefix);
  return { from, to: prefixEnd(from) };
}

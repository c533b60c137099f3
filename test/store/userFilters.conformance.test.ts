// ListUsers filters, every searchable attribute x `=` and `^=` x pagination, checked against a
// model of what a filter matches (binary compare), on every backend, whether the store answers
// from an index or reads the pool's users a chunk at a time.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store, UserFilter } from '../../src/store/ports';
import type { StoredUser, UserDraft, UserStatus } from '../../src/domain/user';
import { SEARCHABLE_ATTRIBUTES } from '../../src/domain/userFilter';
import { newPoolSettings } from '../../src/domain/userPool';
import { BACKENDS, poolPurgesSettled } from './backends';
import { PREFIX_SCAN_CAP, planTuning } from '../../src/store/userFilterPlan';

const ACCOUNT = '111111111111';
/** More users than two of the SQLite store's scan chunks (1,000 users a turn). */
const MANY = 2600;
let poolSeq = 0;
const newPoolId = (): string => `us-west-2_filter${String(++poolSeq).padStart(4, '0')}`;

/** Code point order, SQLite's BINARY and PostgreSQL's "C" (UTF-8 bytes). */
const binary = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** What the filter matches when it compares every user: the reference the store must equal. */
function matches(u: StoredUser, f: UserFilter): boolean {
  const is = (x: string): boolean => (f.op === '=' ? x === f.value : x.startsWith(f.value));
  switch (f.attribute) {
    case 'username': return is(u.usernameKey);
    case 'sub': return is(u.sub);
    case 'cognito:user_status': return is(u.status);
    case 'status': return is(u.enabled ? 'Enabled' : 'Disabled');
    default: return u.attributes.some(([n, v]) => n === f.attribute && is(v));
  }
}

const VALUES = ['Ana', 'ana', 'Ána', 'an%a', 'an_a', 'a%', '100%_sure', '日本', '日本語', '😀', '😀x', '\u{FFFF}', '\u{10FFFD}z', 'x\u{10FFFF}', 'x', 'nu\0l', ''];
/** A username, key or sub cannot hold U+0000 (PostgreSQL's text cannot); an attribute can. */
const noNul = (v: string): string => v.replace(/\0/gu, '0');

function makeDrafts(): UserDraft[] {
  const statuses: UserStatus[] = ['RESET_REQUIRED', 'CONFIRMED', 'COMPROMISED', 'FORCE_CHANGE_PASSWORD', 'UNCONFIRMED'];
  return VALUES.flatMap((v, i) => [0, 1, 2].map((j): UserDraft => {
    const username = `${noNul(v)}${j}u${i}`;
    const attrs: [string, string][] = [
      ['email', `${v}${j}@example.com`], ['name', `${v} ${VALUES[(i + j) % VALUES.length]}`], ['given_name', v],
      ['phone_number', `+1206555${String(i * 3 + j).padStart(4, '0')}`],
    ];
    if (j !== 1) attrs.push(['family_name', `${VALUES[(i * 7 + j) % VALUES.length]}`]);
    if (j === 2) attrs.push(['preferred_username', `p${v}`]);
    return { username, usernameKey: username, attributes: attrs, aliases: [], status: statuses[(i + j) % statuses.length] };
  }));
}

/** Every page of a filtered list, `size` users a page. */
async function allPages(store: Store, pool: string, f: UserFilter, size: number): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.users.listUsers(ACCOUNT, pool, size, after, f);
    out.push(...page.map((u) => u.usernameKey));
    if (page.length < size) return out;
    after = page[page.length - 1].usernameKey;
  }
}

for (const backend of BACKENDS) {
  describe(`user filter conformance: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    // A prefix's matches are read from its index and sorted while at most a cap; past it the pool
    // is walked in username order. Cap 0 makes every prefix walk, 2 splits the pages between both.
    for (const cap of [PREFIX_SCAN_CAP, 2, 0]) test(`every attribute, = and ^=, every page, as a scan of the pool answers (prefix cap ${cap})`, async (t) => {
      planTuning.prefixScanCap = cap;
      t.after(() => { planTuning.prefixScanCap = PREFIX_SCAN_CAP; });
      const pool = newPoolId();
      let n = 0;
      await store.users.createUsers(ACCOUNT, pool, makeDrafts(), 1, () => `${noNul(VALUES[n % VALUES.length])}-${String(n++).padStart(4, '0')}`);
      const users = await store.users.listUsers(ACCOUNT, pool, 1000);
      const probes = ['', 'a', 'A', 'an', 'an%', 'an_', '%', '_', '1', 'Á', 'á', '日', '日本', '😀', '\u{FFFF}', '\u{10FFFD}', 'x', 'x\u{10FFFF}',
        'Ana0@example.com', 'ana', 'ana ', 'Ana Ana', 'pAna', 'RESET', 'RESET_REQUIRED', 'C', 'CONFIRMED', 'Enabled', 'E', 'Disabled', 'reset',
        '+1206', '+12065550001', 'a\0', '\0', 'nu\0', 'nu\0l', 'nu\0l0@example.com', users[3].sub, users[5].sub.slice(0, 3), users[7].usernameKey];
      for (const attribute of SEARCHABLE_ATTRIBUTES) {
        for (const op of ['=', '^='] as const) {
          for (const value of probes) {
            const f = { attribute, op, value };
            const want = users.filter((u) => matches(u, f)).map((u) => u.usernameKey).sort(binary);
            assert.deepEqual(await allPages(store, pool, f, 3), want, `${attribute} ${op} ${JSON.stringify(value)}, 3 a page`);
            assert.deepEqual(await allPages(store, pool, f, 60), want, `${attribute} ${op} ${JSON.stringify(value)}, 60 a page`);
          }
        }
      }
    });

    for (const cap of [PREFIX_SCAN_CAP, 100]) test(`a pool of more users than a turn reads: every filter pages the same (prefix cap ${cap})`, async (t) => {
      planTuning.prefixScanCap = cap;
      t.after(() => { planTuning.prefixScanCap = PREFIX_SCAN_CAP; });
      const pool = newPoolId();
      const total = MANY;
      const drafts = Array.from({ length: total }, (_, i): UserDraft => {
        const username = `u${String((i * 7919) % total).padStart(5, '0')}`;
        return { username, usernameKey: username, aliases: [], status: i % 3 ? 'CONFIRMED' : 'COMPROMISED',
          attributes: [['email', `${i % 10 ? 'dense' : 'sparse'}${i}@example.com`], ['given_name', i % 2 ? 'Odd' : 'Even'],
            ...(i % 10 ? [['family_name', `F${i}`] as [string, string]] : [])] };
      });
      let n = 0;
      await store.users.createUsers(ACCOUNT, pool, drafts, 1, () => `s${i32(n++)}`);
      const users = await store.users.listUsers(ACCOUNT, pool, total + 1);
      assert.equal(users.length, total);
      for (const f of [
        { attribute: 'email', op: '^=', value: 'd' }, { attribute: 'email', op: '^=', value: '' }, { attribute: 'email', op: '^=', value: 'sparse' },
        { attribute: 'given_name', op: '=', value: 'Odd' }, { attribute: 'family_name', op: '^=', value: '' },
        { attribute: 'family_name', op: '^=', value: 'F' }, { attribute: 'sub', op: '^=', value: 's' }, { attribute: 'sub', op: '^=', value: 's00001' },
        { attribute: 'cognito:user_status', op: '^=', value: 'C' }, { attribute: 'status', op: '^=', value: 'En' },
        // Users the last chunk holds: a page filled only after reading every chunk before.
        ...users.slice(-2).map((u): UserFilter => ({ attribute: 'email', op: '=', value: u.attributes.find(([n]) => n === 'email')![1] })),
        { attribute: 'sub', op: '=', value: users[users.length - 1].sub },
      ] as UserFilter[]) {
        const want = users.filter((u) => matches(u, f)).map((u) => u.usernameKey);
        const got = await allPages(store, pool, f, 60);
        assert.equal(got.length, want.length, `${f.attribute} ${f.op} ${f.value}: how many`);
        assert.deepEqual(got, want, `${f.attribute} ${f.op} ${f.value}`);
      }
    });

    test('a deleted user leaves the filters; its username made again is found by its new values only', async () => {
      const pool = newPoolId();
      const d = (u: string, email: string): UserDraft => ({ username: u, usernameKey: u, attributes: [['email', email]], aliases: [], status: 'CONFIRMED' });
      await store.users.createUsers(ACCOUNT, pool, [d('gone', 'old@example.com'), d('kept', 'old2@example.com')], 1, (() => { let i = 0; return () => `sub-${i++}`; })());
      assert.equal(await store.users.deleteUser(ACCOUNT, pool, 'gone'), true);
      const list = async (value: string, op: UserFilter['op'] = '^='): Promise<string[]> =>
        (await store.users.listUsers(ACCOUNT, pool, 10, undefined, { attribute: 'email', op, value })).map((u) => u.username);
      assert.deepEqual(await list('old'), ['kept']);
      assert.deepEqual(await list('old@example.com', '='), []);
      await store.users.createUsers(ACCOUNT, pool, [d('gone', 'new@example.com')], 2, () => 'sub-new');
      assert.deepEqual(await list('old'), ['kept']);
      assert.deepEqual(await list('new@example.com', '='), ['gone']);
      // A user refused for an alias another user holds leaves no value behind either.
      const taken: UserDraft = { ...d('refused', 'new@example.com'), attributes: [['email', 'new@example.com'], ['name', 'Refused']], aliases: [{ kind: 'email', value: 'new@example.com' }] };
      await store.users.createUsers(ACCOUNT, pool, [d('holder', 'x@example.com')], 3, () => 'sub-holder');
      await store.users.createUsers(ACCOUNT, pool, [{ ...d('holder2', 'y@example.com'), aliases: [{ kind: 'email', value: 'alias@example.com' }] }], 3, () => 'sub-h2');
      assert.deepEqual(await store.users.createUsers(ACCOUNT, pool, [{ ...taken, aliases: [{ kind: 'email', value: 'alias@example.com' }] }], 4, () => 'sub-r'), [{ aliasTaken: 'email' }]);
      // The same username made again is not found by the refused user's values.
      assert.deepEqual(await store.users.createUsers(ACCOUNT, pool, [d('refused', 'z@example.com')], 5, () => 'sub-r2'), ['created']);
      assert.deepEqual((await store.users.listUsers(ACCOUNT, pool, 10, undefined, { attribute: 'name', op: '^=', value: 'Ref' })).map((u) => u.username), []);
    });

    test('a deleted pool leaves the filters: a pool made again with its id finds only its own users', async () => {
      const scope = { accountId: ACCOUNT, region: 'us-west-2' };
      const id = newPoolId();
      const make = async (users: string[], sub: string): Promise<void> => {
        await store.pools.insertPool({ ...scope, id, name: 'p', createdMs: 1, modifiedMs: 1, settings: newPoolSettings({ PoolName: 'p' }) });
        let i = 0;
        await store.users.createUsers(ACCOUNT, id, users.map((u): UserDraft => ({ username: u, usernameKey: u, aliases: [], status: 'CONFIRMED',
          attributes: [['email', `${u}@example.com`], ['given_name', 'Same']] })), 1, () => `${sub}-${i++}`);
      };
      const list = async (attribute: string, value: string): Promise<string[]> =>
        (await store.users.listUsers(ACCOUNT, id, 60, undefined, { attribute, op: '^=', value })).map((u) => u.username);
      await make(['old1', 'old2'], 'sub-old');
      assert.ok(await store.pools.deletePool(scope, id));
      await poolPurgesSettled(store);
      await make(['new1'], 'sub-new');
      for (const [attribute, value] of [['given_name', 'Same'], ['email', ''], ['sub', 'sub-'], ['cognito:user_status', 'CONF'], ['username', '']]) {
        assert.deepEqual(await list(attribute, value), ['new1'], `${attribute} ^= ${value}`);
      }
    });
  });
}

const i32 = (n: number): string => String(n).padStart(5, '0');


// The user store's conformance suite: every backend in BACKENDS must pass it
// unchanged. Users are written as the import engine writes them (createUsers) and read, listed,
// deleted and given passwords as the Users API does.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store, UserFilter } from '../../src/store/ports';
import type { AliasKind, StoredUser, UserDraft } from '../../src/domain/user';
import { BACKENDS } from './backends';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
let poolSeq = 0;
/** Each test works in a pool of its own, so tests do not see each other's users. */
const newPoolId = (): string => `us-west-2_users${String(++poolSeq).padStart(4, '0')}`;

let subSeq = 0;
const newSub = (): string => `00000000-0000-4000-8000-${String(++subSeq).padStart(12, '0')}`;

function draft(username: string, attrs: Record<string, string> = {}, opts: { key?: string; aliases?: AliasKind[]; status?: StoredUser['status'] } = {}): UserDraft {
  const attributes = Object.entries(attrs);
  return {
    username, usernameKey: opts.key ?? username, attributes,
    aliases: (opts.aliases ?? []).map((kind) => ({ kind, value: attrs[kind] })),
    status: opts.status ?? 'RESET_REQUIRED',
  };
}

const names = (users: StoredUser[]): string[] => users.map((u) => u.username);

for (const backend of BACKENDS) {
  describe(`user store conformance: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    test('createUsers: created, exists (also twice in one call), aliasTaken without keeping the user', async () => {
      const pool = newPoolId();
      const first = await store.users.createUsers(ACCOUNT, pool, [
        draft('ana', { email: 'ana@example.com' }, { aliases: ['email'] }),
      ], 1_000, newSub);
      assert.deepEqual(first, ['created']);

      const outcomes = await store.users.createUsers(ACCOUNT, pool, [
        draft('ana', { email: 'other@example.com' }, { aliases: ['email'] }), // username taken earlier
        draft('bob', { email: 'bob@example.com' }, { aliases: ['email'] }),
        draft('bob', { email: 'bob2@example.com' }, { aliases: ['email'] }), // repeated in this call
        draft('carl', { email: 'ana@example.com' }, { aliases: ['email'] }), // ana's alias
        draft('dora', { email: 'dora@example.com', phone_number: '+12065550100' }, { aliases: ['email', 'phone_number'] }),
      ], 2_000, newSub);
      assert.deepEqual(outcomes, ['exists', 'created', 'exists', { aliasTaken: 'email' }, 'created']);

      assert.equal(await store.users.findUser(ACCOUNT, pool, 'carl'), undefined, 'a user refused for its alias is not kept');
      assert.equal((await store.users.findUser(ACCOUNT, pool, 'ana'))?.attributes.find(([n]) => n === 'email')?.[1], 'ana@example.com',
        'an existing user is not overwritten');
      assert.equal(await store.users.countUsers(ACCOUNT, pool), 3);
      // carl's username was not kept either: it can be created now with a free alias.
      assert.deepEqual(await store.users.createUsers(ACCOUNT, pool, [draft('carl', { email: 'carl@example.com' }, { aliases: ['email'] })], 3_000, newSub), ['created']);
      // Aliases are per pool and per account.
      assert.deepEqual(await store.users.createUsers(ACCOUNT, newPoolId(), [draft('x', { email: 'ana@example.com' }, { aliases: ['email'] })], 3_000, newSub), ['created']);
      assert.deepEqual(await store.users.createUsers(OTHER_ACCOUNT, pool, [draft('ana', { email: 'ana@example.com' }, { aliases: ['email'] })], 3_000, newSub), ['created']);
    });

    test('findUser: the user as created, sub first, by account, pool and key', async () => {
      const pool = newPoolId();
      let sub = '';
      await store.users.createUsers(ACCOUNT, pool, [
        { ...draft('Mixed.Case', { name: 'Mixed', email: 'm@example.com', email_verified: 'true' }, { key: 'mixed.case' }), passwordHash: '$scrypt$imported' },
      ], 5_000, () => (sub = newSub()));
      const u = await store.users.findUser(ACCOUNT, pool, 'mixed.case');
      assert.deepEqual(u, {
        accountId: ACCOUNT, poolId: pool, username: 'Mixed.Case', usernameKey: 'mixed.case', sub, status: 'RESET_REQUIRED',
        enabled: true, createdMs: 5_000, modifiedMs: 5_000,
        attributes: [['sub', sub], ['name', 'Mixed'], ['email', 'm@example.com'], ['email_verified', 'true']],
        passwordHash: '$scrypt$imported',
      });
      assert.equal(await store.users.findUser(ACCOUNT, pool, 'Mixed.Case'), undefined, 'the key is what is compared');
      assert.equal(await store.users.findUser(OTHER_ACCOUNT, pool, 'mixed.case'), undefined);
      assert.equal(await store.users.findUser(ACCOUNT, newPoolId(), 'mixed.case'), undefined);
    });

    test('listUsers pages in key order from the last key, within one account and pool', async () => {
      const pool = newPoolId();
      const keys = ['e', 'a', 'd', 'b', 'c', 'a1', 'B'];
      await store.users.createUsers(ACCOUNT, pool, keys.map((k) => draft(k)), 1, newSub);
      await store.users.createUsers(ACCOUNT, newPoolId(), [draft('a0')], 1, newSub);
      await store.users.createUsers(OTHER_ACCOUNT, pool, [draft('a0')], 1, newSub);

      const all = await store.users.listUsers(ACCOUNT, pool, 100);
      assert.deepEqual(names(all), ['B', 'a', 'a1', 'b', 'c', 'd', 'e'], 'binary order of the keys');
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.users.listUsers(ACCOUNT, pool, 3, after);
        seen.push(...names(page));
        if (page.length < 3) break;
        after = page[page.length - 1].usernameKey;
      }
      assert.deepEqual(seen, names(all));
      assert.deepEqual(await store.users.listUsers(ACCOUNT, pool, 3, 'e'), []);
      assert.deepEqual(names(await store.users.listUsers(ACCOUNT, pool, 2, 'a0')), ['a1', 'b'], 'the last key need not exist any more');
      assert.deepEqual(await store.users.listUsers(ACCOUNT, newPoolId(), 10), []);
    });

    describe('listUsers filters', () => {
      const pool = newPoolId();
      const subs: Record<string, string> = {};
      before(async () => {
        const rows: [string, Record<string, string>, StoredUser['status']][] = [
          ['alice', { name: 'Alice Liddell', given_name: 'Alice', family_name: 'Liddell', email: 'alice@example.com', phone_number: '+12065550101', preferred_username: 'ally' }, 'RESET_REQUIRED'],
          ['alicia', { name: 'Alicia Keys', given_name: 'Alicia', family_name: 'Keys', email: 'alicia@example.org', phone_number: '+12065550102' }, 'CONFIRMED'],
          ['bob', { name: 'Bob 100%_sure', given_name: 'Bob', family_name: 'liddell', email: 'Bob@Example.com', phone_number: '+442071838750' }, 'FORCE_CHANGE_PASSWORD'],
          ['carol', { given_name: 'Carol', email: 'carol@example.com', preferred_username: 'alice' }, 'RESET_REQUIRED'],
        ];
        for (const [u, attrs, status] of rows) {
          await store.users.createUsers(ACCOUNT, pool, [draft(u, attrs, { status })], 10, () => (subs[u] = `${u}-${newSub()}`));
        }
      });
      const list = async (attribute: string, op: UserFilter['op'], value: string, limit = 100, after?: string): Promise<string[]> =>
        names(await store.users.listUsers(ACCOUNT, pool, limit, after, { attribute, op, value }));

      test('username compares the key, exactly or by prefix', async () => {
        assert.deepEqual(await list('username', '=', 'alice'), ['alice']);
        assert.deepEqual(await list('username', '^=', 'ali'), ['alice', 'alicia']);
        assert.deepEqual(await list('username', '^=', 'Ali'), []);
        assert.deepEqual(await list('username', '=', 'ali'), []);
        assert.deepEqual(await list('username', '^=', ''), ['alice', 'alicia', 'bob', 'carol']);
      });

      test('a username prefix holds for any characters', async () => {
        const p = newPoolId();
        const keys = ['ali', 'ali😀', 'ali\u{10FFFD}x', 'alj', 'ak', '😀', '😀x', '日本', '日本語', '\u{FFFF}'];
        await store.users.createUsers(ACCOUNT, p, keys.map((k) => draft(k)), 1, newSub);
        const prefixed = async (value: string): Promise<string[]> => names(await store.users.listUsers(ACCOUNT, p, 100, undefined, { attribute: 'username', op: '^=', value }));
        assert.deepEqual(await prefixed('ali'), ['ali', 'ali😀', 'ali\u{10FFFD}x']);
        assert.deepEqual(await prefixed('😀'), ['😀', '😀x']);
        assert.deepEqual(await prefixed('日本'), ['日本', '日本語']);
        assert.deepEqual(await prefixed('\u{FFFF}'), ['\u{FFFF}']);
        assert.deepEqual((await prefixed('')).length, keys.length);
      });

      test('each searchable attribute, exactly and by prefix, case-sensitive', async () => {
        assert.deepEqual(await list('email', '=', 'alice@example.com'), ['alice']);
        assert.deepEqual(await list('email', '^=', 'ali'), ['alice', 'alicia']);
        assert.deepEqual(await list('email', '=', 'bob@example.com'), [], 'values compare case-sensitively');
        assert.deepEqual(await list('phone_number', '^=', '+1206'), ['alice', 'alicia']);
        assert.deepEqual(await list('phone_number', '=', '+442071838750'), ['bob']);
        assert.deepEqual(await list('name', '^=', 'Alic'), ['alice', 'alicia']);
        assert.deepEqual(await list('name', '=', 'Alice Liddell'), ['alice']);
        assert.deepEqual(await list('given_name', '=', 'Carol'), ['carol']);
        assert.deepEqual(await list('family_name', '=', 'Liddell'), ['alice']);
        assert.deepEqual(await list('family_name', '^=', 'l'), ['bob']);
        assert.deepEqual(await list('preferred_username', '=', 'alice'), ['carol'], 'an attribute, not the username');
        assert.deepEqual(await list('preferred_username', '^=', 'al'), ['alice', 'carol']);
        assert.deepEqual(await list('given_name', '^=', ''), ['alice', 'alicia', 'bob', 'carol']);
        assert.deepEqual(await list('family_name', '^=', ''), ['alice', 'alicia', 'bob'], 'only users that have the attribute');
      });

      test('prefix wildcards of LIKE mean themselves', async () => {
        assert.deepEqual(await list('name', '^=', 'Bob 100%_'), ['bob']);
        assert.deepEqual(await list('name', '^=', 'Bob 1%'), []);
        assert.deepEqual(await list('name', '^=', 'A_ice'), []);
      });

      test('cognito:user_status, status and sub', async () => {
        assert.deepEqual(await list('cognito:user_status', '=', 'RESET_REQUIRED'), ['alice', 'carol']);
        assert.deepEqual(await list('cognito:user_status', '=', 'CONFIRMED'), ['alicia']);
        assert.deepEqual(await list('cognito:user_status', '^=', 'FORCE'), ['bob']);
        assert.deepEqual(await list('status', '=', 'Enabled'), ['alice', 'alicia', 'bob', 'carol']);
        assert.deepEqual(await list('status', '=', 'Disabled'), []);
        assert.deepEqual(await list('status', '=', 'enabled'), [], 'status is case-sensitive');
        assert.deepEqual(await list('sub', '=', subs.bob), ['bob']);
        assert.deepEqual(await list('sub', '^=', 'carol-'), ['carol']);
        assert.deepEqual(await list('sub', '^=', subs.alicia), ['alicia'], 'a value is a prefix of itself');
        assert.deepEqual(await list('sub', '=', 'sub'), [], 'sub is not matched against the attribute name');
      });

      test('a filter pages like the whole list', async () => {
        assert.deepEqual(await list('email', '^=', 'ali', 1), ['alice']);
        assert.deepEqual(await list('email', '^=', 'ali', 1, 'alice'), ['alicia']);
        assert.deepEqual(await list('email', '^=', 'ali', 1, 'alicia'), []);
        assert.deepEqual(await list('username', '^=', 'a', 5, 'alice'), ['alicia']);
      });
    });

    test('deleteUser removes the user and frees its username and aliases, nowhere else', async () => {
      const pool = newPoolId();
      await store.users.createUsers(ACCOUNT, pool, [
        draft('gone', { email: 'gone@example.com', phone_number: '+12065550199' }, { aliases: ['email', 'phone_number'] }),
        draft('kept', { email: 'kept@example.com' }, { aliases: ['email'] }),
      ], 1, newSub);
      await store.users.createUsers(OTHER_ACCOUNT, pool, [draft('gone', { email: 'gone@example.com' }, { aliases: ['email'] })], 1, newSub);

      assert.equal(await store.users.deleteUser(OTHER_ACCOUNT, pool, 'kept'), false, 'another account cannot delete it');
      assert.equal(await store.users.deleteUser(ACCOUNT, pool, 'gone'), true);
      assert.equal(await store.users.findUser(ACCOUNT, pool, 'gone'), undefined);
      assert.equal(await store.users.deleteUser(ACCOUNT, pool, 'gone'), false, 'twice');
      assert.deepEqual(names(await store.users.listUsers(ACCOUNT, pool, 10)), ['kept']);
      assert.equal(await store.users.countUsers(ACCOUNT, pool), 1);
      assert.ok(await store.users.findUser(OTHER_ACCOUNT, pool, 'gone'), 'the same name in another account stays');

      // Its aliases are free again; the remaining user's are not.
      assert.deepEqual(await store.users.createUsers(ACCOUNT, pool, [
        draft('new1', { email: 'gone@example.com' }, { aliases: ['email'] }),
        draft('new2', { phone_number: '+12065550199' }, { aliases: ['phone_number'] }),
        draft('new3', { email: 'kept@example.com' }, { aliases: ['email'] }),
        draft('gone', {}),
      ], 2, newSub), ['created', 'created', { aliasTaken: 'email' }, 'created']);
    });

    test('countUsers counts one account and pool', async () => {
      const pool = newPoolId();
      assert.equal(await store.users.countUsers(ACCOUNT, pool), 0);
      await store.users.createUsers(ACCOUNT, pool, ['u1', 'u2', 'u3', 'u2'].map((u) => draft(u)), 1, newSub);
      await store.users.createUsers(OTHER_ACCOUNT, pool, [draft('u1')], 1, newSub);
      assert.equal(await store.users.countUsers(ACCOUNT, pool), 3);
      await store.users.deleteUser(ACCOUNT, pool, 'u3');
      assert.equal(await store.users.countUsers(ACCOUNT, pool), 2);
      assert.equal(await store.users.countUsers(OTHER_ACCOUNT, pool), 1);
    });
  });
}

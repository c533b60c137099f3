// The admin user store's conformance suite (src/store/userAdminPorts.ts): every backend in
// BACKENDS passes it unchanged. What it writes is read back through the ports the API reads with
// (findUser, listUsers with filters, findCode, findCredentials).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/ports';
import type { SqliteStore } from '../../src/store/sqlite/sqliteStore';
import type { UserRef } from '../../src/store/credentialPorts';
import type { AliasKind, UserDraft } from '../../src/domain/user';
import { BACKENDS } from './backends';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
let poolSeq = 0;
const newPoolId = (): string => `us-west-2_admin${String(++poolSeq).padStart(4, '0')}`;
let subSeq = 0;
const newSub = (): string => `00000000-0000-4000-8000-${String(++subSeq).padStart(12, '0')}`;

function draft(username: string, attrs: Record<string, string> = {}, aliases: AliasKind[] = []): UserDraft {
  return {
    username, usernameKey: username, attributes: Object.entries(attrs),
    aliases: aliases.map((kind) => ({ kind, value: attrs[kind] })), status: 'FORCE_CHANGE_PASSWORD',
  };
}
const TEMP = { codeHash: 'tag', expiresMs: 50_000, attempts: 0 };
const at = (poolId: string, usernameKey: string): UserRef => ({ accountId: ACCOUNT, poolId, usernameKey });

for (const backend of BACKENDS) {
  describe(`user admin store conformance: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    const names = async (pool: string, attribute: string, value: string): Promise<string[]> =>
      (await store.users.listUsers(ACCOUNT, pool, 10, undefined, { attribute, op: '=', value })).map((u) => u.username);

    test('createUser: the user with its sub and its temporary password row; exists; an alias taken', async () => {
      const pool = newPoolId();
      const sub = newSub();
      assert.equal(await store.userAdmin.createUser(ACCOUNT, pool, draft('ana', { email: 'ana@example.com', email_verified: 'true' }, ['email']), sub, 1_000, TEMP), 'created');
      const ana = await store.users.findUser(ACCOUNT, pool, 'ana');
      assert.deepEqual(ana, {
        accountId: ACCOUNT, poolId: pool, username: 'ana', usernameKey: 'ana', sub, status: 'FORCE_CHANGE_PASSWORD', enabled: true,
        createdMs: 1_000, modifiedMs: 1_000, attributes: [['sub', sub], ['email', 'ana@example.com'], ['email_verified', 'true']], passwordHash: undefined,
      });
      assert.deepEqual(await store.credentials.findCode(at(pool, 'ana'), 'temporary_password'), TEMP);
      assert.deepEqual(await names(pool, 'email', 'ana@example.com'), ['ana']);

      await store.credentials.putCode(at(pool, 'ana'), 'forgot_password', { codeHash: 'c', expiresMs: 9, attempts: 0 });
      assert.equal(await store.userAdmin.createUser(ACCOUNT, pool, draft('ana'), newSub(), 2_000, TEMP), 'exists');
      assert.ok(await store.credentials.findCode(at(pool, 'ana'), 'forgot_password'), 'an existing user keeps its rows');
      assert.deepEqual(await store.userAdmin.createUser(ACCOUNT, pool, draft('bob', { email: 'ana@example.com' }, ['email']), newSub(), 2_000), { aliasTaken: 'email' });
      assert.equal(await store.users.findUser(ACCOUNT, pool, 'bob'), undefined);
      assert.equal(await store.userAdmin.createUser(ACCOUNT, pool, draft('bob'), newSub(), 2_000), 'created');
      assert.equal(await store.credentials.findCode(at(pool, 'bob'), 'temporary_password'), undefined, 'no row without a temporary password');
      assert.equal(await store.userAdmin.createUser(OTHER_ACCOUNT, pool, draft('ana'), newSub(), 2_000), 'created', 'another account');
    });

    test('createUser: a new user of a deleted one\'s name starts with none of its sign-in rows', async () => {
      const pool = newPoolId();
      await store.users.createUsers(ACCOUNT, pool, [draft('eve')], 1, newSub);
      const eve = at(pool, 'eve');
      await store.credentials.putCode(eve, 'forgot_password', { codeHash: 'old', expiresMs: 9_999_999, attempts: 0 });
      await store.credentials.recordFailedSignIn(eve, 5, { maxAttempts: 9, lockMs: 1 });
      assert.equal(await store.users.deleteUser(ACCOUNT, pool, 'eve'), true);
      assert.equal(await store.userAdmin.createUser(ACCOUNT, pool, draft('eve'), newSub(), 10, TEMP), 'created');
      assert.equal(await store.credentials.findCode(eve, 'forgot_password'), undefined);
      assert.equal(await store.credentials.findCredentials(eve), undefined);
      assert.deepEqual(await store.credentials.findCode(eve, 'temporary_password'), TEMP);
    });

    test('saveAttributes: attributes, aliases and the ListUsers columns together; compare-and-set', async () => {
      const pool = newPoolId();
      await store.users.createUsers(ACCOUNT, pool, [
        draft('ana', { email: 'old@example.com', email_verified: 'true', name: 'Ana "A" Old' }, ['email']),
        draft('bob', { email: 'bob@example.com', email_verified: 'true', preferred_username: 'bobby' }, ['email', 'preferred_username']),
      ], 1_000, newSub);
      const ana = (await store.users.findUser(ACCOUNT, pool, 'ana'))!;
      const next: [string, string][] = [ana.attributes[0], ['email', 'new@example.com'], ['email_verified', 'true'], ['given_name', 'Ána'], ['preferred_username', 'ann']];
      const aliases = [{ kind: 'email' as const, value: 'new@example.com' }, { kind: 'preferred_username' as const, value: 'ann' }];
      assert.equal(await store.userAdmin.saveAttributes(at(pool, 'ana'), ana.attributes, { attributes: next, aliases }, 5_000), 'saved');
      const saved = (await store.users.findUser(ACCOUNT, pool, 'ana'))!;
      assert.deepEqual([saved.attributes, saved.modifiedMs, saved.createdMs], [next, 5_000, 1_000]);
      assert.deepEqual(await names(pool, 'email', 'new@example.com'), ['ana']);
      assert.deepEqual(await names(pool, 'email', 'old@example.com'), []);
      assert.deepEqual(await names(pool, 'name', 'Ana "A" Old'), [], 'a removed attribute leaves its column');
      assert.deepEqual(await names(pool, 'given_name', 'Ána'), ['ana']);
      assert.deepEqual(await names(pool, 'preferred_username', 'ann'), ['ana']);

      // The old alias is free, the new ones are held.
      assert.deepEqual(await store.users.createUsers(ACCOUNT, pool, [
        draft('cat', { email: 'old@example.com' }, ['email']), draft('dan', { email: 'new@example.com' }, ['email']),
      ], 6_000, newSub), ['created', { aliasTaken: 'email' }]);

      // Stale: the attributes changed since they were read.
      assert.equal(await store.userAdmin.saveAttributes(at(pool, 'ana'), ana.attributes, { attributes: ana.attributes, aliases: [] }, 7_000), 'changed');
      // Another user's alias: nothing written; the user's own alias kept is no conflict.
      const bob = (await store.users.findUser(ACCOUNT, pool, 'bob'))!;
      assert.deepEqual(await store.userAdmin.saveAttributes(at(pool, 'ana'), saved.attributes,
        { attributes: saved.attributes, aliases: [aliases[0], { kind: 'preferred_username', value: 'bobby' }] }, 7_000), { aliasTaken: 'preferred_username' });
      assert.deepEqual(await store.users.findUser(ACCOUNT, pool, 'ana'), saved);
      assert.equal(await store.userAdmin.saveAttributes(at(pool, 'bob'), bob.attributes,
        { attributes: bob.attributes, aliases: [{ kind: 'email', value: 'bob@example.com' }, { kind: 'preferred_username', value: 'bobby' }] }, 8_000), 'saved');
      assert.equal(await store.userAdmin.saveAttributes(at(pool, 'nobody'), [], { attributes: [], aliases: [] }, 1), 'gone');
      assert.equal(await store.userAdmin.saveAttributes({ ...at(pool, 'ana'), accountId: OTHER_ACCOUNT }, saved.attributes,
        { attributes: saved.attributes, aliases: [] }, 1), 'gone');
    });

    test('setEnabled: Enabled and the status filter follow; false for no user', async () => {
      const pool = newPoolId();
      await store.users.createUsers(ACCOUNT, pool, [draft('ana'), draft('bob')], 1_000, newSub);
      assert.equal(await store.userAdmin.setEnabled(at(pool, 'ana'), false, 2_000), true);
      const ana = (await store.users.findUser(ACCOUNT, pool, 'ana'))!;
      assert.deepEqual([ana.enabled, ana.modifiedMs], [false, 2_000]);
      assert.deepEqual(await names(pool, 'status', 'Disabled'), ['ana']);
      assert.deepEqual(await names(pool, 'status', 'Enabled'), ['bob']);
      assert.equal(await store.userAdmin.setEnabled(at(pool, 'ana'), true, 3_000), true);
      assert.equal((await store.users.findUser(ACCOUNT, pool, 'ana'))!.enabled, true);
      assert.deepEqual(await names(pool, 'status', 'Disabled'), []);
      assert.equal(await store.userAdmin.setEnabled(at(pool, 'nobody'), false, 1), false);
      // No port writes refresh tokens yet: on SQLite, rows are made and read through the connection.
      const db = (store as Partial<SqliteStore>).database;
      if (db) {
        const token = (h: string, user: string): unknown[] => [h, `jti-${h}`, ACCOUNT, pool, 'client', user, 1, 9_999_999];
        const put = db.prepare(`INSERT INTO refresh_tokens (token_hash, origin_jti, account_id, pool_id, client_id, username_key, auth_time_ms, expires_ms)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
        put.run(...token(`${pool}-a`, 'ana'));
        put.run(...token(`${pool}-b`, 'bob'));
        await store.userAdmin.setEnabled(at(pool, 'ana'), false, 4_000);
        assert.deepEqual(db.prepare('SELECT username_key, revoked_ms FROM refresh_tokens WHERE pool_id = ? ORDER BY username_key').raw().all(pool),
          [['ana', 4_000], ['bob', null]], 'disabling revokes the user\'s refresh tokens only');
      }
      assert.equal(await store.userAdmin.setEnabled({ ...at(pool, 'bob'), accountId: OTHER_ACCOUNT }, false, 1), false);
    });

    test('changeStatus: only from the statuses given', async () => {
      const pool = newPoolId();
      await store.users.createUsers(ACCOUNT, pool, [{ ...draft('ana'), status: 'CONFIRMED' }, draft('bob')], 1_000, newSub);
      assert.equal(await store.userAdmin.changeStatus(at(pool, 'ana'), ['CONFIRMED', 'RESET_REQUIRED'], 'RESET_REQUIRED', 2_000), true);
      const ana = (await store.users.findUser(ACCOUNT, pool, 'ana'))!;
      assert.deepEqual([ana.status, ana.modifiedMs], ['RESET_REQUIRED', 2_000]);
      assert.deepEqual(await names(pool, 'cognito:user_status', 'RESET_REQUIRED'), ['ana']);
      assert.equal(await store.userAdmin.changeStatus(at(pool, 'bob'), ['CONFIRMED', 'RESET_REQUIRED'], 'RESET_REQUIRED', 2_000), false);
      assert.equal((await store.users.findUser(ACCOUNT, pool, 'bob'))!.status, 'FORCE_CHANGE_PASSWORD');
      assert.equal(await store.userAdmin.changeStatus(at(pool, 'nobody'), ['CONFIRMED'], 'RESET_REQUIRED', 1), false);
    });
  });
}

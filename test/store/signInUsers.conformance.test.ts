// What sign-in reads of users, on every backend: a user found by a sign-in alias.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/ports';
import { BACKENDS } from './backends';

const ACCOUNT = '111111111111';

for (const backend of BACKENDS) {
  describe(`sign-in user reads: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    test('findUserByAlias: by kind and exact value, in its pool and account only', async () => {
      const pool = 'us-west-2_signinAl1';
      let n = 0;
      const sub = (): string => `00000000-0000-4000-8000-00000000000${++n}`;
      await store.users.createUsers(ACCOUNT, pool, [
        { username: 'Ana', usernameKey: 'ana', attributes: [['email', 'ana@example.com'], ['phone_number', '+15555550100']],
          aliases: [{ kind: 'email', value: 'ana@example.com' }, { kind: 'phone_number', value: '+15555550100' }], status: 'CONFIRMED' },
        { username: 'nul', usernameKey: 'nul', attributes: [['preferred_username', 'a\u0000b']],
          aliases: [{ kind: 'preferred_username', value: 'a\u0000b' }], status: 'CONFIRMED' },
      ], 1_000, sub);
      assert.equal((await store.users.findUserByAlias(ACCOUNT, pool, 'email', 'ana@example.com'))?.username, 'Ana');
      assert.equal((await store.users.findUserByAlias(ACCOUNT, pool, 'phone_number', '+15555550100'))?.username, 'Ana');
      assert.equal((await store.users.findUserByAlias(ACCOUNT, pool, 'preferred_username', 'a\u0000b'))?.username, 'nul');
      assert.equal(await store.users.findUserByAlias(ACCOUNT, pool, 'preferred_username', 'ana@example.com'), undefined);
      assert.equal(await store.users.findUserByAlias(ACCOUNT, pool, 'email', 'ANA@example.com'), undefined);
      assert.equal(await store.users.findUserByAlias(ACCOUNT, 'us-west-2_other', 'email', 'ana@example.com'), undefined);
      assert.equal(await store.users.findUserByAlias('222222222222', pool, 'email', 'ana@example.com'), undefined);
    });
  });
}

// The SQLite store removes a deleted pool's users after DeleteUserPool answers, a chunk a turn
// (src/store/sqlite/poolPurger.ts): the pool row goes first, with a pool_purges row saying its users
// are to go. A process stopped before the purge ends leaves that row; the next open goes on with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import { newPoolSettings } from '../../src/domain/userPool';
import { cleanup, tempDir } from '../helpers/server';

const scope = { accountId: '111111111111', region: 'us-west-2' };

test('a purge cut short by a stop is finished when the store next opens', async () => {
  const dir = tempDir('ci-purge-');
  const file = join(dir, 'db.sqlite');
  try {
    let store = openSqliteStore(file);
    const ids = ['us-west-2_purge0001', 'us-west-2_purge0002'];
    for (const id of ids) {
      await store.pools.insertPool({ ...scope, id, name: 'p', createdMs: 1, modifiedMs: 1, settings: newPoolSettings({ PoolName: 'p' }) });
      await store.users.createUsers(scope.accountId, id, Array.from({ length: 1_500 }, (_, i) => ({
        username: `u${i}`, usernameKey: `u${i}`, status: 'RESET_REQUIRED' as const, attributes: [['email', `u${i}@example.com`]] as [string, string][],
        aliases: [{ kind: 'email' as const, value: `u${i}@example.com` }],
      })), 1, () => `sub-${id}-${Math.random()}`);
    }
    // What the first transaction of a deletion leaves when the process stops right after it.
    const db = store.database;
    db.prepare('DELETE FROM user_pools WHERE pool_id = ?').run(ids[0]);
    db.prepare('INSERT INTO pool_purges (account_id, pool_id) VALUES (?, ?)').run(scope.accountId, ids[0]);
    await store.close();

    store = openSqliteStore(file);
    try {
      await store.purges.settled();
      const count = (t: string, id: string): number => store.database.prepare(`SELECT count(*) FROM ${t} WHERE pool_id = ?`).pluck().get(id) as number;
      assert.equal(count('users', ids[0]), 0);
      assert.equal(count('user_aliases', ids[0]), 0);
      assert.equal(store.database.prepare('SELECT count(*) FROM pool_purges').pluck().get(), 0);
      // The pool's number in the filter indexes goes with its users; the other pool's stays.
      assert.equal(count('pool_refs', ids[0]), 0);
      assert.equal(count('pool_refs', ids[1]), 1);
      assert.equal(count('users', ids[1]), 1_500, "the other pool's users stay");
      assert.equal(count('user_aliases', ids[1]), 1_500);
    } finally {
      await store.close();
    }
  } finally {
    cleanup(dir);
  }
});

test('a store closed while it purges stops between chunks; the next open finishes the purge', async () => {
  const dir = tempDir('ci-purge-');
  const file = join(dir, 'db.sqlite');
  try {
    let store = openSqliteStore(file);
    const id = 'us-west-2_purge0003';
    await store.pools.insertPool({ ...scope, id, name: 'p', createdMs: 1, modifiedMs: 1, settings: newPoolSettings({ PoolName: 'p' }) });
    await store.users.createUsers(scope.accountId, id, Array.from({ length: 3_000 }, (_, i) => ({
      username: `u${i}`, usernameKey: `u${i}`, status: 'RESET_REQUIRED' as const, attributes: [], aliases: [],
    })), 1, () => `sub-${Math.random()}`);
    assert.deepEqual(await store.pools.deletePool(scope, id), []);
    await store.close(); // at most a chunk or two done: 3,000 users take twelve
    store = openSqliteStore(file);
    try {
      const left = store.database.prepare('SELECT count(*) FROM users WHERE pool_id = ?').pluck();
      assert.ok((left.get(id) as number) > 0, 'the close stopped the purge before its end');
      await store.purges.settled();
      assert.equal(left.get(id), 0);
      assert.equal(store.database.prepare('SELECT count(*) FROM pool_purges').pluck().get(), 0);
    } finally {
      await store.close();
    }
  } finally {
    cleanup(dir);
  }
});

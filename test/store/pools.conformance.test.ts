// The pool port's compare-and-set (savePoolIfUnchanged) on every backend: a save lands only on
// the pool as it was read, modifiedMs moves strictly forward so it can serve as the version, and
// of saves racing from one read exactly one lands.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/ports';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import { BACKENDS, poolPurgesSettled } from './backends';

const A = { accountId: '111111111111', region: 'us-west-2' };
const B = { accountId: '222222222222', region: 'us-west-2' };
let seq = 0;

function pool(modifiedMs = 1_000): StoredPool {
  seq++;
  return { ...A, id: `${A.region}_cas${String(seq).padStart(6, '0')}`, name: `p${seq}`, createdMs: modifiedMs, modifiedMs,
    settings: newPoolSettings({ PoolName: 'p' }) };
}

const tagged = (p: StoredPool, tag: string): StoredPool['settings'] => ({ ...p.settings, EmailVerificationSubject: tag });

for (const backend of BACKENDS) {
  describe(`pool compare-and-set: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    test('a save from the pool as stored lands and moves modifiedMs to now; a second save from the same read is refused', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      assert.equal(await store.pools.savePoolIfUnchanged(A, p.id, p.modifiedMs, { name: 'renamed', settings: tagged(p, 'one') }, 5_000), 'saved');
      const saved = { ...p, name: 'renamed', settings: tagged(p, 'one'), modifiedMs: 5_000 };
      assert.deepEqual(await store.pools.findPool(A, p.id), saved);

      assert.equal(await store.pools.savePoolIfUnchanged(A, p.id, p.modifiedMs, { name: 'stale', settings: tagged(p, 'two') }, 6_000), 'changed');
      assert.deepEqual(await store.pools.findPool(A, p.id), saved, 'a refused save writes nothing');
    });

    test('modifiedMs moves strictly forward even when the clock does not: two saves never leave the same version', async () => {
      const p = pool(9_000);
      await store.pools.insertPool(p);
      // A clock behind the last save (another instance's, or a fake one) and a save in the same millisecond.
      assert.equal(await store.pools.savePoolIfUnchanged(A, p.id, 9_000, { name: p.name, settings: tagged(p, 'behind') }, 8_000), 'saved');
      assert.equal((await store.pools.findPool(A, p.id))?.modifiedMs, 9_001);
      assert.equal(await store.pools.savePoolIfUnchanged(A, p.id, 9_001, { name: p.name, settings: tagged(p, 'same ms') }, 9_001), 'saved');
      assert.equal((await store.pools.findPool(A, p.id))?.modifiedMs, 9_002);
      // A save from the first read, made in the same millisecond as the pool's creation, still sees the change.
      assert.equal(await store.pools.savePoolIfUnchanged(A, p.id, 9_000, { name: p.name, settings: tagged(p, 'lost') }, 9_000), 'changed');
      assert.equal((await store.pools.findPool(A, p.id))?.settings.EmailVerificationSubject, 'same ms');
    });

    test("'gone' for a pool that does not exist, is another account's or region's, or was deleted", async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const change = { name: 'x', settings: tagged(p, 'x') };
      assert.equal(await store.pools.savePoolIfUnchanged(A, `${A.region}_nosuchpool`, p.modifiedMs, change, 2_000), 'gone');
      assert.equal(await store.pools.savePoolIfUnchanged(B, p.id, p.modifiedMs, change, 2_000), 'gone');
      assert.equal(await store.pools.savePoolIfUnchanged({ ...A, region: 'eu-west-1' }, p.id, p.modifiedMs, change, 2_000), 'gone');
      assert.deepEqual(await store.pools.findPool(A, p.id), p, "another scope's save wrote nothing");
      await store.pools.deletePool(A, p.id);
      assert.equal(await store.pools.savePoolIfUnchanged(A, p.id, p.modifiedMs, change, 2_000), 'gone');
      assert.equal(await store.pools.findPool(A, p.id), undefined, 'a save does not bring a deleted pool back');
    });

    test('deletePoolIfUnchanged deletes the pool with its jobs only as read', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const job = { accountId: p.accountId, poolId: p.id, jobId: 'import-cas-delete', jobName: 'j', status: 'Created' as const,
        roleArn: 'arn:aws:iam::111111111111:role/R', preSignedUrl: 'http://x/u', createdMs: 1, imported: 0, skipped: 0, failed: 0 };
      await store.jobs.insertJob(job, 10);
      await store.jobs.attachUpload(job, 'blob-cas');
      assert.equal(await store.pools.savePoolIfUnchanged(A, p.id, p.modifiedMs, { name: p.name, settings: tagged(p, 'moved on') }, 3_000), 'saved');

      assert.equal(await store.pools.deletePoolIfUnchanged(A, p.id, p.modifiedMs), 'changed', 'decided on a stale read');
      assert.equal((await store.pools.findPool(A, p.id))?.modifiedMs, 3_000, 'a refused delete deletes nothing');
      assert.equal((await store.jobs.findJob(job))?.blobKey, 'blob-cas');
      assert.equal(await store.pools.deletePoolIfUnchanged(B, p.id, 3_000), 'gone', "another account's");

      assert.deepEqual(await store.pools.deletePoolIfUnchanged(A, p.id, 3_000), ['blob-cas']);
      assert.equal(await store.pools.findPool(A, p.id), undefined);
      assert.equal(await store.jobs.findJob(job), undefined);
      assert.equal(await store.pools.deletePoolIfUnchanged(A, p.id, 3_000), 'gone');
    });

    test('of 20 saves racing from one read exactly one lands', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        store.pools.savePoolIfUnchanged(A, p.id, p.modifiedMs, { name: p.name, settings: tagged(p, `racer ${i}`) }, 2_000)));
      assert.equal(outcomes.filter((o) => o === 'saved').length, 1);
      assert.equal(outcomes.filter((o) => o === 'changed').length, 19);
      const winner = outcomes.indexOf('saved');
      assert.equal((await store.pools.findPool(A, p.id))?.settings.EmailVerificationSubject, `racer ${winner}`);
    });

    test('20 racing read-change-save loops that retry on changed all land, none lost', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const append = async (tag: string): Promise<number> => {
        for (let round = 1; ; round++) {
          const now = (await store.pools.findPool(A, p.id))!;
          const tags = [...(now.settings.UserPoolTags ? Object.keys(now.settings.UserPoolTags) : []), tag];
          const settings = { ...now.settings, UserPoolTags: Object.fromEntries(tags.map((t) => [t, 'v'])) };
          const outcome = await store.pools.savePoolIfUnchanged(A, p.id, now.modifiedMs, { name: now.name, settings }, 2_000);
          if (outcome === 'saved') return round;
          assert.equal(outcome, 'changed');
        }
      };
      const tags = Array.from({ length: 20 }, (_, i) => `t${String(i).padStart(2, '0')}`);
      await Promise.all(tags.map(append));
      const final = (await store.pools.findPool(A, p.id))!;
      assert.deepEqual(Object.keys(final.settings.UserPoolTags ?? {}).sort(), tags);
      assert.equal(final.modifiedMs, 2_019, 'the first save moved it to now, each of the other 19 one millisecond on');
    });

    test('deleting a pool removes all its users and their aliases, more than one chunk of them, and no other pool\'s', async () => {
      const doomed = pool();
      const kept = pool();
      await store.pools.insertPool(doomed);
      await store.pools.insertPool(kept);
      const drafts = (n: number) => Array.from({ length: n }, (_, i) => ({ username: `u${i}`, usernameKey: `u${i}`, status: 'RESET_REQUIRED' as const,
        attributes: [['email', `u${i}@example.com`]] as [string, string][], aliases: [{ kind: 'email' as const, value: `u${i}@example.com` }] }));
      let subs = 0;
      const sub = (): string => `sub-${++subs}`;
      await store.users.createUsers(A.accountId, doomed.id, drafts(2_500), 1, sub);
      await store.users.createUsers(A.accountId, kept.id, drafts(10), 1, sub);
      assert.deepEqual(await store.pools.deletePool(A, doomed.id), []);
      assert.equal(await store.pools.findPool(A, doomed.id), undefined);
      await poolPurgesSettled(store);
      assert.equal(await store.users.countUsers(A.accountId, doomed.id), 0);
      assert.equal(await store.users.findUser(A.accountId, doomed.id, 'u2499'), undefined);
      assert.equal(await store.users.countUsers(A.accountId, kept.id), 10, "another pool's users stay");
      // Pool ids are never reused by the API; here one is, to see that no alias of the old users is left holding a value.
      await store.pools.insertPool(doomed);
      const again = await store.users.createUsers(A.accountId, doomed.id, drafts(2_500), 2, sub);
      assert.deepEqual(new Set(again), new Set(['created']));
      assert.deepEqual(new Set(await store.users.createUsers(A.accountId, kept.id, drafts(10), 2, sub)), new Set(['exists']));
    });
  });
}

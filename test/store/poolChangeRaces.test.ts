// The interleavings a wire test cannot force, made exact: AddCustomAttributes and UpdateUserPool
// run on a real store (every backend) where another change, or the pool's deletion, lands between
// their read and their save. The store is real; the test only chooses when the other writer runs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/ports';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import { addCustomAttributes } from '../../src/operations/addCustomAttributes';
import { updateUserPool } from '../../src/operations/updateUserPool';
import { deleteUserPool } from '../../src/operations/deleteUserPool';
import { RETRY_BEFORE_TOO_MANY_REQUESTS, POOL_BUSY_MESSAGE, RETRY_BEFORE_CONCURRENT_MODIFICATION } from '../../src/operations/poolChange';
import { poolSchemaFrom } from '../../src/domain/poolSchema';
import { BACKENDS } from './backends';

const scope = { accountId: '111111111111', region: 'us-west-2' };
const ctx = { scope, requestId: 'test' };
const clock = { now: () => Date.now() };
let seq = 0;

function newPool(): StoredPool {
  seq++;
  const now = Date.now();
  return { ...scope, id: `${scope.region}_race${String(seq).padStart(5, '0')}`, name: `p${seq}`, createdMs: now, modifiedMs: now,
    settings: { ...newPoolSettings({ PoolName: 'p' }), SchemaAttributes: poolSchemaFrom([]) } };
}

/** The store, with `between` run after each read of a pool (until it returns false), before the reader goes on. */
function interleaved(store: Store, between: () => Promise<boolean>): { store: Store; reads: () => number } {
  let reads = 0;
  let active = true;
  const pools = Object.create(store.pools) as Store['pools'];
  pools.findPool = async (s, id) => {
    const p = await store.pools.findPool(s, id);
    reads++;
    if (active) active = await between();
    return p;
  };
  return { store: { ...store, pools }, reads: () => reads };
}

const customNames = async (store: Store, id: string): Promise<string[]> =>
  (await store.pools.findPool(scope, id))!.settings.SchemaAttributes!.map((a) => a.Name!).filter((n) => n.startsWith('custom:'));

const addOn = (store: Store, id: string, name: string): Promise<unknown> =>
  addCustomAttributes({ store, clock })({ UserPoolId: id, CustomAttributes: [{ Name: name, AttributeDataType: 'String' }] }, ctx);

for (const backend of BACKENDS) {
  describe(`pool changes racing: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    test('an add of the same name landing between read and save: the rules run again and refuse it', async () => {
      const p = newPool();
      await store.pools.insertPool(p);
      const racing = interleaved(store, async () => { await addOn(store, p.id, 'tier'); return false; });
      await assert.rejects(addOn(racing.store, p.id, 'tier'),
        { name: 'InvalidParameterException', message: 'custom:tier: Existing attribute already has name custom:tier.' });
      assert.equal(racing.reads(), 2, 'read again after the lost round');
      assert.deepEqual(await customNames(store, p.id), ['custom:tier']);
    });

    test('an add of another name landing between read and save: both are kept', async () => {
      const p = newPool();
      await store.pools.insertPool(p);
      const racing = interleaved(store, async () => { await addOn(store, p.id, 'first'); return false; });
      await addOn(racing.store, p.id, 'second');
      assert.deepEqual(await customNames(store, p.id), ['custom:first', 'custom:second']);
    });

    test('an add landing between an update\'s read and save is kept by the update', async () => {
      const p = newPool();
      await store.pools.insertPool(p);
      const racing = interleaved(store, async () => { await addOn(store, p.id, 'kept'); return false; });
      await updateUserPool({ store: racing.store, clock })({ UserPoolId: p.id, EmailVerificationSubject: 'updated' }, ctx);
      const saved = (await store.pools.findPool(scope, p.id))!;
      assert.equal(saved.settings.EmailVerificationSubject, 'updated');
      assert.deepEqual(await customNames(store, p.id), ['custom:kept']);
    });

    test('the pool deleted between read and save: ResourceNotFoundException, and it stays deleted', async () => {
      for (const op of ['add', 'update'] as const) {
        const p = newPool();
        await store.pools.insertPool(p);
        const racing = interleaved(store, async () => { await store.pools.deletePool(scope, p.id); return false; });
        const request = op === 'add' ? addOn(racing.store, p.id, 'late')
          : updateUserPool({ store: racing.store, clock })({ UserPoolId: p.id, EmailVerificationSubject: 'late' }, ctx);
        await assert.rejects(request, { name: 'ResourceNotFoundException', message: `User pool ${p.id} does not exist.` }, op);
        assert.equal(await store.pools.findPool(scope, p.id), undefined, op);
      }
    });

    test('DeletionProtection turned on between a delete\'s read and its delete: read again and refused; an unrelated change: deleted', async () => {
      const uploads = { discard: async () => {}, discardPool: async () => {} } as unknown as Parameters<typeof deleteUserPool>[0]['uploads'];
      for (const protect of [true, false]) {
        const p = newPool();
        await store.pools.insertPool(p);
        const racing = interleaved(store, async () => {
          await updateUserPool({ store, clock })({ UserPoolId: p.id, EmailVerificationSubject: 'changed', DeletionProtection: protect ? 'ACTIVE' : 'INACTIVE' }, ctx);
          return false;
        });
        const request = deleteUserPool({ store: racing.store, uploads })({ UserPoolId: p.id }, ctx);
        if (protect) {
          await assert.rejects(request, { name: 'InvalidParameterException', message: /deletion protection is activated/ });
          assert.equal((await store.pools.findPool(scope, p.id))?.settings.DeletionProtection, 'ACTIVE');
        } else {
          await request;
          assert.equal(await store.pools.findPool(scope, p.id), undefined);
        }
        assert.equal(racing.reads(), 2, 'read again after the lost round');
      }
    });

    test('another change landing in every round: ConcurrentModificationException for UpdateUserPool, TooManyRequestsException for AddCustomAttributes, nothing written', async () => {
      const p = newPool();
      await store.pools.insertPool(p);
      let n = 0;
      const relentless = async (): Promise<boolean> => {
        const now = (await store.pools.findPool(scope, p.id))!;
        await store.pools.savePoolIfUnchanged(scope, p.id, now.modifiedMs, { name: now.name, settings: { ...now.settings, SmsAuthenticationMessage: `other ${++n} {####}` } }, Date.now());
        return true;
      };
      const update = interleaved(store, relentless);
      await assert.rejects(updateUserPool({ store: update.store, clock })({ UserPoolId: p.id, EmailVerificationSubject: 'never' }, ctx),
        { name: 'ConcurrentModificationException', message: POOL_BUSY_MESSAGE });
      assert.equal(update.reads(), RETRY_BEFORE_CONCURRENT_MODIFICATION.attempts);
      const add = interleaved(store, relentless);
      await assert.rejects(addOn(add.store, p.id, 'never'), { name: 'TooManyRequestsException', message: POOL_BUSY_MESSAGE });
      assert.equal(add.reads(), RETRY_BEFORE_TOO_MANY_REQUESTS.attempts);
      const saved = (await store.pools.findPool(scope, p.id))!;
      assert.equal(saved.settings.EmailVerificationSubject, undefined);
      assert.deepEqual(await customNames(store, p.id), []);
      assert.equal(saved.settings.SmsAuthenticationMessage, `other ${n} {####}`, 'every other change landed');
    });
  });
}

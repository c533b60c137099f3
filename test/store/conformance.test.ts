// One conformance suite for every storage backend: each backend in BACKENDS must pass it
// unchanged. (PostgreSQL joins it when COGNITO_IMPORT_TEST_DATABASE_URL names a server.)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/ports';
import type { JobRecord } from '../../src/domain/importJob';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import { BACKENDS } from './backends';

const A = { accountId: '111111111111', region: 'us-west-2' };
const B = { accountId: '222222222222', region: 'us-west-2' };
let seq = 0;

/** Absent and undefined members are the same thing to a backend. */
const defined = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

function pool(scope = A, createdMs = 1_000 + seq): StoredPool {
  seq++;
  return { ...scope, id: `${scope.region}_pool${String(seq).padStart(5, '0')}`, name: `p${seq}`, createdMs, modifiedMs: createdMs,
    settings: newPoolSettings({ PoolName: 'p', AutoVerifiedAttributes: ['email'] }) };
}

function job(p: StoredPool, createdMs: number, n = seq++): JobRecord {
  return { accountId: p.accountId, poolId: p.id, jobId: `import-${String(n).padStart(10, '0')}`, jobName: `j${n}`, status: 'Created',
    roleArn: 'arn:aws:iam::111111111111:role/R', preSignedUrl: 'http://x/u', createdMs, imported: 0, skipped: 0, failed: 0 };
}

for (const backend of BACKENDS) {
  describe(`store conformance: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    test('pools are scoped to account and region, and round-trip their settings', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      assert.deepEqual(await store.pools.findPool(A, p.id), p);
      assert.equal(await store.pools.findPool(B, p.id), undefined);
      assert.equal(await store.pools.findPool({ ...A, region: 'eu-west-1' }, p.id), undefined);
      assert.equal(await store.pools.poolExists(A, p.id), true);
      assert.equal(await store.pools.poolExists(B, p.id), false);
    });

    test('listPools pages oldest first from a cursor', async () => {
      const scope = { accountId: '333333333333', region: 'us-east-1' };
      const made = [pool(scope, 10), pool(scope, 20), pool(scope, 20), pool(scope, 30)];
      for (const p of made) await store.pools.insertPool(p);
      const first = await store.pools.listPools(scope, 3);
      assert.deepEqual(first.map((p) => p.id), made.slice(0, 3).map((p) => p.id));
      const last = first[2];
      const rest = await store.pools.listPools(scope, 3, { ms: last.createdMs, id: last.id });
      assert.deepEqual(rest.map((p) => p.id), [made[3].id]);
    });

    test('insertJob refuses past the per-pool limit; listJobs is newest first', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const jobs = [job(p, 100), job(p, 200), job(p, 300)];
      for (const j of jobs) assert.equal(await store.jobs.insertJob(j, 3), true);
      assert.equal(await store.jobs.insertJob(job(p, 400), 3), false);
      const listed = await store.jobs.listJobs(p.accountId, p.id, 2);
      assert.deepEqual(listed.map((j) => j.jobId), [jobs[2].jobId, jobs[1].jobId]);
      const next = await store.jobs.listJobs(p.accountId, p.id, 2, { ms: listed[1].createdMs, id: listed[1].jobId });
      assert.deepEqual(next.map((j) => j.jobId), [jobs[0].jobId]);
      assert.deepEqual(defined(await store.jobs.findJob(jobs[0])), jobs[0]);
      assert.deepEqual(defined(await store.jobs.findJobInPool(A, p.id, jobs[0].jobId)), jobs[0]);
      assert.equal(await store.jobs.findJobInPool(A, p.id, 'import-none'), undefined);
      assert.equal(await store.jobs.findJobInPool(B, p.id, jobs[0].jobId), 'no-pool');
      assert.equal(await store.jobs.findJobInPool({ ...A, region: 'eu-west-1' }, p.id, jobs[0].jobId), 'no-pool');
    });

    test('findJobInPool sees each change to a job on the next read (the SQLite store remembers rows it has read)', async () => {
      const C = { accountId: '333333333333', region: 'us-west-2' };
      const p = pool(C);
      await store.pools.insertPool(p);
      const started = job(p, Date.now());
      const stopped = job(p, Date.now());
      const expiring = job(p, 5);
      for (const j of [started, stopped, expiring]) await store.jobs.insertJob(j, 10);
      const read = async (j: JobRecord): Promise<JobRecord> => {
        const found = await store.jobs.findJobInPool(C, p.id, j.jobId);
        assert.ok(found && found !== 'no-pool', `${j.jobId} not found`);
        return found;
      };
      for (const j of [started, stopped, expiring]) assert.equal((await read(j)).status, 'Created');
      const mine = await read(started);
      mine.status = 'Failed'; // a caller changing what it was given changes nothing for the next
      assert.equal((await read(started)).status, 'Created');

      await store.jobs.attachUpload(started, 'k1');
      assert.equal((await read(started)).blobKey, 'k1');
      await store.jobs.attachUpload(started, 'k2');
      assert.equal((await read(started)).blobKey, 'k2');
      assert.equal((await store.jobs.startJob(started, Date.now(), 0)).kind, 'started');
      assert.equal((await read(started)).status, 'Pending');
      assert.equal((await store.jobs.stopJob(started, Date.now(), 'stopped by test')).kind, 'stopped');
      assert.equal((await read(started)).status, 'Stopped');
      await store.jobs.attachUpload(stopped, 'k3');
      assert.equal((await store.jobs.startJob(stopped, Date.now(), 0)).kind, 'started');
      assert.equal((await read(stopped)).status, 'Pending');
      await store.jobs.stopJob(stopped, Date.now(), 'stopped by test');
      assert.equal((await read(stopped)).status, 'Stopped');
      await store.jobs.expireJobs(10, 1, 'expired by test');
      assert.equal((await read(expiring)).status, 'Expired');

      await store.pools.deletePool(C, p.id);
      for (const j of [started, stopped, expiring]) assert.equal(await store.jobs.findJobInPool(C, p.id, j.jobId), 'no-pool');
    });

    test('attachUpload replaces the previous blob while Created, and refuses after start', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const j = job(p, Date.now());
      await store.jobs.insertJob(j, 10);
      assert.equal(await store.jobs.attachUpload(j, 'k1'), '');
      assert.equal(await store.jobs.attachUpload(j, 'k2'), 'k1');
      const s = await store.jobs.startJob(j, Date.now(), 0);
      assert.equal(s.kind, 'started');
      assert.equal(await store.jobs.attachUpload(j, 'k3'), undefined);
      assert.equal((await store.jobs.findJob(j))?.blobKey, 'k2');
      await store.jobs.stopJob(j, Date.now(), 'stopped');
    });

    test('startJob: not-found, no-upload, expired, one active job per account even when raced', async () => {
      const p = pool({ accountId: '444444444444', region: 'us-west-2' });
      await store.pools.insertPool(p);
      const now = 1_000_000;
      assert.equal((await store.jobs.startJob({ ...p, poolId: p.id, jobId: 'import-none' }, now, 0)).kind, 'not-found');
      const fresh = job(p, now - 10);
      const old = job(p, now - 5_000);
      await store.jobs.insertJob(fresh, 10);
      await store.jobs.insertJob(old, 10);
      assert.equal((await store.jobs.startJob(fresh, now, now - 1_000)).kind, 'no-upload');
      await store.jobs.attachUpload(old, 'old');
      assert.equal((await store.jobs.startJob(old, now, now - 1_000)).kind, 'not-startable');
      const racers = [job(p, now - 3), job(p, now - 2), job(p, now - 1)];
      for (const r of racers) { await store.jobs.insertJob(r, 10); await store.jobs.attachUpload(r, r.jobId); }
      const outcomes = await Promise.all(racers.map((r) => store.jobs.startJob(r, now, now - 1_000)));
      assert.equal(outcomes.filter((o) => o.kind === 'started').length, 1);
      assert.equal(outcomes.filter((o) => o.kind === 'account-busy').length, 2);
      const winner = racers[outcomes.findIndex((o) => o.kind === 'started')];
      const stopped = await store.jobs.stopJob(winner, now + 1, 'msg');
      assert.equal(stopped.kind, 'stopped');
      assert.equal(stopped.kind === 'stopped' && stopped.job.completionMessage, 'msg');
      assert.equal((await store.jobs.stopJob(winner, now + 2, 'msg')).kind, 'not-stoppable');
    });

    test('expireJobs expires only unstarted jobs made before the cutoff and returns their blobs', async () => {
      const p = pool({ accountId: '555555555555', region: 'us-west-2' });
      await store.pools.insertPool(p);
      const early = job(p, 1_000);
      const late = job(p, 9_000);
      await store.jobs.insertJob(early, 10);
      await store.jobs.insertJob(late, 10);
      await store.jobs.attachUpload(early, 'blob-early');
      const blobs = await store.jobs.expireJobs(5_000, 100, 'expired');
      assert.ok(blobs.includes('blob-early'));
      const e = await store.jobs.findJob(early);
      assert.deepEqual([e?.status, e?.completedMs, e?.completionMessage, e?.blobKey], ['Expired', 1_100, 'expired', undefined]);
      assert.equal((await store.jobs.findJob(late))?.status, 'Created');
    });

    test('deletePool removes the pool and its jobs and returns their blobs', async () => {
      const p = pool();
      await store.pools.insertPool(p);
      const j = job(p, 5);
      await store.jobs.insertJob(j, 10);
      await store.jobs.attachUpload(j, 'blob-del');
      assert.deepEqual(await store.pools.deletePool(B, p.id), undefined);
      assert.deepEqual(await store.pools.deletePool(A, p.id), ['blob-del']);
      assert.equal(await store.jobs.findJob(j), undefined);
      assert.equal(await store.pools.deletePool(A, p.id), undefined);
    });
  });
}

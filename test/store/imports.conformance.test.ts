// The ImportStore port (the import engine's, and the queue several instances share), the same
// suite for every backend in BACKENDS: claims and leases, a batch applied exactly once with its
// users, counters, checkpoint and log events, fencing of a worker that lost its lease, stop and
// finish.
// Tests run one after another and leave no job queued: claimNextJob sees the whole store's queue.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchCommit, RowOutcomeInput, Store } from '../../src/store/ports';
import { MESSAGES, type JobKey, type JobRecord } from '../../src/domain/importJob';
import { aliasTakenReason, logGroupName, logStreamName, rowFailed, rowSkipped, rowSucceeded } from '../../src/domain/importLog';
import { newPoolSettings, type StoredPool } from '../../src/domain/userPool';
import type { AliasKind, UserDraft } from '../../src/domain/user';
import { BACKENDS } from './backends';

const REGION = 'us-west-2';
let seq = 0;
let subSeq = 0;
const newSub = (): string => `00000000-0000-4000-8000-${String(++subSeq).padStart(12, '0')}`;
const LEASE = 30_000;

function user(username: string, email?: string): UserDraft {
  const aliases: { kind: AliasKind; value: string }[] = email ? [{ kind: 'email', value: email }] : [];
  return { username, usernameKey: username, attributes: email ? [['email', email]] : [], aliases, status: 'RESET_REQUIRED' };
}

const row = (line: number, u: UserDraft | string): RowOutcomeInput => (typeof u === 'string' ? { line, failure: u } : { line, user: u });

for (const backend of BACKENDS) {
  describe(`import store conformance: ${backend.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => ({ store, dispose } = await backend.open()));
    after(() => dispose());

    /** A pool of its own account, and a started (queued) job in it. */
    async function queuedJob(queuedMs = 1_000): Promise<{ pool: StoredPool; key: JobKey; job: JobRecord }> {
      const n = ++seq;
      const accountId = String(600_000_000_000 + n);
      const pool: StoredPool = {
        accountId, region: REGION, id: `${REGION}_imp${String(n).padStart(6, '0')}`, name: `pool ${n}`, createdMs: 1, modifiedMs: 1,
        settings: newPoolSettings({ PoolName: 'p', AutoVerifiedAttributes: ['email'] }),
      };
      await store.pools.insertPool(pool);
      const job: JobRecord = {
        accountId, poolId: pool.id, jobId: `import-${String(n).padStart(10, '0')}`, jobName: `job${n}`, status: 'Created',
        roleArn: 'arn:aws:iam::111111111111:role/R', preSignedUrl: 'http://x/u', createdMs: queuedMs - 10, imported: 0, skipped: 0, failed: 0,
      };
      assert.equal(await store.jobs.insertJob(job, 10), true);
      await store.jobs.attachUpload(job, `blob-${n}`);
      assert.equal((await store.jobs.startJob(job, queuedMs, 0)).kind, 'started');
      return { pool, key: { accountId, poolId: pool.id, jobId: job.jobId }, job };
    }

    const batch = (key: JobKey, workerId: string, fromRow: number, rows: RowOutcomeInput[], nowMs = 5_000, toOffset = 100 + fromRow): BatchCommit =>
      ({ key, workerId, fromRow, toOffset, rows, nowMs, leaseMs: LEASE, subs: rows.filter((r) => r.user).map(() => newSub()) });

    async function logOf(pool: StoredPool, job: JobRecord): Promise<[number, string][]> {
      const evs = await store.logs.readEvents({ accountId: pool.accountId, region: REGION }, logGroupName(pool.id, pool.name),
        logStreamName(job.jobId, job.jobName), { direction: 'forward', limit: 1000 });
      return (evs ?? []).map((e) => [e.seq, e.message]);
    }

    test('claimNextJob: the oldest queued job, Pending becomes InProgress, leased until the lease runs out', async () => {
      assert.equal(await store.imports.claimNextJob('w0', 1_000, LEASE), undefined, 'nothing queued');
      const late = await queuedJob(2_000);
      const early = await queuedJob(1_500);
      const c = await store.imports.claimNextJob('w1', 3_000, LEASE);
      assert.ok(c);
      assert.deepEqual([c.job.jobId, c.job.status, c.region, c.poolName, c.checkpointOffset, c.checkpointRow, c.totalRows],
        [early.key.jobId, 'InProgress', REGION, early.pool.name, 0, 0, undefined]);
      assert.equal((await store.jobs.findJob(early.key))?.status, 'InProgress');
      const c2 = await store.imports.claimNextJob('w2', 3_000, LEASE);
      assert.equal(c2?.job.jobId, late.key.jobId, 'a leased job is passed over');
      assert.equal(await store.imports.claimNextJob('w3', 3_000 + LEASE, LEASE), undefined, 'both leases hold until they expire');
      // w1's lease ran out: w3 takes the job over, still InProgress, from its checkpoint.
      const taken = await store.imports.claimNextJob('w3', 3_001 + LEASE, LEASE);
      assert.deepEqual([taken?.job.jobId, taken?.job.status], [early.key.jobId, 'InProgress']);
      assert.equal(await store.imports.renewLease(early.key, 'w1', 4_000 + LEASE, LEASE), false, 'the old owner cannot renew');
      assert.equal(await store.imports.renewLease(early.key, 'w3', 4_000 + LEASE, LEASE), true);
      // releaseLease makes the job claimable at once.
      await store.imports.releaseLease(late.key, 'w2');
      assert.equal((await store.imports.claimNextJob('w4', 3_002, LEASE))?.job.jobId, late.key.jobId);
      for (const [k, w] of [[early.key, 'w3'], [late.key, 'w4']] as const) assert.ok(await store.imports.finishJob(k, w, { status: 'Succeeded', message: MESSAGES.succeeded }, 9_000));
      assert.equal(await store.imports.claimNextJob('w5', 1e12, LEASE), undefined, 'finished jobs leave the queue');
    });

    test('claimNextJob: workers claiming at once each get a different job, every job once', async () => {
      const jobs = [await queuedJob(1_000), await queuedJob(1_001), await queuedJob(1_002)];
      const racers = Array.from({ length: 8 }, (_, i) => `racer${i}`);
      const raced = await Promise.all(racers.map((w) => store.imports.claimNextJob(w, 2_000, LEASE)));
      const won = raced.flatMap((c, i) => (c ? [{ jobId: c.job.jobId, key: c.job as JobKey, worker: racers[i] }] : []));
      assert.equal(new Set(won.map((w) => w.jobId)).size, won.length, 'a job was claimed twice');
      // A backend that serializes claims hands all three out; one that skips locked rows may leave
      // some for the next poll. Either way the rest are claimable now, each once.
      for (;;) {
        const c = await store.imports.claimNextJob('late', 2_000, LEASE);
        if (!c) break;
        assert.ok(!won.some((w) => w.jobId === c.job.jobId), 'a job was claimed twice');
        won.push({ jobId: c.job.jobId, key: c.job, worker: 'late' });
      }
      assert.deepEqual(won.map((w) => w.jobId).sort(), jobs.map((j) => j.key.jobId).sort());
      for (const w of won) assert.ok(await store.imports.finishJob(w.key, w.worker, { status: 'Succeeded', message: MESSAGES.succeeded }, 3_000));
    });

    test('commitBatch: outcomes in row order (duplicates and alias clashes in one batch), counters, checkpoint, log, lease', async () => {
      const { pool, key, job } = await queuedJob();
      const c = (await store.imports.claimNextJob('w', 2_000, LEASE))!;
      assert.equal(c.job.jobId, key.jobId);
      // An existing user and alias from before the import.
      await store.users.createUsers(key.accountId, key.poolId, [user('old', 'old@example.com')], 1_500, newSub);
      assert.equal(await store.imports.recordTotalRows(key, 'w', 9), true);
      assert.equal(await store.imports.recordTotalRows(key, 'someone-else', 1), false);
      const rows = [
        row(1, user('ana', 'ana@example.com')),
        row(2, user('old', 'new@example.com')), //          exists in the pool
        row(3, 'The reason row 3 failed.'), //               failed the row rules
        row(4, user('ana', 'ana2@example.com')), //          earlier in this batch
        row(5, user('carl', 'old@example.com')), //          alias held by a stored user
        row(6, user('carl', 'carl@example.com')), //         the refused carl was not kept
        row(7, user('dora', 'ana@example.com')), //          alias taken earlier in this batch
        row(8, user('eve')),
      ];
      const r = await store.imports.commitBatch(batch(key, 'w', 0, rows, 5_000, 777));
      assert.deepEqual(r, { kind: 'applied', status: 'InProgress', imported: 3, skipped: 2, failed: 3 });
      assert.deepEqual(await logOf(pool, job), [
        [1, rowSucceeded(1)], [2, rowSkipped(2)], [3, rowFailed(3, 'The reason row 3 failed.')], [4, rowSkipped(4)],
        [5, rowFailed(5, aliasTakenReason('email'))], [6, rowSucceeded(6)], [7, rowFailed(7, aliasTakenReason('email'))], [8, rowSucceeded(8)],
      ]);
      const users = await store.users.listUsers(key.accountId, key.poolId, 100);
      assert.deepEqual(users.map((u) => [u.username, u.attributes.find(([n]) => n === 'email')?.[1], u.createdMs]),
        [['ana', 'ana@example.com', 5_000], ['carl', 'carl@example.com', 5_000], ['eve', undefined, 5_000], ['old', 'old@example.com', 1_500]]);
      // Each imported user's sub and searchable attributes are where the filters look (their indexes).
      for (const u of users.filter((x) => x.username !== 'old')) {
        const email = u.attributes.find(([n]) => n === 'email')?.[1];
        assert.deepEqual(u.attributes[0], ['sub', u.sub]);
        if (email) assert.deepEqual((await store.users.listUsers(key.accountId, key.poolId, 10, undefined, { attribute: 'email', op: '=', value: email })).map((x) => x.username), [u.username]);
        assert.deepEqual((await store.users.listUsers(key.accountId, key.poolId, 10, undefined, { attribute: 'sub', op: '=', value: u.sub })).map((x) => x.username), [u.username]);
      }
      const j = await store.jobs.findJob(key);
      assert.deepEqual([j?.imported, j?.skipped, j?.failed], [3, 2, 3]);
      // The lease was renewed to nowMs + leaseMs: not claimable before then.
      assert.equal(await store.imports.claimNextJob('thief', 5_000 + LEASE - 1, LEASE), undefined);

      // The next batch applies on top of the checkpoint only: a replay of the first, or a batch
      // from a wrong row, changes nothing.
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'w', 0, rows)), { kind: 'lost' });
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'w', 7, [row(8, user('zed'))])), { kind: 'lost' });
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'intruder', 8, [row(9, user('zed'))])), { kind: 'lost' });
      assert.equal(await store.users.findUser(key.accountId, key.poolId, 'zed'), undefined);
      const resumed = await store.imports.claimNextJob('w2', 5_001 + LEASE, LEASE);
      assert.deepEqual([resumed?.checkpointOffset, resumed?.checkpointRow, resumed?.totalRows], [777, 8, 9]);
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'w', 8, [row(9, user('zed'))])), { kind: 'lost' }, 'the old owner is fenced off');
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'w2', 8, [row(9, user('zed'))], 6_000 + LEASE)),
        { kind: 'applied', status: 'InProgress', imported: 4, skipped: 2, failed: 3 });
      const done = await store.imports.finishJob(key, 'w2', { status: 'Succeeded', message: MESSAGES.succeeded }, 7_000 + LEASE);
      assert.deepEqual([done?.status, done?.completionMessage, done?.completedMs, done?.imported], ['Succeeded', MESSAGES.succeeded, 7_000 + LEASE, 4]);
      assert.equal(await store.imports.finishJob(key, 'w2', { status: 'Failed', message: 'again' }, 8_000 + LEASE), undefined, 'not ours any more');
    });

    test('jobs.totalRows: unknown until the engine records the file\'s count, then that count, read through the API\'s port', async () => {
      const { key } = await queuedJob();
      assert.equal(await store.jobs.totalRows(key), undefined, 'queued, not counted yet');
      await store.imports.claimNextJob('w', 2_000, LEASE);
      assert.equal(await store.jobs.totalRows(key), undefined, 'claimed, not counted yet');
      assert.equal(await store.imports.recordTotalRows(key, 'other', 3), false);
      assert.equal(await store.jobs.totalRows(key), undefined, 'a worker without the lease records nothing');
      assert.equal(await store.imports.recordTotalRows(key, 'w', 500_000), true);
      assert.equal(await store.jobs.totalRows(key), 500_000);
      assert.equal(await store.jobs.totalRows({ ...key, jobId: 'import-nosuchjob0' }), undefined, 'no such job');
      assert.equal(await store.jobs.totalRows({ ...key, accountId: '999999999999' }), undefined, 'another account has no such job');
      assert.ok(await store.imports.finishJob(key, 'w', { status: 'Succeeded', message: MESSAGES.succeeded }, 3_000));
      assert.equal(await store.jobs.totalRows(key), 500_000, 'kept once the job ended');
    });

    test('a later batch of a job decides as the first: a username the pool holds wins over an alias an earlier row took', async () => {
      // On PostgreSQL a job's batches after its first may commit in one round trip (PgImports
      // commitLikelyBatch), planned as if the pool held none of the batch: this one's outcomes
      // differ from that plan in rows whose username or alias only the pool holds.
      const { pool, key, job } = await queuedJob();
      await store.imports.claimNextJob('w', 2_000, LEASE);
      const phil: UserDraft = { ...user('phil'), attributes: [['phone_number', '+15550100']], aliases: [{ kind: 'phone_number', value: '+15550100' }] };
      await store.users.createUsers(key.accountId, key.poolId, [user('bob', 'bob@example.com'), phil], 1_500, newSub);
      assert.equal((await store.imports.commitBatch(batch(key, 'w', 0, [row(1, user('first'))]))).kind, 'applied');
      const yan: UserDraft = {
        ...user('yan'), attributes: [['phone_number', '+15550100'], ['email', 'shared@example.com']],
        aliases: [{ kind: 'phone_number', value: '+15550100' }, { kind: 'email', value: 'shared@example.com' }],
      };
      const rows = [
        row(2, user('xia', 'shared@example.com')),
        row(3, user('bob', 'shared@example.com')), //  in the pool: skipped, though row 2 took its alias
        row(4, yan), //                                its first alias a stored user holds: phone_number
        row(5, user('zoe', 'zoe@example.com')),
      ];
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'w', 1, rows)), { kind: 'applied', status: 'InProgress', imported: 3, skipped: 1, failed: 1 });
      assert.deepEqual((await logOf(pool, job)).slice(1), [
        [2, rowSucceeded(2)], [3, rowSkipped(3)], [4, rowFailed(4, aliasTakenReason('phone_number'))], [5, rowSucceeded(5)],
      ]);
      assert.deepEqual((await store.users.listUsers(key.accountId, key.poolId, 100)).map((u) => u.username), ['bob', 'first', 'phil', 'xia', 'zoe']);
      await store.imports.finishJob(key, 'w', { status: 'Succeeded', message: MESSAGES.succeeded }, 3_000);
    });

    test('concurrent commits of one batch: exactly one applies', async () => {
      const { key } = await queuedJob();
      await store.imports.claimNextJob('w', 2_000, LEASE);
      const rows = Array.from({ length: 50 }, (_, i) => row(i + 1, user(`u${i}`, `u${i}@example.com`)));
      const results = await Promise.all(Array.from({ length: 4 }, () => store.imports.commitBatch(batch(key, 'w', 0, rows))));
      assert.deepEqual(results.map((r) => r.kind).sort(), ['applied', 'lost', 'lost', 'lost']);
      assert.equal(await store.users.countUsers(key.accountId, key.poolId), 50);
      const j = await store.jobs.findJob(key);
      assert.deepEqual([j?.imported, j?.skipped, j?.failed], [50, 0, 0]);
      await store.imports.finishJob(key, 'w', { status: 'Succeeded', message: MESSAGES.succeeded }, 3_000);
    });

    test('Stop: the running batch still applies, the job finishes Stopped and logs its job-level event', async () => {
      const { pool, key, job } = await queuedJob();
      await store.imports.claimNextJob('w', 2_000, LEASE);
      assert.equal((await store.jobs.stopJob(key, 2_500, 'unused')).kind, 'stopping');
      const r = await store.imports.commitBatch(batch(key, 'w', 0, [row(1, user('s1'))]));
      assert.deepEqual(r, { kind: 'applied', status: 'Stopping', imported: 1, skipped: 0, failed: 0 });
      const end = await store.imports.finishJob(key, 'w', { status: 'Succeeded', message: MESSAGES.succeeded, jobEvent: '[STOPPED] job' }, 6_000);
      assert.deepEqual([end?.status, end?.completionMessage, end?.completedMs], ['Stopped', MESSAGES.stopped, 6_000]);
      assert.deepEqual(await logOf(pool, job), [[1, rowSucceeded(1)], [0, '[STOPPED] job']]);
      assert.equal(await store.imports.claimNextJob('w', 1e12, LEASE), undefined);
    });

    test('finishJob Stopped: the engine ends a Stopping job, with Cognito\'s message, its counters and no job-level event', async () => {
      const { pool, key, job } = await queuedJob();
      await store.imports.claimNextJob('w', 2_000, LEASE);
      assert.equal((await store.imports.commitBatch(batch(key, 'w', 0, [row(1, user('t1')), row(2, 'bad')]))).kind, 'applied');
      assert.equal((await store.jobs.stopJob(key, 2_500, 'unused')).kind, 'stopping');
      assert.equal(await store.imports.finishJob(key, 'thief', { status: 'Stopped' }, 6_000), undefined, 'not ours');
      const end = await store.imports.finishJob(key, 'w', { status: 'Stopped' }, 6_000);
      assert.deepEqual([end?.status, end?.completionMessage, end?.completedMs, end?.imported, end?.failed], ['Stopped', MESSAGES.stopped, 6_000, 1, 1]);
      assert.deepEqual(await logOf(pool, job), [[1, rowSucceeded(1)], [2, rowFailed(2, 'bad')]]);
      assert.equal(await store.imports.claimNextJob('w', 1e12, LEASE), undefined, 'the queue is free');
      // A Failed verdict with its job-level event, on a job a stop was asked of, ends Stopped too, the event logged.
      const second = await queuedJob();
      await store.imports.claimNextJob('w', 2_000, LEASE);
      assert.equal((await store.jobs.stopJob(second.key, 2_500, 'unused')).kind, 'stopping');
      const failed = await store.imports.finishJob(second.key, 'w', { status: 'Failed', message: 'The file is bad.', jobEvent: '[FAILED] The file is bad.' }, 7_000);
      assert.deepEqual([failed?.status, failed?.completionMessage], ['Stopped', MESSAGES.stopped]);
      assert.deepEqual(await logOf(second.pool, second.job), [[0, '[FAILED] The file is bad.']]);
    });

    test('a job whose pool was deleted is gone: nothing is written', async () => {
      const { pool, key } = await queuedJob();
      await store.imports.claimNextJob('w', 2_000, LEASE);
      assert.deepEqual(await store.pools.deletePool({ accountId: pool.accountId, region: REGION }, pool.id), [`blob-${seq}`]);
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'w', 0, [row(1, user('ghost'))])), { kind: 'gone' });
      assert.equal(await store.users.countUsers(key.accountId, key.poolId), 0);
      assert.equal(await store.imports.finishJob(key, 'w', { status: 'Succeeded', message: MESSAGES.succeeded }, 3_000), undefined);
      assert.equal(await store.imports.recordTotalRows(key, 'w', 1), false);
      assert.equal(await store.imports.claimNextJob('w', 1e12, LEASE), undefined);
    });

    test('a batch of only failed rows, and an empty batch, move the checkpoint', async () => {
      const { pool, key, job } = await queuedJob();
      await store.imports.claimNextJob('w', 2_000, LEASE);
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'w', 0, [row(1, 'bad'), row(2, 'worse')])),
        { kind: 'applied', status: 'InProgress', imported: 0, skipped: 0, failed: 2 });
      assert.deepEqual(await store.imports.commitBatch(batch(key, 'w', 2, [])), { kind: 'applied', status: 'InProgress', imported: 0, skipped: 0, failed: 2 });
      assert.deepEqual((await logOf(pool, job)).map(([s]) => s), [1, 2]);
      await store.imports.finishJob(key, 'w', { status: 'Failed', message: MESSAGES.tooManyFailed }, 3_000);
    });
  });
}

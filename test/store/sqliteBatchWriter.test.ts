// The engine's SQLite store commits its batches in a thread of its own (batchWriter.ts). What
// the thread's connection meets comes back to the engine as an error with SQLite's code (the
// engine retries it), and a thread that died is replaced at the next commit, which applies from
// the checkpoint the last applied batch left (a batch the dead thread had not answered is sent
// again by the engine, and applies once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import { BatchWriterError } from '../../src/store/sqlite/batchWriter';
import { newPoolSettings } from '../../src/domain/userPool';
import type { BatchCommit, RowOutcomeInput } from '../../src/store/ports';
import type { JobKey } from '../../src/domain/importJob';
import { cleanup, tempDir } from '../helpers/server';
import { BatchPipeline, MAX_BYTES_IN_FLIGHT, type Next } from '../../src/worker/batchPipeline';
import { silentLogger } from '../../src/http/logger';

const scope = { accountId: '111111111111', region: 'us-west-2' };
const key: JobKey = { accountId: scope.accountId, poolId: 'us-west-2_writer001', jobId: 'import-writer0001' };

const rows = (from: number, n: number): RowOutcomeInput[] => Array.from({ length: n }, (_, i) => ({
  line: from + i + 1,
  user: { username: `u${from + i}`, usernameKey: `u${from + i}`, attributes: [['email', `u${from + i}@example.com`]], aliases: [], status: 'RESET_REQUIRED' },
}));
const batch = (fromRow: number, n: number): BatchCommit => ({
  key, workerId: 'w', fromRow, toOffset: 100 * (fromRow + n), rows: rows(fromRow, n), nowMs: 2_000, leaseMs: 60_000,
  subs: rows(fromRow, n).map((r) => `00000000-0000-4000-8000-${String(r.line).padStart(12, '0')}`),
});


type Sqlite = ReturnType<typeof openSqliteStore>;

/**
 * A data dir with the server's store and the engine's (its batches through the writer's thread),
 * a pool and a started job the engine has claimed as worker 'w'; both closed after `run`.
 */
async function withClaimedJob(prefix: string, run: (server: Sqlite, engine: Sqlite, claimedJobId: string | undefined) => Promise<void>): Promise<void> {
  const dir = tempDir(prefix);
  const file = join(dir, 'db.sqlite');
  const server = openSqliteStore(file);
  const engine = openSqliteStore(file, { role: 'engine' });
  try {
    await server.pools.insertPool({ ...scope, id: key.poolId, name: 'p', createdMs: 1, modifiedMs: 1, settings: newPoolSettings({ PoolName: 'p' }) });
    const job = { ...key, jobName: 'j', status: 'Created' as const, roleArn: 'arn:aws:iam::111111111111:role/R', preSignedUrl: 'http://x/u', createdMs: 1, imported: 0, skipped: 0, failed: 0 };
    await server.jobs.insertJob(job, 10);
    await server.jobs.attachUpload(job, 'blob');
    await server.jobs.startJob(job, 1_000, 0);
    const claimed = await engine.imports.claimNextJob('w', 1_000, 60_000);
    await run(server, engine, claimed?.job.jobId);
  } finally {
    await engine.close();
    await server.close();
    cleanup(dir);
  }
}

test('batches commit in the writer thread; its errors keep SQLite\'s code; a dead thread is replaced', async () => {
  await withClaimedJob('ci-writer-', async (server, engine, claimedJobId) => {
    assert.equal(claimedJobId, key.jobId);

    assert.deepEqual(await engine.imports.commitBatch(batch(0, 3)), { kind: 'applied', status: 'InProgress', imported: 3, skipped: 0, failed: 0 });
    assert.ok(engine.batchWriter, 'the engine\'s store has a batch writer');

    // The server's connection holds the write lock: the thread's commit waits busy_timeout, then fails with SQLITE_BUSY.
    server.database.prepare('BEGIN IMMEDIATE').run();
    try {
      await assert.rejects(engine.imports.commitBatch(batch(3, 2)), (e: unknown) => e instanceof BatchWriterError && e.code === 'SQLITE_BUSY');
    } finally {
      server.database.prepare('ROLLBACK').run();
    }

    // The thread dies with a batch unanswered: that commit fails; the next one runs in a new thread.
    const unanswered = engine.imports.commitBatch(batch(3, 2));
    await engine.batchWriter.kill();
    const first = await unanswered.then((r) => r, (e: unknown) => e);
    if (first instanceof Error) assert.ok(first instanceof BatchWriterError, String(first));
    const again = await engine.imports.commitBatch(batch(3, 2));
    // Applied now, or (when the dead thread had applied it first) lost: the checkpoint moved on. Once either way.
    assert.ok(again.kind === 'applied' || (again.kind === 'lost' && !(first instanceof Error)), JSON.stringify({ first, again }));
    assert.equal(await server.users.countUsers(key.accountId, key.poolId), 5);
    assert.deepEqual(await engine.imports.commitBatch(batch(5, 1)), { kind: 'applied', status: 'InProgress', imported: 6, skipped: 0, failed: 0 });
  });
});

test('batches waiting for the writer commit together: an error in one undoes its group; sent again in order, each applies once', async () => {
  await withClaimedJob('ci-writer-group-', async (server, engine) => {
    assert.ok(engine.capabilities.batchesInFlight > 1, 'the engine\'s store takes several batches in flight');

    // Sent together, before the thread has started: it takes all three at once. The second
    // carries fewer subs than users, which throws inside the transaction.
    const broken = { ...batch(3, 2), subs: [] };
    const answers = await Promise.allSettled([batch(0, 3), broken, batch(5, 2)].map((b) => engine.imports.commitBatch(b)));
    assert.deepEqual(answers.map((a) => a.status), ['rejected', 'rejected', 'rejected'], JSON.stringify(answers));
    assert.match(String((answers[0] as PromiseRejectedResult).reason), /carries 0 subs/);
    assert.equal(await server.users.countUsers(key.accountId, key.poolId), 0, 'nothing of the group was written');
    assert.equal((await server.jobs.findJob(key))?.imported, 0);

    const again = await Promise.all([batch(0, 3), batch(3, 2), batch(5, 2)].map((b) => engine.imports.commitBatch(b)));
    assert.deepEqual(again.map((r) => r.kind === 'applied' && r.imported), [3, 5, 7]);
    // Out of order: refused, nothing written.
    assert.deepEqual(await engine.imports.commitBatch(batch(3, 2)), { kind: 'lost' });
    assert.equal(await server.users.countUsers(key.accountId, key.poolId), 7);

    // While another connection's write waits (counted in the shared turns), the writer ends its
    // transaction after each batch and holds the next back: the same answers, in order.
    const waiting = new Int32Array(engine.writeTurns);
    Atomics.store(waiting, 0, 1);
    try {
      const oneByOne = await Promise.all([batch(7, 1), batch(8, 2), batch(10, 3)].map((b) => engine.imports.commitBatch(b)));
      assert.deepEqual(oneByOne.map((r) => r.kind === 'applied' && r.imported), [8, 10, 13]);
    } finally {
      Atomics.store(waiting, 0, 0);
    }
    assert.equal(await server.users.countUsers(key.accountId, key.poolId), 13);
  });
});

test('the engine\'s pipeline keeps at most batchesInFlight batches, and MAX_BYTES_IN_FLIGHT of the file beyond one batch', async () => {
  await withClaimedJob('ci-writer-pipeline-', async (server, engine) => {
    const pipeline = new BatchPipeline(
      { store: engine, log: silentLogger, clock: { now: () => 2_000 }, workerId: 'w', shuttingDown: () => false },
      key, () => false, { gone: async () => {}, stopped: async () => {} }, { imported: 0, skipped: 0, failed: 0 },
    );
    const depth = engine.capabilities.batchesInFlight;
    let most = 0;
    // Small batches: as many in flight as the store takes.
    const send = (i: number, bytes: number): Promise<Next> =>
      pipeline.send({ fromRow: i, fromOffset: 0, toOffset: bytes }, engine.imports.prepareBatch(batch(i, 1)));
    for (let i = 0; i < 12; i++) {
      assert.equal(await send(i, 100), 'go');
      most = Math.max(most, pipeline.load.batches);
    }
    assert.equal(most, depth);
    assert.equal(await pipeline.settleAll(), 'go');
    // Batches of 1.5 MiB of the file: two at once (a third would pass MAX_BYTES_IN_FLIGHT).
    const big = Math.floor(MAX_BYTES_IN_FLIGHT * 3 / 8);
    most = 0;
    for (let i = 12; i < 18; i++) {
      assert.equal(await send(i, big), 'go');
      most = Math.max(most, pipeline.load.batches);
      assert.ok(pipeline.load.bytes <= MAX_BYTES_IN_FLIGHT, JSON.stringify(pipeline.load));
    }
    assert.equal(most, 2);
    // A batch bigger than the bound goes alone.
    assert.equal(await send(18, MAX_BYTES_IN_FLIGHT * 2), 'go');
    assert.deepEqual(pipeline.load, { batches: 1, bytes: MAX_BYTES_IN_FLIGHT * 2 });
    assert.equal(await pipeline.settleAll(), 'go');
    assert.deepEqual(pipeline.counters, { kind: 'applied', status: 'InProgress', imported: 19, skipped: 0, failed: 0 });
    assert.equal(await server.users.countUsers(key.accountId, key.poolId), 19);
  });
});

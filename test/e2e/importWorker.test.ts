// The import engine driven step by step: a real server (without its own runner) takes the job
// through the SDK, and the test plays the worker with runImport on the same database, so it
// can stop a run after any batch (what a kill -9 after that commit leaves), split the file into
// chunks anywhere, hold the pre-scan, or let a lease run out under a worker.
import { TEST_DATABASE_URL } from '../helpers/postgres';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  AdminGetUserCommand, CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand,
  DescribeUserImportJobCommand, DescribeUserPoolCommand, StartUserImportJobCommand, StopUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startTestServer, cleanup, ROLE_ARN, KEY_A, type TestServer } from '../helpers/server';
import { uploadCsv } from '../helpers/upload';
import { userRow, STANDARD_HEADER, type Row } from '../helpers/csv';
import type { BlobStore } from '../../src/blobs/ports';
import { randomIds } from '../../src/domain/ids';
import { silentLogger } from '../../src/http/logger';
import type { ClaimedImport, Store } from '../../src/store/ports';
import { runImport, type ImportDeps } from '../../src/worker/importUsers';
import { join } from 'node:path';
import { SQLITE_FILE } from '../../src/dataDir';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let logs: CloudWatchLogsClient;
let store: Store;
let files: BlobStore;
let db: NonNullable<ReturnType<TestServer['sqlite']>>;

// The worker's checkpoints are read straight from the server's SQLite connection: on PostgreSQL the same
// guarantees are covered by test/store/imports.conformance.test.ts and multiInstance.test.ts.
const skip = TEST_DATABASE_URL ? 'reads the SQLite file directly' : false;

before(async () => {
  if (skip) return;
  server = await startTestServer(); // no runner: this file is the worker
  sdk = server.client();
  logs = server.logsClient();
  store = await server.openStore(); // the server's own (its API connection)
  files = server.blobs(); // the server's own store: local files, or its S3 prefix
  db = server.sqlite()!;
});
after(async () => {
  if (skip) return;
  await store.close();
  await server.close();
  cleanup(server.dataDir);
});

const line = (r: Row): string => STANDARD_HEADER.map((h) => r[h] ?? '').join(',');

/** Creates a pool and a job, uploads the file and starts the job: it waits in the queue. */
async function queued(body: Buffer, poolName = 'worker'): Promise<{ poolId: string; jobId: string }> {
  const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: poolName, AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'w', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  assert.equal((await uploadCsv(job.PreSignedUrl!, body)).status, 200);
  await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
  return { poolId, jobId: job.JobId! };
}

function deps(workerId: string, over: Partial<ImportDeps> = {}): ImportDeps {
  return {
    store, blobs: files, clock: { now: () => Date.now() }, ids: randomIds, log: silentLogger, workerId,
    batchSize: 1, leaseMs: 30_000, shuttingDown: () => false, ...over,
  };
}

async function claim(workerId: string, nowMs = Date.now(), leaseMs = 30_000): Promise<ClaimedImport> {
  const c = await store.imports.claimNextJob(workerId, nowMs, leaseMs);
  assert.ok(c, 'a job to claim');
  return c;
}

const describeJob = async (poolId: string, jobId: string) =>
  (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;

const checkpoint = (jobId: string): { offset: number; row: number } =>
  db.prepare('SELECT checkpoint_offset AS offset, checkpoint_row AS row FROM import_jobs WHERE job_id = ?').get(jobId) as { offset: number; row: number };

async function logLines(poolId: string, poolName: string, jobId: string): Promise<string[]> {
  const r = await logs.send(new GetLogEventsCommand({
    logGroupName: `/aws/cognito/userpools/${poolId}/${poolName}`, logStreamName: `${jobId}/w`, startFromHead: true,
  }));
  return r.events!.map((e) => e.message!);
}

/** The blob store, with every read cut into chunks of `size()` bytes. */
function rechunked(size: () => number): BlobStore {
  return {
    ...files,
    read(key, range) {
      const src = files.read(key, range);
      const n = size();
      return Readable.from((async function* () {
        for await (const c of src as AsyncIterable<Buffer>) for (let i = 0; i < c.length; i += n) yield c.subarray(i, i + n);
      })());
    },
  };
}

for (const cut of [1, 2, 3, 4, 5, 6, 7]) {
  test(`one batch per run, the file read in ${cut}-byte chunks: each row once, the checkpoint always at the next line`, { skip }, async () => {
    // CRLF, blank and CRLF-blank lines, 2-, 3- and 4-byte characters, and a last row with no
    // newline; 1-byte chunks split every CRLF and every character.
    const names = ['Jos\u00e9', '\u5c71\u7530', 'G \ud834\udd1e clef', 'plain', '\u00e9\u00e9\u00e9', 'last'];
    const parts = [STANDARD_HEADER.join(',') + '\r\n'];
    names.forEach((name, i) => {
      parts.push(line(userRow(i + 1, { name })) + (i === names.length - 1 ? '' : i % 2 ? '\n' : '\r\n'));
      if (i === 1) parts.push('\r\n');
      if (i === 3) parts.push('\n\n');
    });
    const body = Buffer.from(parts.join(''));
    // Where each data row's line ends (after its newline), as a byte offset.
    const ends: number[] = [];
    let at = Buffer.byteLength(parts[0]);
    for (const p of parts.slice(1)) {
      at += Buffer.byteLength(p);
      if (p.trim()) ends.push(at);
    }
    const poolName = `chunks${cut}`;
    const { poolId, jobId } = await queued(body, poolName);

    for (let runs = 0; ; runs++) {
      assert.ok(runs <= names.length + 1, 'the job ends');
      // Every run stops after its first batch (one row) as a graceful stop does, so each run is a
      // restart from the checkpoint that batch left: what a kill -9 just after that commit leaves.
      await runImport(await claim(`w${runs}`), deps(`w${runs}`, { blobs: rechunked(() => cut), shuttingDown: () => true }));
      const j = await describeJob(poolId, jobId);
      if (j.Status !== 'InProgress') break;
      const cp = checkpoint(jobId);
      assert.equal(cp.offset, ends[cp.row - 1], `after row ${cp.row}, the checkpoint is the start of the next line`);
      assert.equal(j.ImportedUsers! + j.SkippedUsers! + j.FailedUsers!, cp.row);
    }
    const j = await describeJob(poolId, jobId);
    assert.equal(j.Status, 'Succeeded');
    assert.deepEqual([j.ImportedUsers, j.SkippedUsers, j.FailedUsers], [names.length, 0, 0]);
    for (const [i, name] of names.entries()) {
      const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `user${i + 1}` }));
      assert.equal(u.UserAttributes!.find((a) => a.Name === 'name')?.Value, name);
    }
    assert.deepEqual(await logLines(poolId, poolName, jobId), names.map((_, i) => `[SUCCEEDED] Line Number ${i + 1} - The import succeeded.`));
  });
}

test('Stop while the file is pre-scanned: the job ends Stopped and imports nobody', { skip }, async () => {
  const body = Buffer.from([STANDARD_HEADER.join(','), ...[1, 2, 3].map((i) => line(userRow(i)))].join('\n') + '\n');
  const { poolId, jobId } = await queued(body, 'prescan');
  let reached!: () => void;
  const atPrescan = new Promise<void>((r) => { reached = r; });
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  const holding: BlobStore = {
    ...files,
    read(key, range) {
      const src = files.read(key, range);
      if (range) return src;
      // The pre-scan reads the whole file (no range): hold it until the Stop is in.
      return Readable.from((async function* () {
        reached();
        await held;
        yield* src as AsyncIterable<Buffer>;
      })());
    },
  };
  const run = runImport(await claim('prescanner'), deps('prescanner', { blobs: holding, batchSize: 2000 }));
  await atPrescan;
  const stop = await sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
  assert.equal(stop.UserImportJob!.Status, 'Stopping');
  release();
  await run;
  const j = await describeJob(poolId, jobId);
  assert.equal(j.Status, 'Stopped');
  assert.equal(j.CompletionMessage, 'The Import Job was stopped by the developer.');
  assert.deepEqual([j.ImportedUsers, j.SkippedUsers, j.FailedUsers], [0, 0, 0]);
  const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(pool.UserPool!.EstimatedNumberOfUsers, 0);
});

test('a worker whose lease ran out and was taken over writes nothing more', { skip }, async () => {
  const rows = [1, 2, 3, 4, 5].map((i) => line(userRow(i)));
  const { poolId, jobId } = await queued(Buffer.from([STANDARD_HEADER.join(','), ...rows].join('\n') + '\n'), 'lease');
  const t0 = Date.now();
  const old = await claim('old', t0, 1_000);
  const taker = await claim('new', t0 + 2_000); // the old lease expired unrenewed (a stalled disk, a paused VM)
  await runImport(old, deps('old', { leaseMs: 1_000 }));
  let j = await describeJob(poolId, jobId);
  assert.equal(j.Status, 'InProgress');
  assert.deepEqual([j.ImportedUsers, checkpoint(jobId).row], [0, 0], 'the old worker committed nothing');
  await runImport(taker, deps('new'));
  j = await describeJob(poolId, jobId);
  assert.equal(j.Status, 'Succeeded');
  assert.deepEqual([j.ImportedUsers, j.SkippedUsers, j.FailedUsers], [5, 0, 0]);
  assert.equal((await logLines(poolId, 'lease', jobId)).length, 5);
});

test('a 99 MB row (no newline for 99 MB) fails as too long, in time linear in its length', { skip }, async () => {
  const huge = Buffer.alloc(99 * 1024 * 1024, 'a');
  const body = Buffer.concat([Buffer.from(STANDARD_HEADER.join(',') + '\n'), huge, Buffer.from(`\n${line(userRow(1))}\n`)]);
  const { poolId, jobId } = await queued(body, 'longline');
  const t0 = Date.now();
  await runImport(await claim('long'), deps('long', { batchSize: 2000 }));
  const ms = Date.now() - t0;
  const j = await describeJob(poolId, jobId);
  assert.deepEqual([j.Status, j.ImportedUsers, j.SkippedUsers, j.FailedUsers], ['Succeeded', 1, 0, 1]);
  assert.match((await logLines(poolId, 'longline', jobId))[0], /^\[FAILED\] Line Number 1 - The row is longer than 16,000 characters/);
  // Joining the 256 KiB chunks of one line at every chunk copied it ~400 times: 17 s, with
  // the event loop (every API call) stalled for 200 ms at a time. Once is well under a second.
  assert.ok(ms < 5_000, `took ${ms} ms`);
});

test('the same worker claiming its own job again (its lease ran out under it) still imports each row once', { skip }, async () => {
  const rows = Array.from({ length: 40 }, (_, i) => line(userRow(i + 1)));
  const { poolId, jobId } = await queued(Buffer.from([STANDARD_HEADER.join(','), ...rows].join('\n') + '\n'), 'twice');
  const t0 = Date.now();
  const first = await claim('same', t0, 1_000);
  const second = await claim('same', t0 + 2_000); // a runner with concurrency 2 takes it again
  await Promise.all([runImport(first, deps('same', { batchSize: 3 })), runImport(second, deps('same', { batchSize: 3 }))]);
  const j = await describeJob(poolId, jobId);
  assert.deepEqual([j.Status, j.ImportedUsers, j.SkippedUsers, j.FailedUsers], ['Succeeded', 40, 0, 0]);
  const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(pool.UserPool!.EstimatedNumberOfUsers, 40);
  assert.equal((await logLines(poolId, 'twice', jobId)).length, 40);
});

/**
 * n rows through the engine's own store, as the server's engine thread opens it: its batches
 * commit in the batch writer's thread, several in flight. The API's connection takes the write
 * lock at `lockAt` (the file's second read, when the rows start after the pre-scan; or once that
 * many batches applied), so the commit then in flight waits busy_timeout and fails with the
 * batches behind it queued; the lock goes once the engine has recorded that failure. The failed
 * batch and those behind it are read again from the file (src/worker/batchPipeline.ts).
 */
async function importWithFailedCommit(name: string, lockAt: { read: number } | { applied: number }): Promise<void> {
  const n = 3_000;
  const body = Buffer.from([STANDARD_HEADER.join(','), ...Array.from({ length: n }, (_, i) => line(userRow(i + 1)))].join('\n') + '\n');
  const { poolId, jobId } = await queued(body, name);
  const engine = openSqliteStore(join(server.dataDir, SQLITE_FILE), { role: 'engine' });
  let failures = 0;
  let applied = 0;
  let reads = 0;
  const blobs: BlobStore = {
    ...files,
    read(k, range) {
      if (++reads === ('read' in lockAt ? lockAt.read : 0)) db.prepare('BEGIN IMMEDIATE').run();
      return files.read(k, range);
    },
  };
  try {
    assert.ok(engine.capabilities.batchesInFlight > 1);
    const c = await engine.imports.claimNextJob(name, Date.now(), 30_000);
    assert.equal(c?.job.jobId, jobId);
    await runImport(c!, deps(name, {
      store: engine, blobs, batchSize: 50,
      faults: {
        failed: () => { if (failures++ === 0) db.prepare('ROLLBACK').run(); },
        succeeded: () => { if ('applied' in lockAt && ++applied === lockAt.applied) db.prepare('BEGIN IMMEDIATE').run(); },
      },
    }));
  } finally {
    if (db.inTransaction) db.prepare('ROLLBACK').run();
    await engine.close();
  }
  assert.equal(failures, 1, 'a commit failed once, and was retried');
  assert.equal(reads, 3, 'the pre-scan, the rows, and the rows again from the failed batch');
  const job = await describeJob(poolId, jobId);
  assert.deepEqual([job.Status, job.ImportedUsers, job.SkippedUsers, job.FailedUsers], ['Succeeded', n, 0, 0]);
  assert.equal(checkpoint(jobId).row, n);
  assert.equal((db.prepare('SELECT COUNT(*) AS c FROM users WHERE pool_id = ?').get(poolId) as { c: number }).c, n);
  const events = db.prepare(`SELECT COUNT(*) AS c FROM log_events e
    JOIN log_streams s ON s.stream_id = e.stream_id WHERE s.stream_name LIKE ?`).get(`${jobId}/%`) as { c: number };
  assert.equal(events.c, n, 'one log event per row');
}

test('the first commit fails with batches in flight behind it: they are read again from the file, and each row is imported once', { skip }, () =>
  importWithFailedCommit('inflight', { read: 2 }));

test('a commit in the middle of the file fails with batches behind it: read again from its first row, each row imported once', { skip }, () =>
  importWithFailedCommit('midfile', { applied: 3 }));

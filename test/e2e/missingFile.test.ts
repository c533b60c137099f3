// A started job whose CSV file was deleted from the blob store (the data dir's uploads/ folder, or
// the S3 bucket) ends Failed with FILE_MESSAGES.gone, its counters as committed and the reason in
// its log, and frees the account's active slot; retrying it could never succeed. Any other read
// fault is retried (src/worker/importUsers.ts). Runs on the suite's blob store: files, or S3
// when COGNITO_IMPORT_TEST_BLOB_STORE is set (scripts/s3-test-server.sh).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminGetUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cleanup, startTestServer, tempDir, FILES_ONLY, KEY_A, type TestServer } from '../helpers/server';
import { deleteObject } from '../helpers/s3';
import { csvText, userRow, writeUsersCsv } from '../helpers/csv';
import { describeJob, jobLogLines, newPool, runImport, startJob, until, uploadedJob, waitForJob } from '../helpers/jobs';
import { FILE_MESSAGES } from '../../src/domain/csvMessages';
import type { WorkerConfig } from '../../src/config';

const GONE = `[FAILED] ${FILE_MESSAGES.gone}`;
const work = tempDir('ci-missing-');
after(() => cleanup(work));

/** The job's upload blobs, deleted as an operator would: files under uploads/, or the bucket's objects. */
async function deleteUpload(server: TestServer, poolId: string, jobId: string): Promise<void> {
  const blobs = await server.storedUploads(poolId, jobId);
  assert.ok(blobs.length, 'the job has an upload to delete');
  for (const b of blobs) {
    if (server.blobStore.kind === 's3') await deleteObject(server.blobStore, b);
    else rmSync(join(server.dataDir, 'uploads', KEY_A.accountId, poolId, jobId, b));
  }
  assert.deepEqual(await server.storedUploads(poolId, jobId), []);
}

async function health(server: TestServer): Promise<{ status: number; body: Record<string, string> }> {
  const r = await fetch(`${server.url}/health`);
  return { status: r.status, body: await r.json() as Record<string, string> };
}

/** A second server on the first one's data (data dir, database, bucket prefix): a restart. */
function restart(first: TestServer, worker: Partial<WorkerConfig>): Promise<TestServer> {
  return startTestServer({ dataDir: first.dataDir, blobStore: first.blobStore, databaseUrl: first.databaseUrl, worker });
}

const userExists = (sdk: CognitoIdentityProviderClient, poolId: string, i: number): Promise<boolean> =>
  sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `user${i}` })).then(() => true, (e: Error) => {
    if (e.name === 'UserNotFoundException') return false;
    throw e;
  });

/** The job ended Failed for its missing file: counters as its log and its pool show them. */
async function assertEndedWithoutFile(server: TestServer, poolId: string, poolName: string, jobId: string, jobName: string, rows: number) {
  const sdk = server.client();
  const job = await waitForJob(sdk, poolId, jobId);
  assert.deepEqual([job.Status, job.CompletionMessage], ['Failed', FILE_MESSAGES.gone]);
  assert.ok(job.CompletionDate);
  const lines = await jobLogLines(server.logsClient(), poolId, poolName, jobId, jobName);
  assert.equal(lines.at(-1), GONE, 'the log says why the job ended');
  assert.equal(lines.filter((l) => l.startsWith('[SUCCEEDED]')).length, job.ImportedUsers, 'counters as committed');
  assert.deepEqual([job.SkippedUsers, job.FailedUsers], [0, 0]);
  // Rows are imported in order: the first job.ImportedUsers users, no more.
  if (job.ImportedUsers) assert.equal(await userExists(sdk, poolId, job.ImportedUsers), true);
  if (job.ImportedUsers! < rows) assert.equal(await userExists(sdk, poolId, job.ImportedUsers! + 1), false);
  // Nothing left retrying, and the account's slot is free: its next job runs.
  assert.equal((await health(server)).body.worker, 'ok');
  const next = await runImport(sdk, server.logsClient(), { poolId, poolName, jobName: 'next', body: csvText([userRow(900_001)]) });
  assert.deepEqual([next.job.Status, next.job.ImportedUsers], ['Succeeded', 1]);
  return job;
}

test('a file deleted after Start, before a worker takes the job: Failed, nothing imported, the slot freed', { timeout: 120_000 }, async () => {
  const first = await startTestServer({ keepDatabase: true }); // no worker: the job waits, Pending
  let poolId = '';
  let jobId = '';
  try {
    const sdk = first.client();
    poolId = await newPool(sdk, 'gone');
    jobId = (await uploadedJob(sdk, poolId, csvText([userRow(1), userRow(2)]), 'before')).jobId;
    await startJob(sdk, poolId, jobId);
    assert.equal((await describeJob(sdk, poolId, jobId)).Status, 'Pending');
    await deleteUpload(first, poolId, jobId);
  } finally {
    await first.close();
  }
  const second = await restart(first, { concurrency: 1, pollMs: 50 });
  try {
    const job = await assertEndedWithoutFile(second, poolId, 'gone', jobId, 'before', 2);
    assert.equal(job.ImportedUsers, 0);
  } finally {
    await second.close();
    cleanup(first.dataDir);
  }
});

test('a job half imported whose file is deleted before it resumes: Failed with the users it committed', { timeout: 180_000 }, async (t) => {
  const ROWS = 20_000;
  const file = join(work, 'half.csv');
  writeUsersCsv(file, ROWS);
  // Small batches, so the job is still running when the first one has committed.
  const worker = { concurrency: 1, batchSize: 20, pollMs: 50 };
  const first = await startTestServer({ keepDatabase: true, worker });
  let poolId = '';
  let jobId = '';
  let before = 0;
  try {
    const sdk = first.client();
    poolId = await newPool(sdk, 'half');
    jobId = (await uploadedJob(sdk, poolId, readFileSync(file), 'half')).jobId;
    await startJob(sdk, poolId, jobId);
    const running = await until('the first batch committed', () => describeJob(sdk, poolId, jobId), (j) => j.ImportedUsers! > 0);
    assert.equal(running.Status, 'InProgress', 'still running when the server stops');
    before = running.ImportedUsers!;
  } finally {
    await first.close(); // stops at the next batch boundary, keeping the checkpoint
  }
  await deleteUpload(first, poolId, jobId);
  const second = await restart(first, worker);
  try {
    const job = await assertEndedWithoutFile(second, poolId, 'half', jobId, 'half', ROWS);
    t.diagnostic(`${before} imported when seen running, ${job.ImportedUsers} at the end`);
    assert.ok(job.ImportedUsers! >= before && job.ImportedUsers! < ROWS, `${job.ImportedUsers} imported, ${before} seen before the restart`);
  } finally {
    await second.close();
    cleanup(first.dataDir);
  }
});

test('a file deleted while the job reads it', { timeout: 180_000 }, async (t) => {
  // Past one S3 read window (8 MiB): each row's name is 2,000 characters.
  const ROWS = 4_500;
  const file = join(work, 'wide.csv');
  writeUsersCsv(file, ROWS, undefined, (i) => userRow(i, { name: `${i}`.padEnd(2000, 'n') }));
  const server = await startTestServer({ worker: { concurrency: 1, batchSize: 100, pollMs: 50 } });
  try {
    const sdk = server.client();
    const poolId = await newPool(sdk, 'reading');
    const { jobId } = await uploadedJob(sdk, poolId, readFileSync(file), 'reading');
    await startJob(sdk, poolId, jobId);
    await until('the first batch committed', () => describeJob(sdk, poolId, jobId), (j) => j.ImportedUsers! > 0);
    await deleteUpload(server, poolId, jobId);
    if (server.blobStore.kind === 's3') {
      // The window being read is read to its end; the next one is not there.
      const job = await assertEndedWithoutFile(server, poolId, 'reading', jobId, 'reading', ROWS);
      assert.ok(job.ImportedUsers! > 0 && job.ImportedUsers! < ROWS, `${job.ImportedUsers} imported`);
      t.diagnostic(`${job.ImportedUsers} of ${ROWS} imported`);
    } else {
      // The worker has the file open: POSIX keeps an open file's bytes after its name is deleted.
      const job = await waitForJob(sdk, poolId, jobId);
      assert.deepEqual([job.Status, job.ImportedUsers], ['Succeeded', ROWS]);
    }
  } finally {
    await server.close();
    cleanup(server.dataDir);
  }
});

test('a read fault other than not-found (a folder where the file was: EISDIR) is retried, and the job ends once the file is back', {
  skip: FILES_ONLY && 'the blob store is S3: the fault is made in the data dir\'s uploads/ folder (moto has no fault to inject)', timeout: 120_000,
}, async () => {
  // A short lease: a failed run is retried when its lease runs out.
  const server = await startTestServer({ worker: { concurrency: 1, batchSize: 10, leaseMs: 400, pollMs: 50 } });
  try {
    const sdk = server.client();
    const poolId = await newPool(sdk, 'fault');
    const body = csvText([userRow(1), userRow(2), userRow(3)]);
    const { jobId } = await uploadedJob(sdk, poolId, body, 'fault');
    const [name] = await server.storedUploads(poolId, jobId);
    const path = join(server.dataDir, 'uploads', KEY_A.accountId, poolId, jobId, name!);
    rmSync(path);
    mkdirSync(path);
    await startJob(sdk, poolId, jobId);
    const stuck = await until('/health says the job is stuck', () => health(server), (h) => h.body.worker !== 'ok');
    assert.match(stuck.body.worker!, new RegExp(`^stuck: job ${jobId} failed \\d+ times in a row .*EISDIR`));
    assert.equal((await describeJob(sdk, poolId, jobId)).Status, 'InProgress', 'retried, not ended');

    rmSync(path, { recursive: true });
    writeFileSync(path, body);
    const job = await waitForJob(sdk, poolId, jobId);
    assert.deepEqual([job.Status, job.ImportedUsers], ['Succeeded', 3]);
    assert.equal((await health(server)).body.worker, 'ok');
  } finally {
    await server.close();
    cleanup(server.dataDir);
  }
});

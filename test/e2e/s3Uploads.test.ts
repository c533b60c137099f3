// Uploads straight to S3 (docs/operations.md), against the S3-compatible server of
// scripts/s3-test-server.sh: the PreSignedUrl points at the bucket as AWS's does, curl uploads
// to it, StartUserImportJob finds and freezes the upload, the worker reads it back from S3 in
// ranges, and expiry and pool deletion delete what was uploaded. Skipped without S3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand, CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DeleteUserPoolCommand,
  DescribeUserImportJobCommand, StartUserImportJobCommand, StopUserImportJobCommand, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { blobStoreForSpawn, cleanup, FakeClock, ROLE_ARN, spawnServer, startTestServer, tempDir, TEST_BLOB_STORE, KEY_A, type TestServer } from '../helpers/server';
import { curlUpload, csvFile } from '../helpers/curl';
import { csvText, userRow, writeUsersCsv } from '../helpers/csv';
import { getObject, objectExists, objectKey, type S3Config } from '../helpers/s3';

const skip = TEST_BLOB_STORE.kind === 's3' ? false
  : 'no S3 configured: run the suite with eval "$(bash scripts/s3-test-server.sh start)" (COGNITO_IMPORT_TEST_BLOB_STORE)';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let work: string;
before(() => { work = tempDir('ci-s3-'); });
after(() => cleanup(work));

const s3Of = (server: TestServer): S3Config => server.blobStore as S3Config;

async function newPool(sdk: CognitoIdentityProviderClient, name = 's3'): Promise<string> {
  return (await sdk.send(new CreateUserPoolCommand({ PoolName: name, AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
}
async function newJob(sdk: CognitoIdentityProviderClient, poolId: string, name = 'job'): Promise<{ jobId: string; url: string }> {
  const j = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  return { jobId: j.JobId!, url: j.PreSignedUrl! };
}
const start = (sdk: CognitoIdentityProviderClient, poolId: string, jobId: string) =>
  sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
const describeJob = async (sdk: CognitoIdentityProviderClient, poolId: string, jobId: string): Promise<UserImportJobType> =>
  (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;

async function waitEnded(sdk: CognitoIdentityProviderClient, poolId: string, jobId: string): Promise<UserImportJobType> {
  for (const until = Date.now() + 60_000; Date.now() < until; await sleep(25)) {
    const j = await describeJob(sdk, poolId, jobId);
    if (['Succeeded', 'Failed', 'Stopped'].includes(j.Status!)) return j;
  }
  throw new Error(`job ${jobId} did not end`);
}

async function withServer(opts: Parameters<typeof startTestServer>[0], fn: (s: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer(opts);
  try {
    await fn(server);
  } finally {
    await server.close();
    cleanup(server.dataDir);
  }
}

test('the PreSignedUrl points at the bucket: <prefix>/<account>/<pool>/<job>, 15 minutes, x-amz-server-side-encryption signed', { skip }, async () => {
  const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000);
  await withServer({ clock }, async (server) => {
    const sdk = server.client({ clock });
    const poolId = await newPool(sdk);
    const { jobId, url } = await newJob(sdk, poolId);
    const s3 = s3Of(server);
    const u = new URL(url);
    assert.equal(`${u.origin}${u.pathname}`, `${s3.endpoint}/${s3.bucket}/${objectKey(s3, `${KEY_A.accountId}/${poolId}/${jobId}`)}`, 'path-style, on the endpoint');
    assert.match(s3.prefix, /^suite\/server-\w+$/);
    const q = u.searchParams;
    assert.equal(q.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.equal(q.get('X-Amz-Expires'), '900');
    assert.deepEqual(q.get('X-Amz-SignedHeaders')!.split(';'), ['host', 'x-amz-server-side-encryption']);
    assert.equal(q.get('x-amz-server-side-encryption'), null, 'a header the uploader sends, not a query parameter');
    // The bucket's credentials and region sign it (not the caller's Cognito region), at the server's clock.
    const [keyId, day, region, service, term] = q.get('X-Amz-Credential')!.split('/');
    assert.deepEqual([keyId, region, service, term], [process.env.AWS_ACCESS_KEY_ID, s3.region, 's3', 'aws4_request']);
    assert.equal(q.get('X-Amz-Date'), new Date(clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''));
    assert.equal(day, q.get('X-Amz-Date')!.slice(0, 8));
    // No checksum of an empty body signed in (S3 would refuse the real file against it).
    assert.deepEqual([...q.keys()].filter((k) => /checksum/i.test(k)), []);
    // Our own upload endpoint is not served: files go to the bucket.
    const ours = await fetch(`${server.url}/${KEY_A.accountId}/${poolId}/${jobId}?${q.toString()}`, { method: 'PUT', body: 'x\n' });
    assert.equal(ours.status, 404);
  });
});

test('curl uploads to the bucket; Start without an upload is PreconditionNotMetException; with one, the file is frozen and attached', { skip }, async () => {
  await withServer({}, async (server) => {
    const sdk = server.client();
    const s3 = s3Of(server);
    const poolId = await newPool(sdk);
    const { jobId, url } = await newJob(sdk, poolId);
    const direct = objectKey(s3, `${KEY_A.accountId}/${poolId}/${jobId}`);
    assert.deepEqual(await server.storedUploads(poolId, jobId), []);
    await assert.rejects(start(sdk, poolId, jobId), { name: 'PreconditionNotMetException', message: `No csv file was uploaded for ${jobId}` });
    assert.equal((await describeJob(sdk, poolId, jobId)).Status, 'Created');

    const body = csvText([userRow(1)]);
    const r = await curlUpload(url, csvFile(work, 'one.csv', body));
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(await server.storedUploads(poolId, jobId), [direct]);
    const uploaded = await getObject(s3, direct);
    assert.equal(uploaded.body.toString(), body);

    const started = (await start(sdk, poolId, jobId)).UserImportJob!;
    assert.equal(started.Status, 'Pending');
    const kept = await server.storedUploads(poolId, jobId);
    assert.equal(kept.length, 2, kept.join(' '));
    assert.equal(kept[0], direct);
    assert.match(kept[1], new RegExp(`^${direct}\\.[A-Za-z0-9]{16}$`), 'the frozen copy: <key>.<upload id>');
    assert.equal((await getObject(s3, kept[1])).body.toString(), body);
    await assert.rejects(start(sdk, poolId, jobId), { name: 'InvalidParameterException' });
    assert.equal((await server.storedUploads(poolId, jobId)).length, 2, 'a refused Start leaves no copy');
  });
});

test('a full import read from S3 (worker concurrency 1): Succeeded with the right counters', { skip }, async () => {
  await withServer({ worker: { concurrency: 1, batchSize: 500 } }, async (server) => {
    const sdk = server.client();
    const poolId = await newPool(sdk);
    // 3,000 users, one of them twice (skipped the second time) and one row that fails.
    const file = `${work}/many.csv`;
    writeUsersCsv(file, 3000, undefined, (i) => (i === 1500 ? userRow(1) : i === 2000 ? userRow(i, { email: 'not-an-email' }) : userRow(i)));
    const { jobId, url } = await newJob(sdk, poolId, 'many');
    assert.equal((await curlUpload(url, file)).status, 200);
    await start(sdk, poolId, jobId);
    const j = await waitEnded(sdk, poolId, jobId);
    assert.equal(j.Status, 'Succeeded', j.CompletionMessage);
    assert.deepEqual([j.ImportedUsers, j.SkippedUsers, j.FailedUsers], [2998, 1, 1]);
    const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user2999' }));
    assert.equal(u.UserStatus, 'RESET_REQUIRED');
  });
});

test('a PUT to the URL after Start does not change what is imported', { skip }, async () => {
  const dataDir = tempDir();
  const first = await startTestServer({ dataDir, keepDatabase: true }); // no worker: the job waits, Pending
  const databaseUrl = first.databaseUrl;
  const blobStore = first.blobStore;
  let poolId = '';
  let jobId = '';
  try {
    const sdk = first.client();
    poolId = await newPool(sdk);
    const job = await newJob(sdk, poolId);
    jobId = job.jobId;
    assert.equal((await curlUpload(job.url, csvFile(work, 'before.csv', csvText([userRow(1), userRow(2)])))).status, 200);
    assert.equal((await start(sdk, poolId, jobId)).UserImportJob!.Status, 'Pending');
    // S3 takes the PUT (the URL is valid for 15 minutes whatever the job does) ...
    const late = csvText([userRow(101), userRow(102), userRow(103), userRow(104)]);
    assert.equal((await curlUpload(job.url, csvFile(work, 'after.csv', late))).status, 200);
    const direct = objectKey(s3Of(first), `${KEY_A.accountId}/${poolId}/${jobId}`);
    assert.equal((await getObject(s3Of(first), direct)).body.toString(), late);
  } finally {
    await first.close();
  }
  // ... and the worker (here another server on the same database and bucket) reads the frozen copy.
  await withServer({ dataDir, blobStore, databaseUrl, worker: { concurrency: 1 } }, async (second) => {
    const sdk = second.client();
    const j = await waitEnded(sdk, poolId, jobId);
    assert.deepEqual([j.Status, j.ImportedUsers, j.SkippedUsers, j.FailedUsers], ['Succeeded', 2, 0, 0]);
    await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user2' }));
    await assert.rejects(sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user101' })), { name: 'UserNotFoundException' });
  });
});

test('expiry deletes the upload: the direct object, and the frozen copy of a Start that was refused', { skip }, async () => {
  const TTL = 60_000;
  const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000);
  await withServer({ clock, jobTtlMs: TTL, expirySweepMs: 20 }, async (server) => {
    const sdk = server.client({ clock });
    const poolId = await newPool(sdk);
    const csv = csvFile(work, 'expiry.csv', csvText([userRow(1)]));
    // The account's active job (no worker: it stays Pending) ...
    const active = await newJob(sdk, poolId, 'active');
    assert.equal((await curlUpload(active.url, csv)).status, 200);
    await start(sdk, poolId, active.jobId);
    // ... so this one's Start freezes its file, then is refused.
    const refused = await newJob(sdk, poolId, 'refused');
    assert.equal((await curlUpload(refused.url, csv)).status, 200);
    await assert.rejects(start(sdk, poolId, refused.jobId), { name: 'PreconditionNotMetException', message: /is already active in this account/ });
    // A second refused Start replaces the first one's copy: still one copy.
    await assert.rejects(start(sdk, poolId, refused.jobId), { name: 'PreconditionNotMetException' });
    assert.equal((await server.storedUploads(poolId, refused.jobId)).length, 2);
    // Uploaded, never started.
    const idle = await newJob(sdk, poolId, 'idle');
    assert.equal((await curlUpload(idle.url, csv)).status, 200);
    assert.equal((await server.storedUploads(poolId, idle.jobId)).length, 1);

    clock.advance(TTL - 1);
    await sleep(100); // several sweeps: nothing inside its TTL is touched
    assert.equal((await server.storedUploads(poolId, refused.jobId)).length, 2);
    assert.equal((await server.storedUploads(poolId, idle.jobId)).length, 1);

    clock.advance(1);
    for (let i = 0; i < 100 && ((await server.storedUploads(poolId, refused.jobId)).length || (await server.storedUploads(poolId, idle.jobId)).length); i++) await sleep(20);
    assert.deepEqual(await server.storedUploads(poolId, refused.jobId), []);
    assert.deepEqual(await server.storedUploads(poolId, idle.jobId), []);
    assert.equal((await describeJob(sdk, poolId, idle.jobId)).Status, 'Expired');
    // The active job is not expired: its upload stays.
    assert.equal((await server.storedUploads(poolId, active.jobId)).length, 2);
  });
});

test('Stop then DeleteUserPool deletes every upload of the pool', { skip }, async () => {
  await withServer({}, async (server) => {
    const sdk = server.client();
    const poolId = await newPool(sdk);
    const csv = csvFile(work, 'pool.csv', csvText([userRow(1)]));
    const a = await newJob(sdk, poolId, 'a');
    const b = await newJob(sdk, poolId, 'b');
    assert.equal((await curlUpload(a.url, csv)).status, 200);
    assert.equal((await curlUpload(b.url, csv)).status, 200);
    await start(sdk, poolId, a.jobId);
    await sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: a.jobId }));
    const s3 = s3Of(server);
    const direct = objectKey(s3, `${KEY_A.accountId}/${poolId}/${b.jobId}`);
    assert.equal(await objectExists(s3, direct), true);
    assert.equal((await server.storedUploads(poolId, a.jobId)).length, 2);
    await sdk.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(await server.storedUploads(poolId, a.jobId), []);
    assert.deepEqual(await server.storedUploads(poolId, b.jobId), []);
  });
});

test('a server whose bucket does not exist does not start, and says why', { skip }, async () => {
  const s3 = TEST_BLOB_STORE as S3Config;
  const dataDir = tempDir();
  try {
    await assert.rejects(startTestServer({ dataDir, blobStore: { ...s3, bucket: 'no-such-bucket-for-cognito-import' } }),
      /the blob store s3:\/\/no-such-bucket-for-cognito-import\/suite cannot be used: S3 bucket no-such-bucket-for-cognito-import at http:\/\/127\.0\.0\.1:\d+: no such bucket/);
  } finally {
    cleanup(dataDir);
  }
});

test('cognito-import serve --blob-store s3://bucket/prefix (the command line, with the AWS variables) hands out bucket URLs', { skip }, async () => {
  const dataDir = tempDir();
  const blob = blobStoreForSpawn();
  const s3 = blob.config as S3Config;
  const server = await spawnServer(['--data-dir', dataDir, ...blob.args], {
    ...blob.env, COGNITO_IMPORT_ACCESS_KEY_ID: KEY_A.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: KEY_A.secretAccessKey,
    COGNITO_IMPORT_ACCOUNT_ID: KEY_A.accountId,
  });
  const sdk = new CognitoIdentityProviderClient({
    endpoint: server.url, region: 'us-west-2', maxAttempts: 1,
    credentials: { accessKeyId: KEY_A.accessKeyId, secretAccessKey: KEY_A.secretAccessKey },
  });
  try {
    const poolId = await newPool(sdk);
    const { jobId, url } = await newJob(sdk, poolId);
    const u = new URL(url);
    assert.equal(`${u.origin}${u.pathname}`, `${s3.endpoint}/${s3.bucket}/${s3.prefix}/${KEY_A.accountId}/${poolId}/${jobId}`);
    await assert.rejects(start(sdk, poolId, jobId), { name: 'PreconditionNotMetException' });
    assert.equal((await curlUpload(url, csvFile(work, 'spawned.csv', csvText([userRow(1)])))).status, 200);
    assert.equal((await start(sdk, poolId, jobId)).UserImportJob!.Status, 'Pending');
  } finally {
    sdk.destroy();
    await server.stop();
    cleanup(dataDir);
  }
});

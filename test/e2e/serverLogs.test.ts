// The server's log as an operator reads it (`cognito-import serve`, stderr): one JSON line per
// request (request id, operation, account, status, error type, duration) and per job event
// (started, finished with its counters); --log-level error keeps only errors; no line carries a
// user's attribute values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { blobStoreForSpawn, cleanup, KEY_A, spawnServer, tempDir, type SpawnedServer } from '../helpers/server';
import { newPool, startJob, uploadedJob, waitForJob } from '../helpers/jobs';
import { csvText, userRow } from '../helpers/csv';

const KEY_ENV = { COGNITO_IMPORT_ACCESS_KEY_ID: KEY_A.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: KEY_A.secretAccessKey, COGNITO_IMPORT_ACCOUNT_ID: KEY_A.accountId };

async function withServer(args: string[], body: (sdk: CognitoIdentityProviderClient) => Promise<void>): Promise<Record<string, unknown>[]> {
  const dir = tempDir('ci-logs-');
  const blobs = blobStoreForSpawn();
  let s: SpawnedServer | undefined;
  try {
    s = await spawnServer(['--data-dir', dir, ...blobs.args, ...args], { ...KEY_ENV, ...blobs.env });
    const sdk = new CognitoIdentityProviderClient({ endpoint: s.url, region: 'us-west-2', credentials: KEY_A });
    await body(sdk);
    sdk.destroy();
    assert.equal(await s.stop(), 0);
    return s.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  } finally {
    if (s?.child.exitCode === null) await s.stop();
    cleanup(dir);
  }
}

test('a line per request and per job event, with ids, counts and times only', async () => {
  const marker = 'zq7-marker';
  let poolId = '';
  let jobId = '';
  const lines = await withServer([], async (sdk) => {
    poolId = await newPool(sdk, 'logged');
    await assert.rejects(sdk.send(new DescribeUserPoolCommand({ UserPoolId: 'us-west-2_missing00' })), { name: 'ResourceNotFoundException' });
    ({ jobId } = await uploadedJob(sdk, poolId, csvText([1, 2, 3].map((i) => userRow(i, { email: `${marker}${i}@example.com`, name: `${marker} name` })))));
    await startJob(sdk, poolId, jobId);
    assert.equal((await waitForJob(sdk, poolId, jobId)).Status, 'Succeeded');
  });
  for (const l of lines) {
    assert.match(String(l.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(['info', 'error'].includes(String(l.level)), JSON.stringify(l));
  }
  const requests = lines.filter((l) => l.msg === 'request');
  const created = requests.find((l) => l.operation === 'CreateUserPool');
  assert.ok(created, JSON.stringify(requests));
  assert.deepEqual(Object.keys(created).sort(), ['account', 'durationMs', 'level', 'msg', 'operation', 'requestId', 'status', 'time']);
  assert.deepEqual([created.account, created.status, typeof created.durationMs, typeof created.requestId], [KEY_A.accountId, 200, 'number', 'string']);
  const missing = requests.find((l) => l.operation === 'DescribeUserPool');
  assert.deepEqual([missing?.status, missing?.errorType], [400, 'ResourceNotFoundException']);
  const upload = requests.find((l) => l.method === 'PUT');
  if (blobStoreForSpawn().config.kind === 's3') {
    assert.equal(upload, undefined, 'with S3 as the blob store the file goes straight to the bucket');
  } else {
    assert.equal(upload?.status, 200);
    assert.doesNotMatch(String(upload?.path), /[?&]X-Amz-/, 'no signature in the log');
  }
  assert.ok(requests.some((l) => l.operation === 'DescribeUserImportJob'));
  const job = (msg: string): Record<string, unknown> | undefined => lines.find((l) => l.msg === msg && l.jobId === jobId);
  assert.deepEqual(job('job started'), { ...job('job started'), accountId: KEY_A.accountId, poolId, jobId });
  const finished = job('job finished');
  assert.deepEqual([finished?.status, finished?.imported, finished?.skipped, finished?.failed, finished?.message],
    ['Succeeded', 3, 0, 0, 'Import Job Completed Successfully.']);
  assert.equal(typeof finished?.seconds, 'number');
  const all = lines.map((l) => JSON.stringify(l)).join('\n');
  assert.ok(!all.includes(marker), 'no attribute value in the log');
  assert.ok(!all.includes(KEY_A.secretAccessKey), 'no secret in the log');
});

test('--log-level error: no request or job lines', async () => {
  const lines = await withServer(['--log-level', 'error'], async (sdk) => {
    await sdk.send(new ListUserPoolsCommand({ MaxResults: 1 }));
  });
  assert.deepEqual(lines.filter((l) => l.level !== 'error'), []);
});

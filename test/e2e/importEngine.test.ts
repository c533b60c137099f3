// The import engine end to end: a started job runs by itself, its counters add up,
// users land in the pool, every row's outcome is in the logs, stop and pool deletion behave.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand, CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand,
  DeleteUserPoolCommand, DescribeUserImportJobCommand, DescribeUserPoolCommand, StartUserImportJobCommand,
  StopUserImportJobCommand, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startTestServer, ROLE_ARN, KEY_A, type TestServer } from '../helpers/server';
import { uploadCsv } from '../helpers/upload';
import { csvText, userRow, STANDARD_HEADER, type Row } from '../helpers/csv';
import { POOL_DELETED } from '../../src/worker/importUsers';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let logs: CloudWatchLogsClient;

before(async () => {
  server = await startTestServer({ worker: { concurrency: 2, batchSize: 100 } });
  sdk = server.client();
  logs = server.logsClient();
});
after(async () => {
  await server.close();
});

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

async function newPool(name = 'engine'): Promise<string> {
  const r = await sdk.send(new CreateUserPoolCommand({ PoolName: name, AutoVerifiedAttributes: ['email'] }));
  return r.UserPool!.Id!;
}

async function importCsv(poolId: string, body: string | Buffer, jobName = 'engine-job'): Promise<{ jobId: string }> {
  const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: jobName, CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  assert.equal((await uploadCsv(job.PreSignedUrl!, body)).status, 200);
  await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
  return { jobId: job.JobId! };
}

async function describe(poolId: string, jobId: string): Promise<UserImportJobType> {
  return (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
}

async function waitFor(poolId: string, jobId: string, done = (j: UserImportJobType) => TERMINAL.has(j.Status!), timeoutMs = 30_000): Promise<UserImportJobType> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const j = await describe(poolId, jobId);
    if (done(j)) return j;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${j.Status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function logLines(poolId: string, poolName: string, jobId: string, jobName: string): Promise<string[]> {
  const r = await logs.send(new GetLogEventsCommand({
    logGroupName: `/aws/cognito/userpools/${poolId}/${poolName}`, logStreamName: `${jobId}/${jobName}`, startFromHead: true,
  }));
  return r.events!.map((e) => e.message!);
}

test('a clean file: every user imported, RESET_REQUIRED, counters and message exact', async () => {
  const poolId = await newPool();
  const rows = Array.from({ length: 250 }, (_, i) => userRow(i + 1));
  const { jobId } = await importCsv(poolId, csvText(rows));
  const j = await waitFor(poolId, jobId);
  assert.equal(j.Status, 'Succeeded');
  assert.equal(j.CompletionMessage, 'Import Job Completed Successfully.');
  assert.deepEqual([j.ImportedUsers, j.SkippedUsers, j.FailedUsers], [250, 0, 0]);
  assert.ok(j.StartDate && j.CompletionDate && j.CompletionDate >= j.StartDate);
  const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(pool.UserPool!.EstimatedNumberOfUsers, 250);
  const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user7' }));
  assert.equal(u.UserStatus, 'RESET_REQUIRED');
  assert.equal(u.Enabled, true);
  const attrs = Object.fromEntries(u.UserAttributes!.map((a) => [a.Name, a.Value]));
  assert.match(attrs.sub!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(attrs.email, 'user7@example.com');
  assert.equal(attrs.email_verified, 'true');
  assert.equal(attrs.name, 'User 7');
  assert.equal(u.UserCreateDate!.getTime(), u.UserLastModifiedDate!.getTime());
  const lines = await logLines(poolId, 'engine', jobId, 'engine-job');
  assert.equal(lines.length, 250);
  assert.equal(lines[0], '[SUCCEEDED] Line Number 1 - The import succeeded.');
  assert.equal(lines[249], '[SUCCEEDED] Line Number 250 - The import succeeded.');
});

test('skipped and failed rows: counters add up, the job goes on, each row logged without user data', async () => {
  const poolId = await newPool('mixed');
  await waitFor(poolId, (await importCsv(poolId, csvText([userRow(1)]), 'first')).jobId);
  const rows: Row[] = [
    userRow(1), // already in the pool
    userRow(2),
    userRow(2, { email: 'other@example.com' }), // repeated in this file
    userRow(3, { email_verified: 'false' }), // no auto-verified attribute true
    userRow(4),
    userRow(5, { 'cognito:mfa_enabled': '' }), // required value missing
  ];
  const { jobId } = await importCsv(poolId, csvText(rows), 'second');
  const j = await waitFor(poolId, jobId);
  assert.deepEqual([j.ImportedUsers, j.SkippedUsers, j.FailedUsers], [2, 2, 2]);
  assert.equal(j.Status, 'Failed'); // failed + skipped (4) exceeds imported (2)
  assert.equal(j.CompletionMessage, 'Too many users have failed or been skipped during the import.');
  const lines = await logLines(poolId, 'mixed', jobId, 'second');
  assert.deepEqual(lines.slice(0, 4), [
    '[SKIPPED] Line Number 1 - The user already exists.',
    '[SUCCEEDED] Line Number 2 - The import succeeded.',
    '[SKIPPED] Line Number 3 - The user already exists.',
    '[FAILED] Line Number 4 - The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).',
  ]);
  assert.match(lines[5], /^\[FAILED\] Line Number 6 - .*cognito:mfa_enabled/);
  for (const l of lines) assert.doesNotMatch(l, /example\.com|user\d/);
});

test('a header that is not the pool\'s fails the job before any row, naming the column', async () => {
  const poolId = await newPool('badheader');
  const header = STANDARD_HEADER.filter((c) => c !== 'cognito:mfa_enabled');
  const { jobId } = await importCsv(poolId, csvText([userRow(1)], header));
  const j = await waitFor(poolId, jobId);
  assert.equal(j.Status, 'Failed');
  assert.match(j.CompletionMessage!, /cognito:mfa_enabled/);
  assert.deepEqual([j.ImportedUsers, j.SkippedUsers, j.FailedUsers], [0, 0, 0]);
  const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(pool.UserPool!.EstimatedNumberOfUsers, 0);
});

test('a file with a byte-order mark, or bytes that are not UTF-8, fails the job and says so', async () => {
  const poolId = await newPool('encoding');
  const bom = await importCsv(poolId, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText([userRow(1)]))]), 'bom');
  const j1 = await waitFor(poolId, bom.jobId);
  assert.equal(j1.Status, 'Failed');
  assert.match(j1.CompletionMessage!, /byte-order mark/);
  const bad = await importCsv(poolId, Buffer.concat([Buffer.from(csvText([userRow(1)])), Buffer.from([0xc3, 0x28, 0x0a])]), 'latin');
  const j2 = await waitFor(poolId, bad.jobId);
  assert.equal(j2.Status, 'Failed');
  assert.match(j2.CompletionMessage!, /not valid UTF-8/);
  assert.equal(j2.ImportedUsers, 0);
});

test('stop mid-run: Stopping until the batch commits, then Stopped; committed users stay', async () => {
  const poolId = await newPool('stopme');
  const rows = Array.from({ length: 30_000 }, (_, i) => userRow(i + 1));
  const { jobId } = await importCsv(poolId, csvText(rows));
  await waitFor(poolId, jobId, (j) => j.Status === 'InProgress' && (j.ImportedUsers ?? 0) > 0);
  const stop = await sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
  assert.ok(['Stopping', 'Stopped'].includes(stop.UserImportJob!.Status!));
  const j = await waitFor(poolId, jobId);
  assert.equal(j.Status, 'Stopped');
  assert.equal(j.CompletionMessage, 'The Import Job was stopped by the developer.');
  assert.ok(j.CompletionDate);
  assert.ok(j.ImportedUsers! > 0 && j.ImportedUsers! < 30_000, `imported ${j.ImportedUsers}`);
  const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(pool.UserPool!.EstimatedNumberOfUsers, j.ImportedUsers);
  await assert.rejects(sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: jobId })), { name: 'InvalidParameterException' });
});

test('two Starts at the same instant in one account: one Pending, one PreconditionNotMetException', async () => {
  const [p1, p2] = [await newPool('race1'), await newPool('race2')];
  const jobs = [];
  // Files long enough that the winner is still running when the other Start is checked: the
  // engine runs in a thread of its own, and a one-row job could finish between the two requests,
  // leaving the account free for the second (as it should be).
  const file = csvText(Array.from({ length: 20_000 }, (_, i) => userRow(i + 1)));
  for (const p of [p1, p2]) {
    const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: p, JobName: 'race', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
    await uploadCsv(job.PreSignedUrl!, file);
    jobs.push({ p, id: job.JobId! });
  }
  const results = await Promise.allSettled(jobs.map((j) => sdk.send(new StartUserImportJobCommand({ UserPoolId: j.p, JobId: j.id }))));
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 1);
  assert.equal(refused.length, 1);
  assert.equal((refused[0].reason as Error).name, 'PreconditionNotMetException');
  for (const j of jobs) await waitFor(j.p, j.id, (x) => x.Status === 'Created' || TERMINAL.has(x.Status!));
});

test('pool deleted mid-run: the job ends with it and the account can import again', async () => {
  const poolId = await newPool('doomed');
  const { jobId } = await importCsv(poolId, csvText(Array.from({ length: 30_000 }, (_, i) => userRow(i + 1))));
  await waitFor(poolId, jobId, (j) => j.Status === 'InProgress' && (j.ImportedUsers ?? 0) > 0);
  await sdk.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
  await assert.rejects(describe(poolId, jobId), { name: 'ResourceNotFoundException' });
  // The log stream outlives the pool and says why the import ended.
  const newest = async (): Promise<string | undefined> => (await logs.send(new GetLogEventsCommand({
    logGroupName: `/aws/cognito/userpools/${poolId}/doomed`, logStreamName: `${jobId}/engine-job`, limit: 1,
  }))).events![0]?.message;
  const until = Date.now() + 10_000;
  while (Date.now() < until && (await newest()) !== `[FAILED] ${POOL_DELETED}`) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await newest(), `[FAILED] ${POOL_DELETED}`);
  const next = await newPool('after');
  const again = await importCsv(next, csvText([userRow(1)]));
  assert.equal((await waitFor(next, again.jobId)).Status, 'Succeeded');
});

test('a pool name with spaces still gets a log group the Logs API can read', async () => {
  const r = await sdk.send(new CreateUserPoolCommand({ PoolName: 'Acme users+staff', AutoVerifiedAttributes: ['email'] }));
  const poolId = r.UserPool!.Id!;
  const { jobId } = await importCsv(poolId, csvText([userRow(1)]), 'spaced');
  assert.equal((await waitFor(poolId, jobId)).Status, 'Succeeded');
  assert.deepEqual(await logLines(poolId, 'Acme_users_staff', jobId, 'spaced'), ['[SUCCEEDED] Line Number 1 - The import succeeded.']);
});

// Import-job operations through the AWS SDK v3 client against a real server (spec section 2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand, CreateUserImportJobCommand, DescribeUserImportJobCommand, StartUserImportJobCommand,
  StopUserImportJobCommand, ListUserImportJobsCommand, GetCSVHeaderCommand, CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, ROLE_ARN, KEY_B, type TestServer } from '../helpers/server';
import { uploadCsv } from '../helpers/upload';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;

before(async () => {
  server = await startTestServer();
  sdk = server.client();
});
after(() => server.close());

async function newPool(autoVerified: ('email' | 'phone_number')[] = ['email']): Promise<string> {
  const r = await sdk.send(new CreateUserPoolCommand({ PoolName: 'import-test', AutoVerifiedAttributes: autoVerified }));
  return r.UserPool!.Id!;
}

async function newJob(poolId: string, name = 'job'): Promise<{ JobId: string; PreSignedUrl: string }> {
  const r = await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: ROLE_ARN }));
  return { JobId: r.UserImportJob!.JobId!, PreSignedUrl: r.UserImportJob!.PreSignedUrl! };
}

test('create returns a Created job with zero counters and an upload URL on this server (or the S3 bucket)', async () => {
  const poolId = await newPool();
  const r = await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'first', CloudWatchLogsRoleArn: ROLE_ARN, PasswordHashingAlgorithm: 'BCRYPT' }));
  const j = r.UserImportJob!;
  assert.match(j.JobId!, /^import-[A-Za-z0-9]{10}$/);
  assert.equal(j.Status, 'Created');
  assert.deepEqual([j.ImportedUsers, j.SkippedUsers, j.FailedUsers], [0, 0, 0]);
  assert.equal(j.PasswordHashingAlgorithm, 'BCRYPT');
  assert.equal(j.StartDate, undefined);
  const url = new URL(j.PreSignedUrl!);
  assert.equal(`${url.origin}${url.pathname}`, server.uploadUrlOf(poolId, j.JobId!));
  assert.equal(url.searchParams.get('X-Amz-Expires'), '900');
  assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host;x-amz-server-side-encryption');
});

test('start without an upload: PreconditionNotMetException with the AWS message', async () => {
  const poolId = await newPool();
  const job = await newJob(poolId);
  await assert.rejects(sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })),
    { name: 'PreconditionNotMetException', message: `No csv file was uploaded for ${job.JobId}` });
});

test('upload, start -> Pending with StartDate; stop -> Stopped with the exact message; no restart', async () => {
  const poolId = await newPool();
  const job = await newJob(poolId);
  assert.equal((await uploadCsv(job.PreSignedUrl, 'x\n')).status, 200);
  const started = await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
  assert.equal(started.UserImportJob!.Status, 'Pending');
  assert.ok(started.UserImportJob!.StartDate instanceof Date);
  const stopped = await sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
  assert.equal(stopped.UserImportJob!.Status, 'Stopped');
  assert.equal(stopped.UserImportJob!.CompletionMessage, 'The Import Job was stopped by the developer.');
  assert.ok(stopped.UserImportJob!.CompletionDate instanceof Date);
  await assert.rejects(sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })), { name: 'InvalidParameterException' });
  await assert.rejects(sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })), { name: 'InvalidParameterException' });
  const d = await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
  assert.equal(d.UserImportJob!.Status, 'Stopped');
});

test('one active job per account: a second start is refused until the first is stopped', async () => {
  const poolId = await newPool();
  const a = await newJob(poolId, 'a');
  const b = await newJob(poolId, 'b');
  await uploadCsv(a.PreSignedUrl, 'x\n');
  await uploadCsv(b.PreSignedUrl, 'x\n');
  await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: a.JobId }));
  await assert.rejects(sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: b.JobId })), (e: Error) => {
    assert.equal(e.name, 'PreconditionNotMetException');
    assert.match(e.message, new RegExp(a.JobId));
    return true;
  });
  const still = await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: b.JobId }));
  assert.equal(still.UserImportJob!.Status, 'Created');
  await sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: a.JobId }));
  const r = await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: b.JobId }));
  assert.equal(r.UserImportJob!.Status, 'Pending');
  await sdk.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: b.JobId }));
});

test('list is newest first, pages of at most 50 with an opaque token', async () => {
  const poolId = await newPool();
  const ids: string[] = [];
  for (let i = 0; i < 53; i++) ids.push((await newJob(poolId, `j${i}`)).JobId);
  const p1 = await sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 60 }));
  assert.equal(p1.UserImportJobs!.length, 50);
  assert.equal(p1.UserImportJobs![0].JobName, 'j52');
  assert.ok(p1.PaginationToken);
  const p2 = await sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 60, PaginationToken: p1.PaginationToken }));
  assert.deepEqual(p2.UserImportJobs!.map((j) => j.JobName), ['j2', 'j1', 'j0']);
  assert.equal(p2.PaginationToken, undefined);
  const all = [...p1.UserImportJobs!, ...p2.UserImportJobs!].map((j) => j.JobId);
  assert.deepEqual(all, [...ids].reverse());
  await assert.rejects(sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 5, PaginationToken: 'bm90LWEtdG9rZW4' })), { name: 'InvalidParameterException' });
});

test('another account sees neither the pool nor its jobs', async () => {
  const poolId = await newPool();
  const job = await newJob(poolId);
  const other = server.client({ key: KEY_B });
  await assert.rejects(other.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })),
    { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
  await assert.rejects(other.send(new GetCSVHeaderCommand({ UserPoolId: poolId })), { name: 'ResourceNotFoundException' });
  await assert.rejects(other.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })), { name: 'ResourceNotFoundException' });
});

test('unknown job: ResourceNotFoundException naming it', async () => {
  const poolId = await newPool();
  await assert.rejects(sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: 'import-AAAAAAAAAA' })),
    { name: 'ResourceNotFoundException', message: 'Import job import-AAAAAAAAAA does not exist.' });
});

// The installed aws CLI (version 1) against a real server (spec sections 1, 2 and 7): it parses
// every answer, prints the values we set, and prints a job's keys in model order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, aws, cleanup, tempDir, FakeClock, ROLE_ARN, type RunResult, type TestServer } from '../helpers/server';
import { curlUpload, csvFile } from '../helpers/curl';

const CSV_HEADER = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
  'picture', 'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
  'phone_number_verified', 'address', 'updated_at', 'cognito:mfa_enabled', 'cognito:username'];

// The aws CLI signs with the real time, so the fake clock stays near it; the odd milliseconds
// show that timestamps keep their fraction (1548271795.471) all the way to the CLI's output.
const T0 = Math.floor(Date.now() / 1000) * 1000 + 471;
const wire = (ms: number): number => ms / 1000;

let clock: FakeClock;
let server: TestServer;
let env: NodeJS.ProcessEnv;
let work: string;
let poolId: string;
let job: Record<string, unknown>;

before(async () => {
  clock = new FakeClock(T0);
  server = await startTestServer({ clock });
  env = server.awsEnv();
  work = tempDir('ci-cli-');
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
  cleanup(work);
  if (env.HOME) cleanup(env.HOME);
});

const idp = (...args: string[]): Promise<RunResult> => aws(server, ['cognito-idp', ...args], env);

async function ok(...args: string[]): Promise<Record<string, unknown> & { stdout: string }> {
  const r = await idp(...args);
  assert.equal(r.code, 0, r.stderr);
  return { ...(JSON.parse(r.stdout) as Record<string, unknown>), stdout: r.stdout };
}

/** What the CLI prints for a job: 4-space JSON, keys in the order given (the model's). */
const printed = (j: Record<string, unknown>): string => `${JSON.stringify({ UserImportJob: j }, null, 4)}\n`;

test('the seed command: exit 255 and the AWS error line for an unknown pool', async () => {
  const r = await idp('describe-user-import-job', '--user-pool-id', 'us-west-2_aaaaaaaaa', '--job-id', 'import-TZqNQvDRnW');
  assert.equal(r.code, 255);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim(),
    'An error occurred (ResourceNotFoundException) when calling the DescribeUserImportJob operation: User pool us-west-2_aaaaaaaaa does not exist.');
});

test('create-user-pool and get-csv-header', async () => {
  const created = await ok('create-user-pool', '--pool-name', 'cli-pool', '--auto-verified-attributes', 'email');
  const pool = created.UserPool as { Id: string; Name: string; AutoVerifiedAttributes: string[] };
  assert.match(pool.Id, /^us-west-2_[0-9A-Za-z]{9}$/);
  assert.equal(pool.Name, 'cli-pool');
  assert.deepEqual(pool.AutoVerifiedAttributes, ['email']);
  poolId = pool.Id;
  const h = await ok('get-csv-header', '--user-pool-id', poolId);
  assert.deepEqual({ UserPoolId: h.UserPoolId, CSVHeader: h.CSVHeader }, { UserPoolId: poolId, CSVHeader: CSV_HEADER });
});

test('create-user-import-job and describe-user-import-job print the job, keys in model order', async () => {
  const c = await ok('create-user-import-job', '--user-pool-id', poolId, '--job-name', 'cli import', '--cloud-watch-logs-role-arn', ROLE_ARN);
  const made = c.UserImportJob as { JobId: string; PreSignedUrl: string };
  assert.match(made.JobId, /^import-[0-9A-Za-z]{10}$/);
  const url = new URL(made.PreSignedUrl);
  assert.equal(`${url.origin}${url.pathname}`, server.uploadUrlOf(poolId, made.JobId));
  job = {
    JobName: 'cli import', JobId: made.JobId, UserPoolId: poolId, PreSignedUrl: made.PreSignedUrl, CreationDate: wire(T0),
    Status: 'Created', CloudWatchLogsRoleArn: ROLE_ARN, ImportedUsers: 0, SkippedUsers: 0, FailedUsers: 0,
  };
  assert.equal(c.stdout, printed(job));
  const d = await ok('describe-user-import-job', '--user-pool-id', poolId, '--job-id', made.JobId);
  assert.equal(d.stdout, printed(job));
});

test('list-user-import-jobs: newest first, a token only when more remain; --max-results 61 refused', async () => {
  clock.advance(1000);
  const second = ((await ok('create-user-import-job', '--user-pool-id', poolId, '--job-name', 'second', '--cloud-watch-logs-role-arn', ROLE_ARN))
    .UserImportJob as { JobId: string }).JobId;
  const all = await ok('list-user-import-jobs', '--user-pool-id', poolId, '--max-results', '10');
  assert.deepEqual((all.UserImportJobs as { JobId: string }[]).map((j) => j.JobId), [second, job.JobId]);
  assert.deepEqual((all.UserImportJobs as Record<string, unknown>[])[1], job);
  assert.equal(all.PaginationToken, undefined);
  const page = await ok('list-user-import-jobs', '--user-pool-id', poolId, '--max-results', '1');
  assert.deepEqual((page.UserImportJobs as { JobId: string }[]).map((j) => j.JobId), [second]);
  assert.equal(typeof page.PaginationToken, 'string');
  const next = await ok('list-user-import-jobs', '--user-pool-id', poolId, '--max-results', '1', '--pagination-token', page.PaginationToken as string);
  assert.deepEqual((next.UserImportJobs as { JobId: string }[]).map((j) => j.JobId), [job.JobId]);

  const r = await idp('list-user-import-jobs', '--user-pool-id', poolId, '--max-results', '61');
  assert.equal(r.code, 255);
  assert.equal(r.stderr.trim(), 'An error occurred (InvalidParameterException) when calling the ListUserImportJobs operation: '
    + "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60");
});

test('curl upload, start-user-import-job, stop-user-import-job, then describe with every key in model order', async () => {
  const file = csvFile(work, 'users.csv', `${CSV_HEADER.join(',')}\n`);
  assert.equal((await curlUpload(job.PreSignedUrl as string, file)).status, 200);

  clock.advance(2250);
  const startMs = clock.now();
  const started = (await ok('start-user-import-job', '--user-pool-id', poolId, '--job-id', job.JobId as string)).UserImportJob as Record<string, unknown>;
  assert.deepEqual([started.Status, started.StartDate, started.CompletionDate], ['Pending', wire(startMs), undefined]);

  clock.advance(1005);
  const stopMs = clock.now();
  const stopped = (await ok('stop-user-import-job', '--user-pool-id', poolId, '--job-id', job.JobId as string)).UserImportJob as Record<string, unknown>;
  assert.deepEqual([stopped.Status, stopped.CompletionMessage], ['Stopped', 'The Import Job was stopped by the developer.']);

  const d = await ok('describe-user-import-job', '--user-pool-id', poolId, '--job-id', job.JobId as string);
  assert.equal(d.stdout, printed({
    JobName: job.JobName, JobId: job.JobId, UserPoolId: poolId, PreSignedUrl: job.PreSignedUrl, CreationDate: wire(T0),
    StartDate: wire(startMs), CompletionDate: wire(stopMs), Status: 'Stopped', CloudWatchLogsRoleArn: ROLE_ARN,
    ImportedUsers: 0, SkippedUsers: 0, FailedUsers: 0, CompletionMessage: 'The Import Job was stopped by the developer.',
  }));
});

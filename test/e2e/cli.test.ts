// Conformance of `cognito-import <service> <command>` with the installed aws CLI (version 1) on
// the same running server (spec section 7): both run as child processes with the same
// isolated HOME, ~/.aws/config (region, cli_timestamp_format = wire) and ~/.aws/credentials.
// Where version 2, our reference, differs from version 1 the test checks version 2's rule:
//   - exit codes: 254 for a service error (v1: 255), 252 for bad syntax (v1: 2 or 255),
//     253 for bad configuration (v1: 255);
//   - argparse errors: v2 puts a blank line between the usage text and the error line.
// Two servers: one without an import runner, so started jobs stay Pending for start/stop;
// one with it, for the users and log events of a finished import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeUserImportJobCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, aws, run, cleanup, tempDir, BIN, KEY_A, FakeClock, ROLE_ARN, type RunResult, type TestServer } from '../helpers/server';
import { uploadCsv } from '../helpers/upload';
import { csvText, userRow, STANDARD_HEADER } from '../helpers/csv';

const T0 = Math.floor(Date.now() / 1000) * 1000 + 471; // timestamps keep their milliseconds (1548271795.471)

let lifecycle: TestServer;
let importer: TestServer;
let home: string;
let env: NodeJS.ProcessEnv;
let poolId: string;
let donePool: string;
let doneJob: string;

function ours(server: TestServer, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(process.execPath, [BIN, '--endpoint-url', server.url, ...args], { ...env, ...extraEnv });
}
const theirs = (server: TestServer, args: string[]): Promise<RunResult> => aws(server, args, env);
const both = (server: TestServer, args: string[]): Promise<[RunResult, RunResult]> => Promise.all([ours(server, args), theirs(server, args)]);

/** Same stdout, byte for byte; both succeed. */
async function sameOutput(server: TestServer, args: string[]): Promise<string> {
  const [o, a] = await both(server, args);
  assert.equal(a.code, 0, `aws: ${a.stderr}`);
  assert.equal(o.code, 0, `cognito-import: ${o.stderr}`);
  assert.equal(o.stdout, a.stdout, args.join(' '));
  assert.equal(o.stderr, '');
  return o.stdout;
}

/** Same stderr text for the same service failure; exit 254 as aws v2 (v1 says 255). */
async function sameServiceError(server: TestServer, args: string[], line: string): Promise<void> {
  const [o, a] = await both(server, args);
  assert.equal(a.code, 255);
  assert.equal(o.code, 254);
  assert.equal(o.stdout, '');
  assert.equal(o.stderr, a.stderr);
  assert.equal(o.stderr, `\n${line}\n`);
}

async function waitForJob(server: TestServer, pool: string, job: string, status: string): Promise<void> {
  const c = server.client();
  for (let i = 0; i < 200; i++) {
    const d = await c.send(new DescribeUserImportJobCommand({ UserPoolId: pool, JobId: job }));
    if (d.UserImportJob?.Status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`job ${job} never reached ${status}`);
}

before(async () => {
  const clock = new FakeClock(T0);
  [lifecycle, importer] = await Promise.all([
    startTestServer({ clock }),
    startTestServer({ clock, worker: { concurrency: 1, pollMs: 50 } }),
  ]);
  home = tempDir('ci-cli-home-');
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = us-west-2\ncli_timestamp_format = wire\n\n[profile other]\nregion = eu-west-1\n');
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = ${KEY_A.accessKeyId}\naws_secret_access_key = ${KEY_A.secretAccessKey}\n`);
  env = {
    PATH: process.env.PATH, HOME: home, AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
  };
  const created = await ours(lifecycle, ['cognito-idp', 'create-user-pool', '--pool-name', 'cli-pool', '--auto-verified-attributes', 'email', '--output', 'json']);
  assert.equal(created.code, 0, created.stderr);
  poolId = (JSON.parse(created.stdout) as { UserPool: { Id: string } }).UserPool.Id;

  // A finished import on the second server: two users and their log lines.
  const pool = await ours(importer, ['cognito-idp', 'create-user-pool', '--pool-name', 'done-pool', '--auto-verified-attributes', 'email']);
  donePool = (JSON.parse(pool.stdout) as { UserPool: { Id: string } }).UserPool.Id;
  const job = await ours(importer, ['cognito-idp', 'create-user-import-job', '--user-pool-id', donePool, '--job-name', 'done', '--cloud-watch-logs-role-arn', ROLE_ARN]);
  const made = (JSON.parse(job.stdout) as { UserImportJob: { JobId: string; PreSignedUrl: string } }).UserImportJob;
  doneJob = made.JobId;
  assert.equal((await uploadCsv(made.PreSignedUrl, csvText([userRow(1), userRow(2), userRow(3)], STANDARD_HEADER))).status, 200);
  assert.equal((await ours(importer, ['cognito-idp', 'start-user-import-job', '--user-pool-id', donePool, '--job-id', doneJob])).code, 0);
  await waitForJob(importer, donePool, doneJob, 'Succeeded');
});

after(async () => {
  await Promise.all([lifecycle.close(), importer.close()]);
  cleanup(lifecycle.dataDir);
  cleanup(importer.dataDir);
  cleanup(home);
});

/** A job as printed, its generated parts (id, upload URL) replaced. */
const generic = (stdout: string, jobId: string): string => stdout.split(jobId).join('<job-id>').replace(/"PreSignedUrl": "[^"]*"/, '"PreSignedUrl": "<url>"');
const jobIdOf = (stdout: string): string => (JSON.parse(stdout) as { UserImportJob: { JobId: string } }).UserImportJob.JobId;

test('get-csv-header, create, describe, list, start and stop print what the aws CLI prints', async () => {
  await sameOutput(lifecycle, ['cognito-idp', 'get-csv-header', '--user-pool-id', poolId]);
  const create = ['cognito-idp', 'create-user-import-job', '--user-pool-id', poolId, '--job-name', 'same name', '--cloud-watch-logs-role-arn', ROLE_ARN];
  const [o, a] = await both(lifecycle, create);
  assert.equal(o.code, 0, o.stderr);
  assert.equal(a.code, 0, a.stderr);
  const ourJob = jobIdOf(o.stdout);
  const theirJob = jobIdOf(a.stdout);
  assert.notEqual(ourJob, theirJob);
  assert.equal(generic(o.stdout, ourJob), generic(a.stdout, theirJob));
  assert.match(o.stdout, /"CreationDate": \d+\.471,/); // cli_timestamp_format = wire: the wire number

  await sameOutput(lifecycle, ['cognito-idp', 'describe-user-import-job', '--user-pool-id', poolId, '--job-id', ourJob]);
  await sameOutput(lifecycle, ['cognito-idp', 'list-user-import-jobs', '--user-pool-id', poolId, '--max-results', '10']);

  // Each tool starts and stops its own job (one active job per account: one after the other).
  for (const job of [ourJob, theirJob]) {
    const url = (JSON.parse((await ours(lifecycle, ['cognito-idp', 'describe-user-import-job', '--user-pool-id', poolId, '--job-id', job])).stdout) as { UserImportJob: { PreSignedUrl: string } }).UserImportJob.PreSignedUrl;
    assert.equal((await uploadCsv(url, csvText([userRow(1)], STANDARD_HEADER))).status, 200);
  }
  const outputs: Record<string, string[]> = {};
  for (const [tool, job] of [['ours', ourJob], ['aws', theirJob]] as const) {
    const runIt = (args: string[]): Promise<RunResult> => (tool === 'ours' ? ours(lifecycle, args) : theirs(lifecycle, args));
    const start = await runIt(['cognito-idp', 'start-user-import-job', '--user-pool-id', poolId, '--job-id', job]);
    const stop = await runIt(['cognito-idp', 'stop-user-import-job', '--user-pool-id', poolId, '--job-id', job]);
    assert.equal(start.code, 0, start.stderr);
    assert.equal(stop.code, 0, stop.stderr);
    outputs[tool] = [generic(start.stdout, job), generic(stop.stdout, job)];
  }
  assert.deepEqual(outputs.ours, outputs.aws);
  assert.match(outputs.ours[1], /"Status": "Stopped"/);

  // The same failures: the same error line on stderr.
  await sameServiceError(lifecycle, ['cognito-idp', 'start-user-import-job', '--user-pool-id', poolId, '--job-id', ourJob],
    `An error occurred (InvalidParameterException) when calling the StartUserImportJob operation: Import job ${ourJob} is Stopped; only a job in status Created can be started.`);
});

test('list-users (every page, --max-items and its NextToken), admin-get-user and logs get-log-events print what the aws CLI prints', async () => {
  const all = await sameOutput(importer, ['cognito-idp', 'list-users', '--user-pool-id', donePool]);
  assert.equal((JSON.parse(all) as { Users: unknown[] }).Users.length, 3);
  // Pages of one user: the aws CLI fetches them all and joins them.
  await sameOutput(importer, ['cognito-idp', 'list-users', '--user-pool-id', donePool, '--page-size', '1']);
  const first = await sameOutput(importer, ['cognito-idp', 'list-users', '--user-pool-id', donePool, '--max-items', '2', '--page-size', '1']);
  const token = (JSON.parse(first) as { NextToken: string }).NextToken;
  assert.ok(token);
  await sameOutput(importer, ['cognito-idp', 'list-users', '--user-pool-id', donePool, '--starting-token', token]);
  await sameOutput(importer, ['cognito-idp', 'list-users', '--user-pool-id', donePool, '--attributes-to-get', 'email', '--max-items', '1']);
  // text prints page by page, then the NEXTTOKEN line; --query applies to each page.
  await sameOutput(importer, ['cognito-idp', 'list-users', '--user-pool-id', donePool, '--page-size', '1', '--max-items', '2', '--output', 'text', '--query', 'Users[].Username']);
  assert.match(await sameOutput(importer, ['cognito-idp', 'list-users', '--user-pool-id', donePool, '--page-size', '2', '--max-items', '1', '--output', 'text']), /\nNEXTTOKEN\t\S+\n$/);
  await sameOutput(importer, ['cognito-idp', 'admin-get-user', '--user-pool-id', donePool, '--username', 'user2']);
  const events = await sameOutput(importer, ['logs', 'get-log-events', '--log-group-name', `/aws/cognito/userpools/${donePool}/done-pool`, '--log-stream-name', `${doneJob}/done`, '--start-from-head']);
  assert.match(events, /\[SUCCEEDED\] Line Number 3 - The import succeeded\./);
  await sameServiceError(importer, ['cognito-idp', 'admin-get-user', '--user-pool-id', donePool, '--username', 'nobody'],
    'An error occurred (UserNotFoundException) when calling the AdminGetUser operation: User does not exist.');
  await sameServiceError(importer, ['cognito-idp', 'describe-user-import-job', '--user-pool-id', 'us-west-2_aaaaaaaaa', '--job-id', 'import-TZqNQvDRnW'],
    'An error occurred (ResourceNotFoundException) when calling the DescribeUserImportJob operation: User pool us-west-2_aaaaaaaaa does not exist.');
});

test('--generate-cli-skeleton input equals the aws CLI\'s; nothing is sent', async () => {
  const commands: [string, string][] = [
    ['cognito-idp', 'describe-user-import-job'], ['cognito-idp', 'list-user-import-jobs'], ['cognito-idp', 'start-user-import-job'],
    ['cognito-idp', 'stop-user-import-job'], ['cognito-idp', 'get-csv-header'], ['cognito-idp', 'list-users'],
    ['cognito-idp', 'admin-get-user'], ['logs', 'get-log-events'], ['cognito-idp', 'create-user-import-job'],
  ];
  // An endpoint nobody listens on: a request would fail.
  const nowhere = { url: 'http://127.0.0.1:9' } as TestServer;
  const results = await Promise.all(commands.map(([s, c]) => both(nowhere, [s, c, '--generate-cli-skeleton', 'input'])));
  results.forEach(([o, a], i) => {
    const [s, c] = commands[i];
    assert.equal(o.code, 0, o.stderr);
    assert.equal(a.code, 0, a.stderr);
    if (c === 'create-user-import-job') {
      // Our model adds PasswordHashingAlgorithm (spec section 8, model-patches.json); the
      // installed aws CLI's model predates it. An enum shows its first value (aws: a random one).
      const expected = { ...(JSON.parse(a.stdout) as Record<string, unknown>), PasswordHashingAlgorithm: 'BCRYPT' };
      assert.equal(o.stdout, `${JSON.stringify(expected, null, 4)}\n`, `${s} ${c}`);
    } else {
      assert.equal(o.stdout, a.stdout, `${s} ${c}`);
    }
  });
  const [noValue] = await both(nowhere, ['cognito-idp', 'get-csv-header', '--generate-cli-skeleton']);
  assert.equal(noValue.stdout, results[4][0].stdout);
});

test('bad lines: the same complaint, with v2\'s exit codes (252 syntax, 253 configuration)', async () => {
  // argparse's missing-flag error: v1 prints it right under the usage, v2 after a blank line.
  const [o, a] = await both(lifecycle, ['cognito-idp', 'describe-user-import-job', '--user-pool-id', poolId]);
  assert.equal(a.code, 2);
  assert.equal(o.code, 252);
  const lastLine = (s: string): string => s.trim().split('\n').pop() as string;
  assert.equal(lastLine(o.stderr), lastLine(a.stderr).replace(/^aws:/, 'cognito-import:'));
  assert.equal(lastLine(o.stderr), 'cognito-import: error: the following arguments are required: --job-id');
  assert.match(o.stderr, /^\nusage: cognito-import \[options\] <command> <subcommand> \[<subcommand> \.\.\.\] \[parameters\]\nTo see help text, you can run:\n\n {2}cognito-import help\n[\s\S]*\n\ncognito-import: error: the following arguments are required: --job-id\n\n$/);

  // botocore's own checks before sending: the same text (v1 exits 255, v2 252).
  const [o2, a2] = await both(lifecycle, ['cognito-idp', 'list-user-import-jobs', '--user-pool-id', poolId, '--max-results', '0']);
  assert.deepEqual([o2.code, a2.code], [252, 255]);
  assert.equal(o2.stderr, a2.stderr);
  assert.equal(o2.stderr, '\nParameter validation failed:\nInvalid value for parameter MaxResults, value: 0, valid min value: 1\n');

  // The server's own validation: a service error.
  await sameServiceError(lifecycle, ['cognito-idp', 'list-user-import-jobs', '--user-pool-id', poolId, '--max-results', '61'],
    'An error occurred (InvalidParameterException) when calling the ListUserImportJobs operation: '
    + "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60");

  // An unknown profile: the same message; bad configuration is 253 in v2 (v1: 255).
  const [o3, a3] = await both(lifecycle, ['cognito-idp', 'get-csv-header', '--user-pool-id', poolId, '--profile', 'nope']);
  assert.deepEqual([o3.code, a3.code], [253, 255]);
  assert.equal(o3.stderr, a3.stderr);
  assert.equal(o3.stderr, '\nThe config profile (nope) could not be found\n');

  // A value that is not a number names its flag; an unknown flag is listed.
  const bad = await ours(lifecycle, ['cognito-idp', 'list-user-import-jobs', '--user-pool-id', poolId, '--max-results', 'ten']);
  assert.deepEqual([bad.code, bad.stderr], [252, "\nError parsing parameter '--max-results': expected an integer, received 'ten'\n"]);
  const unknown = await ours(lifecycle, ['cognito-idp', 'get-csv-header', '--user-pool-id', poolId, '--colour', 'red']);
  assert.equal(unknown.code, 252);
  assert.match(unknown.stderr, /\nUnknown options: --colour, red\n\n$/);
});

test('settings: a profile\'s region, global options anywhere, --query, --no-sign-request, --debug masks secrets', async () => {
  // Global options after the command's flags; the profile's region (eu-west-1) has no such pool.
  const other = await ours(lifecycle, ['cognito-idp', 'get-csv-header', '--user-pool-id', poolId, '--profile', 'other', '--region', 'us-west-2', '--query', 'CSVHeader[0]']);
  assert.equal(other.code, 253, 'profile other has no key'); // no credentials for it, and not the default endpoint
  const q = await ours(lifecycle, ['cognito-idp', 'get-csv-header', '--query', 'CSVHeader[-1]', '--user-pool-id', poolId]);
  assert.deepEqual([q.code, q.stdout], [0, '"cognito:username"\n']);
  const unsigned = await ours(lifecycle, ['--no-sign-request', 'cognito-idp', 'get-csv-header', '--user-pool-id', poolId]);
  assert.equal(unsigned.code, 254);
  assert.match(unsigned.stderr, /^\nAn error occurred \(\w+\) when calling the GetCSVHeader operation: /);
  const debug = await ours(lifecycle, ['cognito-idp', 'admin-set-user-password', '--user-pool-id', poolId, '--username', 'ghost', '--password', 'Sup3r-Secret!', '--debug']);
  assert.equal(debug.code, 254);
  assert.match(debug.stderr, /Signature=\*\*\*\*/);
  assert.match(debug.stderr, /"Password":"\*\*\*\*"/);
  assert.doesNotMatch(debug.stderr, /Sup3r-Secret|secretA0/);
  assert.match(debug.stderr, /Response: 400 in \d+ ms/);
});

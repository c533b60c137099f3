// `cognito-import import-users`: the local check, create/upload/start, following
// the job with progress, Ctrl-C, and what it prints and returns. importUsers() is called directly
// with ResolvedSettings pointing at a real test server, and an Io that captures what it writes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, DescribeUserImportJobCommand, ListUserImportJobsCommand,
  type CreateUserPoolCommandInput, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { awsEnvFor, BIN, cleanup, KEY_A, run, startTestServer, tempDir, type TestServer } from '../helpers/server';
import { csvText, userRow, writeUsersCsv, STANDARD_HEADER, type Row } from '../helpers/csv';
import { importUsers, importUsersWith, defaultJobName, shellWord, type ImportUsersEnv } from '../../src/cli/commands/importUsers';
import type { Io, ResolvedSettings } from '../../src/cli/types';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let dir: string;

before(async () => {
  server = await startTestServer({ worker: { concurrency: 1 } });
  sdk = server.client();
  dir = tempDir('ci-import-users-');
});
after(async () => {
  await server.close();
  cleanup(dir);
  cleanup(server.dataDir);
});

function settings(): ResolvedSettings {
  return {
    region: 'us-west-2', endpoint: server.url, output: 'json', timestampFormat: 'wire', debug: false, color: false,
    credentials: { accessKeyId: KEY_A.accessKeyId, secretAccessKey: KEY_A.secretAccessKey },
  };
}

interface Captured extends Io {
  out: string;
  err: string;
}

function capture(isTTY = false): Captured {
  const io: Captured = {
    out: '', err: '', isTTY,
    stdout: (s) => { io.out += s; },
    stderr: (s) => { io.err += s; },
  };
  return io;
}

let pools = 0;
async function newPool(extra: Omit<CreateUserPoolCommandInput, 'PoolName'> = {}): Promise<{ id: string; name: string }> {
  // No spaces: CloudWatch Logs' group-name pattern ([.\-_/#A-Za-z0-9]+) refuses them, though pool names allow them.
  const name = `import-users-${++pools}`;
  const r = await sdk.send(new CreateUserPoolCommand({ PoolName: name, AutoVerifiedAttributes: ['email'], ...extra }));
  return { id: r.UserPool!.Id!, name };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const jobOf = (io: Captured): UserImportJobType & { CreationDate: number } =>
  (JSON.parse(io.out) as { UserImportJob: UserImportJobType & { CreationDate: number } }).UserImportJob;

async function jobsIn(poolId: string): Promise<UserImportJobType[]> {
  return (await sdk.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserImportJobs ?? [];
}

async function waitEnded(poolId: string, jobId: string): Promise<UserImportJobType> {
  for (const until = Date.now() + 30_000; Date.now() < until;) {
    const j = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
    if (['Succeeded', 'Failed', 'Stopped', 'Expired'].includes(j.Status!)) return j;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${jobId} did not end`);
}

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Signals and stdin the test controls. */
function fakeEnv(): ImportUsersEnv & { emitter: EventEmitter; input: PassThrough } {
  const emitter = new EventEmitter();
  const input = Object.assign(new PassThrough(), { isTTY: true }); // as a terminal's stdin
  return {
    emitter, input, stdin: input, columns: () => 100,
    signals: { on: (e, f) => emitter.on(e, f), off: (e, f) => emitter.off(e, f) },
  };
}

test('a clean file: created, uploaded, started, followed to Succeeded; final JSON and a logs command that works', async () => {
  const pool = await newPool();
  const path = file('users.csv', csvText(Array.from({ length: 40 }, (_, i) => userRow(i + 1))));
  const io = capture();
  const code = await importUsers(['--user-pool-id', pool.id, path, '--progress-interval', '0.1'], settings(), io);
  assert.equal(code, 0, io.err);
  assert.match(io.out, /^\{\n {4}"UserImportJob": \{\n {8}"JobName": "users",\n/); // 4-space indent, model order
  const job = jobOf(io);
  assert.equal(job.Status, 'Succeeded');
  assert.equal(job.CompletionMessage, 'Import Job Completed Successfully.');
  assert.deepEqual([job.ImportedUsers, job.SkippedUsers, job.FailedUsers], [40, 0, 0]);
  assert.equal(job.CloudWatchLogsRoleArn, 'arn:aws:iam::111111111111:role/CognitoImport');
  assert.equal(typeof job.CreationDate, 'number'); // timestampFormat wire
  assert.deepEqual(Object.keys(job), [
    'JobName', 'JobId', 'UserPoolId', 'PreSignedUrl', 'CreationDate', 'StartDate', 'CompletionDate', 'Status',
    'CloudWatchLogsRoleArn', 'ImportedUsers', 'SkippedUsers', 'FailedUsers', 'CompletionMessage',
  ]);

  const command = `aws logs get-log-events --endpoint-url ${server.url} --region us-west-2 `
    + `--log-group-name /aws/cognito/userpools/${pool.id}/${pool.name} --log-stream-name ${job.JobId}/users --start-from-head`;
  assert.ok(io.err.includes(`\n  ${command}\n`), io.err);
  // The printed command, run as printed, reads one event per row.
  const r = await run('bash', ['-c', `${command} --output json`], awsEnvFor(KEY_A));
  assert.equal(r.code, 0, r.stderr);
  const events = (JSON.parse(r.stdout) as { events: { message: string }[] }).events;
  assert.equal(events.length, 40);
  assert.equal(events[0].message, '[SUCCEEDED] Line Number 1 - The import succeeded.');
  assert.doesNotMatch(io.err, /filter-log-events/); // no failed rows: no second command
});

test('--dry-run: every bad row by line and column, exit 1, nothing created', async () => {
  const pool = await newPool({ AliasAttributes: ['email'] });
  const rows: Row[] = [
    userRow(1), // line 2
    userRow(2, { 'cognito:mfa_enabled': '' }), // line 3
    userRow(3, { email_verified: 'false' }), // line 5 (after a blank line)
    userRow(4, { phone_number: '555-0100' }), // line 6
    userRow(1, { email: 'again@example.com' }), // line 7: username of line 2 again
    userRow(5, { email: 'user1@example.com' }), // line 8: verified email line 2 holds as an alias
    userRow(6), // line 9
  ];
  const lines = csvText(rows).split('\n');
  lines.splice(3, 0, ''); // a blank line is a line of the file, not a row
  const path = file('bad.csv', lines.join('\n'));
  const io = capture();
  const code = await importUsers(['--user-pool-id', pool.id, '--dry-run', path], settings(), io);
  assert.equal(code, 1, io.err);
  assert.equal(io.err, '');
  assert.deepEqual(io.out.trimEnd().split('\n'), [
    `${path}:3: cognito:mfa_enabled: The cognito:mfa_enabled value is empty; it must be true or false.`,
    `${path}:5: email_verified: The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).`,
    `${path}:6: phone_number: The phone_number value is not in E.164 format: a + then 4 to 15 digits, the first not 0 (for example +12345550100).`,
    `${path}:7: cognito:username: The user already exists: line 2 has the same username, so Cognito skips this row.`,
    `${path}:8: email: The email column holds a value another user of this pool already uses as a sign-in alias; aliases must be unique in a pool. (Line 2 uses it.)`,
    `${path}: 7 data rows: 4 would fail, 1 would be skipped (listed above).`,
  ]);
  assert.deepEqual(await jobsIn(pool.id), []);
});

test('--dry-run on a clean file: exit 0, one summary line, nothing created', async () => {
  const pool = await newPool();
  const path = file('clean.csv', csvText([userRow(1), userRow(2)]));
  const io = capture();
  assert.equal(await importUsers(['--user-pool-id', pool.id, '--dry-run', path], settings(), io), 0);
  assert.equal(io.out, `${path}: 2 data rows, no problems found (users already in the pool are not checked).\n`);
  assert.deepEqual(await jobsIn(pool.id), []);
});

test('a file the job would refuse as a whole (header, BOM): exit 1 without --dry-run, no job created', async () => {
  const pool = await newPool();
  const header = STANDARD_HEADER.filter((c) => c !== 'cognito:mfa_enabled');
  const path = file('noheader.csv', csvText([userRow(1)], header));
  const io = capture();
  assert.equal(await importUsers(['--user-pool-id', pool.id, path], settings(), io), 1);
  assert.match(io.err, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: The CSV header is missing the column "cognito:mfa_enabled"`));
  assert.match(io.err, /no job was created/);
  assert.equal(io.out, '');
  const bom = file('bom.csv', `\ufeff${csvText([userRow(1)])}`);
  const io2 = capture();
  assert.equal(await importUsers(['--user-pool-id', pool.id, bom], settings(), io2), 1);
  assert.match(io2.err, /bom\.csv:1: The CSV file starts with a byte-order mark/);
  assert.deepEqual(await jobsIn(pool.id), []);
});

test('every row fails, --yes: imported anyway as Cognito does, the job ends Failed, exit 254, the failed rows shown at their lines', async () => {
  const pool = await newPool();
  const path = file('allbad.csv', csvText([1, 2, 3].map((i) => userRow(i, { email_verified: 'false' }))));
  const io = capture();
  const code = await importUsers(['--user-pool-id', pool.id, '--job-name', 'all bad', path, '--progress-interval', '0.1', '--yes'], settings(), io);
  assert.equal(code, 254, io.err);
  const job = jobOf(io);
  assert.equal(job.Status, 'Failed');
  assert.equal(job.JobName, 'all bad');
  assert.equal(job.CompletionMessage, 'Too many users have failed or been skipped during the import.');
  assert.deepEqual([job.ImportedUsers, job.SkippedUsers, job.FailedUsers], [0, 0, 3]);
  // Before the job: the local check's findings, on stderr.
  assert.ok(io.err.includes(`${path}:2: email_verified: The User Record does not set`), io.err);
  assert.ok(io.err.includes(`${path}: 3 data rows: 3 would fail (listed above); importing the others, as Cognito does.`), io.err);
  assert.ok(io.err.includes(`${path}: more rows would not be imported than would: the job would end Failed ("Too many users have failed or been skipped during the import."), though it imports the others.`), io.err);
  // After it: the log's lines, mapped back to the file's lines.
  assert.ok(io.err.includes(`  ${path}:4: [FAILED] Line Number 3 - The User Record does not set`), io.err);
  assert.ok(io.err.includes(`--log-stream-name '${job.JobId}/all bad' --start-from-head`), io.err);
  assert.ok(io.err.includes(`aws logs filter-log-events --endpoint-url ${server.url} --region us-west-2 `
    + `--log-group-name /aws/cognito/userpools/${pool.id}/${pool.name} --log-stream-names '${job.JobId}/all bad' `
    + `--filter-pattern '?"[FAILED]" ?"[SKIPPED]"'`), io.err);
});

test('more rows known bad than good: said before anything is made; without a terminal, nothing is created without --yes (exit 1)', async () => {
  const pool = await newPool();
  const path = file('mostlybad.csv', csvText([userRow(1), ...[2, 3].map((i) => userRow(i, { email_verified: 'false' }))]));
  const io = capture();
  assert.equal(await importUsers(['--user-pool-id', pool.id, path], settings(), io), 1, io.err);
  assert.ok(io.err.includes(`${path}: more rows would not be imported than would: the job would end Failed`), io.err);
  assert.ok(io.err.endsWith(`${path}: no job was created (--yes creates it anyway).\n`), io.err);
  assert.deepEqual(await jobsIn(pool.id), []);
  // One bad row in three: the job can still succeed, so no question.
  const fine = file('onebad.csv', csvText([userRow(4), userRow(5), userRow(6, { email_verified: 'false' })]));
  const io2 = capture();
  assert.equal(await importUsers(['--user-pool-id', pool.id, fine, '--progress-interval', '0.1'], settings(), io2), 0, io2.err);
  assert.doesNotMatch(io2.err, /would end Failed|no job was created/);
});

test('more rows known bad than good, on a terminal: asked; "n" creates nothing, "y" imports the others', async () => {
  const pool = await newPool();
  const path = file('mostlybad2.csv', csvText([userRow(1), ...[2, 3].map((i) => userRow(i, { email_verified: 'false' }))]));
  const ask = async (answer: string): Promise<{ code: number; io: Captured }> => {
    const io = capture(true);
    const env = fakeEnv();
    const done = importUsersWith(['--user-pool-id', pool.id, path], settings(), io, env);
    await until('the question', () => io.err.endsWith('Create and start the job anyway? [y/N] '));
    env.input.write(`${answer}\n`);
    return { code: await done, io };
  };
  const no = await ask('n');
  assert.equal(no.code, 1, no.io.err);
  assert.ok(no.io.err.endsWith(`${path}: no job was created.\n`), no.io.err);
  assert.deepEqual(await jobsIn(pool.id), []);
  const yes = await ask('y');
  assert.equal(yes.code, 254, yes.io.err);
  assert.deepEqual([jobOf(yes.io).Status, jobOf(yes.io).ImportedUsers, jobOf(yes.io).FailedUsers], ['Failed', 1, 2]);
});

test('progress without a terminal: plain lines, no carriage returns or escape codes, the last one final', async () => {
  const pool = await newPool();
  const path = join(dir, 'many.csv');
  writeUsersCsv(path, 5000);
  const io = capture(false);
  const code = await importUsers(['--user-pool-id', pool.id, path, '--progress-interval', '0.02'], settings(), io);
  assert.equal(code, 0, io.err);
  assert.doesNotMatch(io.err, /[\r\x1b]/);
  const progress = io.err.split('\n').filter((l) => l.startsWith('import-'));
  assert.ok(progress.length >= 2, io.err);
  for (const l of progress) {
    assert.match(l, /^import-\w+: (Pending|InProgress|Succeeded), \d+ of 5000 rows \(\d+%\)(, \d+ rows\/s)?(, ETA \d+:\d\d)?; imported \d+, skipped 0, failed 0$/);
  }
  assert.match(progress[progress.length - 1], /: Succeeded, 5000 of 5000 rows \(100%\).*; imported 5000, skipped 0, failed 0$/);
});

test('--no-wait: returns after Start with the job as JSON', async () => {
  const pool = await newPool();
  const path = file('nowait.csv', csvText([userRow(1), userRow(2), userRow(3)]));
  const io = capture();
  assert.equal(await importUsers(['--user-pool-id', pool.id, '--no-wait', path], settings(), io), 0, io.err);
  const job = jobOf(io);
  assert.ok(['Pending', 'InProgress', 'Succeeded'].includes(job.Status!), job.Status);
  assert.ok(job.StartDate);
  assert.match(io.err, /Follow it with:\n {2}aws cognito-idp describe-user-import-job .*--job-id import-/);
  assert.equal((await waitEnded(pool.id, job.JobId!)).Status, 'Succeeded'); // one active job per account
});

test('on a terminal: a bar redrawn in place; Ctrl-C stops the job at once (no question, the job does not run on) -> Stopped, 254', async () => {
  const pool = await newPool();
  const path = join(dir, 'big.csv');
  writeUsersCsv(path, 100_000);
  const io = capture(true);
  const env = fakeEnv();
  const done = importUsersWith(['--user-pool-id', pool.id, path], settings(), io, env);
  await until('the bar with a rate', () => /\r\[[#.]+\] .*rows\/s/.test(io.err));
  env.emitter.emit('SIGINT');
  const code = await done;
  assert.equal(code, 254, io.err);
  const job = jobOf(io);
  assert.equal(job.Status, 'Stopped');
  assert.equal(job.CompletionMessage, 'The Import Job was stopped by the developer.');
  assert.ok(job.ImportedUsers! > 0 && job.ImportedUsers! < 100_000, String(job.ImportedUsers));
  assert.doesNotMatch(io.err, /\[y\/N\]/);
  assert.match(io.err, /\nInterrupted: stopping import job import-\w+ \(Ctrl-C again to leave without waiting for it\)\.\n/);
  assert.match(io.err, /\x1b\[K/);
  assert.match(io.err, /\r\[[#.]+\] {2}[\d,]+\/100,000 \d+% {2}/);
});

test('without a terminal, Ctrl-C stops the job at once (no question)', async () => {
  const pool = await newPool();
  const path = join(dir, 'big2.csv');
  writeUsersCsv(path, 100_000);
  const io = capture(false);
  const env = fakeEnv();
  const done = importUsersWith(['--user-pool-id', pool.id, path, '--progress-interval', '0.05'], settings(), io, env);
  await until('InProgress', () => /: InProgress, [1-9]/.test(io.err));
  env.emitter.emit('SIGINT');
  const code = await done;
  assert.equal(code, 254, io.err);
  assert.equal(jobOf(io).Status, 'Stopped');
  assert.doesNotMatch(io.err, /\[y\/N\]/);
  assert.match(io.err, /Interrupted: stopping import job import-\w+/);
});

test('Ctrl-C twice leaves at once, the stop asked for: exit 130, and the job ends Stopped', async () => {
  const pool = await newPool();
  const path = join(dir, 'big3.csv');
  writeUsersCsv(path, 100_000);
  const io = capture(true);
  const env = fakeEnv();
  const done = importUsersWith(['--user-pool-id', pool.id, path], settings(), io, env);
  await until('the bar', () => /\r\[/.test(io.err) && /InProgress|rows\/s/.test(io.err));
  env.emitter.emit('SIGINT');
  await until('the stop asked for', () => /Interrupted: stopping import job/.test(io.err));
  env.emitter.emit('SIGINT');
  assert.equal(await done, 130);
  assert.equal(io.out, '');
  const jobId = /Left import job (import-\w+) (stopping|running)/.exec(io.err)?.[1];
  assert.ok(jobId, io.err);
  assert.equal((await waitEnded(pool.id, jobId)).Status, 'Stopped');
});

test('bad usage is 252, an unknown pool 254 with the aws CLI\'s wording, an unreadable file 255', async () => {
  const pool = await newPool();
  const path = file('u.csv', csvText([userRow(1)]));
  const cases: [string[], number, RegExp][] = [
    [[path], 252, /required: --user-pool-id/],
    [['--user-pool-id', pool.id], 252, /required: FILE/],
    [['--user-pool-id', pool.id, path, '--bogus'], 252, /Unknown option '--bogus'/],
    [['--user-pool-id', pool.id, path, '--password-hashing-algorithm', 'MD5'], 252, /must be one of BCRYPT/],
    [['--user-pool-id', 'us-west-2_nope', path], 254, /An error occurred \(ResourceNotFoundException\) when calling the DescribeUserPool operation: /],
    [['--user-pool-id', pool.id, join(dir, 'missing.csv')], 255, /cannot read .*missing\.csv/],
  ];
  for (const [argv, want, message] of cases) {
    const io = capture();
    assert.equal(await importUsers(argv, settings(), io), want, `${argv.join(' ')}: ${io.err}`);
    assert.match(io.err, message);
  }
  const unreachable = capture();
  assert.equal(await importUsers(['--user-pool-id', pool.id, path], { ...settings(), endpoint: 'http://127.0.0.1:9' }, unreachable), 255);
  assert.match(unreachable.err, /Could not connect to the endpoint URL: "http:\/\/127\.0\.0\.1:9"/);
  assert.deepEqual(await jobsIn(pool.id), []);
});

test('default job names and shell quoting', () => {
  assert.equal(defaultJobName('/tmp/users.csv'), 'users');
  assert.equal(defaultJobName('Users 2024 (final).CSV'), 'Users 2024 -final-');
  assert.equal(defaultJobName('.csv'), 'import');
  assert.equal(shellWord('/aws/cognito/userpools/us-west-2_x/pool'), '/aws/cognito/userpools/us-west-2_x/pool');
  assert.equal(shellWord("it's"), `'it'\\''s'`);
  assert.equal(shellWord('?"[FAILED]"'), `'?"[FAILED]"'`);
});

test('through the real command line: cognito-import import-users, then a real SIGINT without a terminal', async () => {
  const pool = await newPool();
  const path = file('cli.csv', csvText([userRow(1), userRow(2)]));
  const env: NodeJS.ProcessEnv = { ...awsEnvFor(KEY_A), AWS_ENDPOINT_URL: server.url };
  const r = await run(process.execPath, [BIN, 'import-users', '--user-pool-id', pool.id, path], env);
  assert.equal(r.code, 0, r.stderr);
  const job = (JSON.parse(r.stdout) as { UserImportJob: UserImportJobType & { CreationDate: unknown } }).UserImportJob;
  assert.equal(job.Status, 'Succeeded');
  assert.equal(job.ImportedUsers, 2);
  assert.equal(typeof job.CreationDate, 'string'); // no profile: the aws CLI v2 default, ISO 8601
  assert.match(r.stderr, /aws logs get-log-events /);
  assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning/);

  const big = join(dir, 'cli-big.csv');
  writeUsersCsv(big, 100_000);
  const child = spawn(process.execPath, [BIN, 'import-users', '--user-pool-id', pool.id, big, '--progress-interval', '0.05'], { env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  await until('InProgress', () => /: InProgress, [1-9]/.test(err));
  child.kill('SIGINT');
  assert.equal(await exited, 254, err);
  assert.equal((JSON.parse(out) as { UserImportJob: UserImportJobType }).UserImportJob.Status, 'Stopped');

  // No key anywhere: the aws CLI's message and its configuration exit code.
  const keyless = { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
  const none = await run(process.execPath, [BIN, 'import-users', '--user-pool-id', pool.id, '--dry-run', path],
    { ...keyless, AWS_EC2_METADATA_DISABLED: 'true' });
  assert.equal(none.code, 253, none.stderr);
  assert.match(none.stderr, /Unable to locate credentials/);
});

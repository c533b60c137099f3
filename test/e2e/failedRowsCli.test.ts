// `cognito-import failed-rows` as people run it (bin/cognito-import.js in a child process, its
// stdout redirected to a file), then `cognito-import import-users` with that file: as it is (the
// rows fail again), and fixed (they are imported). Its refusals and their exit codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import { awsEnvFor, BIN, cleanup, KEY_A, run, startTestServer, tempDir, type RunResult, type TestServer } from '../helpers/server';
import { csvText, STANDARD_HEADER, userRow } from '../helpers/csv';
import { newPool, uploadedJob } from '../helpers/jobs';

let server: TestServer;
let dir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  server = await startTestServer({ worker: { concurrency: 1 } });
  dir = tempDir('ci-failed-rows-');
  env = { ...awsEnvFor(KEY_A), AWS_ENDPOINT_URL: server.url };
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
  cleanup(dir);
});

const cli = (args: string[], e = env): Promise<RunResult> => run(process.execPath, [BIN, ...args], e);

/** `cognito-import <args> > file`: stdout goes to the file itself, as a shell redirect does. */
function cliToFile(args: string[], file: string): Promise<{ code: number | null; stderr: string }> {
  const fd = openSync(file, 'w');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('close', (code) => {
      closeSync(fd);
      resolve({ code, stderr });
    });
  });
}

const jobOf = (r: RunResult): UserImportJobType => (JSON.parse(r.stdout) as { UserImportJob: UserImportJobType }).UserImportJob;
const col = (name: string): number => STANDARD_HEADER.indexOf(name);

test('failed-rows > failed.csv, then import-users failed.csv: as it is the rows fail again; fixed, they are imported', async () => {
  const poolId = await newPool(server.client(), 'cli-rerun');
  const rows = [userRow(1), userRow(2, { email_verified: 'false' }), userRow(3), userRow(1, { email: 'again@example.com' }), userRow(5, { email_verified: 'false' }), userRow(6), userRow(7)];
  const file = join(dir, 'users.csv');
  writeFileSync(file, csvText(rows));
  const first = await cli(['import-users', '--user-pool-id', poolId, file, '--yes']);
  const job = jobOf(first);
  assert.deepEqual([job.Status, job.ImportedUsers, job.SkippedUsers, job.FailedUsers], ['Succeeded', 4, 1, 2], first.stderr);

  const failed = join(dir, 'failed.csv');
  const got = await cliToFile(['failed-rows', '--user-pool-id', poolId, '--job-id', job.JobId!], failed);
  assert.equal(got.code, 0, got.stderr);
  assert.equal(got.stderr, '');
  const lines = csvText(rows).split('\n');
  assert.equal(readFileSync(failed, 'utf8'), `${lines[0]}\n${lines[2]}\n${lines[5]}\n`);
  const skipped = await cli(['failed-rows', '--user-pool-id', poolId, '--job-id', job.JobId!, '--outcome', 'SKIPPED']);
  assert.deepEqual([skipped.code, skipped.stdout], [0, `${lines[0]}\n${lines[4]}\n`]);

  const asIs = await cli(['import-users', '--user-pool-id', poolId, failed, '--yes']);
  assert.equal(asIs.code, 254, asIs.stderr);
  const again = jobOf(asIs);
  assert.deepEqual([again.Status, again.ImportedUsers, again.SkippedUsers, again.FailedUsers], ['Failed', 0, 0, 2]);

  const fixed = join(dir, 'fixed.csv');
  writeFileSync(fixed, readFileSync(failed, 'utf8').split('\n').map((l, i) => {
    if (i === 0 || !l) return l;
    const cells = l.split(',');
    cells[col('email_verified')] = 'true';
    return cells.join(',');
  }).join('\n'));
  const done = await cli(['import-users', '--user-pool-id', poolId, fixed]);
  assert.equal(done.code, 0, done.stderr);
  const ok = jobOf(done);
  assert.deepEqual([ok.Status, ok.ImportedUsers, ok.SkippedUsers, ok.FailedUsers], ['Succeeded', 2, 0, 0]);
});

test('refusals and their exit codes: usage 252, no key 253, the server\'s error 254, no server 255', async () => {
  const poolId = await newPool(server.client(), 'cli-errors');
  const { jobId } = await uploadedJob(server.client(), poolId, csvText([userRow(1)]));
  const notEnded = await cli(['failed-rows', '--user-pool-id', poolId, '--job-id', jobId]);
  assert.equal(notEnded.code, 254);
  assert.equal(notEnded.stdout, '');
  assert.equal(notEnded.stderr, `\nAn error occurred (PreconditionNotMetException) when calling the GetImportJobRows operation: Import job ${jobId} is Created: its rows can be listed once it has ended (Succeeded, Failed or Stopped).\n`);
  const debug = await cli(['failed-rows', '--user-pool-id', poolId, '--job-id', jobId, '--debug', '--region', 'us-west-2']);
  assert.match(debug.stderr, new RegExp(`DEBUG - GET /_cognito-import/v1/user-pools/${poolId}/import-jobs/${jobId}/rows.csv\\?outcome=FAILED on ${server.url}, region us-west-2, signed for cognito-import\n`));
  const unknown = await cli(['failed-rows', '--user-pool-id', poolId, '--job-id', 'import-nosuchjob0']);
  assert.equal(unknown.code, 254);
  assert.match(unknown.stderr, /\(ResourceNotFoundException\) when calling the GetImportJobRows operation: Import job import-nosuchjob0 does not exist\./);

  const usage = [
    [['--user-pool-id', poolId], /required: --user-pool-id, --job-id/],
    [['--user-pool-id', poolId, '--job-id', jobId, '--outcome', 'failed'], /--outcome must be FAILED or SKIPPED, not 'failed'/],
    [['--user-pool-id', poolId, '--job-id', jobId, 'extra'], /unexpected argument 'extra'/],
    [['--user-pool-id', poolId, '--job-id', jobId, '--jobid', 'x'], /Unknown option '--jobid'/],
  ] as const;
  for (const [args, message] of usage) {
    const r = await cli(['failed-rows', ...args]);
    assert.equal(r.code, 252, r.stderr);
    assert.match(r.stderr, message);
  }
  const help = await cli(['failed-rows', '--help'], { PATH: process.env.PATH, HOME: dir });
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^usage: cognito-import failed-rows --user-pool-id ID --job-id ID \[--outcome FAILED\|SKIPPED\]/);
  assert.match((await cli(['help'])).stdout, /failed-rows +an ended job's failed \(or skipped\) rows/);

  const keyless = await cli(['failed-rows', '--user-pool-id', poolId, '--job-id', jobId],
    { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_EC2_METADATA_DISABLED: 'true' });
  assert.equal(keyless.code, 253, keyless.stderr);
  assert.match(keyless.stderr, /Unable to locate credentials/);
  const unsigned = await cli(['failed-rows', '--user-pool-id', poolId, '--job-id', jobId, '--no-sign-request']);
  assert.equal(unsigned.code, 254);
  assert.match(unsigned.stderr, /\(MissingAuthenticationTokenException\)/);
  const nowhere = await cli(['failed-rows', '--user-pool-id', poolId, '--job-id', jobId], { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
  assert.equal(nowhere.code, 255, nowhere.stderr);
  assert.match(nowhere.stderr, /Could not connect to the endpoint URL: "http:\/\/127\.0\.0\.1:9\/"/);
});

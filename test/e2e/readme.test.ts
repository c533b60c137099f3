// The README's worked example, run as printed (bash, the aws CLI, curl) against a fresh
// server, with only the endpoint's port and the key put in, as a reader would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readmeBlocks } from '../../scripts/readmeBlocks';
import { tempDir, cleanup, run, spawnServer } from '../helpers/server';

test('the README example works as printed', async () => {
  const blocks = readmeBlocks('Worked example (aws CLI and curl)', 'bash');
  assert.equal(blocks.length, 2, 'README has two bash blocks under "Worked example"');
  // Between the blocks a reader waits for the job to finish; so does the test.
  const wait = 'for i in $(seq 100); do [ "$(aws $E cognito-idp describe-user-import-job --user-pool-id "$POOL" --job-id "$JOB" --query UserImportJob.Status --output text)" = Succeeded ] && break; sleep 0.1; done';
  const dataDir = tempDir();
  const server = await spawnServer(['--data-dir', dataDir]);
  try {
    const exports = server.output().match(/^export AWS_\w+=.*$/gm);
    assert.equal(exports?.length, 2, 'the first start prints two export lines');
    const script = [
      'set -euo pipefail',
      `cd ${JSON.stringify(dataDir)}`,
      ...exports!,
      blocks[0].replace('http://127.0.0.1:9329', server.url),
      wait,
      blocks[1],
    ].join('\n');
    const home = tempDir('ci-home-');
    const r = await run('bash', ['-c', script], { PATH: process.env.PATH, HOME: home, AWS_PAGER: '' });
    assert.equal(r.code, 0, r.stderr);
    const outputs = r.stdout.trim().split(/\n(?=\{)/).map((s) => JSON.parse(s) as Record<string, unknown>);
    const [started, described, listed, users, events] = outputs as [
      { UserImportJob: { Status: string } }, { UserImportJob: { Status: string; JobName: string } }, { UserImportJobs: unknown[] },
      { Users: { Username: string; UserStatus: string }[] }, { events: { message: string }[] },
    ];
    assert.equal(started.UserImportJob.Status, 'Pending');
    assert.equal(described.UserImportJob.JobName, 'demo');
    assert.equal(listed.UserImportJobs.length, 1);
    assert.deepEqual(users.Users.map((u) => [u.Username, u.UserStatus]), [['jane', 'RESET_REQUIRED']]);
    assert.deepEqual(events.events.map((e) => e.message), ['[SUCCEEDED] Line Number 1 - The import succeeded.']);
    cleanup(home);
  } finally {
    await server.stop();
    cleanup(dataDir);
  }
});

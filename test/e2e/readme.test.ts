// The README's worked example, run as printed (bash, the aws CLI, curl) against a fresh
// server, with only the endpoint's port and the key put in, as a reader would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir, cleanup, run, spawnServer } from '../helpers/server';

test('the README example works as printed', async () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = /## Worked example[\s\S]*?```bash\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README has a bash block under "Worked example"');
  const dataDir = tempDir();
  const server = await spawnServer(['--data-dir', dataDir]);
  try {
    const exports = server.output().match(/^export AWS_\w+=.*$/gm);
    assert.equal(exports?.length, 2, 'the first start prints two export lines');
    const script = [
      'set -euo pipefail',
      `cd ${JSON.stringify(dataDir)}`,
      ...exports!,
      block.replace('http://127.0.0.1:9329', server.url),
    ].join('\n');
    const home = tempDir('ci-home-');
    const r = await run('bash', ['-c', script], { PATH: process.env.PATH, HOME: home, AWS_PAGER: '' });
    assert.equal(r.code, 0, r.stderr);
    const outputs = r.stdout.trim().split(/\n(?=\{)/).map((s) => JSON.parse(s) as Record<string, unknown>);
    const [started, described, listed] = outputs as [
      { UserImportJob: { Status: string } }, { UserImportJob: { Status: string; JobName: string } }, { UserImportJobs: unknown[] },
    ];
    assert.equal(started.UserImportJob.Status, 'Pending');
    assert.equal(described.UserImportJob.JobName, 'demo');
    assert.equal(listed.UserImportJobs.length, 1);
    cleanup(home);
  } finally {
    await server.stop();
    cleanup(dataDir);
  }
});

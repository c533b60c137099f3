// The README's embedding example ("In your own tests"), run as printed: written next to the
// package (so `import ... from 'cognito-import'` resolves to this package by its own name, as
// from a user's node_modules) and run with `node --test` in a process of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readmeBlocks } from '../../scripts/readmeBlocks';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO } from '../helpers/server';

test('the README\'s embedding example passes as printed', () => {
  const blocks = readmeBlocks('In your own tests (embedding)', 'js');
  assert.equal(blocks.length, 1, 'one js block under "In your own tests"');
  const dir = mkdtempSync(join(REPO, 'dist', 'readme-embedding-'));
  try {
    const file = join(dir, 'users.test.mjs');
    writeFileSync(file, blocks[0]);
    // Without NODE_TEST_CONTEXT, which this runner sets for its children: the child reports as a
    // user's `node --test` does, in TAP on its stdout.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', cwd: dir, env, timeout: 60_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^# pass 2$/m);
    assert.match(r.stdout, /^# fail 0$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

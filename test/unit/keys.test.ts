// Key files in a data dir that several instances share (README, "Running several instances"):
// instances starting at the same moment must all come up with the same keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, tempDir } from '../helpers/server';

const KEYS = join(__dirname, '..', '..', 'src', 'auth', 'keys.js');

/** `node -e` in a child process: a separate process, as another instance would be. */
function inChild(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout.trim())));
  });
}

test('processes starting at once on a fresh data dir all get the same upload-signing key and generated key', async () => {
  for (let round = 0; round < 3; round++) {
    const dir = tempDir('ci-keys-');
    try {
      // Every child loads the module, then waits for the same instant: the race is on the file.
      const at = Date.now() + 1_500;
      const script = `const k = require(${JSON.stringify(KEYS)}); const d = ${JSON.stringify(dir)};
        while (Date.now() < ${at});
        console.log(JSON.stringify([k.uploadSigningKey(d).accessKeyId, k.generatedUserKey(d).key.accessKeyId]));`;
      const seen = await Promise.all(Array.from({ length: 8 }, () => inChild(script)));
      assert.equal(new Set(seen).size, 1, seen.join('\n'));
      assert.deepEqual(readdirSync(dir).sort(), ['credentials.json', 'upload-signing-key.json'], 'no temporary file left behind');
      for (const f of ['credentials.json', 'upload-signing-key.json']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600);
    } finally {
      cleanup(dir);
    }
  }
});

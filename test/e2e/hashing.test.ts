// Password hashing at the wire: scrypt runs on libuv's thread pool, which file I/O shares, so the
// server runs at most a few hashes at once (src/domain/hashing.ts) and /health, uploads and
// imports keep going while many AdminSetUserPassword calls wait their turn. And a password that
// is not Unicode text (a lone surrogate) is refused before anything is hashed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  AdminGetUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cleanup, KEY_A, ROLE_ARN, startTestServer, type TestServer } from '../helpers/server';
import { csvText, userRow } from '../helpers/csv';
import { newPool, startJob, uploadedJob, waitForJob } from '../helpers/jobs';
import { uploadCsv } from '../helpers/upload';
import { callApi } from '../helpers/signing';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
const USERS = 40;

before(async () => {
  server = await startTestServer({ worker: { concurrency: 1, batchSize: 500 } });
  sdk = server.client();
  poolId = await newPool(sdk, 'hashing');
  // user0..user39 for the burst, user40 for the refusals.
  const seeded = await uploadedJob(sdk, poolId, csvText(Array.from({ length: USERS + 1 }, (_, i) => userRow(i))));
  await startJob(sdk, poolId, seeded.jobId);
  assert.equal((await waitForJob(sdk, poolId, seeded.jobId)).Status, 'Succeeded');
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

interface Probe { status: number; ms: number }

/** GET /health over and over until stopped; each answer's status and how long it took. */
function pollHealth(): { stop(): Promise<Probe[]> } {
  const seen: Probe[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const r = await fetch(`${server.url}/health`);
      await r.text();
      seen.push({ status: r.status, ms: performance.now() - t0 });
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return { async stop() { running = false; await loop; return seen; } };
}

test(`${USERS} AdminSetUserPassword at once: all succeed, while /health stays 200 and prompt and an upload and an import go through`, async (t) => {
  // Work for the thread pool while the hashes queue: an import to run and a file to upload.
  const importing = await uploadedJob(sdk, poolId, csvText(Array.from({ length: 3000 }, (_, i) => userRow(1000 + i))), 'during');
  const uploadTo = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'upload', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  const file = csvText(Array.from({ length: 20_000 }, (_, i) => userRow(50_000 + i))); // ~2.6 MB

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const health = pollHealth();
  const t0 = performance.now();
  const burst = Promise.all(Array.from({ length: USERS }, (_, i) => sdk.send(new AdminSetUserPasswordCommand({
    UserPoolId: poolId, Username: `user${i}`, Password: `Corr3ct-Horse-${i}`, Permanent: true,
  }))));
  burst.catch(() => {}); // awaited below
  const up0 = performance.now();
  const up = await uploadCsv(uploadTo.PreSignedUrl!, file);
  const uploadMs = performance.now() - up0;
  await startJob(sdk, poolId, importing.jobId);
  await burst;
  const burstMs = performance.now() - t0;
  const probes = await health.stop();
  loopDelay.disable();
  const imported = await waitForJob(sdk, poolId, importing.jobId);

  const slowest = Math.max(...probes.map((p) => p.ms));
  t.diagnostic(`${USERS} hashes in ${burstMs.toFixed(0)} ms; upload of ${file.length} bytes ${uploadMs.toFixed(0)} ms; `
    + `${probes.length} /health answers, slowest ${slowest.toFixed(0)} ms; event loop delay max ${(loopDelay.max / 1e6).toFixed(0)} ms, `
    + `p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms (client and server share this process)`);
  assert.equal(up.status, 200, up.text);
  assert.equal(imported.Status, 'Succeeded');
  assert.equal(imported.ImportedUsers, 3000);
  for (const i of [0, USERS / 2, USERS - 1]) {
    const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `user${i}` }));
    assert.equal(u.UserStatus, 'CONFIRMED');
  }
  // The burst lasted long enough to be watched, and /health never waited for it. Without the
  // bound the 40 hashes filled libuv's 4 threads for seconds: /health's checks waited behind them
  // (503 at its 2 s limit) and so did the upload's writes.
  assert.ok(probes.length >= 3, `only ${probes.length} /health answers during the burst`);
  assert.deepEqual(probes.filter((p) => p.status !== 200), []);
  assert.ok(slowest < 1_000, `/health took ${slowest.toFixed(0)} ms during the burst`);
  assert.ok(uploadMs < 1_500, `the upload took ${uploadMs.toFixed(0)} ms during the burst`);
});

test('a password with a lone surrogate is refused before it is hashed: InvalidParameterException, user unchanged', async () => {
  // Raw JSON escapes, as a client that does not re-encode would send them: "\ud800" alone is not
  // Unicode text, and UTF-8 would turn it into U+FFFD, so two different passwords would share a hash.
  for (const password of ['Corr3ct-Horse\ud800', 'Corr3ct-Horse\udc00', '\udc00\ud800Corr3ct-Horse', 'Corr3ct\ud83d-Horse\ude00']) {
    const r = await callApi(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: `user${USERS}`, Password: password, Permanent: true }, { key: KEY_A });
    assert.ok(r.text.includes('\\u'), 'the body carries the escape');
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json, {
      __type: 'InvalidParameterException',
      message: "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must be valid Unicode text: "
        + 'it contains an unpaired UTF-16 surrogate (a \\ud800-\\udfff escape without its partner)',
    });
  }
  const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `user${USERS}` }));
  assert.equal(u.UserStatus, 'RESET_REQUIRED');
  // The same password's refusal comes before the user is looked up, as a model constraint's would.
  const missing = await callApi(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'nobody', Password: 'Corr3ct-Horse\ud800' }, { key: KEY_A });
  assert.equal(missing.json.__type, 'InvalidParameterException');
  // A pair (an emoji) is text, and U+FFFD itself is a character like any other.
  for (const password of ['Corr3ct-Horse\ud83d\ude00', 'Corr3ct-Horse\ufffd']) {
    const r = await callApi(server.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: `user${USERS}`, Password: password }, { key: KEY_A });
    assert.equal(r.status, 200, r.text);
  }
});

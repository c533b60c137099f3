// The import engine in its own thread (src/worker/engine.ts): a thread that dies is
// reported by /health and restarted, and its job is finished by the next claim once the lease
// runs out, each row imported once; its log lines reach the server's logger with their fields;
// close() ends it and lets the next server open the data dir, and a second server on a data dir
// in use is refused while the first (and its thread's connection) runs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cleanup, FILES_ONLY, KEY_A, startTestServer, tempDir, type TestServer } from '../helpers/server';
import { writeUsersCsv } from '../helpers/csv';
import { describeJob, newPool, startJob, until, uploadedJob, waitForJob } from '../helpers/jobs';
import type { Logger } from '../../src/logger';
import { DatabaseInUseError } from '../../src/store/sqlite/sqliteStore';

const work = tempDir('ci-engine-');
after(() => cleanup(work));

function capturing(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const push = (level: string) => (msg: string, fields?: Record<string, unknown>): void => { lines.push({ level, msg, ...fields }); };
  return { log: { error: push('error'), info: push('info') }, lines };
}

async function health(server: TestServer): Promise<{ status: number; body: Record<string, string> }> {
  const r = await fetch(`${server.url}/health`);
  return { status: r.status, body: await r.json() as Record<string, string> };
}

test('a thread that dies mid-job: /health says down, the thread restarts, and the job ends with each row imported once', async () => {
  const rows = 30_000;
  const file = join(work, 'dies.csv');
  writeUsersCsv(file, rows);
  const { log, lines } = capturing();
  const server = await startTestServer({ worker: { concurrency: 1, batchSize: 200, leaseMs: 1_000, pollMs: 50 }, log });
  try {
    const sdk = server.client();
    const poolId = await newPool(sdk);
    const { jobId } = await uploadedJob(sdk, poolId, readFileSync(file));
    await startJob(sdk, poolId, jobId);
    const before = await until('rows imported', () => describeJob(sdk, poolId, jobId), (j) => (j.ImportedUsers ?? 0) > 0);
    assert.equal(before.Status, 'InProgress');
    await server.app.engine!.kill();
    const down = await health(server);
    assert.equal(down.status, 503);
    assert.match(down.body.worker, /^down: the import worker thread stopped at .* \(Error: the thread exited with code 1\); restarting$/);
    assert.ok(lines.some((l) => l.msg === 'the import worker thread stopped; its jobs resume when their leases run out'));
    const job = await waitForJob(sdk, poolId, jobId, 120_000);
    assert.deepEqual([job.Status, job.ImportedUsers, job.SkippedUsers, job.FailedUsers], ['Succeeded', rows, 0, 0]);
    let users = 0;
    for (let token: string | undefined; ;) {
      const page = await sdk.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: token }));
      users += page.Users!.length;
      token = page.PaginationToken;
      if (!token) break;
    }
    assert.equal(users, rows);
    const up = await health(server);
    assert.deepEqual([up.status, up.body.status, up.body.worker], [200, 'ok', 'ok']);
  } finally {
    await server.close();
  }
});

test('the thread\'s log lines reach the server\'s logger with their fields', { skip: FILES_ONLY }, async () => {
  const { log, lines } = capturing();
  const server = await startTestServer({ worker: { concurrency: 1, pollMs: 50 }, log });
  try {
    const sdk = server.client();
    const poolId = await newPool(sdk);
    const { jobId } = await uploadedJob(sdk, poolId, 'cognito:username,email\nu1,u1@example.com\n');
    rmSync(join(server.dataDir, 'uploads', KEY_A.accountId, poolId, jobId), { recursive: true });
    await startJob(sdk, poolId, jobId);
    assert.equal((await waitForJob(sdk, poolId, jobId)).Status, 'Failed');
    const line = lines.find((l) => l.msg === 'the job\'s CSV file is no longer in the blob store; the job ends Failed');
    assert.ok(line, JSON.stringify(lines));
    assert.equal(line.level, 'error');
    assert.equal(line.jobId, jobId);
    assert.match(String(line.blobKey), new RegExp(`${poolId}/${jobId}`));
    assert.equal(typeof line.blobStore, 'string');
  } finally {
    await server.close();
  }
});

test('on SQLite a second server on a data dir in use is refused, and close() frees it with the thread stopped', { skip: process.env.COGNITO_IMPORT_TEST_DATABASE_URL ? 'SQLite only' : false }, async () => {
  const dataDir = tempDir('ci-engine-dir-');
  try {
    const first = await startTestServer({ dataDir, worker: { concurrency: 1 } });
    await assert.rejects(startTestServer({ dataDir, worker: { concurrency: 1 } }), (e: Error) => {
      assert.ok(e instanceof DatabaseInUseError);
      assert.match(e.message, /cognito-import\.sqlite is in use by another process: one cognito-import serve per data dir on SQLite/);
      return true;
    });
    assert.equal((await health(first)).status, 200, 'the refused start left the first server alone');
    await first.close();
    const next = await startTestServer({ dataDir, worker: { concurrency: 1 } });
    assert.equal((await health(next)).status, 200);
    await next.close();
  } finally {
    cleanup(dataDir);
  }
});

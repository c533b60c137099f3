// Crash safety: kill -9 the server while a 100,000-row job is InProgress, start it
// again on the same data dir, and the job finishes with each user imported exactly once and
// the counters of an uninterrupted run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand,
  DescribeUserPoolCommand, StartUserImportJobCommand, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { KEY_A, ROLE_ARN, cleanup, spawnServer, tempDir, type SpawnedServer } from '../helpers/server';
import { writeUsersCsv } from '../helpers/csv';
import { uploadCsv } from '../helpers/upload';

const ROWS = 100_000;
const dir = tempDir();
const servers: SpawnedServer[] = [];
after(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop('SIGKILL');
  cleanup(dir);
});

const env = {
  COGNITO_IMPORT_ACCESS_KEY_ID: KEY_A.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: KEY_A.secretAccessKey,
  COGNITO_IMPORT_ACCOUNT_ID: KEY_A.accountId,
};
const credentials = { accessKeyId: KEY_A.accessKeyId, secretAccessKey: KEY_A.secretAccessKey };
const start = (): Promise<SpawnedServer> =>
  spawnServer(['--data-dir', dir, '--lease-seconds', '2', '--batch-size', '500', '--worker-concurrency', '1'], env)
    .then((s) => { servers.push(s); return s; });

async function poll(sdk: CognitoIdentityProviderClient, poolId: string, jobId: string, until: (j: UserImportJobType) => boolean, ms: number): Promise<UserImportJobType> {
  const end = Date.now() + ms;
  for (;;) {
    const j = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
    if (until(j)) return j;
    if (Date.now() > end) throw new Error(`still ${j.Status} with ${j.ImportedUsers} imported after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test(`kill -9 mid-import of ${ROWS} rows, restart: each user once, counters as a clean run`, { timeout: 180_000 }, async () => {
  const csv = join(dir, 'users.csv');
  writeUsersCsv(csv, ROWS);
  const a = await start();
  const sdkA = new CognitoIdentityProviderClient({ endpoint: a.url, region: 'us-west-2', credentials, maxAttempts: 1 });
  const poolId = (await sdkA.send(new CreateUserPoolCommand({ PoolName: 'crash', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  const job = (await sdkA.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'crash', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  assert.equal((await uploadCsv(job.PreSignedUrl!, readFileSync(csv))).status, 200);
  await sdkA.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
  const mid = await poll(sdkA, poolId, job.JobId!, (j) => j.Status === 'InProgress' && j.ImportedUsers! >= 5_000, 60_000);
  await a.stop('SIGKILL');
  sdkA.destroy();
  assert.ok(mid.ImportedUsers! < ROWS, 'killed before the end');

  const b = await start();
  const sdkB = new CognitoIdentityProviderClient({ endpoint: b.url, region: 'us-west-2', credentials, maxAttempts: 1 });
  const killed = (await sdkB.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob!;
  assert.ok(killed.ImportedUsers! >= mid.ImportedUsers!, 'committed batches survived the kill');
  const done = await poll(sdkB, poolId, job.JobId!, (j) => !['Pending', 'InProgress'].includes(j.Status!), 120_000);
  assert.equal(done.Status, 'Succeeded');
  assert.deepEqual([done.ImportedUsers, done.SkippedUsers, done.FailedUsers], [ROWS, 0, 0]);
  const pool = await sdkB.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(pool.UserPool!.EstimatedNumberOfUsers, ROWS);

  // One log event per row, each line number exactly once.
  const logs = new CloudWatchLogsClient({ endpoint: b.url, region: 'us-west-2', credentials, maxAttempts: 1 });
  const seen = new Uint8Array(ROWS + 1);
  let token: string | undefined;
  for (;;) {
    const page = await logs.send(new GetLogEventsCommand({
      logGroupName: `/aws/cognito/userpools/${poolId}/crash`, logStreamName: `${job.JobId}/crash`, startFromHead: true, nextToken: token,
    }));
    for (const e of page.events!) {
      const n = Number(/Line Number (\d+) /.exec(e.message!)![1]);
      assert.match(e.message!, /^\[SUCCEEDED\]/);
      seen[n]++;
    }
    if (page.nextForwardToken === token) break;
    token = page.nextForwardToken;
  }
  assert.equal(seen.slice(1).filter((c) => c === 1).length, ROWS, 'every line logged exactly once');
  logs.destroy();
  sdkB.destroy();
  await b.stop();
  // The server's own log says the job was taken up where the killed server left it.
  const resumed = b.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l.msg === 'job resumed after its worker stopped' && l.jobId === job.JobId);
  assert.ok(resumed && Number(resumed.fromRow) >= mid.ImportedUsers! && resumed.totalRows === ROWS, b.output().slice(-2000));
});

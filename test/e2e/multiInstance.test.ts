// Several servers, one PostgreSQL (docs/operations.md, "Running several instances"): any
// instance answers any request, any instance's worker runs any job, a dead instance's job is
// finished by another with nothing lost or doubled, Stop reaches a job running elsewhere, and a
// database outage pauses a job.
// Runs when COGNITO_IMPORT_TEST_DATABASE_URL names a PostgreSQL server (scripts/pg-test-cluster.sh).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand,
  DescribeUserPoolCommand, StartUserImportJobCommand, StopUserImportJobCommand, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { KEY_A, REPO, ROLE_ARN, blobStoreForSpawn, cleanup, spawnServer, tempDir, type SpawnedServer } from '../helpers/server';
import { freshDatabase, TEST_DATABASE_URL } from '../helpers/postgres';
import { writeUsersCsv } from '../helpers/csv';
import { uploadCsv } from '../helpers/upload';

const skip = TEST_DATABASE_URL ? false : 'COGNITO_IMPORT_TEST_DATABASE_URL is not set';
const env = {
  COGNITO_IMPORT_ACCESS_KEY_ID: KEY_A.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: KEY_A.secretAccessKey,
  COGNITO_IMPORT_ACCOUNT_ID: KEY_A.accountId,
};
const credentials = { accessKeyId: KEY_A.accessKeyId, secretAccessKey: KEY_A.secretAccessKey };
const servers: SpawnedServer[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop('SIGKILL');
  for (const c of cleanups.reverse()) await c();
});

/** Two instances on one database and one shared data dir (keys and local uploads). */
async function cluster(databaseUrl: string, n = 2, extra: string[] = []): Promise<{ servers: SpawnedServer[]; dir: string }> {
  const dir = tempDir();
  cleanups.push(() => cleanup(dir));
  const started: SpawnedServer[] = [];
  // One blob store for the whole cluster: the shared data dir, or one S3 prefix for all.
  const blobs = blobStoreForSpawn();
  // Start them together: migrations must be applied once, under the advisory lock.
  const all = await Promise.all(Array.from({ length: n }, () => spawnServer(
    ['--data-dir', dir, '--database-url', databaseUrl, '--lease-seconds', '2', '--batch-size', '500', '--worker-concurrency', '1', ...blobs.args, ...extra],
    { ...env, ...blobs.env })));
  started.push(...all);
  servers.push(...all);
  return { servers: started, dir };
}

const client = (s: SpawnedServer): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({ endpoint: s.url, region: 'us-west-2', credentials, maxAttempts: 1 });

async function poll(c: CognitoIdentityProviderClient, poolId: string, jobId: string, until: (j: UserImportJobType) => boolean, ms = 120_000): Promise<UserImportJobType> {
  const end = Date.now() + ms;
  for (;;) {
    let j: UserImportJobType | undefined;
    try {
      j = (await c.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
      if (until(j)) return j;
    } catch (e) {
      if ((e as Error).name !== 'InternalErrorException') throw e; // database down: keep asking
    }
    if (Date.now() > end) throw new Error(`still ${j?.Status} with ${j?.ImportedUsers} imported after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function newImport(via: SpawnedServer, startVia: SpawnedServer, rows: number, dir: string): Promise<{ poolId: string; jobId: string }> {
  const a = client(via);
  const poolId = (await a.send(new CreateUserPoolCommand({ PoolName: 'shared', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  const job = (await a.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'shared', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  const csv = join(dir, `users-${rows}.csv`);
  writeUsersCsv(csv, rows);
  assert.equal((await uploadCsv(job.PreSignedUrl!, readFileSync(csv))).status, 200);
  await client(startVia).send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
  a.destroy();
  return { poolId, jobId: job.JobId! };
}

/** The pid in the worker id (`host:pid:random`) of the instance holding the job's lease. */
async function leaseHolderPid(databaseUrl: string, jobId: string): Promise<number | undefined> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ lease_owner: string | null }>('SELECT lease_owner FROM job_queue WHERE job_id = $1', [jobId]);
    const owner = r.rows[0]?.lease_owner;
    return owner ? Number(owner.split(':')[1]) : undefined;
  } finally {
    await c.end();
  }
}

test('created via A, started via B, described via both; the instance running it is killed -9 and the other finishes it', { skip, timeout: 180_000 }, async () => {
  const db = await freshDatabase(TEST_DATABASE_URL!);
  cleanups.push(() => db.drop());
  const { servers: [a, b], dir } = await cluster(db.url);
  const rows = 60_000;
  const { poolId, jobId } = await newImport(a, b, rows, dir);
  const [ca, cb] = [client(a), client(b)];
  const running = await poll(cb, poolId, jobId, (j) => j.Status === 'InProgress' && j.ImportedUsers! >= 3_000);
  const seenByA = (await ca.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
  assert.equal(seenByA.Status, 'InProgress');
  assert.ok(seenByA.ImportedUsers! >= running.ImportedUsers!);
  const pid = await leaseHolderPid(db.url, jobId);
  const [victim, survivor, survivorClient] = pid === a.child.pid ? [a, b, cb] : [b, a, ca];
  assert.ok(pid === a.child.pid || pid === b.child.pid, `the lease holder (${pid}) is one of the instances`);
  await victim.stop('SIGKILL');
  const done = await poll(survivorClient, poolId, jobId, (j) => !['Pending', 'InProgress'].includes(j.Status!));
  assert.equal(done.Status, 'Succeeded');
  assert.deepEqual([done.ImportedUsers, done.SkippedUsers, done.FailedUsers], [rows, 0, 0]);
  const pool = await survivorClient.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  assert.equal(pool.UserPool!.EstimatedNumberOfUsers, rows);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const events = await c.query<{ n: string; distinct_seq: string }>(
    `SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq FROM log_events e JOIN log_streams s ON s.stream_id = e.stream_id WHERE s.stream_name = $1`, [`${jobId}/shared`]);
  await c.end();
  assert.deepEqual([Number(events.rows[0].n), Number(events.rows[0].distinct_seq)], [rows, rows], 'one log event per row');
  ca.destroy();
  cb.destroy();
});

test('Stop sent to one instance stops the job running on the other within a batch', { skip, timeout: 120_000 }, async () => {
  const db = await freshDatabase(TEST_DATABASE_URL!);
  cleanups.push(() => db.drop());
  const { servers: [a, b], dir } = await cluster(db.url);
  const { poolId, jobId } = await newImport(a, a, 60_000, dir);
  const ca = client(a);
  await poll(ca, poolId, jobId, (j) => j.Status === 'InProgress' && j.ImportedUsers! >= 1_000);
  const pid = await leaseHolderPid(db.url, jobId);
  const other = pid === a.child.pid ? b : a;
  const co = client(other);
  await co.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
  const stopped = await poll(co, poolId, jobId, (j) => j.Status === 'Stopped', 30_000);
  assert.equal(stopped.CompletionMessage, 'The Import Job was stopped by the developer.');
  assert.ok(stopped.ImportedUsers! < 60_000);
  ca.destroy();
  co.destroy();
});

test('the database down for a few seconds mid-job: API calls fail with InternalErrorException, the job pauses and resumes', { skip, timeout: 180_000 }, async () => {
  // A private cluster: stopping the shared one would break other suites running alongside.
  const out = execFileSync('bash', [join(REPO, 'scripts', 'pg-test-cluster.sh'), 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const pgDir = /COGNITO_IMPORT_PG_TEST_DIR=(\S+)/.exec(out)![1];
  const url = /COGNITO_IMPORT_TEST_DATABASE_URL=(\S+)/.exec(out)![1];
  cleanups.push(() => { execFileSync('bash', [join(REPO, 'scripts', 'pg-test-cluster.sh'), 'stop', pgDir], { stdio: 'ignore' }); });
  const pgCtl = (action: 'stop' | 'start'): void => {
    const port = new URL(url).port;
    execFileSync('runuser', ['-u', 'postgres', '--', '/usr/lib/postgresql/15/bin/pg_ctl', '-D', join(pgDir, 'data'), '-w', '-l', join(pgDir, 'log'),
      ...(action === 'start' ? ['-o', `-p ${port} -k ${pgDir} -c listen_addresses=127.0.0.1 -c fsync=off`] : ['-m', 'fast']), action], { stdio: 'ignore' });
  };
  const { servers: [a], dir } = await cluster(url, 1);
  const rows = 40_000;
  const { poolId, jobId } = await newImport(a, a, rows, dir);
  const ca = client(a);
  await poll(ca, poolId, jobId, (j) => j.Status === 'InProgress' && j.ImportedUsers! >= 1_000);
  pgCtl('stop');
  await assert.rejects(ca.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId })),
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'InternalErrorException', `${e.name}: ${e.message}`);
      assert.equal(e.$metadata?.httpStatusCode, 500);
      return true;
    });
  const down = await fetch(`${a.url}/health`);
  assert.equal(down.status, 503);
  const health = await down.json() as { status: string; database: string; blobStore: string };
  assert.equal(health.status, 'unavailable');
  assert.match(health.database, /^unreachable: /);
  assert.equal(health.blobStore, 'ok');
  await new Promise((r) => setTimeout(r, 3_000));
  pgCtl('start');
  const done = await poll(ca, poolId, jobId, (j) => !['Pending', 'InProgress'].includes(j.Status!));
  assert.equal(done.Status, 'Succeeded');
  assert.deepEqual([done.ImportedUsers, done.SkippedUsers, done.FailedUsers], [rows, 0, 0]);
  assert.equal((await fetch(`${a.url}/health`)).status, 200);
  ca.destroy();
});

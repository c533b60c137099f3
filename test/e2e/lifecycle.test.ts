// The server's life: the real command line in a child process (first start, keys, SIGTERM and
// restart on the same data dir), and job expiry in process with a fake clock (spec section 4).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand,
  ListUserPoolsCommand, StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { spawnServer, startTestServer, cleanup, tempDir, FakeClock, KEY_A, ROLE_ARN, type SpawnedServer } from '../helpers/server';
import { callApi, type SigningKey } from '../helpers/signing';
import { curlUpload, csvFile, s3ErrorFields } from '../helpers/curl';

const ENV_KEY = { accessKeyId: 'AKIAENVIRONMENTKEY01', secretAccessKey: 'envSecret0000000000000000000000000000000', accountId: '444444444444' };
const ENV = {
  COGNITO_IMPORT_ACCESS_KEY_ID: ENV_KEY.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: ENV_KEY.secretAccessKey,
  COGNITO_IMPORT_ACCOUNT_ID: ENV_KEY.accountId,
};

function sdkFor(s: { url: string }, key: SigningKey): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint: s.url, region: 'us-west-2', maxAttempts: 1, credentials: key });
}

let running: SpawnedServer[] = [];
/** spawnServer, remembered so a failed assertion cannot leave a child running. */
async function spawn(args: string[], env?: NodeJS.ProcessEnv): Promise<SpawnedServer> {
  const s = await spawnServer(args, env);
  running.push(s);
  return s;
}
afterEach(async () => {
  for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop('SIGKILL');
  running = [];
});

/** Runs body against a spawned server, then stops it with SIGTERM and returns its exit code. */
async function withServer(s: SpawnedServer, body: (sdk: CognitoIdentityProviderClient | undefined) => Promise<void>, key?: SigningKey): Promise<number | null> {
  const sdk = key && sdkFor(s, key);
  try {
    await body(sdk);
  } finally {
    sdk?.destroy();
  }
  return s.stop('SIGTERM');
}

test('first start without a key makes one (0600 file, printed once); the second start reuses it', async () => {
  const dir = tempDir('ci-life-');
  try {
    const first = await spawn(['--data-dir', dir]);
    const out = first.output();
    const id = /^export AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})$/m.exec(out)?.[1];
    const secret = /^export AWS_SECRET_ACCESS_KEY=([A-Za-z0-9+/]{40})$/m.exec(out)?.[1];
    assert.ok(id && secret, out);
    assert.match(out, new RegExp(`^cognito-import listening on http://127\\.0\\.0\\.1:${first.port}$`, 'm'));
    assert.ok(first.port > 0);
    const file = join(dir, 'credentials.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { accessKeyId: id, secretAccessKey: secret, accountId: '000000000000' });
    const key = { accessKeyId: id, secretAccessKey: secret };
    let poolId = '';
    assert.equal(await withServer(first, async (sdk) => {
      poolId = (await sdk!.send(new CreateUserPoolCommand({ PoolName: 'first-start' }))).UserPool!.Id!;
    }, key), 0);

    const second = await spawn(['--data-dir', dir]);
    const out2 = second.output();
    assert.ok(out2.includes(`Using the access key stored in ${file} (${id}).\n`), out2);
    assert.ok(!out2.includes(secret), 'the secret is printed only on the first start');
    assert.doesNotMatch(out2, /export AWS_/);
    assert.equal(await withServer(second, async (sdk) => {
      const pools = await sdk!.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      assert.deepEqual(pools.UserPools!.map((p) => p.Id), [poolId]);
    }, key), 0);
  } finally {
    cleanup(dir);
  }
});

test('a key from COGNITO_IMPORT_ACCESS_KEY_ID/SECRET/ACCOUNT_ID is used, in its account; no key file is made', async () => {
  const dir = tempDir('ci-life-');
  try {
    const s = await spawn(['--data-dir', dir], ENV);
    assert.doesNotMatch(s.output(), /export AWS_|Using the access key/);
    assert.equal(existsSync(join(dir, 'credentials.json')), false);
    assert.equal(await withServer(s, async (sdk) => {
      const poolId = (await sdk!.send(new CreateUserPoolCommand({ PoolName: 'env-key' }))).UserPool!.Id!;
      const job = await sdk!.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'env', CloudWatchLogsRoleArn: ROLE_ARN }));
      assert.equal(new URL(job.UserImportJob!.PreSignedUrl!).pathname, `/${ENV_KEY.accountId}/${poolId}/${job.UserImportJob!.JobId}`);
      const other = sdkFor(s, KEY_A);
      await assert.rejects(other.send(new ListUserPoolsCommand({ MaxResults: 1 })),
        { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
      other.destroy();
    }, ENV_KEY), 0);
  } finally {
    cleanup(dir);
  }
});

test('SIGTERM exits 0; a restart on the same data dir describes the job byte for byte', async () => {
  const dir = tempDir('ci-life-');
  try {
    const describe = async (s: SpawnedServer, input: unknown): Promise<string> => {
      const r = await callApi(s.url, 'DescribeUserImportJob', input, { key: ENV_KEY });
      assert.equal(r.status, 200, r.text);
      return r.text;
    };
    const first = await spawn(['--data-dir', dir], ENV);
    let input: { UserPoolId: string; JobId: string } | undefined;
    let before = '';
    assert.equal(await withServer(first, async (sdk) => {
      const poolId = (await sdk!.send(new CreateUserPoolCommand({ PoolName: 'restart' }))).UserPool!.Id!;
      const job = await sdk!.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'survives', CloudWatchLogsRoleArn: ROLE_ARN }));
      input = { UserPoolId: poolId, JobId: job.UserImportJob!.JobId! };
      before = await describe(first, input);
    }, ENV_KEY), 0);
    assert.match(before, /"JobName":"survives"/);

    const second = await spawn(['--data-dir', dir], ENV);
    assert.notEqual(second.child.pid, first.child.pid);
    let after = '';
    assert.equal(await withServer(second, async () => { after = await describe(second, input); }), 0);
    assert.equal(after, before);
  } finally {
    cleanup(dir);
  }
});

test('a second server on the same SQLite data dir exits with a clear error; the first carries on', async () => {
  const dir = tempDir('ci-life-');
  try {
    const first = await spawn(['--data-dir', dir], ENV);
    const poolId = (await callApi(first.url, 'CreateUserPool', { PoolName: 'owner' }, { key: ENV_KEY })).json.UserPool as { Id: string };
    await assert.rejects(spawn(['--data-dir', dir], ENV), (e: Error) => {
      assert.match(e.message, /server exited with [1-9]\d* before listening/);
      assert.match(e.message, /the SQLite database .*cognito-import\.sqlite is in use by another process: one cognito-import serve per data dir on SQLite/);
      return true;
    });
    const r = await callApi(first.url, 'DescribeUserPool', { UserPoolId: poolId.Id }, { key: ENV_KEY });
    assert.equal(r.status, 200, r.text);
    assert.equal(await first.stop('SIGTERM'), 0);
    // Once the first has stopped, the data dir is free again.
    const next = await spawn(['--data-dir', dir], ENV);
    assert.equal((await callApi(next.url, 'DescribeUserPool', { UserPoolId: poolId.Id }, { key: ENV_KEY })).status, 200);
  } finally {
    cleanup(dir);
  }
});

test('a start that fails (its port in use) lets go of the data dir: the next start on it works', async () => {
  const dir = tempDir('ci-life-');
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (blocker.address() as AddressInfo).port;
    await assert.rejects(startTestServer({ dataDir: dir, port }), /EADDRINUSE/);
    const s = await startTestServer({ dataDir: dir });
    try {
      assert.equal((await s.client().send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools?.length, 0);
    } finally {
      await s.close();
    }
  } finally {
    blocker.close();
    cleanup(dir);
  }
});

test('a start that fails writes nothing: not a data dir, not a key; the next start makes the key and prints it', async () => {
  const dir = tempDir('ci-life-');
  const data = join(dir, 'data');
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (blocker.address() as AddressInfo).port;
    await assert.rejects(spawnServer(['--data-dir', data, '--port', String(port)]), /EADDRINUSE/);
    assert.equal(existsSync(data), false, 'the data dir it made is gone');
    const first = await spawn(['--data-dir', data]);
    assert.match(first.output(), /^export AWS_ACCESS_KEY_ID=AKIA\w+$/m, 'made now, and printed');
    const before = readdirSync(data).sort();
    // The data dir is held by the running server: a second start is refused and adds nothing.
    await assert.rejects(spawnServer(['--data-dir', data]), /in use|locked|another server/i);
    assert.deepEqual(readdirSync(data).sort(), before);
    assert.equal(await first.stop(), 0);
  } finally {
    blocker.close();
    cleanup(dir);
  }
});

test('kill -9 mid-upload: nothing is attached, and the next start deletes the upload\'s temporary file once it is an hour old', async () => {
  const dir = tempDir('ci-life-');
  try {
    const first = await spawn(['--data-dir', dir], ENV);
    const sdk = sdkFor(first, ENV_KEY);
    const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'crash' }))).UserPool!.Id!;
    const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'j', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
    sdk.destroy();
    // Half of a 1 MB body, then the server dies.
    const url = new URL(job.PreSignedUrl!);
    const put = request({ host: url.hostname, port: url.port, method: 'PUT', path: url.pathname + url.search,
      headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-length': String(1024 * 1024) } });
    put.on('error', () => {}); // the server goes away mid-body
    put.write(Buffer.alloc(512 * 1024, 'a'));
    const tmp = join(dir, 'uploads', '.tmp');
    for (let i = 0; readdirSync(tmp).length === 0; i++) {
      assert.ok(i < 200, 'no temporary file appeared while the body was coming in');
      await sleep(25);
    }
    await first.stop('SIGKILL');
    put.destroy();
    const [leftover] = readdirSync(tmp);
    const hoursAgo = (h: number): Date => new Date(Date.now() - h * 3600_000);
    writeFileSync(join(tmp, 'another-instance-uploading'), 'x'); // fresh: not to be touched
    utimesSync(join(tmp, leftover), hoursAgo(2), hoursAgo(2));

    const second = await spawn(['--data-dir', dir], ENV);
    assert.deepEqual(readdirSync(tmp), ['another-instance-uploading']);
    assert.match(second.output(), /removed the temporary files of uploads cut short by a crash/);
    const again = sdkFor(second, ENV_KEY);
    const d = await again.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    assert.equal(d.UserImportJob!.Status, 'Created');
    await assert.rejects(again.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })),
      (e: Error) => e.name === 'PreconditionNotMetException' && e.message === `No csv file was uploaded for ${job.JobId}`);
    again.destroy();
  } finally {
    cleanup(dir);
  }
});

test('an unstarted job expires at creation + TTL; Start is refused; the sweeper deletes its upload', async () => {
  const TTL = 60_000;
  const t0 = Math.floor(Date.now() / 1000) * 1000;
  const clock = new FakeClock(t0);
  const server = await startTestServer({ clock, jobTtlMs: TTL, expirySweepMs: 20 });
  const work = tempDir('ci-life-');
  try {
    const sdk = server.client({ clock });
    const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'expiry', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    const created = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'late', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
    const jobId = created.JobId!;
    assert.equal(created.CreationDate!.getTime(), t0);
    const csv = csvFile(work, 'users.csv', 'cognito:username\nalice\n');
    assert.equal((await curlUpload(created.PreSignedUrl!, csv)).status, 200);
    const kept = (): Promise<string[]> => server.storedUploads(poolId, jobId);
    assert.equal((await kept()).length, 1);

    const describe = async (): Promise<Record<string, unknown>> =>
      (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob! as Record<string, unknown>;
    clock.advance(TTL - 1);
    await sleep(100); // several sweeps: none may touch a job still inside its TTL
    assert.equal((await describe()).Status, 'Created');
    assert.equal((await kept()).length, 1);

    clock.advance(1);
    const expired = await describe();
    assert.deepEqual(
      [expired.Status, (expired.CompletionDate as Date).getTime(), expired.CompletionMessage, expired.StartDate],
      ['Expired', t0 + TTL, 'The user import job has expired.', undefined],
    );
    assert.deepEqual([expired.ImportedUsers, expired.SkippedUsers, expired.FailedUsers], [0, 0, 0]);
    await assert.rejects(sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: jobId })),
      { name: 'InvalidParameterException', message: `Import job ${jobId} is Expired; only a job in status Created can be started.` });

    for (let i = 0; i < 100 && (await kept()).length; i++) await sleep(20);
    assert.deepEqual(await kept(), []);
    assert.deepEqual(await describe(), expired);
    // Our upload endpoint refuses the expired job's URL; S3 takes a PUT for as long as the URL
    // is valid (15 minutes, here longer than the job's 1-minute TTL), whatever the job is.
    if (server.blobStore.kind === 'files') {
      const again = await curlUpload(created.PreSignedUrl!, csv);
      assert.equal(again.status, 403);
      assert.equal(s3ErrorFields(again.body).Code, 'AccessDenied');
      assert.deepEqual(await kept(), []);
    }
  } finally {
    await server.close();
    cleanup(server.dataDir);
    cleanup(work);
  }
});

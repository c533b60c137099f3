// startServer(), the package's entry point for a user's own tests (src/embed.ts), through the
// AWS SDK v3 client as such a test would use it: a given key and data dir, an import run to the
// end, reset() and close(); and the package resolved by its own name, as `require` finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand, ListUserPoolsCommand,
  ListUsersCommand, StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../../src/index';
import { csvText, userRow } from '../helpers/csv';
import { uploadCsv } from '../helpers/upload';

const KEY = { accessKeyId: 'AKIAEMBEDTESTAAAAAAA', secretAccessKey: 'embed-test-secret-0123456789', accountId: '123456789012' };

test('a given key and data dir: an import runs to the end; reset() empties the server on the same endpoint; close() leaves the dir', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ci-embed-'));
  const server = await startServer({ dataDir, credentials: KEY, region: 'eu-west-1' });
  try {
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual([server.region, server.accountId, server.credentials], ['eu-west-1', KEY.accountId, { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey }]);
    const cognito = new CognitoIdentityProviderClient({ endpoint: server.endpoint, region: server.region, credentials: server.credentials });
    const wrong = new CognitoIdentityProviderClient({ endpoint: server.endpoint, region: server.region, credentials: { ...server.credentials, secretAccessKey: 'not-the-secret-0123' } });
    await assert.rejects(wrong.send(new ListUserPoolsCommand({ MaxResults: 1 })), { name: 'InvalidSignatureException' });

    const pool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'embedded', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    const job = (await cognito.send(new CreateUserImportJobCommand({ UserPoolId: pool, JobName: 'j', CloudWatchLogsRoleArn: `arn:aws:iam::${KEY.accountId}:role/R` }))).UserImportJob!;
    assert.equal((await uploadCsv(job.PreSignedUrl!, csvText([userRow(1), userRow(2)]))).status, 200);
    await cognito.send(new StartUserImportJobCommand({ UserPoolId: pool, JobId: job.JobId }));
    let status: string | undefined;
    for (const t0 = Date.now(); status !== 'Succeeded' && Date.now() - t0 < 20_000;) {
      status = (await cognito.send(new DescribeUserImportJobCommand({ UserPoolId: pool, JobId: job.JobId }))).UserImportJob!.Status;
      if (status !== 'Succeeded') await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(status, 'Succeeded');
    assert.equal((await cognito.send(new ListUsersCommand({ UserPoolId: pool }))).Users!.length, 2);

    const endpoint = server.endpoint;
    await server.reset();
    assert.equal(server.endpoint, endpoint);
    assert.deepEqual((await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools, []);
    await cognito.send(new CreateUserPoolCommand({ PoolName: 'after-reset' }));
    assert.equal((await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools!.length, 1);
  } finally {
    await server.close();
    await server.close(); // twice is harmless
  }
  assert.ok(existsSync(dataDir) && readdirSync(dataDir).length > 0, 'a data dir given is the caller\'s: kept');
  rmSync(dataDir, { recursive: true, force: true });
});

test('with no options: a key of its own and a temporary data dir, removed by close(); the package resolves by its name', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const byName = require('cognito-import') as typeof import('../../src/index');
  assert.equal(typeof byName.startServer, 'function');
  const server = await byName.startServer();
  const dir = server.dataDir;
  try {
    assert.match(server.credentials.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(server.region, 'us-east-1');
    const cognito = new CognitoIdentityProviderClient({ endpoint: server.endpoint, region: server.region, credentials: server.credentials });
    assert.deepEqual((await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools, []);
    assert.ok(existsSync(dir));
  } finally {
    await server.close();
  }
  assert.equal(existsSync(dir), false);
  await assert.rejects(server.reset(), /the server is closed/);
});

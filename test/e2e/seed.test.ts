// A seed file (src/seed.ts): the user pools a team's tests expect, made at start through
// startServer({ seed }) and `serve --seed`, checked as CreateUserPool requests are, made again
// after reset(), never twice on the same data dir; a bad one stops the start and names the pool
// and the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../../src/index';
import { KEY_A, spawnServer } from '../helpers/server';

const dir = mkdtempSync(join(tmpdir(), 'ci-seed-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function seedFile(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const FIXTURE = seedFile('fixture.yaml', `
region: eu-west-1
pools:
  - Id: eu-west-1_fixture01
    PoolName: app
    AutoVerifiedAttributes: [email]
  - PoolName: admin
`);

test('startServer({ seed }): the pools are there, with the Id given; again after reset()', async () => {
  const server = await startServer({ seed: FIXTURE });
  try {
    const cognito = new CognitoIdentityProviderClient({ endpoint: server.endpoint, region: 'eu-west-1', credentials: server.credentials });
    const names = async (): Promise<string[]> => ((await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools ?? []).map((p) => p.Name!).sort();
    assert.deepEqual(await names(), ['admin', 'app']);
    const app = (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: 'eu-west-1_fixture01' }))).UserPool!;
    assert.deepEqual([app.Name, app.AutoVerifiedAttributes], ['app', ['email']]);
    await server.reset();
    assert.deepEqual(await names(), ['admin', 'app']);
  } finally {
    await server.close();
  }
});

test('serve --seed: a restart on the same data dir makes nothing twice', async () => {
  const data = join(dir, 'data');
  const env = { COGNITO_IMPORT_ACCESS_KEY_ID: KEY_A.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: KEY_A.secretAccessKey, COGNITO_IMPORT_ACCOUNT_ID: KEY_A.accountId };
  for (let start = 1; start <= 2; start++) {
    const s = await spawnServer(['--data-dir', data, '--seed', FIXTURE], env);
    try {
      const cognito = new CognitoIdentityProviderClient({ endpoint: s.url, region: 'eu-west-1', credentials: KEY_A });
      const pools = (await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools ?? [];
      assert.deepEqual(pools.map((p) => p.Name).sort(), ['admin', 'app'], `start ${start}`);
      cognito.destroy();
    } finally {
      assert.equal(await s.stop(), 0);
    }
  }
});

test('a bad seed file stops the start, naming the pool and the field; nothing is left behind', async () => {
  const cases: [string, RegExp][] = [
    ['pools:\n  - PoolName: ok\n  - PoolName: ""\n', /seed file .*bad1\.yaml, pool 2: .*'poolName'/],
    ['pools:\n  - PoolName: ok\n    Nonsense: 1\n', /seed file .*bad2\.yaml, pool 1: 'Nonsense' is not a member of CreateUserPool's request/],
    ['pools:\n  - Id: us-east-1_short\n    PoolName: x\n', /seed file .*bad3\.yaml, pool 1: Id must be us-east-1_ and 9 letters or digits/],
    ['region: moon\npools: []\n', /seed file .*bad4\.yaml: region must be a region name/],
    ['pools: {}\n', /seed file .*bad5\.yaml: expected a "pools" list/],
  ];
  for (const [i, [text, message]] of cases.entries()) {
    const data = join(dir, `bad-data-${i + 1}`);
    const started = await startServer({ seed: seedFile(`bad${i + 1}.yaml`, text), dataDir: data }).catch((e: Error) => e);
    if (!(started instanceof Error)) {
      await started.close(); // a server left running would keep this test's process alive
      assert.fail(`case ${i + 1}: the start should have failed`);
    }
    assert.match(started.message, message);
    assert.equal(existsSync(data), false, `case ${i + 1}: the data dir the start made is gone`);
  }
});

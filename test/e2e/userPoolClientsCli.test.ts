// App clients through the installed aws CLI (version 1) and through `cognito-import cognito-idp`,
// both generated from the model, against one server (spec sections 7 and 9): the aws CLI parses
// every answer and paginates list-user-pool-clients itself; our CLI prints what it prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aws, BIN, cleanup, FakeClock, KEY_A, run, startTestServer, tempDir, type RunResult, type TestServer } from '../helpers/server';

let server: TestServer;
let home: string;
let env: NodeJS.ProcessEnv;
let poolId: string;
// The aws CLI signs with the real time: the fake clock stays near it, with odd milliseconds.
const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000 + 471);

before(async () => {
  server = await startTestServer({ clock });
  home = tempDir('ci-clients-cli-');
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = us-west-2\ncli_timestamp_format = wire\n');
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = ${KEY_A.accessKeyId}\naws_secret_access_key = ${KEY_A.secretAccessKey}\n`);
  env = {
    PATH: process.env.PATH, HOME: home, AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
  };
  poolId = json(await ok(theirs(['create-user-pool', '--pool-name', 'cli-clients']))).UserPool.Id;
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
  cleanup(home);
});

const theirs = (args: string[]): Promise<RunResult> => aws(server, ['cognito-idp', ...args], env);
const ours = (args: string[]): Promise<RunResult> => run(process.execPath, [BIN, '--endpoint-url', server.url, 'cognito-idp', ...args], env);

async function ok(r: Promise<RunResult>): Promise<RunResult> {
  const done = await r;
  assert.equal(done.code, 0, done.stderr);
  return done;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: RunResult): any => JSON.parse(r.stdout);

test('aws cognito-idp create-user-pool-client, with and without a secret; describe prints the same client', async () => {
  const plain = json(await ok(theirs(['create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'MyNewClient', '--no-generate-secret',
    '--explicit-auth-flows', 'USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']))).UserPoolClient;
  assert.deepEqual(Object.keys(plain), ['UserPoolId', 'ClientName', 'ClientId', 'LastModifiedDate', 'CreationDate', 'RefreshTokenValidity',
    'TokenValidityUnits', 'ExplicitAuthFlows', 'AllowedOAuthFlowsUserPoolClient', 'EnableTokenRevocation', 'EnablePropagateAdditionalUserContextData',
    'AuthSessionValidity']);
  assert.deepEqual(plain.ExplicitAuthFlows, ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);

  const created = await ok(theirs(['create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'server', '--generate-secret',
    '--token-validity-units', 'AccessToken=minutes,IdToken=minutes,RefreshToken=days', '--access-token-validity', '60', '--id-token-validity', '60',
    '--refresh-token-validity', '10', '--prevent-user-existence-errors', 'ENABLED', '--enable-propagate-additional-user-context-data',
    '--auth-session-validity', '4']));
  const c = json(created).UserPoolClient;
  assert.match(c.ClientSecret, /^[0-9a-v]{51}$/);
  assert.deepEqual(c.TokenValidityUnits, { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' });
  assert.match(created.stdout, /"CreationDate": \d+\.471,/, 'the wire number, milliseconds kept');
  const described = await ok(theirs(['describe-user-pool-client', '--user-pool-id', poolId, '--client-id', c.ClientId]));
  assert.equal(described.stdout, created.stdout);
  // The project's own CLI, generated from the same model, prints the same bytes.
  assert.equal((await ok(ours(['describe-user-pool-client', '--user-pool-id', poolId, '--client-id', c.ClientId, '--output', 'json']))).stdout, created.stdout);
});

test('list-user-pool-clients: the aws CLI and ours follow NextToken to the end, oldest first', async () => {
  const pool = json(await ok(theirs(['create-user-pool', '--pool-name', 'listed']))).UserPool.Id;
  const names = ['a', 'b', 'c', 'd'];
  for (const n of names) {
    clock.advance(1_000); // one creation date each: clients of the same millisecond list in id order
    await ok(ours(['create-user-pool-client', '--user-pool-id', pool, '--client-name', n]));
  }
  const listed = await ok(theirs(['list-user-pool-clients', '--user-pool-id', pool, '--page-size', '1']));
  assert.deepEqual(json(listed).UserPoolClients.map((c: { ClientName: string }) => c.ClientName), names);
  assert.equal(json(listed).NextToken, undefined);
  assert.equal((await ok(ours(['list-user-pool-clients', '--user-pool-id', pool, '--page-size', '1', '--output', 'json']))).stdout, listed.stdout);
  const firstTwo = await ok(theirs(['list-user-pool-clients', '--user-pool-id', pool, '--max-items', '2']));
  assert.deepEqual(json(firstTwo).UserPoolClients.map((c: { ClientName: string }) => c.ClientName), ['a', 'b']);
  assert.ok(json(firstTwo).NextToken, 'the CLI gives its own token to go on from');
});

test('update-user-pool-client and delete-user-pool-client; the AWS error line for a client that does not exist', async () => {
  const c = json(await ok(ours(['create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'to-update', '--output', 'json']))).UserPoolClient;
  const updated = json(await ok(theirs(['update-user-pool-client', '--user-pool-id', poolId, '--client-id', c.ClientId, '--client-name', 'NewClientName',
    '--write-attributes', 'nickname']))).UserPoolClient;
  assert.equal(updated.ClientName, 'NewClientName');
  assert.deepEqual(updated.WriteAttributes, ['nickname']);
  const deleted = await ok(theirs(['delete-user-pool-client', '--user-pool-id', poolId, '--client-id', c.ClientId]));
  assert.equal(deleted.stdout, '');
  const r = await theirs(['describe-user-pool-client', '--user-pool-id', poolId, '--client-id', c.ClientId]);
  assert.equal(r.code, 255);
  assert.equal(r.stderr.trim(),
    `An error occurred (ResourceNotFoundException) when calling the DescribeUserPoolClient operation: User pool client ${c.ClientId} does not exist.`);
  const mine = await ours(['describe-user-pool-client', '--user-pool-id', poolId, '--client-id', c.ClientId]);
  assert.equal(mine.code, 254, 'aws CLI v2 exit code');
  assert.equal(mine.stderr, r.stderr);
});

test('a validation error names the member, in the aws CLI\'s error line', async () => {
  const r = await theirs(['create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'x', '--auth-session-validity', '16']);
  assert.equal(r.code, 255);
  assert.equal(r.stderr.trim(), 'An error occurred (InvalidParameterException) when calling the CreateUserPoolClient operation: 1 validation error detected: '
    + "Value '16' at 'authSessionValidity' failed to satisfy constraint: Member must have value less than or equal to 15");
});

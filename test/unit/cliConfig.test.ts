// The command line's settings (spec section 7): flags, then the environment, then
// ~/.aws/credentials and ~/.aws/config, read from real files; the local server's key when
// nothing else gives one; bad configuration refused with exit 253.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings, DEFAULT_ENDPOINT } from '../../src/cli/config';
import { parseGlobals } from '../../src/cli/globals';
import { exitCodeFor } from '../../src/cli/errors';

const home = mkdtempSync(join(tmpdir(), 'ci-config-'));
process.on('exit', () => rmSync(home, { recursive: true, force: true }));
const CONFIG = join(home, 'config');
const CREDS = join(home, 'credentials');
writeFileSync(CONFIG, [
  '[default]', 'region = us-west-2', 'cli_timestamp_format = wire', 'output = text', '',
  '[profile dev.eu]', 'region = eu-west-1', 'endpoint_url = http://127.0.0.1:7000', 'aws_access_key_id = AKIACONFIGDEVEU0000', 'aws_secret_access_key = fromconfig', '',
  '[profile svc]', 'region = us-east-2', 'services = local', 'cli_read_timeout = 0', 'max_attempts = 5', '',
  '[services local]', 'cognito_identity_provider =', '    endpoint_url = http://127.0.0.1:7001', '',
  '[profile bad]', 'region = us-east-1', 'cli_timestamp_format = none-such', '',
].join('\n'));
writeFileSync(CREDS, ['[default]', 'aws_access_key_id = AKIADEFAULT000000000', 'aws_secret_access_key = defaultsecret', '',
  '[dev.eu]', 'aws_access_key_id = AKIACREDSDEVEU00000', 'aws_secret_access_key = fromcredentials', ''].join('\n'));
const BASE: NodeJS.ProcessEnv = { HOME: home, AWS_CONFIG_FILE: CONFIG, AWS_SHARED_CREDENTIALS_FILE: CREDS };

const settings = (argv: string[], env: NodeJS.ProcessEnv = {}, endpointEnvKey = 'COGNITO_IDENTITY_PROVIDER') =>
  resolveSettings({ globals: parseGlobals(argv).globals, endpointEnvKey, env: { ...BASE, ...env }, isTTY: false });

async function refused(argv: string[], env: NodeJS.ProcessEnv, message: RegExp): Promise<void> {
  await assert.rejects(settings(argv, env), (e: Error) => {
    assert.equal(exitCodeFor(e), 253);
    assert.match(e.message, message);
    return true;
  });
}

test('defaults and the default profile: region, output, wire timestamps, the credentials file', async () => {
  const s = await settings([]);
  assert.deepEqual([s.region, s.endpoint, s.output, s.timestampFormat, s.readTimeoutMs, s.maxAttempts], ['us-west-2', DEFAULT_ENDPOINT, 'text', 'wire', 60_000, 3]);
  assert.deepEqual(s.credentials, { accessKeyId: 'AKIADEFAULT000000000', secretAccessKey: 'defaultsecret', sessionToken: undefined });
});

test('flags beat the environment, which beats the files', async () => {
  const env = { AWS_REGION: 'ap-south-1', AWS_DEFAULT_OUTPUT: 'yaml', AWS_ACCESS_KEY_ID: 'AKIAENV0000000000000', AWS_SECRET_ACCESS_KEY: 'envsecret', AWS_SESSION_TOKEN: 'tok' };
  const fromEnv = await settings([], env);
  assert.deepEqual([fromEnv.region, fromEnv.output, fromEnv.credentials?.accessKeyId, fromEnv.credentials?.sessionToken], ['ap-south-1', 'yaml', 'AKIAENV0000000000000', 'tok']);
  const fromFlags = await settings(['--region', 'sa-east-1', '--output', 'json', '--endpoint-url', 'http://x:1'], env);
  assert.deepEqual([fromFlags.region, fromFlags.output, fromFlags.endpoint], ['sa-east-1', 'json', 'http://x:1']);
  assert.equal((await settings([], { AWS_DEFAULT_REGION: 'ca-central-1' })).region, 'ca-central-1');
  assert.equal((await settings([], { AWS_DEFAULT_REGION: 'ca-central-1', AWS_REGION: 'eu-north-1' })).region, 'eu-north-1');
});

test('profiles: [profile x] with dots, credentials file first, --profile outranks the environment\'s key', async () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIAENV0000000000000', AWS_SECRET_ACCESS_KEY: 'envsecret' };
  const dev = await settings(['--profile', 'dev.eu'], env);
  assert.deepEqual([dev.region, dev.endpoint, dev.credentials?.accessKeyId, dev.profile], ['eu-west-1', 'http://127.0.0.1:7000', 'AKIACREDSDEVEU00000', 'dev.eu']);
  // AWS_PROFILE does not outrank a key in the environment (the aws CLI's rule).
  const viaEnv = await settings([], { ...env, AWS_PROFILE: 'dev.eu' });
  assert.deepEqual([viaEnv.region, viaEnv.credentials?.accessKeyId], ['eu-west-1', 'AKIAENV0000000000000']);
  const svc = await settings(['--profile', 'svc']);
  assert.deepEqual([svc.endpoint, svc.readTimeoutMs, svc.maxAttempts, svc.timestampFormat], ['http://127.0.0.1:7001', undefined, 5, 'iso8601']);
  assert.equal((await settings(['--profile', 'svc'], {}, 'CLOUDWATCH_LOGS')).endpoint, DEFAULT_ENDPOINT);
});

test('endpoints: --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile', async () => {
  const env = { AWS_ENDPOINT_URL: 'http://all:1', AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://idp:2', AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://logs:3' };
  assert.equal((await settings([], env)).endpoint, 'http://idp:2');
  assert.equal((await settings([], env, 'CLOUDWATCH_LOGS')).endpoint, 'http://logs:3');
  assert.equal((await settings([], { AWS_ENDPOINT_URL: 'http://all:1' }, 'CLOUDWATCH_LOGS')).endpoint, 'http://all:1');
  assert.equal((await settings(['--endpoint-url', 'http://flag:4', '--profile', 'dev.eu'], env)).endpoint, 'http://flag:4');
  assert.equal((await settings(['--profile', 'dev.eu'], { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).endpoint, DEFAULT_ENDPOINT);
});

test('the local server\'s key, when the default endpoint is used and no key is configured anywhere', async () => {
  const dataDir = join(home, 'data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'credentials.json'), JSON.stringify({ accessKeyId: 'AKIALOCALSERVER00000', secretAccessKey: 'localsecret', accountId: '000000000000' }));
  const noFiles = { AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), COGNITO_IMPORT_DATA_DIR: dataDir };
  assert.deepEqual((await settings([], noFiles)).credentials, { accessKeyId: 'AKIALOCALSERVER00000', secretAccessKey: 'localsecret' });
  assert.equal((await settings(['--endpoint-url', 'http://elsewhere:1'], noFiles)).credentials, undefined);
  const unsigned = await settings(['--no-sign-request'], noFiles);
  assert.deepEqual([unsigned.credentials, unsigned.unsigned], [undefined, true]);
});

test('the local server where serve listens in this environment: COGNITO_IMPORT_PORT and COGNITO_IMPORT_HOST, with its key from COGNITO_IMPORT_DATA_DIR', async () => {
  const dataDir = join(home, 'data-9400');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'credentials.json'), JSON.stringify({ accessKeyId: 'AKIALOCALSERVER09400', secretAccessKey: 'localsecret9400', accountId: '000000000000' }));
  const noFiles = { AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), COGNITO_IMPORT_DATA_DIR: dataDir };
  const s = await settings([], { ...noFiles, COGNITO_IMPORT_PORT: '9400' });
  assert.equal(s.endpoint, 'http://127.0.0.1:9400');
  assert.deepEqual(s.credentials, { accessKeyId: 'AKIALOCALSERVER09400', secretAccessKey: 'localsecret9400' });
  assert.equal((await settings([], { ...noFiles, COGNITO_IMPORT_HOST: '0.0.0.0', COGNITO_IMPORT_PORT: '9401' })).endpoint, 'http://127.0.0.1:9401');
  assert.equal((await settings([], { ...noFiles, COGNITO_IMPORT_HOST: '::1' })).endpoint, 'http://[::1]:9329');
  assert.equal((await settings([], { ...noFiles, COGNITO_IMPORT_PORT: '0' })).endpoint, DEFAULT_ENDPOINT, 'a port chosen at start cannot be known');
  // The key goes only to the server it belongs to.
  assert.equal((await settings(['--endpoint-url', 'http://127.0.0.1:9329'], { ...noFiles, COGNITO_IMPORT_PORT: '9400' })).credentials, undefined);
});

test('bad configuration is refused with 253', async () => {
  await refused(['--profile', 'nope'], {}, /^The config profile \(nope\) could not be found$/);
  await refused([], { AWS_PROFILE: 'gone' }, /^The config profile \(gone\) could not be found$/);
  await refused([], { AWS_CONFIG_FILE: join(home, 'none') }, /^You must specify a region\./);
  await refused(['--profile', 'bad'], {}, /cli_timestamp_format must be iso8601 or wire/);
  await refused([], { AWS_MAX_ATTEMPTS: 'lots' }, /max_attempts/);
});

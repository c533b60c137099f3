// The server refuses a call whose X-Amz-Target is not signed (src/auth/sigv4.ts, [OURS]). This
// checks that no real client is refused for it: the SDK v3 client, boto3, the aws CLI (v1, and v2
// where installed at /usr/bin/aws) and curl --aws-sigv4 each make a call that succeeds, and the
// Authorization each sent lists x-amz-target (with host and x-amz-date) in SignedHeaders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, run, aws, awsEnvFor, cleanup, KEY_A, type RunResult, type TestServer } from '../helpers/server';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

const TARGET = 'AWSCognitoIdentityProviderService.ListUserPools';

/** The SignedHeaders list of every Authorization header found in a text (a client's debug output). */
function signedHeaderLists(text: string): string[][] {
  return [...text.matchAll(/AWS4-HMAC-SHA256 Credential=[^,\s]+, ?SignedHeaders=([^,\s]+)/g)].map((m) => m[1].split(';'));
}

function assertSignsTarget(lists: string[][], client: string): void {
  assert.ok(lists.length > 0, `${client}: no Authorization header seen`);
  for (const list of lists) {
    for (const name of ['host', 'x-amz-date', 'x-amz-target']) assert.ok(list.includes(name), `${client} signed ${list.join(';')}: no ${name}`);
  }
}

function assertListed(r: RunResult, client: string): void {
  assert.equal(r.code, 0, `${client}: ${r.stderr.slice(-2000)}`);
  assert.ok(Array.isArray((JSON.parse(r.stdout) as { UserPools: unknown }).UserPools), `${client}: ${r.stdout}`);
}

test('the AWS SDK v3 client signs X-Amz-Target, and its call is accepted', async () => {
  const client = server.client();
  const seen: string[] = [];
  // The deserialize step runs after signing (finalizeRequest), just before the request is sent.
  client.middlewareStack.add((next) => async (args) => {
    seen.push(String((args.request as { headers: Record<string, string> }).headers.authorization));
    return next(args);
  }, { step: 'deserialize', name: 'captureAuthorization' });
  const out = await client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
  assert.ok(Array.isArray(out.UserPools));
  assertSignsTarget(signedHeaderLists(seen.join('\n')), 'SDK v3');
});

test('boto3 signs X-Amz-Target, and its call is accepted', async () => {
  const script = `
import boto3, json, sys
c = boto3.client('cognito-idp', endpoint_url=sys.argv[1], region_name='us-west-2')
seen = []
c.meta.events.register('before-send', lambda request, **kw: seen.append(str(request.headers['Authorization'])))
out = c.list_user_pools(MaxResults=10)
print(json.dumps({'UserPools': out['UserPools'], 'seen': seen}, default=str))
`;
  const r = await run('python3', ['-c', script, server.url], awsEnvFor(KEY_A));
  assertListed(r, 'boto3');
  assertSignsTarget(signedHeaderLists((JSON.parse(r.stdout) as { seen: string[] }).seen.join('\n')), 'boto3');
});

test('the aws CLI v1 signs X-Amz-Target, and its call is accepted', async () => {
  const env = awsEnvFor(KEY_A);
  try {
    const r = await aws(server, ['--debug', 'cognito-idp', 'list-user-pools', '--max-results', '10', '--output', 'json'], env);
    assertListed(r, 'aws CLI v1');
    assertSignsTarget(signedHeaderLists(r.stderr), 'aws CLI v1');
  } finally {
    cleanup(env.HOME!);
  }
});

// Debian's awscli package is version 2 (/usr/bin/aws); CI images may have none, or a version 1 there.
const AWS_V2 = '/usr/bin/aws';
test('the aws CLI v2 signs X-Amz-Target, and its call is accepted', async (t) => {
  if (!existsSync(AWS_V2)) return t.skip(`no aws CLI at ${AWS_V2}`);
  const env = awsEnvFor(KEY_A);
  try {
    const version = await run(AWS_V2, ['--version'], env);
    if (!/^aws-cli\/2\./.test(version.stdout + version.stderr)) return t.skip(`${AWS_V2} is not version 2: ${version.stdout}${version.stderr}`);
    const r = await run(AWS_V2, ['--endpoint-url', server.url, '--debug', 'cognito-idp', 'list-user-pools', '--max-results', '10', '--output', 'json'], env);
    assertListed(r, 'aws CLI v2');
    assertSignsTarget(signedHeaderLists(r.stderr), 'aws CLI v2');
  } finally {
    cleanup(env.HOME!);
  }
});

test('curl --aws-sigv4 signs the headers given with -H, X-Amz-Target among them, and its call is accepted', async () => {
  const r = await run('curl', ['-sS', '-v', '--aws-sigv4', 'aws:amz:us-west-2:cognito-idp', '--user', `${KEY_A.accessKeyId}:${KEY_A.secretAccessKey}`,
    '-H', 'Content-Type: application/x-amz-json-1.1', '-H', `X-Amz-Target: ${TARGET}`, '--data', '{"MaxResults":10}', `${server.url}/`]);
  assertListed(r, 'curl');
  // -v prints each request header sent, after '> '.
  const sent = r.stderr.split('\n').filter((l) => l.startsWith('> ')).join('\n');
  const lists = signedHeaderLists(sent);
  assertSignsTarget(lists, 'curl');
  assert.ok(lists[0].includes('content-type'), `curl signed ${lists[0].join(';')}`);
});

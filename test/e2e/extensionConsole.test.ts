// The extension routes the web console needs besides a job's (docs/extensions.md):
// console/local-key, which hands the zero-config server's own key to a page on this machine that
// shows the console token (once) and is an unknown route to anything else, and outbox, the messages of the caller's pools as
// `cognito-import outbox --output json` lists them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdminCreateUserCommand, CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startApp, type RunningApp } from '../../src/app';
import { loadServeConfig } from '../../src/config';
import { silentLogger } from '../../src/http/logger';
import { BIN, cleanup, KEY_A, KEY_B, run, startTestServer, tempDir, type TestServer } from '../helpers/server';
import { newPool, until } from '../helpers/jobs';
import { curlSigned, PREFIX, signedGet } from '../helpers/extensions';

const LOCAL_KEY = `${PREFIX}/console/local-key`;
/** A GET signed with botocore's SigV4Auth for cognito-import: url and region as arguments, the key from the environment. */
const BOTOCORE_GET = `
import sys, urllib.request, botocore.session
from botocore.awsrequest import AWSRequest
from botocore.auth import SigV4Auth
url, region = sys.argv[1], sys.argv[2]
req = AWSRequest(method="GET", url=url)
SigV4Auth(botocore.session.Session().get_credentials(), "cognito-import", region).add_auth(req)
with urllib.request.urlopen(urllib.request.Request(url, headers=dict(req.headers))) as r:
    sys.stdout.write(r.read().decode())
`;
const OUTBOX = `${PREFIX}/outbox`;

let zeroConfig: RunningApp;
let zeroDir: string;
let server: TestServer;
/** The console token now, from the console link the server gives (`serve` prints it); each use makes the next. */
const tokenNow = (): string => /#token=([A-Za-z0-9_-]+)$/.exec(zeroConfig.consoleUrl)![1];
/** The links the server told of (`serve` prints them), each once the one before was used. */
const toldLinks: string[] = [];

before(async () => {
  zeroDir = tempDir();
  // `cognito-import serve` with no key given: it makes its own. On every address, so a request
  // can come from this machine's other address too.
  zeroConfig = await startApp({ config: loadServeConfig(['--port', '0', '--host', '0.0.0.0', '--data-dir', zeroDir, '--worker-concurrency', '0'], {}), log: silentLogger,
    onConsoleLink: (link) => toldLinks.push(link) });
  server = await startTestServer();
});
after(async () => {
  await zeroConfig.close();
  await server.close();
  cleanup(zeroDir);
  cleanup(server.dataDir);
});

/** A raw GET, with headers as given (Host included, repeated when a list): what a browser or a proxy might send. */
function rawGet(host: string, port: number, path: string, headers: string[]): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: 'GET', headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(body) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('console/local-key: the server\'s own key, to a page on this machine that shows the console token, good once', async () => {
  assert.match(zeroConfig.consoleUrl, new RegExp(`^http://127\\.0\\.0\\.1:${zeroConfig.port}/console/#token=[A-Za-z0-9_-]{32}$`));
  const port = zeroConfig.port;
  const made = JSON.parse(readFileSync(join(zeroDir, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
    const token = tokenNow();
    const told = toldLinks.length;
    const r = await rawGet('127.0.0.1', port, LOCAL_KEY, ['Host', host, 'X-Cognito-Import-Console', token]);
    assert.equal(r.status, 200, `${host}: ${JSON.stringify(r.json)}`);
    assert.deepEqual(r.json, { AccessKeyId: made.accessKeyId, SecretAccessKey: made.secretAccessKey, Region: 'us-east-1' });
    // Spent: the same token again is refused, and the next link was told (serve prints it).
    const again = await rawGet('127.0.0.1', port, LOCAL_KEY, ['Host', host, 'X-Cognito-Import-Console', token]);
    assert.equal(again.status, 404, `${host}: the token again`);
    assert.deepEqual(toldLinks.slice(told), [zeroConfig.consoleUrl]);
    assert.notEqual(tokenNow(), token);
  }
  // As the console's fetch sends it; and the key signs a real API call and an extension call.
  const r = await fetch(`http://127.0.0.1:${port}${LOCAL_KEY}`, { headers: { 'X-Cognito-Import-Console': tokenNow() } });
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const key = await r.json() as { AccessKeyId: string; SecretAccessKey: string; Region: string };
  const sdk = new CognitoIdentityProviderClient({ endpoint: `http://127.0.0.1:${port}`, region: key.Region, maxAttempts: 1,
    credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } });
  try {
    assert.deepEqual((await sdk.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools, []);
  } finally {
    sdk.destroy();
  }
  const outbox = await signedGet(`http://127.0.0.1:${port}`, OUTBOX, {}, { key: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, region: key.Region });
  assert.deepEqual([outbox.status, outbox.json], [200, { Messages: [] }]);
});

test('console/local-key is an unknown route otherwise: no token or another, another Host, a proxy\'s headers, another address, a configured key', async () => {
  const port = zeroConfig.port;
  const token = tokenNow();
  const unknown = (path: string): Record<string, unknown> => ({
    __type: 'UnknownOperationException', message: `GET ${path} is not served here: send AWS JSON API calls as POST / and uploads as PUT to a PreSignedUrl.`,
  });
  const local = ['Host', `127.0.0.1:${port}`];
  const refused: [string, string[]][] = [
    // What any process of this machine, or a reverse proxy that hides itself (nginx's plain
    // proxy_pass: a loopback Host, no proxy header), can send without the server's output.
    ['no console header', local],
    ['the console header without the token', [...local, 'X-Cognito-Import-Console', '1']],
    ['a token of another run', [...local, 'X-Cognito-Import-Console', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`]],
    ['the token and more', [...local, 'X-Cognito-Import-Console', `${token}0`]],
    ['the token in a query string instead', [...local]],
    ['a Host that is not loopback (DNS rebinding)', ['Host', `evil.example:${port}`, 'X-Cognito-Import-Console', token]],
    ['a loopback address of another form', ['Host', `127.0.0.2:${port}`, 'X-Cognito-Import-Console', token]],
    ['two Host headers', [...local, 'Host', `evil.example:${port}`, 'X-Cognito-Import-Console', token]],
    ...['Forwarded', 'X-Forwarded-For', 'X-Forwarded-Host', 'X-Forwarded-Proto', 'X-Real-IP', 'Via'].map((h): [string, string[]] =>
      [h, [...local, 'X-Cognito-Import-Console', token, h, h === 'Via' ? '1.1 proxy' : h === 'X-Forwarded-Proto' ? 'https' : '198.51.100.7']]),
  ];
  for (const [why, headers] of refused) {
    const path = why.includes('query') ? `${LOCAL_KEY}?token=${token}` : LOCAL_KEY;
    const r = await rawGet('127.0.0.1', port, path, headers);
    assert.deepEqual([r.status, r.json], [404, unknown(LOCAL_KEY)], why);
  }
  // A page of another origin: its preflight is never granted (no Access-Control-* header).
  const preflight = await fetch(`http://127.0.0.1:${port}${LOCAL_KEY}`, { method: 'OPTIONS', headers: {
    Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-cognito-import-console' } });
  assert.equal(preflight.status, 404);
  assert.deepEqual([...preflight.headers.keys()].filter((h) => h.startsWith('access-control-')), []);
  // From this machine's address on another interface: the peer is not loopback.
  const other = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (other) {
    const r = await rawGet(other.address, port, LOCAL_KEY, ['Host', `127.0.0.1:${port}`, 'X-Cognito-Import-Console', token]);
    assert.deepEqual([r.status, r.json], [404, unknown(LOCAL_KEY)], `from ${other.address}`);
  }
  // A server given its keys (a credentials file) never hands one out.
  const configured = await rawGet('127.0.0.1', server.port, LOCAL_KEY, ['Host', `127.0.0.1:${server.port}`, 'X-Cognito-Import-Console', token]);
  assert.deepEqual([configured.status, configured.json], [404, unknown(LOCAL_KEY)]);
  assert.equal(server.app.consoleUrl, `${server.url}/console/`, 'no token in the console link of a server given its keys');
  // None of the refused requests spent the token: only a request given the key does.
  assert.equal(tokenNow(), token);
  assert.equal((await rawGet('127.0.0.1', port, LOCAL_KEY, [...local, 'X-Cognito-Import-Console', token])).status, 200);
});

test('console/local-key answers any method but GET as an unknown route, with the token and every header a GET needs: POST, HEAD, PUT, DELETE, OPTIONS', async () => {
  const port = zeroConfig.port;
  const token = tokenNow();
  for (const method of ['POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
    const r = await new Promise<{ status: number; allow: unknown; body: string }>((resolve, reject) => {
      const body = method === 'HEAD' || method === 'OPTIONS' ? undefined : '{}';
      const headers = { 'X-Cognito-Import-Console': token, ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}) };
      const req = request({ host: '127.0.0.1', port, path: LOCAL_KEY, method, headers }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString(); });
        res.on('end', () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.deepEqual([r.status, r.allow], [404, undefined], method);
    if (method !== 'HEAD') {
      assert.deepEqual(JSON.parse(r.body), {
        __type: 'UnknownOperationException', message: `${method} ${LOCAL_KEY} is not served here: send AWS JSON API calls as POST / and uploads as PUT to a PreSignedUrl.`,
      }, method);
    }
  }
  // The GET still answers.
  const ok = await rawGet('127.0.0.1', port, LOCAL_KEY, ['Host', `127.0.0.1:${port}`, 'X-Cognito-Import-Console', token]);
  assert.equal(ok.status, 200);
});

test('outbox: the messages of the caller\'s pools (its account, the region it signs for), filtered, as `cognito-import outbox --output json`', async () => {
  const sdk = server.client();
  const poolA = await newPool(sdk, 'outbox-a');
  const poolA2 = await newPool(sdk, 'outbox-a2');
  const poolB = await newPool(server.client({ key: KEY_B }), 'outbox-b');
  const poolEu = await newPool(server.client({ region: 'eu-west-1' }), 'outbox-eu');
  const invite = (client: CognitoIdentityProviderClient, UserPoolId: string, Username: string) => client.send(new AdminCreateUserCommand({
    UserPoolId, Username, DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: `${Username.replace(/[^a-z0-9]/g, '')}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  }));
  await invite(sdk, poolA, 'ann+1');
  await invite(sdk, poolA, 'zoë');
  await invite(sdk, poolA2, 'ann+1');
  await invite(server.client({ key: KEY_B }), poolB, 'bob');
  await invite(server.client({ region: 'eu-west-1' }), poolEu, 'eve');

  const cli = await run(process.execPath, [BIN, 'outbox', '--data-dir', server.dataDir, '--output', 'json']);
  const all = (JSON.parse(cli.stdout) as { Messages: Record<string, string>[] }).Messages;
  assert.equal(all.length, 5, cli.stderr);
  const mine = all.filter((m) => m.AccountId === KEY_A.accountId && m.UserPoolId.startsWith('us-west-2_'));
  const get = (query: Record<string, string>, key = KEY_A) => signedGet(server.url, OUTBOX, query, { key });
  const every = await until('the outbox', () => get({}), (r) => (r.json.Messages as unknown[] | undefined)?.length === 3);
  assert.deepEqual(every.json, { Messages: mine });
  assert.deepEqual((await get({ UserPoolId: poolA })).json.Messages, mine.filter((m) => m.UserPoolId === poolA));
  assert.deepEqual((await get({ Username: 'ann+1' })).json.Messages, mine.filter((m) => m.Username === 'ann+1'));
  assert.deepEqual((await get({ UserPoolId: poolA, Username: 'zoë' })).json.Messages, mine.filter((m) => m.Username === 'zoë'));
  assert.deepEqual((await get({ UserPoolId: poolB })).json.Messages, [], 'another account\'s pool');
  assert.deepEqual(((await get({}, KEY_B)).json.Messages as Record<string, string>[]).map((m) => m.Username), ['bob']);
  const eu = await signedGet(server.url, OUTBOX, {}, { key: KEY_A, region: 'eu-west-1' });
  assert.deepEqual((eu.json.Messages as Record<string, string>[]).map((m) => m.UserPoolId), [poolEu]);

  // curl, as docs/extensions.md shows it: the query's names in order, a '+' written %2B.
  const c = await curlSigned(`${server.url}${OUTBOX}?UserPoolId=${poolA}&Username=ann%2B1`, KEY_A);
  assert.equal(c.stdout.slice(c.stdout.lastIndexOf('\n') + 1), '200', c.stdout);
  assert.deepEqual(JSON.parse(c.stdout.slice(0, c.stdout.lastIndexOf('\n'))), { Messages: mine.filter((m) => m.UserPoolId === poolA && m.Username === 'ann+1') });

  // botocore's signer (boto3), as docs/extensions.md shows it.
  const py = await run('python3', ['-c', BOTOCORE_GET, `${server.url}${OUTBOX}?UserPoolId=${poolA}&Username=ann%2B1`, 'us-west-2'], server.awsEnv(KEY_A));
  assert.equal(py.code, 0, py.stderr);
  assert.deepEqual(JSON.parse(py.stdout), { Messages: mine.filter((m) => m.UserPoolId === poolA && m.Username === 'ann+1') });

  const bad = await get({ UserPoolID: poolA });
  assert.deepEqual([bad.status, bad.json], [400, { __type: 'InvalidParameterException', message: "This route takes no query parameter 'UserPoolID'; it takes UserPoolId, Username, MaxResults and NextToken." }]);
  const unsigned = await signedGet(server.url, OUTBOX, {}, { key: KEY_A, unsigned: true });
  assert.deepEqual([unsigned.status, unsigned.json.__type], [400, 'MissingAuthenticationTokenException']);
});

test('outbox pages: MaxResults and NextToken as AWS\'s List* operations have them; files past the page are not read', async () => {
  const sdk = server.client();
  const pool = await newPool(sdk, 'outbox-pages');
  const other = await newPool(sdk, 'outbox-pages-other');
  for (const [p, u] of [[pool, 'p1'], [other, 'o1'], [pool, 'p2'], [pool, 'p3'], [other, 'o2'], [pool, 'p4'], [pool, 'p5'], [other, 'o3']]) {
    await sdk.send(new AdminCreateUserCommand({
      UserPoolId: p, Username: u, DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: `${u}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    }));
  }
  const get = (query: Record<string, string>, key = KEY_A) => signedGet(server.url, OUTBOX, query, { key });
  const all = (await get({ UserPoolId: pool })).json;
  assert.deepEqual((all.Messages as Record<string, string>[]).map((m) => m.Username), ['p1', 'p2', 'p3', 'p4', 'p5']);
  assert.equal(all.NextToken, undefined, 'the last page has no NextToken');

  // Every page of 2, in order, each token passed on as given.
  const pages: string[][] = [];
  let token: string | undefined;
  do {
    const r = await get({ UserPoolId: pool, MaxResults: '2', ...(token ? { NextToken: token } : {}) });
    assert.equal(r.status, 200, r.text);
    pages.push((r.json.Messages as Record<string, string>[]).map((m) => m.Username));
    token = r.json.NextToken as string | undefined;
  } while (token !== undefined);
  assert.deepEqual(pages, [['p1', 'p2'], ['p3', 'p4'], ['p5']]);
  // A page that fills up exactly where the matches end, with files after it (o3), still has a
  // NextToken (knowing would mean reading past the page); the next page is empty.
  const five = await get({ UserPoolId: pool, MaxResults: '5' });
  assert.deepEqual((five.json.Messages as unknown[]).length, 5);
  assert.equal(typeof five.json.NextToken, 'string');
  assert.deepEqual((await get({ UserPoolId: pool, MaxResults: '5', NextToken: five.json.NextToken as string })).json, { Messages: [] });
  // HEAD: the GET's headers, no body.
  const head = await signedGet(server.url, OUTBOX, { UserPoolId: pool }, { key: KEY_A }, 'HEAD');
  assert.deepEqual([head.status, head.headers.get('content-length'), head.bytes.length], [200, String(Buffer.byteLength(JSON.stringify(all))), 0]);

  // A file past the page is not read: a folder named as the newest message would fail its read.
  const trap = join(server.dataDir, 'outbox', '99991231T235959.999Z-000001-trapdir0.eml');
  mkdirSync(trap);
  try {
    const first = await get({ UserPoolId: pool, MaxResults: '1' });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual((first.json.Messages as Record<string, string>[]).map((m) => m.Username), ['p1']);
  } finally {
    rmdirSync(trap);
  }

  const refused = async (query: Record<string, string>, message: string, key = KEY_A): Promise<void> => {
    const r = await get(query, key);
    assert.deepEqual([r.status, r.headers.get('x-amzn-errortype'), r.json], [400, 'InvalidParameterException:', { __type: 'InvalidParameterException', message }], JSON.stringify(query));
  };
  const badToken = 'The NextToken is not valid for this request: pass the value of NextToken from the previous page\'s answer unchanged.';
  const t = (await get({ UserPoolId: pool, MaxResults: '1' })).json.NextToken as string;
  await refused({ UserPoolId: pool, NextToken: 'bm90LWEtdG9rZW4' }, badToken);
  await refused({ UserPoolId: pool, NextToken: `${t}x` }, badToken);
  await refused({ UserPoolId: other, NextToken: t }, badToken);
  await refused({ NextToken: t }, badToken);
  await refused({ UserPoolId: pool, NextToken: t }, badToken, KEY_B);
  for (const v of ['0', '61', '-1', '1.5', 'ten', '', '0001']) {
    await refused({ MaxResults: v }, `The query parameter MaxResults is '${v}': it must be a whole number from 1 to 60.`);
  }
  assert.equal((await get({ MaxResults: '60' })).status, 200);
});

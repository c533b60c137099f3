// The AWS JSON 1.1 wire protocol (spec section 1), spoken raw: requests built and SigV4-signed by
// hand as botocore does (content-type;host;x-amz-date;x-amz-target), sent with fetch or a socket,
// answers read byte for byte. After each refused request, the pools and jobs are looked at again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { FakeClock, KEY_A, ROLE_ARN, startTestServer, type TestServer } from '../helpers/server';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const PREFIX = 'AWSCognitoIdentityProviderService.';
const MiB = 1024 * 1024;

// A whole second plus 471 ms, so the job's CreationDate has a known fraction.
const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000 + 471);
let server: TestServer;
let poolId: string;

const signer = new SignatureV4({
  credentials: { accessKeyId: KEY_A.accessKeyId, secretAccessKey: KEY_A.secretAccessKey },
  region: 'us-west-2', service: 'cognito-idp', sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
});

/** The headers botocore sends for a JSON 1.1 call, signed; `target` undefined leaves X-Amz-Target out. */
async function signedHeaders(target: string | undefined, body: string): Promise<Record<string, string>> {
  const url = new URL(server.url);
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, host: url.host };
  if (target !== undefined) headers['x-amz-target'] = target;
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body,
  }), { signingDate: new Date(clock.now()) });
  return signed.headers;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function post(target: string | undefined, body: string): Promise<Answer> {
  const { host: _host, ...headers } = await signedHeaders(target, body); // fetch sets Host itself
  const r = await fetch(`${server.url}/`, { method: 'POST', headers, body });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: text ? JSON.parse(text) as Record<string, unknown> : {} };
}

const call = (operation: string, input: unknown): Promise<Answer> => post(PREFIX + operation, JSON.stringify(input));

async function ok(operation: string, input: unknown): Promise<Record<string, unknown>> {
  const a = await call(operation, input);
  assert.equal(a.status, 200, `${operation}: ${a.text}`);
  return a.json;
}

/** An error answer, in full: status, body with exactly __type and message, the x-amzn-ErrorType header. */
function assertError(a: Answer, type: string, message: string | RegExp, status = 400): void {
  assert.equal(a.status, status, a.text);
  assert.equal(a.headers.get('content-type'), CONTENT_TYPE);
  assert.equal(a.headers.get('x-amzn-errortype'), `${type}:`);
  assert.ok(a.headers.get('x-amzn-requestid'));
  assert.deepEqual(Object.keys(a.json), ['__type', 'message']);
  assert.equal(a.json.__type, type);
  if (typeof message === 'string') assert.equal(a.json.message, message);
  else assert.match(String(a.json.message), message);
}

/** What a refused request must leave alone: the account's pools and the test pool's jobs. */
async function snapshot(): Promise<{ pools: unknown; jobs: unknown; header: unknown }> {
  const pools = await ok('ListUserPools', { MaxResults: 60 });
  const jobs = await ok('ListUserImportJobs', { UserPoolId: poolId, MaxResults: 60 });
  const header = await ok('GetCSVHeader', { UserPoolId: poolId });
  return { pools, jobs, header };
}

/** Sends a request that must be refused, checks the answer, and checks nothing changed. */
async function refused(send: () => Promise<Answer>, type: string, message: string | RegExp, status = 400): Promise<void> {
  const before = await snapshot();
  assertError(await send(), type, message, status);
  assert.deepEqual(await snapshot(), before);
}

const jobInput = (over: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ JobName: 'raw', UserPoolId: poolId, CloudWatchLogsRoleArn: ROLE_ARN, ...over });

before(async () => {
  server = await startTestServer({ clock });
  const created = await ok('CreateUserPool', { PoolName: 'protocol', AutoVerifiedAttributes: ['email'] });
  poolId = (created.UserPool as { Id: string }).Id;
  await ok('CreateUserImportJob', jobInput({ JobName: 'existing' }));
});
after(() => server.close());

test('requests are signed as botocore signs them', async () => {
  const h = await signedHeaders(`${PREFIX}GetCSVHeader`, '{}');
  assert.match(h.authorization, /^AWS4-HMAC-SHA256 Credential=AKIATESTACCOUNTAAAAA\/\d{8}\/us-west-2\/cognito-idp\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
});

test('a success is HTTP 200, application/x-amz-json-1.1, with an x-amzn-RequestId', async () => {
  const a = await call('GetCSVHeader', { UserPoolId: poolId });
  assert.equal(a.status, 200);
  assert.equal(a.headers.get('content-type'), CONTENT_TYPE);
  assert.match(a.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.deepEqual(Object.keys(a.json), ['UserPoolId', 'CSVHeader']);
  assert.equal(a.json.UserPoolId, poolId);
  const again = await call('GetCSVHeader', { UserPoolId: poolId });
  assert.notEqual(again.headers.get('x-amzn-requestid'), a.headers.get('x-amzn-requestid'), 'each request has its own id');
});

test('CreateUserImportJob raw body: keys in model order, CreationDate in epoch seconds with milliseconds', async () => {
  // Members sent in an order unlike the model's: the answer follows the model, not the request.
  const a = await call('CreateUserImportJob', { PasswordHashingAlgorithm: 'BCRYPT', CloudWatchLogsRoleArn: ROLE_ARN, UserPoolId: poolId, JobName: 'wire' });
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['UserImportJob']);
  const job = a.json.UserImportJob as Record<string, unknown>;
  assert.deepEqual(Object.keys(job), [
    'JobName', 'JobId', 'UserPoolId', 'PreSignedUrl', 'CreationDate', 'Status', 'CloudWatchLogsRoleArn',
    'ImportedUsers', 'SkippedUsers', 'FailedUsers', 'PasswordHashingAlgorithm',
  ]);
  const seconds = Math.floor(clock.ms / 1000);
  assert.ok(a.text.includes(`"CreationDate":${seconds}.471,`), a.text);
  assert.equal(job.CreationDate, clock.ms / 1000);
  assert.equal(typeof job.CreationDate, 'number');
  assert.deepEqual([job.Status, job.ImportedUsers, job.SkippedUsers, job.FailedUsers], ['Created', 0, 0, 0]);
});

test('CreateUserPool raw body: the pool\'s members in model order', async () => {
  const a = await call('CreateUserPool', { UserPoolTags: { team: 'id' }, AutoVerifiedAttributes: ['email'], PoolName: 'order' });
  assert.equal(a.status, 200, a.text);
  const pool = a.json.UserPool as Record<string, unknown>;
  assert.deepEqual(Object.keys(pool), [
    'Id', 'Name', 'Policies', 'DeletionProtection', 'LambdaConfig', 'LastModifiedDate', 'CreationDate', 'SchemaAttributes',
    'AutoVerifiedAttributes', 'VerificationMessageTemplate', 'UserAttributeUpdateSettings', 'MfaConfiguration',
    'EstimatedNumberOfUsers', 'EmailConfiguration', 'UserPoolTags', 'AdminCreateUserConfig', 'Arn',
  ]);
  assert.equal(pool.CreationDate, clock.ms / 1000);
  assert.deepEqual(Object.keys((pool.SchemaAttributes as object[])[0]),
    ['Name', 'AttributeDataType', 'DeveloperOnlyAttribute', 'Mutable', 'Required', 'StringAttributeConstraints']);
  await ok('DeleteUserPool', { UserPoolId: pool.Id });
});

test('errors: HTTP 400, {"__type", "message"} and x-amzn-ErrorType: <Name>:', async () => {
  await refused(() => call('DescribeUserImportJob', { UserPoolId: poolId, JobId: 'import-AAAAAAAAAA' }),
    'ResourceNotFoundException', 'Import job import-AAAAAAAAAA does not exist.');
  const a = await call('DescribeUserPool', { UserPoolId: 'us-west-2_AAAAAAAAA' });
  assertError(a, 'ResourceNotFoundException', 'User pool us-west-2_AAAAAAAAA does not exist.');
  assert.equal(a.text, '{"__type":"ResourceNotFoundException","message":"User pool us-west-2_AAAAAAAAA does not exist."}');
});

test('an unknown or missing X-Amz-Target is UnknownOperationException (400)', async () => {
  for (const target of [`${PREFIX}SignUp`, `${PREFIX}NoSuchOperation`, 'Logs_20140328.GetCSVHeader', `${PREFIX}getcsvheader`, undefined]) {
    await refused(() => post(target, JSON.stringify({ UserPoolId: poolId })), 'UnknownOperationException', /X-Amz-Target/);
  }
});

test('a body that is not a JSON object is SerializationException (400)', async () => {
  for (const body of ['{"UserPoolId": ', 'not json', `{"UserPoolId":"${poolId}",}`]) {
    await refused(() => post(`${PREFIX}CreateUserImportJob`, body), 'SerializationException', /^The request body is not valid JSON: /);
  }
  for (const body of ['[]', `[${JSON.stringify(jobInput())}]`, 'null', '"text"', '42']) {
    await refused(() => post(`${PREFIX}CreateUserImportJob`, body), 'SerializationException', 'The request body must be a JSON object.');
  }
});

test('a member of the wrong JSON type is SerializationException naming the member', async () => {
  await refused(() => call('CreateUserImportJob', jobInput({ UserPoolId: 123 })), 'SerializationException', /'userPoolId'/);
  await refused(() => call('CreateUserImportJob', jobInput({ JobName: ['raw'] })), 'SerializationException', /'jobName'/);
  await refused(() => call('ListUserImportJobs', { UserPoolId: poolId, MaxResults: '10' }), 'SerializationException', /'maxResults'/);
  await refused(() => call('ListUserImportJobs', { UserPoolId: poolId, MaxResults: 1.5 }), 'SerializationException', /'maxResults'/);
});

test('unknown members are ignored', async () => {
  const plain = await ok('GetCSVHeader', { UserPoolId: poolId });
  const extra = await ok('GetCSVHeader', { UserPoolId: poolId, Bogus: { deep: [1, 2] }, userPoolId: 'us-west-2_AAAAAAAAA' });
  assert.deepEqual(extra, plain);
  const listed = await ok('ListUserImportJobs', { UserPoolId: poolId, MaxResults: 60, Unknown: 'x' });
  assert.ok(Array.isArray(listed.UserImportJobs));
});

test('an empty body is the empty input: required members are null', async () => {
  await refused(() => post(`${PREFIX}GetCSVHeader`, ''), 'InvalidParameterException',
    "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
  await refused(() => post(`${PREFIX}GetCSVHeader`, '{}'), 'InvalidParameterException',
    "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
  await refused(() => call('GetCSVHeader', { UserPoolId: null }), 'InvalidParameterException',
    "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null");
  await refused(() => post(`${PREFIX}ListUserImportJobs`, ''), 'InvalidParameterException',
    "2 validation errors detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
    "Value null at 'maxResults' failed to satisfy constraint: Member must not be null");
});

test('validation errors use the exact Coral wording', async () => {
  const pattern = (v: string): string =>
    `1 validation error detected: Value '${v}' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+`;
  await refused(() => call('DescribeUserPool', { UserPoolId: 'bad' }), 'InvalidParameterException', pattern('bad'));
  assert.equal(pattern('bad'),
    "1 validation error detected: Value 'bad' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+");
  // Patterns apply to the whole value: a valid prefix is not enough.
  await refused(() => call('CreateUserImportJob', jobInput({ UserPoolId: 'us-west-2_abc!' })), 'InvalidParameterException', pattern('us-west-2_abc!'));
  await refused(() => call('ListUserImportJobs', { UserPoolId: '!us-west-2_abc', MaxResults: 10 }), 'InvalidParameterException', pattern('!us-west-2_abc'));

  await refused(() => call('ListUserImportJobs', { UserPoolId: poolId, MaxResults: 61 }), 'InvalidParameterException',
    "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60");
  await refused(() => call('ListUserImportJobs', { UserPoolId: poolId, MaxResults: 0 }), 'InvalidParameterException',
    "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");

  const long = 'j'.repeat(129);
  await refused(() => call('CreateUserImportJob', jobInput({ JobName: long })), 'InvalidParameterException',
    `1 validation error detected: Value '${long}' at 'jobName' failed to satisfy constraint: Member must have length less than or equal to 128`);
  assert.equal((await ok('CreateUserImportJob', jobInput({ JobName: 'j'.repeat(128) })) as { UserImportJob: { JobName: string } }).UserImportJob.JobName.length, 128);

  await refused(() => call('ListUserImportJobs', { UserPoolId: 'bad', MaxResults: 61 }), 'InvalidParameterException',
    "2 validation errors detected: Value 'bad' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+; " +
    "Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60");
});

interface RawAnswer { status: number; headers: Record<string, string>; body: string }

/** The first whole answer read on a socket (Content-Length framed); the socket is closed then. */
function answerOn(socket: Socket, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no whole answer in time')); }, timeoutMs);
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      const text = data.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const body = text.slice(end + 4);
      if (Buffer.byteLength(body) < Number(headers['content-length'])) return;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

/** Writes a raw HTTP/1.1 request head and the first bytes of its body, then reads the answer without sending more. */
function rawExchange(head: string, firstBytes: Buffer): Promise<RawAnswer> {
  const url = new URL(server.url);
  const socket = connect(Number(url.port), url.hostname);
  const answer = answerOn(socket);
  socket.write(head);
  socket.write(firstBytes);
  return answer;
}

test('a body over 1 MiB is 413 RequestEntityTooLargeException, answered before the body is read', async () => {
  const before = await snapshot();
  const start = JSON.stringify(jobInput({ JobName: 'huge' })).slice(0, -1) + ',"Padding":"';
  const body = start + 'x'.repeat(2 * MiB - start.length - 2) + '"}';
  assert.equal(Buffer.byteLength(body), 2 * MiB);
  const { host, ...signed } = await signedHeaders(`${PREFIX}CreateUserImportJob`, body);
  const head = `POST / HTTP/1.1\r\nHost: ${host}\r\n${Object.entries(signed).map(([k, v]) => `${k}: ${v}\r\n`).join('')}` +
    `Content-Length: ${2 * MiB}\r\n\r\n`;
  // Only 64 KiB of the 2 MiB are ever sent: the answer must come anyway.
  const a = await rawExchange(head, Buffer.from(body.slice(0, 64 * 1024)));
  assert.equal(a.status, 413);
  assert.equal(a.headers['content-type'], CONTENT_TYPE);
  assert.equal(a.headers['x-amzn-errortype'], 'RequestEntityTooLargeException:');
  assert.ok(a.headers['x-amzn-requestid']);
  const json = JSON.parse(a.body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), ['__type', 'message']);
  assert.equal(json.__type, 'RequestEntityTooLargeException');
  assert.match(String(json.message), /1 MiB/);
  assert.deepEqual(await snapshot(), before);
});

test('Expect: 100-continue with a body over 1 MiB: the first answer is the 413, never an invitation to send', async () => {
  const { host, ...signed } = await signedHeaders(`${PREFIX}GetCSVHeader`, '{}');
  const head = `POST / HTTP/1.1\r\nHost: ${host}\r\n${Object.entries(signed).map(([k, v]) => `${k}: ${v}\r\n`).join('')}` +
    `Content-Length: ${2 * MiB}\r\nExpect: 100-continue\r\n\r\n`;
  // Nothing of the body is sent: a client waits for 100 Continue or a final answer.
  const a = await rawExchange(head, Buffer.alloc(0));
  assert.equal(a.status, 413);
  assert.equal(a.headers['x-amzn-errortype'], 'RequestEntityTooLargeException:');
});

test('a chunked body that grows past 1 MiB is refused the same way', async () => {
  const before = await snapshot();
  const { host, ...signed } = await signedHeaders(`${PREFIX}GetCSVHeader`, '{}');
  const head = `POST / HTTP/1.1\r\nHost: ${host}\r\n${Object.entries(signed).map(([k, v]) => `${k}: ${v}\r\n`).join('')}` +
    'Transfer-Encoding: chunked\r\n\r\n';
  const chunk = Buffer.alloc(MiB + 1, 0x20);
  const a = await rawExchange(head, Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
  assert.equal(a.status, 413);
  assert.equal(a.headers['x-amzn-errortype'], 'RequestEntityTooLargeException:');
  assert.equal((JSON.parse(a.body) as { __type: string }).__type, 'RequestEntityTooLargeException');
  assert.deepEqual(await snapshot(), before);
});

test('a body of exactly 1 MiB is accepted', async () => {
  const start = `{"UserPoolId":"${poolId}","Padding":"`;
  const body = start + ' '.repeat(MiB - start.length - 2) + '"}';
  assert.equal(Buffer.byteLength(body), MiB);
  const a = await post(`${PREFIX}GetCSVHeader`, body);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.UserPoolId, poolId);
});

test('GET /health is 200 when the database and the blob store answer', async () => {
  const r = await fetch(`${server.url}/health`);
  assert.equal(r.status, 200);
  // The data dir's disk is checked when the SQLite file or the uploads live there (test/e2e/fullDisk.test.ts).
  const disk = server.databaseUrl && server.blobStore.kind === 's3' ? 'not used' : 'ok';
  assert.deepEqual(await r.json(), { status: 'ok', database: 'ok', blobStore: 'ok', disk, worker: 'ok' });
});

test('a client that goes away mid-body is not an internal error', async () => {
  const logged: string[] = [];
  const s = await startTestServer({ log: { error: (msg) => logged.push(`error: ${msg}`), info: (msg) => logged.push(`info: ${msg}`) } });
  try {
    const req = request({ method: 'POST', host: '127.0.0.1', port: s.port, path: '/',
      headers: { 'content-type': CONTENT_TYPE, 'content-length': '1000', 'x-amz-target': `${PREFIX}ListUserPools` } });
    const closed = new Promise((r) => req.on('close', r));
    req.on('error', () => {}); // the reset we cause
    req.write('{"MaxResults"');
    await new Promise((r) => setTimeout(r, 100));
    req.destroy();
    await closed;
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(logged.filter((l) => l.startsWith('error')), []);
  } finally {
    await s.close();
  }
});

// Answers are ended together at the end of a turn of the event loop (src/http/endTogether.ts):
// requests written on many connections at once are read in one turn, and each must still get
// its own answer, errors included.
test('requests arriving together: each gets its own answer', async () => {
  const jobs: Array<{ poolId: string; jobId: string }> = [];
  for (let i = 0; i < 3; i++) {
    const pool = (await ok('CreateUserPool', { PoolName: `together-${i}` })).UserPool as { Id: string };
    const job = (await ok('CreateUserImportJob', { UserPoolId: pool.Id, JobName: `j${i}`, CloudWatchLogsRoleArn: ROLE_ARN })).UserImportJob as { JobId: string };
    jobs.push({ poolId: pool.Id, jobId: job.JobId });
  }
  const asks = Array.from({ length: 60 }, (_, i) => i % 5 === 4
    ? { poolId: jobs[i % 3].poolId, jobId: `import-missing${String(i).padStart(4, '0')}` }
    : jobs[i % 3]);
  const requests = await Promise.all(asks.map(async (a) => {
    const body = JSON.stringify({ UserPoolId: a.poolId, JobId: a.jobId });
    const headers = await signedHeaders(`${PREFIX}DescribeUserImportJob`, body);
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    return `POST / HTTP/1.1\r\n${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  }));
  const url = new URL(server.url);
  const sockets = await Promise.all(asks.map(() => new Promise<Socket>((resolve, reject) => {
    const s = connect(Number(url.port), url.hostname, () => resolve(s));
    s.on('error', reject);
  })));
  await new Promise((r) => setTimeout(r, 100)); // the server has accepted them all
  const answers = sockets.map((s) => answerOn(s));
  sockets.forEach((s, i) => s.write(requests[i])); // all in this turn: the server reads them in one
  const got = await Promise.all(answers);
  got.forEach((a, i) => {
    const json = JSON.parse(a.body) as { message?: string; UserImportJob?: { JobId: string; UserPoolId: string } };
    if (asks[i].jobId.startsWith('import-missing')) {
      assert.equal(a.status, 400, a.body);
      assert.equal(json.message, `Import job ${asks[i].jobId} does not exist.`);
    } else {
      assert.equal(a.status, 200, a.body);
      assert.deepEqual([json.UserImportJob?.JobId, json.UserImportJob?.UserPoolId], [asks[i].jobId, asks[i].poolId]);
    }
  });
  assert.equal(new Set(got.map((a) => a.headers['x-amzn-requestid'])).size, asks.length);
});

test('every answer\'s Date header is the server clock\'s time, once (SDKs correct their clock skew from it)', async () => {
  const ahead = 3 * 60 * 60 * 1000;
  clock.advance(ahead);
  try {
    const expected = new Date(Math.floor(clock.now() / 1000) * 1000).toUTCString();
    const success = await call('GetCSVHeader', { UserPoolId: poolId });
    assert.equal(success.status, 200);
    const error = await call('DescribeUserPool', { UserPoolId: 'us-west-2_AAAAAAAAA' });
    assert.equal(error.status, 400);
    const tooLarge = await post(`${PREFIX}GetCSVHeader`, `{"UserPoolId":"${'x'.repeat(1024 * 1024)}"}`);
    assert.equal(tooLarge.status, 413);
    const health = await fetch(`${server.url}/health`);
    const elsewhere = await fetch(`${server.url}/nowhere`);
    for (const [what, headers] of [['success', success.headers], ['error', error.headers], ['413', tooLarge.headers], ['health', health.headers], ['404', elsewhere.headers]] as const) {
      assert.equal(headers.get('date'), expected, what);
    }
  } finally {
    clock.advance(-ahead);
  }
});

// The pre-signed upload (spec section 5) with the real curl binary: what S3 accepts and what it
// refuses, with S3's XML errors, and what is left in the data dir afterwards. These are tests of
// our own upload endpoint: they skip when the suite runs against S3, where clients upload to the
// bucket (test/e2e/s3Uploads.test.ts covers that way).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  CreateUserPoolCommand, CreateUserImportJobCommand, StartUserImportJobCommand, StopUserImportJobCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, cleanup, tempDir, FakeClock, ROLE_ARN, KEY_A, FILES_ONLY, type TestServer } from '../helpers/server';
import { curlUpload, csvFile, s3ErrorFields } from '../helpers/curl';

const MAX = 100 * 1024 * 1024;
const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

let clock: FakeClock;
let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let work: string;
let first: string;
let second: string;

before(async () => {
  clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000);
  server = await startTestServer({ clock });
  sdk = server.client({ clock });
  work = tempDir('ci-upload-');
  first = csvFile(work, 'first.csv', 'cognito:username,email\nalice,alice@example.com\n');
  second = csvFile(work, 'second.csv', 'cognito:username,email\nbob,bob@example.com\n');
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
  cleanup(work);
});

interface Job { poolId: string; jobId: string; url: string }

async function newJob(client: CognitoIdentityProviderClient = sdk): Promise<Job> {
  const pool = await client.send(new CreateUserPoolCommand({ PoolName: 'upload-test', AutoVerifiedAttributes: ['email'] }));
  const poolId = pool.UserPool!.Id!;
  const r = await client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'upload', CloudWatchLogsRoleArn: ROLE_ARN }));
  return { poolId, jobId: r.UserImportJob!.JobId!, url: r.UserImportJob!.PreSignedUrl! };
}

/** The files kept for a job: <data dir>/uploads/<account>/<pool>/<job>/<upload id>. */
function jobFiles(j: Job, s: TestServer = server): string[] {
  const dir = join(s.dataDir, 'uploads', KEY_A.accountId, j.poolId, j.jobId);
  return existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
}
const tmpFiles = (s: TestServer = server): string[] => readdirSync(join(s.dataDir, 'uploads', '.tmp'));

function withQuery(url: string, change: (q: URLSearchParams) => void): string {
  const u = new URL(url);
  change(u.searchParams);
  return u.toString();
}

async function assertNothingUploaded(j: Job): Promise<void> {
  assert.deepEqual(jobFiles(j), []);
  await assert.rejects(sdk.send(new StartUserImportJobCommand({ UserPoolId: j.poolId, JobId: j.jobId })),
    { name: 'PreconditionNotMetException', message: `No csv file was uploaded for ${j.jobId}` });
}

test('a good upload answers 200 with an empty body, keeps the file, and the job starts', { skip: FILES_ONLY }, async () => {
  const j = await newJob();
  const r = await curlUpload(j.url, first);
  assert.deepEqual([r.exit, r.status, r.body], [0, 200, '']);
  const files = jobFiles(j);
  assert.equal(files.length, 1);
  assert.equal(readFileSync(files[0], 'utf8'), readFileSync(first, 'utf8'));
  assert.deepEqual(tmpFiles(), []);
  const started = await sdk.send(new StartUserImportJobCommand({ UserPoolId: j.poolId, JobId: j.jobId }));
  assert.equal(started.UserImportJob!.Status, 'Pending');
  await sdk.send(new StopUserImportJobCommand({ UserPoolId: j.poolId, JobId: j.jobId }));
});

test('without the x-amz-server-side-encryption header: 403 SignatureDoesNotMatch', { skip: FILES_ONLY }, async () => {
  const j = await newJob();
  const r = await curlUpload(j.url, first, { sse: false });
  assert.equal(r.status, 403);
  assert.equal(r.contentType, 'application/xml');
  assert.match(r.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/);
  const q = new URL(j.url).searchParams;
  const f = s3ErrorFields(r.body);
  assert.equal(f.Code, 'SignatureDoesNotMatch');
  assert.equal(f.Message, MISMATCH);
  assert.equal(f.SignatureProvided, q.get('X-Amz-Signature'));
  assert.equal(f.AWSAccessKeyId, q.get('X-Amz-Credential')!.split('/')[0]);
  await assertNothingUploaded(j);
});

test('a changed query (X-Amz-Expires, an added parameter): 403 SignatureDoesNotMatch', { skip: FILES_ONLY }, async () => {
  const j = await newJob();
  for (const url of [
    withQuery(j.url, (q) => q.set('X-Amz-Expires', '899')),
    withQuery(j.url, (q) => q.set('X-Amz-Expires', '3600')),
    withQuery(j.url, (q) => q.set('x-id', 'PutObject')),
  ]) {
    const r = await curlUpload(url, first);
    assert.equal(r.status, 403, url);
    assert.equal(r.contentType, 'application/xml');
    assert.equal(s3ErrorFields(r.body).Code, 'SignatureDoesNotMatch', url);
  }
  await assertNothingUploaded(j);
});

test("job A's signed query on job B's path: 403 SignatureDoesNotMatch", { skip: FILES_ONLY }, async () => {
  const a = await newJob();
  const b = await newJob();
  const forged = new URL(b.url);
  forged.search = new URL(a.url).search;
  const r = await curlUpload(forged.toString(), first);
  assert.equal(r.status, 403);
  assert.equal(r.contentType, 'application/xml');
  assert.deepEqual([s3ErrorFields(r.body).Code, s3ErrorFields(r.body).Message], ['SignatureDoesNotMatch', MISMATCH]);
  assert.deepEqual(jobFiles(a), []);
  await assertNothingUploaded(b);
});

test('a second upload before Start replaces the first', { skip: FILES_ONLY }, async () => {
  const j = await newJob();
  assert.equal((await curlUpload(j.url, first)).status, 200);
  assert.equal((await curlUpload(j.url, second)).status, 200);
  const files = jobFiles(j);
  assert.equal(files.length, 1);
  assert.equal(readFileSync(files[0], 'utf8'), readFileSync(second, 'utf8'));
  assert.deepEqual(tmpFiles(), []);
});

test('an upload after Start: 403 AccessDenied, the started file is kept', { skip: FILES_ONLY }, async () => {
  const j = await newJob();
  assert.equal((await curlUpload(j.url, first)).status, 200);
  await sdk.send(new StartUserImportJobCommand({ UserPoolId: j.poolId, JobId: j.jobId }));
  const r = await curlUpload(j.url, second);
  assert.equal(r.status, 403);
  assert.equal(r.contentType, 'application/xml');
  const f = s3ErrorFields(r.body);
  assert.equal(f.Code, 'AccessDenied');
  assert.equal(f.Message, `Access Denied: import job ${j.jobId} is Pending; a file can be uploaded only before the job is started.`);
  const files = jobFiles(j);
  assert.equal(files.length, 1);
  assert.equal(readFileSync(files[0], 'utf8'), readFileSync(first, 'utf8'));
  await sdk.send(new StopUserImportJobCommand({ UserPoolId: j.poolId, JobId: j.jobId }));
});

// With Content-Length the size is refused before the body is read, so ProposedSize is the declared
// one (a MiB over); chunked, it is counted while streaming, and the first byte over is the last one.
for (const [mode, size, extra] of [
  ['Content-Length', MAX + 1024 * 1024, []],
  ['chunked', MAX + 1, ['-H', 'Transfer-Encoding: chunked']],
] as const) {
  test(`a body over 100 MB (${mode}): 400 EntityTooLarge and nothing kept`, { skip: FILES_ONLY }, async () => {
    const j = await newJob();
    const big = join(work, `big-${mode}.csv`);
    writeFileSync(big, '');
    truncateSync(big, size); // sparse: instant to make
    const r = await curlUpload(j.url, big, { extra: [...extra] });
    assert.equal(r.status, 400, r.stderr);
    assert.equal(r.contentType, 'application/xml');
    const f = s3ErrorFields(r.body);
    assert.deepEqual([f.Code, f.Message, f.ProposedSize, f.MaxSizeAllowed],
      ['EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', String(size), String(MAX)]);
    assert.deepEqual(tmpFiles(), []);
    await assertNothingUploaded(j);
  });
}

test('an expired URL (16 minutes later): 403 AccessDenied with the expiry times', { skip: FILES_ONLY }, async () => {
  const t0 = Date.UTC(2025, 5, 1, 12, 0, 0);
  const c = new FakeClock(t0);
  const s = await startTestServer({ clock: c });
  try {
    const j = await newJob(s.client({ clock: c }));
    c.advance(16 * 60 * 1000);
    const r = await curlUpload(j.url, first);
    assert.equal(r.status, 403);
    assert.equal(r.contentType, 'application/xml');
    const f = s3ErrorFields(r.body);
    assert.deepEqual(
      { Code: f.Code, Message: f.Message, 'X-Amz-Expires': f['X-Amz-Expires'], Expires: f.Expires, ServerTime: f.ServerTime },
      { Code: 'AccessDenied', Message: 'Request has expired', 'X-Amz-Expires': '900', Expires: '2025-06-01T12:15:00Z', ServerTime: '2025-06-01T12:16:00Z' },
    );
    assert.deepEqual(jobFiles(j, s), []);
    assert.deepEqual(tmpFiles(s), []);
  } finally {
    await s.close();
    cleanup(s.dataDir);
  }
});

test('a client that goes away mid-body: no temporary file is left, nothing is kept, a new upload works', { skip: FILES_ONLY }, async () => {
  const j = await newJob();
  const u = new URL(j.url);
  const req = request({ method: 'PUT', host: u.hostname, port: u.port, path: u.pathname + u.search,
    headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-length': String(1024 * 1024) } });
  req.on('error', () => {}); // the reset we cause
  req.write(Buffer.alloc(64 * 1024, 'a'));
  const until = (what: string, ok: () => boolean): Promise<void> => new Promise((resolve, reject) => {
    const end = Date.now() + 5_000;
    const poll = (): void => {
      if (ok()) resolve();
      else if (Date.now() > end) reject(new Error(`${what}: still ${JSON.stringify(tmpFiles())}`));
      else setTimeout(poll, 20);
    };
    poll();
  });
  await until('the body streams to a temporary file', () => tmpFiles().length === 1);
  req.destroy(); // 64 KiB of the 1 MiB announced, then the connection drops
  await until('the temporary file is removed', () => tmpFiles().length === 0);
  await assertNothingUploaded(j);
  assert.equal((await curlUpload(j.url, first)).status, 200);
  assert.equal(jobFiles(j).length, 1);
});

test('a request target that is not a URL: 400 InvalidURI as S3 answers, not a 500', { skip: FILES_ONLY }, async () => {
  const answer = await new Promise<string>((resolve) => {
    const sock = connect(server.port, '127.0.0.1');
    let out = '';
    sock.on('data', (d: Buffer) => { out += d.toString(); });
    sock.on('close', () => resolve(out));
    sock.end('PUT http://[::1/111111111111/us-west-2_abc/import-abc HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
  });
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.match(answer, /Content-Type: application\/xml/i);
  assert.equal(s3ErrorFields(answer).Code, 'InvalidURI');
});

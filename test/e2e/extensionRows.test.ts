// The extension routes of an import job (docs/extensions.md) at the wire: its summary with
// TotalRows, and rows.csv, the header and the original lines of its FAILED or SKIPPED rows, read
// with a GET signed by the SDK's signer and with curl --aws-sigv4, then imported again as new
// jobs. Every refusal in the API's error shape, changing nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { AdminCreateUserCommand, UpdateUserPoolCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cleanup, KEY_A, KEY_B, startTestServer, tempDir, type TestServer } from '../helpers/server';
import { csvText, STANDARD_HEADER, userRow, type Row } from '../helpers/csv';
import { newPool, startJob, until, uploadedJob, waitForJob } from '../helpers/jobs';
import { curlSigned, jobPath, queryString, rowsPath, signedGet, signedHeaders } from '../helpers/extensions';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let dir: string;
const logLines: Record<string, unknown>[] = [];

before(async () => {
  server = await startTestServer({
    worker: { concurrency: 1 },
    log: { info: (msg, f) => logLines.push({ msg, ...f }), error: (msg, f) => logLines.push({ msg, level: 'error', ...f }) },
  });
  sdk = server.client();
  dir = tempDir('ci-ext-rows-');
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
  cleanup(dir);
});

const line = (r: Row): string => STANDARD_HEADER.map((h) => r[h] ?? '').join(',');
const HEADER = STANDARD_HEADER.join(',');
// CR LF line endings, blank lines (a CR LF, a lone LF) that are no rows, and a last line
// without its line ending: rows are numbered as the engine numbers them.
const ROWS: Row[] = [
  userRow(1), //                                    1 SKIPPED: in the pool already
  userRow(2), //                                    2 imported
  userRow(3, { email_verified: 'false' }), //       3 FAILED: no auto-verified attribute true
  userRow(2, { email: 'other@example.com' }), //   4 SKIPPED: earlier in the file
  userRow(5, { 'cognito:mfa_enabled': '' }), //     5 FAILED: a required value missing
  userRow(6), //                                    6 imported
  userRow(7, { email_verified: 'false' }), //       7 FAILED
];
const FILE = `${HEADER}\r\n${line(ROWS[0])}\r\n${line(ROWS[1])}\r\n\r\n${line(ROWS[2])}\r\n\n${ROWS.slice(3).map(line).join('\r\n')}`;
const FAILED_CSV = [HEADER, line(ROWS[2]), line(ROWS[4]), line(ROWS[6])].map((l) => `${l}\r\n`).join('');
const SKIPPED_CSV = [HEADER, line(ROWS[0]), line(ROWS[3])].map((l) => `${l}\r\n`).join('');

/** A pool holding user1, and a job over FILE that has ended: [imported, skipped, failed] = [2, 2, 3]. */
async function endedJob(name: string): Promise<{ poolId: string; jobId: string }> {
  const poolId = await newPool(sdk, name);
  await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'user1', MessageAction: 'SUPPRESS' }));
  const { jobId } = await uploadedJob(sdk, poolId, FILE, 'mixed');
  await startJob(sdk, poolId, jobId);
  const j = await waitForJob(sdk, poolId, jobId);
  assert.deepEqual([j.Status, j.ImportedUsers, j.SkippedUsers, j.FailedUsers], ['Failed', 2, 2, 3]);
  return { poolId, jobId };
}

const get = (path: string, query: Record<string, string> = {}, key = KEY_A) => signedGet(server.url, path, query, { key });

test('a job\'s summary: TotalRows null until the engine counts the file, then its rows (blank lines not counted), counters, FileAvailable', async () => {
  const poolId = await newPool(sdk, 'summary');
  const { jobId } = await uploadedJob(sdk, poolId, FILE, 'mixed');
  const created = await get(jobPath(poolId, jobId));
  assert.equal(created.status, 200, created.text);
  assert.match(created.headers.get('content-type')!, /^application\/json/);
  assert.deepEqual(created.json, { JobId: jobId, Status: 'Created', TotalRows: null, ImportedUsers: 0, SkippedUsers: 0, FailedUsers: 0, FileAvailable: false });
  // Not ended: no rows yet, whatever the outcome.
  const early = await get(rowsPath(poolId, jobId), { outcome: 'FAILED' });
  assert.equal(early.status, 400);
  assert.equal(early.headers.get('x-amzn-errortype'), 'PreconditionNotMetException:');
  assert.deepEqual(early.json, { __type: 'PreconditionNotMetException', message: `Import job ${jobId} is Created: its rows can be listed once it has ended (Succeeded, Failed or Stopped).` });

  await startJob(sdk, poolId, jobId);
  await waitForJob(sdk, poolId, jobId);
  const ended = await get(jobPath(poolId, jobId));
  assert.deepEqual(ended.json, { JobId: jobId, Status: 'Failed', TotalRows: 7, ImportedUsers: 3, SkippedUsers: 1, FailedUsers: 3, FileAvailable: true });
});

test('rows.csv: the header and the lines of the FAILED, then SKIPPED, rows as the file has them; curl --aws-sigv4 gets the same bytes', async () => {
  const { poolId, jobId } = await endedJob('rows');
  const failed = await get(rowsPath(poolId, jobId), { outcome: 'FAILED' });
  assert.equal(failed.status, 200, failed.text);
  assert.equal(failed.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(failed.headers.get('content-disposition'), `attachment; filename="${jobId}-failed.csv"`);
  assert.equal(failed.text, FAILED_CSV);
  const skipped = await get(rowsPath(poolId, jobId), { outcome: 'SKIPPED' });
  assert.equal(skipped.headers.get('content-disposition'), `attachment; filename="${jobId}-skipped.csv"`);
  assert.equal(skipped.text, SKIPPED_CSV);

  const out = join(dir, 'curl-failed.csv');
  const r = await curlSigned(`${server.url}${rowsPath(poolId, jobId)}?outcome=FAILED`, KEY_A, ['-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '200');
  assert.equal(readFileSync(out, 'utf8'), FAILED_CSV);
  // The summary too, as the docs show it.
  const summary = await curlSigned(`${server.url}${jobPath(poolId, jobId)}`, KEY_A);
  assert.equal(summary.stdout.slice(summary.stdout.lastIndexOf('\n') + 1), '200', summary.stdout);
  assert.equal(JSON.parse(summary.stdout.slice(0, summary.stdout.lastIndexOf('\n'))).TotalRows, 7);

  // A pool renamed since the job ran: its log stays under the old name, and is still found.
  await sdk.send(new UpdateUserPoolCommand({ UserPoolId: poolId, PoolName: 'renamed', AutoVerifiedAttributes: ['email'] }));
  assert.equal((await get(rowsPath(poolId, jobId), { outcome: 'FAILED' })).text, FAILED_CSV);
});

test('the failed rows imported again as new jobs: as they are, every row fails again; fixed, every row is imported', async () => {
  const { poolId, jobId } = await endedJob('rerun');
  const failed = (await get(rowsPath(poolId, jobId), { outcome: 'FAILED' })).text;
  const again = await uploadedJob(sdk, poolId, failed, 'again');
  await startJob(sdk, poolId, again.jobId);
  const a = await waitForJob(sdk, poolId, again.jobId);
  assert.deepEqual([a.Status, a.ImportedUsers, a.SkippedUsers, a.FailedUsers], ['Failed', 0, 0, 3]);
  // Its own failed rows are the same lines again.
  assert.equal((await get(rowsPath(poolId, again.jobId), { outcome: 'FAILED' })).text, FAILED_CSV);

  // The fix: email_verified true and cognito:mfa_enabled false on every data line.
  const col = (name: string): number => STANDARD_HEADER.indexOf(name);
  const fixed = failed.split('\r\n').map((l, i) => {
    if (i === 0 || l === '') return l;
    const cells = l.split(',');
    cells[col('email_verified')] = 'true';
    cells[col('cognito:mfa_enabled')] = 'false';
    return cells.join(',');
  }).join('\r\n');
  const f = await uploadedJob(sdk, poolId, fixed, 'fixed');
  await startJob(sdk, poolId, f.jobId);
  const done = await waitForJob(sdk, poolId, f.jobId);
  assert.deepEqual([done.Status, done.ImportedUsers, done.SkippedUsers, done.FailedUsers], ['Succeeded', 3, 0, 0]);
  assert.equal((await get(rowsPath(poolId, f.jobId), { outcome: 'FAILED' })).text, `${HEADER}\r\n`, 'no failed row: the header alone');
});

test('a file of many chunks (6,000 rows): the failed rows wherever they fall, across chunk boundaries', async () => {
  const poolId = await newPool(sdk, 'chunks');
  const bad = new Set([1, 2_999, 5_998]);
  const rows = Array.from({ length: 6_000 }, (_, i) => userRow(i + 1, bad.has(i + 1) ? { email_verified: 'false' } : {}));
  const { jobId } = await uploadedJob(sdk, poolId, csvText(rows), 'chunks');
  await startJob(sdk, poolId, jobId);
  const j = await waitForJob(sdk, poolId, jobId);
  assert.deepEqual([j.ImportedUsers, j.FailedUsers], [5_997, 3]);
  const failed = await get(rowsPath(poolId, jobId), { outcome: 'FAILED' });
  assert.equal(failed.text, [HEADER, ...[...bad].map((n) => line(rows[n - 1]))].map((l) => `${l}\n`).join(''));
  assert.equal((await get(rowsPath(poolId, jobId), { outcome: 'SKIPPED' })).text, `${HEADER}\n`);
});

/** Bytes this process has read so far, from files and sockets alike (Linux's /proc/self/io, rchar). */
const bytesRead = (): number => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);

test('a client that leaves after the first bytes: the server stops reading the job\'s file', { skip: !existsSync('/proc/self/io') && 'no /proc/self/io here' }, async () => {
  // The skipped row is the last one, 32 MB into the file, after rows that fail (too long): the
  // answer's header line goes out at once, then nothing until the reading gets there.
  const poolId = await newPool(sdk, 'leaves');
  const junk = `${'x'.repeat(1024 * 1024)}\n`.repeat(32);
  const file = `${HEADER}\n${line(userRow(1))}\n${junk}${line(userRow(1, { email: 'other@example.com' }))}\n`;
  const { jobId } = await uploadedJob(sdk, poolId, file, 'leaves');
  await startJob(sdk, poolId, jobId);
  const j = await waitForJob(sdk, poolId, jobId);
  assert.deepEqual([j.ImportedUsers, j.FailedUsers, j.SkippedUsers], [1, 32, 1]);
  const path = rowsPath(poolId, jobId);
  // A HEAD: the GET's status and headers, and neither the file nor the log is read for it.
  const headStart = bytesRead();
  const head = await signedGet(server.url, path, { outcome: 'SKIPPED' }, { key: KEY_A }, 'HEAD');
  const headRead = bytesRead() - headStart;
  assert.deepEqual([head.status, head.headers.get('content-type'), head.headers.get('content-disposition'), head.bytes.length],
    [200, 'text/csv; charset=utf-8', `attachment; filename="${jobId}-skipped.csv"`, 0]);
  assert.ok(headRead < file.length / 2, `the server read ${headRead} bytes for a HEAD`);

  const headers = await signedHeaders(server.url, path, { outcome: 'SKIPPED' }, { key: KEY_A });
  const before = bytesRead();
  const first = await new Promise<string>((resolve, reject) => {
    const req = request(`${server.url}${path}${queryString({ outcome: 'SKIPPED' })}`, { headers, agent: false }, (res) => {
      res.once('data', (d: Buffer) => {
        req.destroy();
        resolve(d.toString());
      });
    });
    req.on('error', (e) => { if (!req.destroyed) reject(e); });
    req.end();
  });
  assert.ok(first.length > 0 && `${HEADER}\n`.startsWith(first), first);
  // The request's log line is written when the server is done with it.
  await until('the GET\'s log line', () => logLines.some((l) => l.msg === 'request' && l.method === 'GET' && l.path === path), Boolean);
  const read = bytesRead() - before;
  assert.ok(read < file.length / 2, `the server read ${read} bytes of a ${file.length}-byte file for a client that had left`);
  assert.ok(!logLines.some((l) => l.level === 'error'), JSON.stringify(logLines.filter((l) => l.level === 'error')));
});

test('a file with CR-only line endings (classic Mac OS): the job fails before its first row; rows.csv is its header alone', async () => {
  const poolId = await newPool(sdk, 'cr-only');
  const file = `${HEADER}\r${line(userRow(1))}\r${line(userRow(2, { email_verified: 'false' }))}\r`;
  const { jobId } = await uploadedJob(sdk, poolId, file, 'cr-only');
  await startJob(sdk, poolId, jobId);
  const j = await waitForJob(sdk, poolId, jobId);
  assert.deepEqual([j.Status, j.ImportedUsers, j.FailedUsers, j.SkippedUsers], ['Failed', 0, 0, 0]);
  assert.equal((await get(jobPath(poolId, jobId))).json.TotalRows, null);
  for (const outcome of ['FAILED', 'SKIPPED']) {
    const r = await get(rowsPath(poolId, jobId), { outcome });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, `${HEADER}\n`, outcome);
  }
});

test('HEAD: a job\'s summary and rows.csv answer their GET\'s status and headers without a body, refusals too; curl -I', async () => {
  const { poolId, jobId } = await endedJob('head');
  const summary = await get(jobPath(poolId, jobId));
  const headSummary = await signedGet(server.url, jobPath(poolId, jobId), {}, { key: KEY_A }, 'HEAD');
  assert.equal(headSummary.status, 200);
  assert.equal(headSummary.bytes.length, 0);
  for (const h of ['content-type', 'cache-control']) assert.equal(headSummary.headers.get(h), summary.headers.get(h), h);
  assert.equal(headSummary.headers.get('content-length'), String(summary.bytes.length));
  const rows = await signedGet(server.url, rowsPath(poolId, jobId), { outcome: 'FAILED' }, { key: KEY_A }, 'HEAD');
  assert.equal(rows.status, 200);
  assert.equal(rows.bytes.length, 0);
  assert.equal(rows.headers.get('content-disposition'), `attachment; filename="${jobId}-failed.csv"`);
  assert.equal(rows.headers.get('cache-control'), 'no-store');
  // Refused as the GET is, with the error's headers and no body.
  const bad = await signedGet(server.url, rowsPath(poolId, jobId), { outcome: 'failed' }, { key: KEY_A }, 'HEAD');
  assert.deepEqual([bad.status, bad.headers.get('x-amzn-errortype'), bad.bytes.length], [400, 'InvalidParameterException:', 0]);
  const other = await signedGet(server.url, rowsPath(poolId, jobId), { outcome: 'FAILED' }, { key: KEY_B }, 'HEAD');
  assert.deepEqual([other.status, other.headers.get('x-amzn-errortype')], [400, 'ResourceNotFoundException:']);
  // curl -I signs a HEAD.
  const c = await curlSigned(`${server.url}${rowsPath(poolId, jobId)}?outcome=FAILED`, KEY_A, ['-I']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /^HTTP\/1\.1 200 OK\r$/m);
  assert.match(c.stdout, /^Content-Type: text\/csv; charset=utf-8\r$/mi);
});

test('refusals: unsigned, another service, another account, unknown pool and job, bad ids, outcome, parameters, a body, a POST', async () => {
  const { poolId, jobId } = await endedJob('errors');
  const rows = rowsPath(poolId, jobId);
  const expect = async (p: Promise<{ status: number; json: Record<string, unknown>; headers: Headers }>, status: number, type: string, message: RegExp | string): Promise<void> => {
    const r = await p;
    assert.equal(r.status, status, JSON.stringify(r.json));
    assert.equal(r.json.__type, type);
    assert.equal(r.headers.get('x-amzn-errortype'), `${type}:`);
    if (typeof message === 'string') assert.equal(r.json.message, message);
    else assert.match(String(r.json.message), message);
  };
  await expect(signedGet(server.url, rows, { outcome: 'FAILED' }, { key: KEY_A, unsigned: true }), 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  await expect(signedGet(server.url, rows, { outcome: 'FAILED' }, { key: KEY_A, service: 'cognito-idp' }), 400, 'InvalidSignatureException',
    /Credential should be scoped to correct service: 'cognito-import'/);
  await expect(signedGet(server.url, rows, { outcome: 'FAILED' }, { key: { ...KEY_A, secretAccessKey: 'wrong' } }), 400, 'InvalidSignatureException',
    /signature we calculated does not match/);
  await expect(get(rows, { outcome: 'FAILED' }, KEY_B), 400, 'ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  await expect(get(jobPath(poolId, jobId), {}, KEY_B), 400, 'ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  await expect(get(rowsPath(poolId, 'import-nosuchjob0'), { outcome: 'FAILED' }), 400, 'ResourceNotFoundException', 'Import job import-nosuchjob0 does not exist.');
  await expect(get(rowsPath('us-west-2_nosuchpoo', jobId), { outcome: 'FAILED' }), 400, 'ResourceNotFoundException', 'User pool us-west-2_nosuchpoo does not exist.');
  await expect(get(rowsPath('not-a-pool-id', jobId), { outcome: 'FAILED' }), 400, 'InvalidParameterException', /userPoolId.*regular expression/);
  await expect(get(rows), 400, 'InvalidParameterException', 'The query parameter outcome is missing: it must be FAILED or SKIPPED (upper case), as the job\'s log names the rows.');
  await expect(get(rows, { outcome: 'failed' }), 400, 'InvalidParameterException', /outcome is 'failed': it must be FAILED or SKIPPED/);
  await expect(get(rows, { outcome: 'SUCCEEDED' }), 400, 'InvalidParameterException', /outcome is 'SUCCEEDED'/);
  await expect(get(rows, { outcome: 'FAILED', Outcome: 'FAILED' }), 400, 'InvalidParameterException', "This route takes no query parameter 'Outcome'; it takes outcome.");
  await expect(get(jobPath(poolId, jobId), { outcome: 'FAILED' }), 400, 'InvalidParameterException', "This route takes no query parameter 'outcome'; it takes none.");
  await expect(signedGet(server.url, rows, { outcome: 'FAILED' }, { key: KEY_A, date: new Date(Date.now() - 3_600_000) }), 400, 'InvalidSignatureException', /Signature expired/);

  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
    const other = await fetch(`${server.url}${rows}?outcome=FAILED`, { method, body: method === 'OPTIONS' ? undefined : 'x' });
    assert.equal(other.status, 405, method);
    assert.equal(other.headers.get('allow'), 'GET, HEAD', method);
    assert.deepEqual(await other.json(), { __type: 'MethodNotAllowedException', message: `${method} ${rows}: this route answers GET and HEAD only (docs/extensions.md).` });
  }
  const unknown = await fetch(`${server.url}/_cognito-import/v1/user-pools/${poolId}/nothing`);
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { __type: string }).__type, 'UnknownOperationException');
  // Nothing changed: the job and its rows are as they were.
  assert.deepEqual((await get(jobPath(poolId, jobId))).json, { JobId: jobId, Status: 'Failed', TotalRows: 7, ImportedUsers: 2, SkippedUsers: 2, FailedUsers: 3, FileAvailable: true });
});

test('a job whose file is no longer in the blob store: FileAvailable false, rows.csv PreconditionNotMetException', async () => {
  const { poolId, jobId } = await endedJob('gone');
  const store = await server.openStore();
  const blobKey = (await store.jobs.findJob({ accountId: KEY_A.accountId, poolId, jobId }))!.blobKey!;
  await store.close();
  await server.blobs().remove(blobKey);
  assert.equal((await get(jobPath(poolId, jobId))).json.FileAvailable, false);
  const r = await get(rowsPath(poolId, jobId), { outcome: 'SKIPPED' });
  assert.equal(r.status, 400);
  assert.equal(r.json.__type, 'PreconditionNotMetException');
  assert.match(String(r.json.message), new RegExp(`The CSV file of import job ${jobId} is no longer kept`));
});

test('each route has its request log line (account, no query) and its metrics label', async () => {
  const { poolId, jobId } = await endedJob('observed');
  await get(rowsPath(poolId, jobId), { outcome: 'SKIPPED' });
  await get(jobPath(poolId, jobId));
  const rowsLine = [...logLines].reverse().find((l) => l.msg === 'request' && l.path === rowsPath(poolId, jobId));
  assert.deepEqual({ ...rowsLine, requestId: undefined, durationMs: undefined },
    { msg: 'request', requestId: undefined, method: 'GET', path: rowsPath(poolId, jobId), account: KEY_A.accountId, status: 200, durationMs: undefined });
  assert.ok(!logLines.some((l) => l.level === 'error'), JSON.stringify(logLines.filter((l) => l.level === 'error')));
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(metrics, /cognito_import_requests_total\{operation="ExtensionImportJobRows",status="200"\} [1-9]/);
  assert.match(metrics, /cognito_import_requests_total\{operation="ExtensionImportJob",status="200"\} [1-9]/);
});

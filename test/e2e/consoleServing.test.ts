// The web console's static files over HTTP (src/http/console.ts), as a browser and curl fetch
// them: the redirect, content types, caching, the security headers, and a 404 for every path
// that is not a file the build wrote (traversal attempts included, sent as written).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateUserImportJobCommand } from '@aws-sdk/client-cognito-identity-provider';
import { consoleSite, handleConsole } from '../../src/http/console';
import { startTestServer, cleanup, REPO, ROLE_ARN, TEST_BLOB_STORE, tempDir, type TestServer } from '../helpers/server';
import { newPool } from '../helpers/jobs';

const DIST = join(REPO, 'dist', 'console');

let server: TestServer;
before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/console/ is not built: run `node dist/scripts/buildConsole.js` (npm test does)');
  server = await startTestServer();
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

interface Raw { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** A request with the path exactly as given (fetch would resolve `..` before sending it). */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; to?: TestServer; port?: number } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: opts.port ?? (opts.to ?? server).port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The whole policy, connect-src apart: nothing else ever varies. */
const cspWith = (connectSrc: string): string => "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
  + `connect-src ${connectSrc}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

/** connect-src as the suite's blob store makes it: with S3, the bucket's endpoint too (docs/console.md). */
const expectedConnectSrc = (s: TestServer): string =>
  (s.blobStore.kind === 's3' ? `'self' ${new URL(s.blobStore.endpoint!).origin}` : "'self'");

function assertSecurityHeaders(r: Raw): void {
  const csp = String(r.headers['content-security-policy']);
  assert.equal(csp, cspWith(expectedConnectSrc(server)));
  assert.match(csp, /(^|; )default-src 'self'(;|$)/);
  assert.match(csp, /(^|; )script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
}

const builtFiles = (): string[] => readdirSync(DIST);
const builtFile = (ext: string): string => {
  const name = builtFiles().find((n) => n.endsWith(ext));
  assert.ok(name, `dist/console/ has no ${ext} file`);
  return name;
};

test('/console redirects to /console/, which is index.html naming the hashed script and style sheet', async () => {
  const redirect = await raw('/console');
  assert.equal(redirect.status, 301);
  assert.equal(new URL(String(redirect.headers.location), `${server.url}/console`).pathname, '/console/');
  assertSecurityHeaders(redirect);

  const page = await raw('/console/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(page.headers['cache-control'], 'no-cache');
  assertSecurityHeaders(page);
  const html = page.body.toString('utf8');
  // As built; with S3, a meta names the bucket's origin (src/http/console.ts servedIndexHtml).
  const meta = /<meta name="cognito-import-upload-origin" content="(https?:\/\/[^"]+)">\n/.exec(html);
  assert.equal(meta !== null, server.blobStore.kind === 's3', html);
  assert.equal(html.replace(meta?.[0] ?? '', ''), readFileSync(join(DIST, 'index.html'), 'utf8'));
  assert.ok(html.includes(`src="${builtFile('.js')}"`), html);
  assert.ok(html.includes(`href="${builtFile('.css')}"`), html);
  // No inline script or style: the CSP forbids them.
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /<style|\sstyle=/);
});

test('the script and style sheet: their content types, a year of cache, gzip when asked, ETag revalidation', async () => {
  for (const [ext, type] of [['.js', 'text/javascript; charset=utf-8'], ['.css', 'text/css; charset=utf-8']]) {
    const name = builtFile(ext);
    assert.match(name, /^console-[A-Z0-9]{8}\./, 'content-hashed name');
    const onDisk = readFileSync(join(DIST, name));
    const plain = await raw(`/console/${name}`);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], type);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(plain.body.equals(onDisk));
    assertSecurityHeaders(plain);

    const zipped = await raw(`/console/${name}`, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.ok(gunzipSync(zipped.body).equals(onDisk));

    const head = await raw(`/console/${name}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(onDisk.length));
    assert.equal(head.body.length, 0);

    const again = await raw(`/console/${name}`, { headers: { 'If-None-Match': String(plain.headers.etag) } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  }
});

test('404 for any path that is not a file the build wrote: unknown names, traversal, other methods', async () => {
  const paths = [
    '/console/nope.js', '/console/index.htm', '/console/../package.json', '/console/..%2fpackage.json', '/console/%2e%2e/package.json',
    '/console//etc/passwd', '/console/./index.html', '/console/index.html/', '/console/.', '/console/..', '/consoles/',
    `/console/${builtFile('.js')}/x`, '/console/%00', '/console/~', '/console/sub/index.html',
  ];
  for (const path of paths) {
    const r = await raw(path);
    assert.equal(r.status, 404, path);
    assert.equal(JSON.parse(r.body.toString()).__type, 'UnknownOperationException', path);
  }
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const r = await raw('/console/', { method, headers: { 'Content-Length': '0' } });
    assert.ok(r.status === 404 || r.status === 403 || r.status === 400, `${method}: ${r.status}`);
    assert.ok(!r.body.toString().includes('<html'), method);
  }
});

test('requests for the console are counted under their own label', async () => {
  await raw('/console/');
  const text = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(text, /cognito_import_requests_total\{operation="Console",status="200"\} [1-9]/);
});

/** Every kind of answer under /console: the redirect, index.html, the script, a 304, a 404. */
async function everyCsp(to: TestServer): Promise<string[]> {
  const js = builtFile('.js');
  const index = await raw('/console/', { to });
  const answers = [await raw('/console', { to }), index, await raw(`/console/${js}`, { to }),
    await raw('/console/', { to, headers: { 'If-None-Match': String(index.headers.etag) } })];
  assert.deepEqual(answers.map((a) => a.status), [301, 200, 200, 304]);
  return answers.map((a) => String(a.headers['content-security-policy']));
}

test('the CSP with local files: connect-src \'self\' only (uploads come to this server)', async () => {
  const files = await startTestServer({ blobStore: { kind: 'files' } });
  try {
    for (const csp of await everyCsp(files)) assert.equal(csp, cspWith("'self'"));
  } finally {
    await files.close();
    cleanup(files.dataDir);
  }
});

test('the CSP with S3: connect-src \'self\' and the origin of the PreSignedUrls (the bucket\'s endpoint), nothing wider', {
  skip: TEST_BLOB_STORE.kind === 's3' ? false : 'no S3 configured: run the suite with eval "$(bash scripts/s3-test-server.sh start)" (COGNITO_IMPORT_TEST_BLOB_STORE)',
}, async () => {
  const s3 = await startTestServer();
  try {
    assert.equal(s3.blobStore.kind, 's3');
    const sdk = s3.client();
    const poolId = await newPool(sdk);
    const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'csp', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
    const bucket = new URL(job.PreSignedUrl!).origin;
    assert.notEqual(bucket, new URL(s3.url).origin, 'the bucket is another origin than the console');
    for (const csp of await everyCsp(s3)) {
      assert.equal(csp, cspWith(`'self' ${bucket}`));
      // Only connect-src names it: scripts, styles, images and forms stay this server's.
      assert.equal(csp.split(bucket).length, 2, csp);
    }
  } finally {
    await s3.close();
    cleanup(s3.dataDir);
  }
});

test('a console not built yet when first asked for is looked for again on the next request, then kept', async () => {
  // The console's handler over a folder of this test's, behind a real HTTP server: the package's
  // own dist/console/ is built already.
  const dir = join(tempDir('ci-console-'), 'console');
  const site = consoleSite(dir);
  const http = createServer((req, res) => {
    handleConsole(req, res, req.url!, 'request-id', site).then((served) => {
      if (!served) res.writeHead(404).end();
    }, () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  try {
    const missing = await raw('/console/', { port });
    assert.equal(missing.status, 404);
    assert.match(JSON.parse(missing.body.toString()).message, /The web console was not built/);
    mkdirSync(dir);
    writeFileSync(join(dir, 'app.js'), 'void 0;\n');
    assert.equal((await raw('/console/', { port })).status, 404, 'a folder without index.html is not built either');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>built</title>\n');
    const built = await raw('/console/', { port });
    assert.equal(built.status, 200);
    assert.equal(built.body.toString(), '<!doctype html><title>built</title>\n');
    assert.equal((await raw('/console/app.js', { port })).body.toString(), 'void 0;\n');
    // Once read, the files are kept: a file written later is not served until a restart.
    writeFileSync(join(dir, 'later.js'), 'void 1;\n');
    assert.equal((await raw('/console/later.js', { port })).status, 404);
  } finally {
    await new Promise((resolve) => http.close(resolve));
    cleanup(join(dir, '..'));
  }
});

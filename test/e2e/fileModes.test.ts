// Who may read the data dir: the real command line started under `umask 000` (the loosest), so
// every mode below is the server's own doing. The dir and its folders 0700; the SQLite file and
// its WAL, the key files, uploads and their temporary files 0600. A data dir left with looser
// modes is narrowed at the next start, and the server says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { BIN, cleanup, FILES_ONLY, tempDir, TEST_BLOB_STORE } from '../helpers/server';
import { TEST_DATABASE_URL } from '../helpers/postgres';
import { csvText, userRow } from '../helpers/csv';
import { newPool, until, uploadedJob } from '../helpers/jobs';

interface Running { url: string; output(): string; stop(): Promise<void> }

/** `cognito-import serve` under the given umask, through sh so the umask is the process's own. */
function serveWithUmask(umask: string, dataDir: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('sh', ['-c', `umask ${umask}; exec "$0" "$1" serve --port 0 --data-dir "$2"`, process.execPath, BIN, dataDir],
      { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /cognito-import listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.stdout!.on('data', (x: Buffer) => { out += x.toString(); });
      child.off('exit', early);
      resolve({
        url: m[1], output: () => out,
        stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }),
      });
    };
    const early = (code: number | null): void => reject(new Error(`server exited with ${code} before listening:\n${out}`));
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', early);
  });
}

const mode = (path: string): string => `0${(statSync(path).mode & 0o777).toString(8)}`;

/** The client for the key the first start made and printed as export lines. */
function clientFor(server: Running): CognitoIdentityProviderClient {
  const id = /AWS_ACCESS_KEY_ID=(\S+)/.exec(server.output())![1];
  const secret = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(server.output())![1];
  return new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-west-2', maxAttempts: 1, credentials: { accessKeyId: id, secretAccessKey: secret } });
}

const skip = TEST_DATABASE_URL || TEST_BLOB_STORE.kind === 's3'
  ? 'the suite runs on PostgreSQL or S3: these are the modes of the SQLite file and uploads in the data dir' : FILES_ONLY;

test('under umask 000: the data dir and its folders are 0700; database, WAL, key files, uploads and their temporary files 0600', { skip, timeout: 60_000 }, async () => {
  const parent = tempDir('ci-modes-');
  const dataDir = join(parent, 'data', 'dir'); // made by the server, parents included
  const server = await serveWithUmask('000', dataDir);
  const sdk = clientFor(server);
  try {
    const poolId = await newPool(sdk, 'modes');
    const { jobId, url } = await uploadedJob(sdk, poolId, csvText([userRow(1)]));
    const jobDir = join(dataDir, 'uploads', '000000000000', poolId, jobId);
    const upload = readdirSync(jobDir);
    assert.equal(upload.length, 1);

    // An upload in progress: its temporary file, caught while the body streams.
    const u = new URL(url);
    const req = request({ method: 'PUT', host: u.hostname, port: u.port, path: u.pathname + u.search,
      headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-length': String(1024 * 1024) } });
    req.on('error', () => {}); // the reset we cause
    req.write(Buffer.alloc(64 * 1024, 'a'));
    const tmpDir = join(dataDir, 'uploads', '.tmp');
    const [tmp] = await until('a temporary upload file', () => readdirSync(tmpDir), (f) => f.length === 1);
    const tmpMode = mode(join(tmpDir, tmp));
    req.destroy();

    assert.deepEqual({
      dataDir: mode(dataDir), uploads: mode(join(dataDir, 'uploads')), tmpDir: mode(tmpDir),
      account: mode(join(dataDir, 'uploads', '000000000000')), pool: mode(join(dataDir, 'uploads', '000000000000', poolId)), job: mode(jobDir),
      upload: mode(join(jobDir, upload[0])), tmp: tmpMode,
      database: mode(join(dataDir, 'cognito-import.sqlite')), wal: mode(join(dataDir, 'cognito-import.sqlite-wal')),
      credentials: mode(join(dataDir, 'credentials.json')), signingKey: mode(join(dataDir, 'upload-signing-key.json')),
    }, {
      dataDir: '0700', uploads: '0700', tmpDir: '0700', account: '0700', pool: '0700', job: '0700',
      upload: '0600', tmp: '0600', database: '0600', wal: '0600', credentials: '0600', signingKey: '0600',
    });
  } finally {
    sdk.destroy();
    await server.stop();
  }

  // Left open by hand (or by an older version): narrowed at the next start, and said so. The data
  // dir itself is reported, not changed: it may be a folder others rightly use.
  chmodSync(dataDir, 0o755);
  chmodSync(join(dataDir, 'uploads'), 0o755);
  for (const f of ['cognito-import.sqlite', 'credentials.json', 'upload-signing-key.json']) chmodSync(join(dataDir, f), 0o644);
  const again = await serveWithUmask('022', dataDir);
  try {
    assert.deepEqual(
      [mode(dataDir), mode(join(dataDir, 'uploads')), mode(join(dataDir, 'cognito-import.sqlite')), mode(join(dataDir, 'credentials.json')), mode(join(dataDir, 'upload-signing-key.json'))],
      ['0755', '0700', '0600', '0600', '0600'],
    );
    const lines = again.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, string>);
    const narrowed = lines.filter((l) => l.msg === 'narrowed the mode of a file in the data dir').map((l) => [l.path.slice(dataDir.length + 1), l.from, l.to]);
    assert.deepEqual(narrowed.sort(), [
      ['cognito-import.sqlite', '0644', '0600'], ['credentials.json', '0644', '0600'], ['upload-signing-key.json', '0644', '0600'], ['uploads', '0755', '0700'],
    ]);
    assert.ok(lines.some((l) => l.msg.startsWith('the data dir is open to other users') && l.mode === '0755'), again.output());
  } finally {
    await again.stop();
    cleanup(parent);
  }
});

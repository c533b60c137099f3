// A full disk, for real: the data dir is a small tmpfs mounted for the test (root only; the
// tests skip, saying why, when it cannot be mounted). An upload that does not fit is answered at
// once with S3's XML error and leaves nothing behind; /health says when the disk is full and when
// the import worker is stuck retrying a storage fault, and both recover once space is freed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanup, startTestServer, tempDir, FILES_ONLY, KEY_A, type TestServer } from '../helpers/server';
import { TEST_DATABASE_URL } from '../helpers/postgres';
import { curlUpload, csvFile, s3ErrorFields } from '../helpers/curl';
import { csvText, userRow } from '../helpers/csv';
import { describeJob, newPool, startJob, until, uploadedJob, waitForJob } from '../helpers/jobs';

const MiB = 1024 * 1024;
const DISK_FULL = "Service is unable to handle request: the server's disk is full, so the upload was not kept. Try again once space is freed.";

interface Mounted { dir: string; unmount(): void }

/** A tmpfs of `size` bytes on a fresh temporary dir, or the reason there is none. */
function mountSmallDisk(size: number): Mounted | string {
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs as a full disk needs root';
  const dir = tempDir('ci-full-disk-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    cleanup(dir);
    return `mount -t tmpfs failed (${(r.stderr || r.error?.message || '').trim()}): no full disk to test with`;
  }
  return {
    dir,
    unmount() {
      spawnSync('umount', [dir]);
      cleanup(dir);
    },
  };
}

const freeBytes = (dir: string): number => { const s = statfsSync(dir); return s.bavail * s.bsize; };

/** Fills the file system of `dir` until `leave` bytes are free (or none), with one file. */
function fill(dir: string, leave: number): string {
  const file = join(dir, 'filler');
  const size = Math.max(0, freeBytes(dir) - leave);
  try {
    writeFileSync(file, Buffer.alloc(size));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  return file;
}

async function health(server: TestServer): Promise<{ status: number; body: Record<string, string> }> {
  const r = await fetch(`${server.url}/health`);
  return { status: r.status, body: await r.json() as Record<string, string> };
}

test('an upload that does not fit is answered at once with S3\'s 503 XML error; nothing is left and the earlier upload is kept', { skip: FILES_ONLY, timeout: 120_000 }, async (t) => {
  const disk = mountSmallDisk(4 * MiB);
  if (typeof disk === 'string') return t.skip(disk);
  const work = tempDir('ci-full-disk-files-');
  // A short idle timeout: without the immediate answer the client would wait for it, and fail.
  const server = await startTestServer({ dataDir: disk.dir, http: { idleMs: 15_000 } });
  try {
    const sdk = server.client();
    const poolId = await newPool(sdk, 'full-disk');
    const first = csvText([userRow(1)]);
    const { jobId, url } = await uploadedJob(sdk, poolId, first);
    const kept = (): string[] => readdirSync(join(disk.dir, 'uploads', KEY_A.accountId, poolId, jobId));
    const tmp = (): string[] => readdirSync(join(disk.dir, 'uploads', '.tmp'));
    const big = csvFile(work, 'big.csv', Buffer.alloc(6 * MiB, 'a'));

    // Chunked, the size is unknown until the disk runs out mid-body: ENOSPC, answered then.
    const t0 = performance.now();
    const chunked = await curlUpload(url, big, { extra: ['-H', 'Transfer-Encoding: chunked'] });
    const chunkedMs = performance.now() - t0;
    t.diagnostic(`chunked 6 MiB on a 4 MiB disk answered in ${chunkedMs.toFixed(0)} ms (curl exit ${chunked.exit})`);
    assert.equal(chunked.status, 503, chunked.stderr);
    assert.equal(chunked.contentType, 'application/xml');
    assert.deepEqual([s3ErrorFields(chunked.body).Code, s3ErrorFields(chunked.body).Message], ['ServiceUnavailable', DISK_FULL]);
    assert.ok(chunkedMs < 10_000, `answered after ${chunkedMs.toFixed(0)} ms`);
    assert.deepEqual(tmp(), []);
    assert.equal(kept().length, 1);
    assert.equal(readFileSync(join(disk.dir, 'uploads', KEY_A.accountId, poolId, jobId, kept()[0]), 'utf8'), first);

    // With Content-Length it is refused before the body is read (curl waits for 100-continue).
    const declared = await curlUpload(url, big);
    assert.equal(declared.status, 503, declared.stderr);
    assert.equal(s3ErrorFields(declared.body).Code, 'ServiceUnavailable');
    assert.deepEqual(tmp(), []);

    // The disk is fine again once the partial file is gone.
    assert.equal((await health(server)).status, 200);
    assert.equal(readFileSync(join(disk.dir, 'uploads', KEY_A.accountId, poolId, jobId, kept()[0]), 'utf8'), first);

    // Full for real: /health says so, and even a small upload is refused at once.
    const filler = fill(disk.dir, 0);
    const full = await health(server);
    assert.equal(full.status, 503);
    assert.equal(full.body.status, 'unavailable');
    assert.match(full.body.disk, /^full: \d+ bytes free in the data dir \(the least is 1048576\)$/);
    assert.deepEqual([full.body.database, full.body.blobStore, full.body.worker], ['ok', 'ok', 'ok']);
    const small = await curlUpload(url, csvFile(work, 'small.csv', csvText([userRow(2)])));
    assert.equal(small.status, 503);
    assert.equal(s3ErrorFields(small.body).Code, 'ServiceUnavailable');

    rmSync(filler);
    assert.deepEqual(await health(server), { status: 200, body: { status: 'ok', database: 'ok', blobStore: 'ok', disk: 'ok', worker: 'ok' } });
    assert.equal((await curlUpload(url, csvFile(work, 'again.csv', csvText([userRow(3)])))).status, 200);
  } finally {
    await server.close();
    disk.unmount();
    cleanup(work);
  }
});

test('/health says when an import is stuck retrying a full disk, and the job finishes once space is freed', {
  skip: TEST_DATABASE_URL ? 'the database is PostgreSQL, not on the full disk' : FILES_ONLY, timeout: 120_000,
}, async (t) => {
  const disk = mountSmallDisk(8 * MiB);
  if (typeof disk === 'string') return t.skip(disk);
  const server = await startTestServer({ dataDir: disk.dir, worker: { concurrency: 1, batchSize: 1000, pollMs: 100 } });
  try {
    const sdk = server.client();
    const poolId = await newPool(sdk, 'stuck');
    const { jobId } = await uploadedJob(sdk, poolId, csvText(Array.from({ length: 1000 }, (_, i) => userRow(i))));
    // Room for the small writes of Start and the claim, not for a batch of 1,000 users and their log lines.
    const filler = fill(disk.dir, 256 * 1024);
    await startJob(sdk, poolId, jobId);
    const stuck = await until('/health while the disk is full', () => health(server), (h) => h.body.worker !== 'ok');
    t.diagnostic(JSON.stringify(stuck.body));
    assert.equal(stuck.status, 503);
    assert.equal(stuck.body.status, 'unavailable');
    assert.match(stuck.body.worker, /^stuck: (job import-\w+|claiming jobs) failed \d+ times in a row since \d{4}-\d\d-\d\dT[\d:.]+Z, still retrying \(last error: .*full/);
    assert.match(stuck.body.disk, /^full: /);
    assert.notEqual((await describeJob(sdk, poolId, jobId)).Status, 'Failed'); // a storage fault leaves the status alone

    rmSync(filler);
    const done = await waitForJob(sdk, poolId, jobId, 60_000);
    assert.deepEqual([done.Status, done.ImportedUsers, done.FailedUsers], ['Succeeded', 1000, 0]);
    assert.deepEqual(await health(server), { status: 200, body: { status: 'ok', database: 'ok', blobStore: 'ok', disk: 'ok', worker: 'ok' } });
  } finally {
    await server.close();
    disk.unmount();
  }
});

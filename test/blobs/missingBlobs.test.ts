// A blob the store does not have is a BlobNotFoundError, in both stores, at the first read or at
// a later S3 window; a store that is itself missing (its folder, its bucket) is not: the worker
// ends a job on the first and retries the second (src/worker/importUsers.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openBlobStore } from '../../src/blobs/open';
import { BlobNotFoundError, type BlobStore } from '../../src/blobs/ports';
import { READ_WINDOW_BYTES } from '../../src/blobs/s3';
import { randomChars } from '../../src/domain/ids';
import { cleanup, tempDir, TEST_BLOB_STORE } from '../helpers/server';

const NO_S3 = TEST_BLOB_STORE.kind === 's3' ? false : 'no S3 configured: run with eval "$(bash scripts/s3-test-server.sh start)"';
const dirs: string[] = [];
const opened: BlobStore[] = [];
after(async () => {
  await Promise.all(opened.map((s) => s.close()));
  dirs.forEach(cleanup);
});

function filesStore(): { store: BlobStore; dir: string } {
  const dir = tempDir('ci-blobs-');
  dirs.push(dir);
  const store = openBlobStore({ kind: 'files' }, dir);
  opened.push(store);
  return { store, dir };
}

function s3Store(bucket?: string): BlobStore {
  if (TEST_BLOB_STORE.kind !== 's3') throw new Error('no S3');
  const prefix = [TEST_BLOB_STORE.prefix, `missing-${randomChars(8)}`].filter(Boolean).join('/');
  const store = openBlobStore({ ...TEST_BLOB_STORE, prefix, bucket: bucket ?? TEST_BLOB_STORE.bucket }, tempDir('ci-blobs-'));
  opened.push(store);
  return store;
}

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

const notFound = (key: string) => (e: unknown): boolean => e instanceof BlobNotFoundError && e.key === key;

const stores: { name: string; skip: string | false; open: () => BlobStore }[] = [
  { name: 'files', skip: false, open: () => filesStore().store },
  { name: 's3', skip: NO_S3, open: () => s3Store() },
];

for (const { name, skip, open } of stores) {
  test(`${name}: a blob that is not there reads as BlobNotFoundError, whole or from any offset`, { skip }, async () => {
    const s = open();
    await assert.rejects(readAll(s.read('acct/pool/job/none')), notFound('acct/pool/job/none'));
    await assert.rejects(readAll(s.read('acct/pool/job/none', { start: 5, end: 100 })), notFound('acct/pool/job/none'));
    await s.write('acct/pool/job/gone', Readable.from([Buffer.from('header\nrow\n')]), 100);
    await s.remove('acct/pool/job/gone');
    await assert.rejects(readAll(s.read('acct/pool/job/gone', { start: 7 })), notFound('acct/pool/job/gone'));
  });
}

test('files: a blob deleted while it is read is read to its end (the open file outlives its name)', async () => {
  const { store } = filesStore();
  const body = Buffer.alloc(3 * 256 * 1024, 'x');
  await store.write('acct/pool/job/big', Readable.from([body]), body.length);
  const stream = store.read('acct/pool/job/big');
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) {
    if (!parts.length) await store.remove('acct/pool/job/big');
    parts.push(c);
  }
  assert.equal(Buffer.concat(parts).length, body.length);
});

test('s3: an object deleted while it is read: BlobNotFoundError at the next window', { skip: NO_S3 }, async () => {
  const s = s3Store();
  const size = READ_WINDOW_BYTES + 1000;
  await s.write('acct/pool/job/big', Readable.from([Buffer.alloc(size, 'x')]), size);
  let read = 0;
  await assert.rejects((async () => {
    for await (const c of s.read('acct/pool/job/big') as AsyncIterable<Buffer>) {
      if (!read) await s.remove('acct/pool/job/big');
      read += c.length;
    }
  })(), notFound('acct/pool/job/big'));
  assert.equal(read, READ_WINDOW_BYTES, 'the first window, then the error');
});

test('files: with the store\'s own folder gone, a read fails with the system\'s error, not BlobNotFoundError', async () => {
  const { store, dir } = filesStore();
  await store.write('acct/pool/job/one', Readable.from([Buffer.from('header\n')]), 100);
  rmSync(join(dir, 'uploads'), { recursive: true });
  await assert.rejects(readAll(store.read('acct/pool/job/one')), (e: NodeJS.ErrnoException) => {
    assert.ok(!(e instanceof BlobNotFoundError));
    assert.equal(e.code, 'ENOENT');
    return true;
  });
});

test('s3: with no such bucket, a read fails with NoSuchBucket, not BlobNotFoundError', { skip: NO_S3 }, async () => {
  const s = s3Store(`no-such-bucket-${randomChars(8).toLowerCase()}`);
  await assert.rejects(readAll(s.read('acct/pool/job/one')), (e: Error) => {
    assert.ok(!(e instanceof BlobNotFoundError));
    assert.equal(e.name, 'NoSuchBucket');
    return true;
  });
});

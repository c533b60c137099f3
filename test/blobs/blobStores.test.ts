// One blob interface, two stores: the same checks against local files and, when the
// suite runs with COGNITO_IMPORT_TEST_BLOB_STORE=s3://... (scripts/s3-test-server.sh), against
// S3. What differs is declared in capabilities, and checked here too.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { openBlobStore } from '../../src/blobs/open';
import { BlobTooLargeError, type BlobStore } from '../../src/blobs/ports';
import { READ_WINDOW_BYTES } from '../../src/blobs/s3';
import { randomChars } from '../../src/domain/ids';
import { cleanup, tempDir, TEST_BLOB_STORE } from '../helpers/server';

const dir = tempDir('ci-blobs-');
const stores: { name: string; skip: string | false; open: () => BlobStore }[] = [
  { name: 'files', skip: false, open: () => openBlobStore({ kind: 'files' }, dir) },
  {
    name: 's3',
    skip: TEST_BLOB_STORE.kind === 's3' ? false : 'no S3 configured: run with eval "$(bash scripts/s3-test-server.sh start)"',
    open: () => openBlobStore(TEST_BLOB_STORE.kind === 's3'
      ? { ...TEST_BLOB_STORE, prefix: [TEST_BLOB_STORE.prefix, `blobs-${randomChars(8)}`].filter(Boolean).join('/') }
      : TEST_BLOB_STORE, dir),
  },
];
const opened: BlobStore[] = [];
after(async () => {
  await Promise.all(opened.map((s) => s.close()));
  cleanup(dir);
});

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

for (const { name, skip, open } of stores) {
  let store: BlobStore | undefined;
  const blobs = (): BlobStore => {
    if (!store) opened.push(store = open());
    return store;
  };

  test(`${name}: capabilities and a reachable store`, { skip }, async () => {
    const s = blobs();
    assert.deepEqual(s.capabilities, name === 's3'
      ? { directUploads: true, sharedAcrossProcesses: true }
      : { directUploads: false, sharedAcrossProcesses: false });
    await s.check();
    if (name === 'files') await assert.rejects(s.presignPut('a/b/c', Date.now(), 900), /no direct uploads/);
    else assert.match(await s.presignPut('a/b/c', Date.now(), 900), /X-Amz-Expires=900/);
  });

  test(`${name}: write, stat, read whole and by ranges as fs ranges read`, { skip }, async () => {
    const s = blobs();
    const body = Buffer.from('header\nrow 1\nrow 2\n');
    assert.deepEqual(await s.write('acct/pool/job/one', Readable.from([body.subarray(0, 5), body.subarray(5)]), 1000), { bytes: body.length });
    assert.deepEqual(await s.stat('acct/pool/job/one'), { bytes: body.length });
    assert.deepEqual(await readAll(s.read('acct/pool/job/one')), body);
    assert.equal((await readAll(s.read('acct/pool/job/one', { start: 7 }))).toString(), 'row 1\nrow 2\n');
    assert.equal((await readAll(s.read('acct/pool/job/one', { start: 7, end: 11 }))).toString(), 'row 1');
    assert.equal((await readAll(s.read('acct/pool/job/one', { start: 0, end: 1000 }))).toString(), body.toString());
    assert.equal((await readAll(s.read('acct/pool/job/one', { start: body.length }))).length, 0, 'a start at the end: empty');
    assert.equal((await readAll(s.read('acct/pool/job/one', { start: body.length + 10 }))).length, 0, 'a start past the end: empty');
  });

  test(`${name}: an empty blob`, { skip }, async () => {
    const s = blobs();
    assert.deepEqual(await s.write('acct/pool/job/empty', Readable.from([]), 10), { bytes: 0 });
    assert.deepEqual(await s.stat('acct/pool/job/empty'), { bytes: 0 });
    assert.equal((await readAll(s.read('acct/pool/job/empty'))).length, 0);
    assert.equal((await readAll(s.read('acct/pool/job/empty', { start: 0 }))).length, 0);
  });

  test(`${name}: missing blobs: stat undefined, read errors, copy false, remove is fine`, { skip }, async () => {
    const s = blobs();
    assert.equal(await s.stat('acct/pool/none'), undefined);
    await assert.rejects(readAll(s.read('acct/pool/none')));
    assert.equal(await s.copy('acct/pool/none', 'acct/pool/none.copy'), false);
    assert.equal(await s.stat('acct/pool/none.copy'), undefined);
    await s.remove('acct/pool/none');
  });

  test(`${name}: copy is whole and independent of its source; remove deletes`, { skip }, async () => {
    const s = blobs();
    await s.write('acct/pool/src', Readable.from([Buffer.from('first\n')]), 100);
    assert.equal(await s.copy('acct/pool/src', 'acct/pool/src.frozen'), true);
    await s.write('acct/pool/src', Readable.from([Buffer.from('second, longer\n')]), 100);
    assert.equal((await readAll(s.read('acct/pool/src.frozen'))).toString(), 'first\n');
    await s.remove('acct/pool/src');
    assert.equal(await s.stat('acct/pool/src'), undefined);
    assert.deepEqual(await s.stat('acct/pool/src.frozen'), { bytes: 6 });
    await s.remove('acct/pool/src.frozen');
    assert.equal(await s.stat('acct/pool/src.frozen'), undefined);
  });

  test(`${name}: a body past maxBytes, or one that fails midway, leaves nothing`, { skip }, async () => {
    const s = blobs();
    await assert.rejects(s.write('acct/pool/big', Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), 100), BlobTooLargeError);
    assert.equal(await s.stat('acct/pool/big'), undefined);
    const failing = Readable.from((async function* () {
      yield Buffer.alloc(10);
      throw new Error('client went away');
    })());
    await assert.rejects(s.write('acct/pool/cut', failing, 100), /client went away/);
    assert.equal(await s.stat('acct/pool/cut'), undefined);
  });

  test(`${name}: a blob larger than one read window (and than one S3 part), read from any offset`, { skip }, async () => {
    const s = blobs();
    const size = 2 * READ_WINDOW_BYTES + 12345;
    const big = Buffer.alloc(size);
    for (let i = 0; i + 4 <= size; i += 4) big.writeUInt32LE(i, i);
    // Written in odd-sized pieces, so S3 parts do not line up with them.
    const pieces = (function* () { for (let i = 0; i < size; i += 3_000_001) yield big.subarray(i, i + 3_000_001); })();
    assert.deepEqual(await s.write('acct/pool/large', Readable.from(pieces), size), { bytes: size });
    assert.ok((await readAll(s.read('acct/pool/large'))).equals(big));
    const from = READ_WINDOW_BYTES - 7;
    assert.ok((await readAll(s.read('acct/pool/large', { start: from }))).equals(big.subarray(from)));
    const to = 2 * READ_WINDOW_BYTES + 3;
    assert.ok((await readAll(s.read('acct/pool/large', { start: from, end: to }))).equals(big.subarray(from, to + 1)));
    // A reader that stops early (the worker's first-line read) releases the stream.
    const early = s.read('acct/pool/large', { start: 0 });
    for await (const c of early as AsyncIterable<Buffer>) { assert.ok(c.length > 0); break; }
    assert.ok(early.destroyed);
    await s.remove('acct/pool/large');
  });
}

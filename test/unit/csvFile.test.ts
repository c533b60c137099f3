// prescanCsv's UTF-8 check (spec section 3): a file that is not UTF-8 fails the job with a
// message naming the row that holds the bad bytes, numbered as the log numbers rows (blank lines
// left out), wherever the stream's chunks happen to split the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { prescanCsv } from '../../src/worker/csvFile';

const LATIN1_E = Buffer.from([0xe9]); // é saved as Latin-1
const UTF8_E = Buffer.from('é'); // c3 a9

/** The file as these chunks, in this order. */
const scan = (...chunks: (string | Buffer)[]) => prescanCsv(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
const message = (where: string): string => `The CSV file is not valid UTF-8 (${where}). Save it as UTF-8 and upload it again.`;

test('bad bytes in the header', async () => {
  assert.deepEqual(await scan(Buffer.concat([Buffer.from('na'), LATIN1_E, Buffer.from('me\nx\n')])), { ok: false, message: message('in the header') });
});

test('bad bytes in a row of the first chunk: that row, blank and CRLF-blank lines not counted', async () => {
  const file = Buffer.concat([Buffer.from('h\n\nrow1\r\n\r\n\nJos'), LATIN1_E, Buffer.from('\nrow3\n')]);
  assert.deepEqual(await scan(file), { ok: false, message: message('in data row 2') });
});

test('bad bytes in the line a chunk continues', async () => {
  assert.deepEqual(await scan('h\nrow1\nJo', Buffer.concat([Buffer.from('s'), LATIN1_E, Buffer.from('\nrow3\n')])),
    { ok: false, message: message('in data row 2') });
  assert.deepEqual(await scan('h\nrow1\n\n', Buffer.concat([Buffer.from('\nrow2\nJos'), LATIN1_E, Buffer.from('\n')])),
    { ok: false, message: message('in data row 3') });
});

test('a character cut short by the end of its line is that line\'s fault', async () => {
  assert.deepEqual(await scan(Buffer.concat([Buffer.from('h\nab'), UTF8_E.subarray(0, 1), Buffer.from('\ncd\n')])),
    { ok: false, message: message('in data row 1') });
});

test('a character split between two chunks is fine', async () => {
  assert.deepEqual(await scan(Buffer.concat([Buffer.from('h\nJos'), UTF8_E.subarray(0, 1)]), Buffer.concat([UTF8_E.subarray(1), Buffer.from('\nrow2\n')])),
    { ok: true, header: 'h', dataRows: 2 });
});

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

// Line endings [OURS]: LF ends a line, a CR before it is dropped; a CR anywhere else in the first
// line means CR-only line endings (classic Mac OS), which fail the job with a message of their own.
const CR_ONLY = "The CSV file's lines end with CR only (classic Mac OS line endings). Save it with LF or CRLF line endings and upload it again.";

test('CR-only line endings fail the job, however the chunks fall', async () => {
  const file = 'email,cognito:username\rjane@example.com,Jane Q Public\rjohn@example.com,john\r';
  assert.deepEqual(await scan(file), { ok: false, message: CR_ONLY });
  assert.deepEqual(await scan('email,cognito:username\r', 'jane@example.com,jane'), { ok: false, message: CR_ONLY });
  assert.deepEqual(await scan('email,cogn', 'ito:username\rjane', '@example.com,jane\r'), { ok: false, message: CR_ONLY });
});

test('a CR-only file longer than a header may be is still CR-only, not "header too long"', async () => {
  const row = `${'x'.repeat(60)},user\r`;
  assert.deepEqual(await scan(`email,cognito:username\r${row.repeat(2000)}`), { ok: false, message: CR_ONLY });
});

test('a CR-only file with bytes that are not UTF-8: its line endings come first', async () => {
  assert.deepEqual(await scan(Buffer.concat([Buffer.from('h,i\rJos'), LATIN1_E, Buffer.from('\rrow2\r')])), { ok: false, message: CR_ONLY });
  assert.deepEqual(await scan(Buffer.concat([Buffer.from('h,i\rJos'), UTF8_E.subarray(0, 1)])), { ok: false, message: CR_ONLY });
});

test('mixed line endings: LF and CRLF in any mix are line ends; a header ended by a lone CR is CR-only', async () => {
  assert.deepEqual(await scan('h\r\nrow1\nrow2\r\n\r\nrow3'), { ok: true, header: 'h', dataRows: 3 });
  assert.deepEqual(await scan('h\r', '\nrow1\r', '\n'), { ok: true, header: 'h', dataRows: 1 }); // a CRLF split between chunks
  assert.deepEqual(await scan('h\rrow1\nrow2\n'), { ok: false, message: CR_ONLY });
  assert.deepEqual(await scan('h\r\r\nrow1\n'), { ok: false, message: CR_ONLY });
  // A lone CR in a data row is that row's problem (csvRules.ts), not the file's.
  assert.deepEqual(await scan('h\nrow1\rrow2\nrow3\n'), { ok: true, header: 'h', dataRows: 2 });
});

test('a file with no LF at all and a CR anywhere, even only at its end, is CR-only; without a CR it is one header line', async () => {
  assert.deepEqual(await scan('h,i\r'), { ok: false, message: CR_ONLY });
  assert.deepEqual(await scan('h,i', '\r'), { ok: false, message: CR_ONLY });
  assert.deepEqual(await scan('h,i'), { ok: true, header: 'h,i', dataRows: 0 });
  assert.deepEqual(await scan('h,i\r\n'), { ok: true, header: 'h,i', dataRows: 0 });
});

test('byte-order marks: UTF-8\'s, and UTF-16\'s (either byte order) with their own message', async () => {
  assert.deepEqual(await scan(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x0a])),
    { ok: false, message: 'The CSV file starts with a byte-order mark (BOM). Save it as UTF-8 without a BOM and upload it again.' });
  const utf16 = 'The CSV file is UTF-16 (it starts with a UTF-16 byte-order mark). Save it as UTF-8 and upload it again.';
  assert.deepEqual(await scan(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('h\n', 'utf16le')])), { ok: false, message: utf16 });
  assert.deepEqual(await scan(Buffer.from([0xfe, 0xff, 0x00, 0x68])), { ok: false, message: utf16 });
});

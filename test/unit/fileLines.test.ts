// FileLines (src/worker/fileLines.ts): the lines of a file as its chunks arrive, whatever the
// chunks' boundaries, each with the byte offset just after it (what a checkpoint records).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileLines } from '../../src/worker/fileLines';

/** What the lines of `text` are, read whole: each line's text (line ending removed) and the byte after it. */
function expected(bytes: Buffer, start: number): { lines: [string, number][]; rest: string } {
  const lines: [string, number][] = [];
  let from = 0;
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, from)) {
    lines.push([bytes.toString('utf8', from, nl).replace(/\r$/, ''), start + nl + 1]);
    from = nl + 1;
  }
  return { lines, rest: bytes.toString('utf8', from).replace(/\r$/, '') };
}

function read(bytes: Buffer, start: number, cuts: number[]): { lines: [string, number][]; rest: string; end: number } {
  const lines: [string, number][] = [];
  const reader = new FileLines(start);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const l of reader.of(bytes.subarray(at, cut))) lines.push([l.text, l.end]);
    at = cut;
  }
  return { lines, rest: reader.rest(), end: reader.end };
}

const FILES = [
  'header\nrow 1\nrow 2\n',
  'header\r\nrow 1\r\n\r\nrow 3',
  'a\n\n\nb\r\nc\r',
  'Zoë,Šimůnek\n日本語,名前\r\n',
  'no newline at all',
  '\n',
  '',
];

test('every way of cutting a file into chunks gives its lines, their end offsets and the last unterminated one', () => {
  for (const text of FILES) {
    const bytes = Buffer.from(text);
    for (const start of [0, 1000]) {
      const want = expected(bytes, start);
      // One cut anywhere, and two cuts anywhere (a CR LF and a multi-byte character split too).
      for (let i = 0; i <= bytes.length; i++) {
        for (let j = i; j <= bytes.length; j++) {
          const got = read(bytes, start, i === j ? [i] : [i, j]);
          assert.deepEqual({ lines: got.lines, rest: got.rest }, want, `${JSON.stringify(text)} cut at ${i}, ${j}`);
          assert.equal(got.end, start + bytes.length);
        }
      }
    }
  }
});

test('a line spanning many chunks is joined once, whole', () => {
  const long = 'x'.repeat(100_000);
  const bytes = Buffer.from(`h\n${long}\nlast\n`);
  const cuts = Array.from({ length: Math.floor(bytes.length / 1000) }, (_, i) => (i + 1) * 1000);
  const got = read(bytes, 0, cuts);
  assert.deepEqual(got.lines.map(([t]) => t.length), [1, 100_000, 4]);
  assert.deepEqual(got.lines.map(([, end]) => end), [2, 100_003, 100_008]);
  assert.equal(got.rest, '');
});

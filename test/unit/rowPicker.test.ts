// RowPicker (src/extensions/rowPicker.ts): the header and the lines of the rows asked for, with
// rows numbered as the import engine numbers them (its FileLines, blank lines no rows), the bytes
// as the file has them and the header's line ending after each, however the file is cut into
// chunks. Checked against the engine's own line reader on random files. A header line with a CR
// that no LF follows is a CR-only file (the engine's pre-scan fails it before any row): its
// header alone, up to that CR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RowPicker } from '../../src/extensions/rowPicker';
import { FileLines } from '../../src/worker/fileLines';

/** What the picker must give: the engine's rows (FileLines: text without its ending, '' is no row), by number. */
function expected(bytes: Buffer, rows: ReadonlySet<number>): Buffer {
  const nl = bytes.indexOf(10);
  if (bytes.length === 0) return Buffer.alloc(0);
  const headerBytes = nl < 0 ? bytes : bytes.subarray(0, nl);
  // The pre-scan's CR-only check (csvPrescan.ts hasBareCr): a CR in the header line not last in it.
  const cr = headerBytes.indexOf(13);
  if (cr >= 0 && cr < headerBytes.length - 1) return Buffer.concat([headerBytes.subarray(0, cr), Buffer.from('\n')]);
  const ending = nl > 0 && bytes[nl - 1] === 13 ? '\r\n' : '\n';
  const strip = (b: Buffer): Buffer => (b.length && b[b.length - 1] === 13 ? b.subarray(0, b.length - 1) : b);
  const out: Buffer[] = [strip(headerBytes), Buffer.from(ending)];
  if (nl < 0) return Buffer.concat(out);
  // The engine's reader over the rest, numbering non-blank lines from 1.
  const reader = new FileLines(nl + 1);
  const texts: string[] = [];
  for (const l of reader.of(bytes.subarray(nl + 1))) texts.push(l.text);
  texts.push(reader.rest());
  // Byte slices of the same lines, to compare bytes (FileLines gives text).
  const raw = bytes.subarray(nl + 1).toString('latin1').split('\n').map((l) => Buffer.from(l.replace(/\r$/, ''), 'latin1'));
  let row = 0;
  texts.forEach((t, i) => {
    if (t === '') return;
    row++;
    if (rows.has(row)) out.push(raw[i], Buffer.from(ending));
  });
  return Buffer.concat(out);
}

function picked(bytes: Buffer, rows: ReadonlySet<number>, cuts: number[]): Buffer {
  const p = new RowPicker(rows);
  const out: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (p.finished) break;
    out.push(...p.take(bytes.subarray(at, cut)));
    at = cut;
  }
  out.push(...p.end());
  return Buffer.concat(out);
}

const FILES = [
  'h1,h2\r\nrow1\r\nrow2\r\n\r\nrow3\r\n\nrow4',
  'h\nr1\n\r\n\r\r\nr3\r',
  'Zoë,Šimůnek\n日本語,名前\r\n\r\nlast\r\n',
  'only a header',
  'h1,h2\rann,x\rbob,y\r',
  'h1\r\rrow\r\n',
  'h\rr1\r\nr2\n',
  'header\r\n',
  '\n\n',
  '',
];

test('every cut of a few files, every set of rows: the engine\'s rows, the file\'s bytes, the header\'s line ending', () => {
  for (const text of FILES) {
    const bytes = Buffer.from(text);
    for (const rows of [[], [1], [2], [1, 3], [1, 2, 3, 4], [4]]) {
      const want = expected(bytes, new Set(rows));
      for (let a = 0; a <= bytes.length; a++) {
        for (let b = a; b <= bytes.length; b++) {
          assert.deepEqual(picked(bytes, new Set(rows), [a, b]).toString('latin1'), want.toString('latin1'), `${JSON.stringify(text)} rows ${rows} cut at ${a}, ${b}`);
        }
      }
      const bytewise = [...bytes.keys()].slice(1);
      assert.deepEqual(picked(bytes, new Set(rows), bytewise), want, `${JSON.stringify(text)} rows ${rows}, a byte a chunk`);
    }
  }
  assert.equal(picked(Buffer.from('h\r\na\r\n\rb\r\nc\r\n'), new Set([2]), []).toString(), 'h\r\n\rb\r\n', 'a row that starts with a CR keeps it');
});

test('random files, rows and chunks: the same as the engine reads them', () => {
  const file = fc.array(fc.constantFrom('a', ',', '\r', '\n', '\n', 'é', '\r\n'), { maxLength: 40 }).map((p) => Buffer.from(p.join('')));
  fc.assert(fc.property(file, fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, rows, cutSeeds) => {
    const cuts = cutSeeds.map((c) => c % (bytes.length + 1)).sort((x, y) => x - y);
    assert.deepEqual(picked(bytes, new Set(rows), cuts), expected(bytes, new Set(rows)));
  }), { numRuns: 2000 });
});

test('CR-only line endings (classic Mac OS): the header alone, up to its first lone CR; the rest is not read', () => {
  const p = new RowPicker(new Set([1, 2]));
  assert.equal(Buffer.concat(p.take(Buffer.from('h1,h2\rann,x\rbob,y\r'))).toString(), 'h1,h2\n');
  assert.equal(p.finished, true);
  assert.deepEqual(p.end(), []);
  // The CR at a chunk's end, its lone-ness known from the next chunk.
  assert.equal(picked(Buffer.from('h1,h2\rann\n'), new Set([1]), [6]).toString(), 'h1,h2\n');
  assert.equal(picked(Buffer.from('h1,h2\r\nann\n'), new Set([1]), [6]).toString(), 'h1,h2\r\nann\r\n');
});

test('finished once the last row asked for is out: the rest of the file need not be read', () => {
  const p = new RowPicker(new Set([2]));
  assert.equal(Buffer.concat(p.take(Buffer.from('h\na\nb\n'))).toString(), 'h\nb\n');
  assert.equal(p.finished, true);
  const none = new RowPicker(new Set());
  none.take(Buffer.from('h\r\n'));
  assert.equal(none.finished, true, 'no row asked for: done after the header');
});

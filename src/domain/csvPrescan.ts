// Reading an uploaded CSV file: the job-level checks made once before any row is imported
// (spec section 3: UTF-8 without BOM, 100 MB, 500,000 rows), and line splitting with the byte
// offset after each line, which is what a checkpoint records.
// Bytes as Uint8Array, no Buffer: the web console runs this same scan in the browser over the
// file a user picked (src/domain/csvCheck.ts), so it holds no node: module. Node's Buffers are
// Uint8Arrays, and their indexOf stays Buffer's (memchr) on the engine's path.
import { FILE_MESSAGES } from './csvMessages';

export const LIMITS = { maxBytes: 100 * 1024 * 1024, maxRows: 500_000, maxRowChars: 16_000 } as const;

export type Prescan =
  | { ok: true; header: string; dataRows: number }
  | { ok: false; message: string };

const NL = 10;
const CR = 13;

/**
 * One pass over the file: BOM, UTF-8 validity, size, line endings, header and the number of data
 * rows (blank lines are not rows). Decoding to validate costs about 0.1 s per 100 MB.
 */
export async function prescanCsv(stream: AsyncIterable<Uint8Array>, limits: typeof LIMITS = LIMITS): Promise<Prescan> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let bytes = 0;
  let lines = 0; // completed non-blank lines, header included
  let lineHasContent = false;
  let headerParts: Uint8Array[] | undefined = []; // until the first newline
  let headerBytes = 0;
  let headerText = '';
  for await (const chunk of stream) {
    if (bytes === 0) {
      const bom = byteOrderMark(chunk);
      if (bom) return { ok: false, message: bom };
    }
    // Two decodes a chunk, split after its first newline, so a failure says which line holds the
    // bad bytes: the line in progress, or one the chunk starts (found again on that path only).
    const first = chunk.indexOf(NL);
    try {
      decoder.decode(first < 0 ? chunk : chunk.subarray(0, first + 1), { stream: true });
    } catch {
      // Bad bytes, and the header so far has CR line endings: in a CR-only file the header's line
      // is the whole file, so its line endings are what to fix first ("in the header" would mislead).
      if (headerParts && hasBareCr([...headerParts, first < 0 ? chunk : chunk.subarray(0, first)])) return crOnly();
      return notUtf8(lines);
    }
    if (first >= 0 && first + 1 < chunk.length) {
      try {
        decoder.decode(chunk.subarray(first + 1), { stream: true });
      } catch {
        if (headerParts && hasBareCr([...headerParts, chunk.subarray(0, first)])) return crOnly();
        const firstHasContent = lineHasContent || !isBlank(chunk, 0, first);
        return notUtf8(rowOfBadBytes(chunk, first + 1, lines + (firstHasContent ? 1 : 0)));
      }
    }
    bytes += chunk.length;
    if (bytes > limits.maxBytes) {
      return { ok: false, message: FILE_MESSAGES.tooLarge(limits.maxBytes) };
    }
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, from);
      const end = nl < 0 ? chunk.length : nl;
      if (!isBlank(chunk, from, end)) lineHasContent = true;
      if (headerParts) {
        headerParts.push(chunk.subarray(from, end));
        headerBytes += end - from;
        if (headerBytes > limits.maxRowChars * 4) return hasBareCr(headerParts) ? crOnly() : { ok: false, message: FILE_MESSAGES.headerTooLong };
      }
      if (nl < 0) break;
      if (headerParts) {
        if (hasBareCr(headerParts)) return crOnly();
        headerText = lineText(headerParts);
        headerParts = undefined;
      }
      if (lineHasContent) lines++;
      lineHasContent = false;
      from = nl + 1;
    }
  }
  try {
    decoder.decode();
  } catch {
    return headerParts && noLfButCr(headerParts) ? crOnly() : { ok: false, message: FILE_MESSAGES.endsInsideCharacter };
  }
  if (lineHasContent) lines++;
  if (headerParts) {
    if (noLfButCr(headerParts)) return crOnly();
    headerText = lineText(headerParts);
  }
  if (!headerText.trim()) return { ok: false, message: FILE_MESSAGES.empty };
  const dataRows = Math.max(0, lines - 1);
  if (dataRows > limits.maxRows) {
    return { ok: false, message: FILE_MESSAGES.tooManyRows(dataRows, limits.maxRows) };
  }
  return { ok: true, header: headerText, dataRows };
}

/** The pieces of one line as one array (the header's, once per file). */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const lineText = (parts: Uint8Array[]): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(concatBytes(parts)).replace(/\r$/, '');

/** A line of nothing, or of a lone CR (blank lines are not rows). */
const isBlank = (b: Uint8Array, from: number, end: number): boolean => end === from || (end - from === 1 && b[from] === CR);

/**
 * The job's message for bytes that are not UTF-8 in the line that would be data row `row`
 * (numbered as the log numbers rows: blank lines left out; row 0 is the header).
 */
function notUtf8(row: number): Prescan {
  return { ok: false, message: FILE_MESSAGES.notUtf8(row) };
}

const crOnly = (): Prescan => ({ ok: false, message: FILE_MESSAGES.crOnly });

/** The message for a byte-order mark at the start of the file: UTF-8's (EF BB BF) or UTF-16's (FF FE, FE FF). */
function byteOrderMark(first: Uint8Array): string | undefined {
  if (first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return FILE_MESSAGES.bom;
  if (first.length >= 2 && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))) return FILE_MESSAGES.utf16;
  return undefined;
}

/** The whole file (no LF came) has a CR, even only at its very end: CR-only line endings. */
const noLfButCr = (parts: Uint8Array[]): boolean => parts.some((p) => p.indexOf(CR) !== -1);

/**
 * [OURS] CR-only line endings: the first line (the bytes before the first LF, in pieces) has a CR
 * that something other than the LF follows. A CR as its very last byte is a CRLF's, or may be
 * (at the end of a file without any LF it is not: prescanCsv checks that case itself).
 * Checked on the header only: its line is the whole of a CR-only file; a lone CR in a later line
 * fails that row (csvRules.ts, BARE_CR_REASON).
 */
function hasBareCr(parts: Uint8Array[]): boolean {
  const line = concatBytes(parts); // once per file: the header is at most 64 KB
  const at = line.indexOf(CR);
  return at !== -1 && at < line.length - 1;
}

/**
 * The row of the first bytes that are not UTF-8 in chunk[from..], which starts a line that would
 * be row `row`. Decodes line by line with a fresh decoder: a newline always ends a character.
 */
function rowOfBadBytes(chunk: Uint8Array, from: number, row: number): number {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (;;) {
    const nl = chunk.indexOf(NL, from);
    try {
      decoder.decode(chunk.subarray(from, nl < 0 ? chunk.length : nl + 1), { stream: true });
    } catch {
      return row;
    }
    if (nl < 0) return row;
    if (!isBlank(chunk, from, nl)) row++;
    from = nl + 1;
  }
}

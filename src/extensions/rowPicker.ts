// Picks data rows out of a job's uploaded CSV file as its chunks arrive: the header line, then
// the lines of the rows asked for by number, in file order (docs/extensions.md, "rows.csv").
// Rows are numbered as the import engine numbers them (src/worker/fileLines.ts and csvFile.ts):
// the first line is the header, a blank line (nothing, or a lone CR, before its LF) is no row,
// and every other line is the next row, from 1. So "Line Number N" in the job's log is row N here.
// A CR that something other than an LF follows ends the header line, as the engine's pre-scan
// reads it (src/domain/csvPrescan.ts, CR-only line endings): such a file fails before its first
// row, so what comes out is its header alone, not the whole file as one header line. In a data
// row a lone CR is a byte of the row (the engine fails that row, BARE_CR_REASON): it ends nothing.
//
// Hand-written rather than a CSV library's: the rows must come out as the bytes the file holds
// (no parsing, quoting or re-encoding of anyone's data), numbered exactly as the engine counts
// lines, and a CSV parser would read quoted line breaks differently from the engine.
//
// Output: each picked line's bytes without its line ending, then the header's line ending (CRLF
// when the header line ended in CR LF, else LF), the last line too. A picked line's bytes are
// passed on as they arrive (slices of the chunks), so a long line is never gathered in memory:
// only a CR at a chunk's end is held back until the next byte says whether it ends the line.

const NL = 10;
const CR = 13;
const LF_ONLY = Buffer.from('\n');
const CRLF = Buffer.from('\r\n');
const ONE_CR = Buffer.from('\r');

export class RowPicker {
  private row = 0;
  /** Still in the header line. */
  private inHeader = true;
  private ending: Buffer = LF_ONLY;
  /** Bytes of the current line so far, its LF not counted. */
  private lineBytes = 0;
  /** The current line's first byte: a line of one CR is blank. */
  private firstByte = -1;
  /** The current line is a row asked for (the header line is passed on by inHeader). */
  private picked = false;
  /** A CR that ended the last slice passed on: the line's own byte, or half of its CR LF ending. */
  private heldCr = false;
  /** The header line ended at a lone CR (CR-only line endings): nothing follows it. */
  private crOnly = false;
  /** The highest row number asked for. */
  private readonly last: number;

  /** rows: the row numbers to pick. */
  constructor(private readonly rows: ReadonlySet<number>) {
    let last = 0;
    for (const r of rows) if (r > last) last = r;
    this.last = last;
  }

  /** True once every row asked for has been passed on: the rest of the file need not be read. */
  get finished(): boolean {
    return this.crOnly || (!this.inHeader && this.row >= this.last && this.lineBytes === 0);
  }

  /** The output for one chunk of the file, in order (slices of the chunk, no copy). */
  take(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let from = 0;
    while (from < chunk.length) {
      if (this.finished) return out;
      const nl = chunk.indexOf(NL, from);
      const end = nl < 0 ? chunk.length : nl;
      this.lineData(chunk, from, end, out);
      if (nl < 0 || this.crOnly) break;
      this.lineEnd(true, out);
      from = nl + 1;
    }
    return out;
  }

  /** The output once the file has ended: its last line, when it has no LF. */
  end(): Buffer[] {
    const out: Buffer[] = [];
    if (this.lineBytes > 0 && !this.crOnly) this.lineEnd(false, out);
    return out;
  }

  private blank(): boolean {
    return this.lineBytes === 0 || (this.lineBytes === 1 && this.firstByte === CR);
  }

  /** Bytes chunk[from, end) of the current line (no LF among them). */
  private lineData(chunk: Buffer, from: number, end: number, out: Buffer[]): void {
    if (end === from) return;
    const wasBlank = this.blank();
    if (this.lineBytes === 0) this.firstByte = chunk[from];
    this.lineBytes += end - from;
    if (this.inHeader) {
      this.headerData(chunk, from, end, out);
      return;
    }
    if (wasBlank && !this.blank()) {
      // The line just became a row: from here on its number is known.
      this.row++;
      this.picked = this.rows.has(this.row);
      // A lone CR that an earlier chunk ended with (the line could still have been blank then)
      // is the line's first byte: it goes out first.
      if (this.picked && this.lineBytes - (end - from) === 1) this.heldCr = true;
    }
    if (this.picked) this.pass(chunk, from, end, out);
  }

  /** Header bytes chunk[from, end): passed on up to a lone CR, where the header line ends. */
  private headerData(chunk: Buffer, from: number, end: number, out: Buffer[]): void {
    // A CR held back from the last chunk, and bytes (not an LF) after it: that CR was lone.
    let lone = this.heldCr ? from : chunk.indexOf(CR, from);
    if (lone >= end - 1 && !this.heldCr) lone = -1; // a CR last in the slice may be a CR LF's: held
    if (lone < 0) {
      this.pass(chunk, from, end, out);
      return;
    }
    this.heldCr = false;
    if (lone > from) out.push(chunk.subarray(from, lone));
    this.crOnly = true;
    this.inHeader = false;
    out.push(LF_ONLY);
  }

  /** Passes chunk[from, end) on, holding back a CR at its end. */
  private pass(chunk: Buffer, from: number, end: number, out: Buffer[]): void {
    if (this.heldCr) {
      out.push(ONE_CR);
      this.heldCr = false;
    }
    if (chunk[end - 1] === CR) {
      this.heldCr = true;
      end--;
    }
    if (end > from) out.push(chunk.subarray(from, end));
  }

  /** The current line ends, at an LF or at the file's end: its line ending goes out when it was passed on. */
  private lineEnd(atLf: boolean, out: Buffer[]): void {
    if (this.inHeader) {
      // A CR held back right before the header's LF makes the file's line ending CR LF.
      if (this.heldCr && atLf) this.ending = CRLF;
      this.inHeader = false;
      out.push(this.ending);
    } else if (this.picked) {
      out.push(this.ending);
    }
    // A CR still held is the CR of a CR LF ending, or a lone CR at the file's end: the engine drops both.
    this.heldCr = false;
    this.picked = false;
    this.lineBytes = 0;
    this.firstByte = -1;
  }
}

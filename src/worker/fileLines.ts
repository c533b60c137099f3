// The lines of an uploaded CSV file as its chunks arrive (worker/importUsers.ts reads its rows with
// it): each line's text without its line ending (LF, or the CR LF pair), and the byte offset just
// after it, which is what a checkpoint records.

const NL = 10;
const CR = 13;

export interface FileLine {
  /** The line without its LF and the CR before it; '' for a blank line. */
  text: string;
  /** The byte offset in the file just after the line (after its LF, or the file's end). */
  end: number;
}

export class FileLines {
  /**
   * The line in progress, as the pieces of the chunks it spans: joined once, when it ends.
   * Joining at every chunk would copy a long line once per chunk (quadratic in its length).
   */
  private carry: Buffer[] = [];
  private carried = 0;

  /** `offset`: where in the file the first chunk starts. */
  constructor(private offset: number) {}

  /** The lines the chunk ends, in order. */
  *of(chunk: Buffer): Generator<FileLine> {
    if (chunk.indexOf(NL) < 0) {
      this.carry.push(chunk);
      this.carried += chunk.length;
      this.offset += chunk.length;
      return;
    }
    const buf = this.carried ? Buffer.concat([...this.carry, chunk]) : chunk;
    const base = this.offset - this.carried;
    this.offset += chunk.length;
    let from = 0;
    for (let nl = buf.indexOf(NL); nl >= 0; nl = buf.indexOf(NL, from)) {
      const end = nl > from && buf[nl - 1] === CR ? nl - 1 : nl;
      const line: FileLine = { text: end > from ? buf.toString('utf8', from, end) : '', end: base + nl + 1 };
      from = nl + 1;
      yield line;
    }
    // A reader that stopped before this point reads no further from this FileLines.
    this.carry = from < buf.length ? [buf.subarray(from)] : [];
    this.carried = buf.length - from;
  }

  /** The byte offset just after the chunks read so far. */
  get end(): number {
    return this.offset;
  }

  /** The last line's text when the file does not end with a newline; '' when it does. */
  rest(): string {
    return this.carried ? Buffer.concat(this.carry).toString('utf8').replace(/\r$/, '') : '';
  }
}

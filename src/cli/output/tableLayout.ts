// aws-cli's awscli/table.py: sections (a title, column headers, rows) and how a MultiTable
// draws them: widths scaled to the widest section, titles and headers centred, cells
// left-aligned after two spaces, nested sections inside `|` borders. When the table is wider
// than the terminal (80 columns when stdout is not a terminal), every one-row section turns
// vertical (one `header | value` row per column).
//
// Colour (--color on, or auto on a terminal) is table.py's ColorizedStyler through colorama
// with autoreset, which writes ESC[0m after every write() to stdout; `Out` replays that.
import { textLength } from './eaw';
import { pyStr, roundHalfEven } from './py';

const RESET = '\x1b[0m';

class Out {
  parts: string[] = [];
  constructor(private readonly color: boolean) {}
  write(s: string): void {
    this.parts.push(s);
    if (this.color) this.parts.push(RESET);
  }
}

const styleRow = (s: string, color: boolean): string => (color ? `\x1b[1m\x1b[34m${s}${RESET}` : s);
const styleIndent = (s: string, color: boolean): string => (color ? `\x1b[2m\x1b[33m${s}${RESET}` : s);
const spaces = (n: number): string => ' '.repeat(Math.max(0, n));

export class Section {
  /** None for the repeated sections of a list nested in a list: not drawn, but counted as 'None'. */
  title: string | null = '';
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private numCols?: number;
  private maxWidths: number[] = [];

  addHeader(headers: string[]): void {
    this.updateMaxWidths(headers);
    if (this.numCols === undefined) this.numCols = headers.length;
    this.headers = headers;
  }

  addRow(row: unknown[]): void {
    if (this.numCols === undefined) this.numCols = row.length;
    if (row.length !== this.numCols) throw new Error(`Row should have ${this.numCols} elements, instead it has ${row.length}`);
    const cells = row.map(pyStr);
    this.rows.push(cells);
    this.updateMaxWidths(cells);
  }

  /** Widths with padding, scaled so they add up to maxWidth when given. */
  columnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const factor = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => roundHalfEven(factor * w));
    let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (offBy !== 0) {
      const order = scaled.map((_, i) => i);
      if (offBy < 0) order.reverse();
      for (const i of order) {
        if (offBy > 0) { scaled[i] -= 1; offBy -= 1; } else { scaled[i] += 1; offBy += 1; }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, outerPadding: number): number {
    const total = this.columnWidths().reduce((a, w) => a + w + padding, 0) + 2 + 2 * outerPadding;
    return Math.max(textLength(this.title ?? 'None') + 2 + 2 * outerPadding, total);
  }

  private updateMaxWidths(row: string[]): void {
    if (this.maxWidths.length === 0) this.maxWidths = row.map(textLength);
    else row.forEach((el, i) => { this.maxWidths[i] = Math.max(textLength(el), this.maxWidths[i] ?? 0); });
  }
}

export function centerText(text: string, length: number, left: string, right: string, textLen = textLength(text)): string {
  const start = Math.floor(length / 2) - Math.floor(textLen / 2) - 1;
  const soFar = textLength(left) + start + textLen;
  return left + spaces(start) + text + spaces(length - textLength(right) - soFar) + right;
}

export function alignLeft(text: string, length: number, left: string, right: string, textLen = textLength(text)): string {
  const padding = length - (textLen + 2 + textLength(left) + textLength(right)) >= 0 ? 2 : 0;
  const soFar = left.length + padding + textLen;
  return left + spaces(padding) + text + spaces(length - soFar - right.length) + right;
}

function toVertical(sections: Section[]): void {
  sections.forEach((s, i) => {
    if (s.rows.length !== 1 || s.headers.length === 0) return;
    const v = new Section();
    v.title = s.title;
    v.indentLevel = s.indentLevel;
    s.headers.forEach((h, j) => { if (j < s.rows[0].length) v.addRow([h, s.rows[0][j]]); });
    sections[i] = v;
  });
}

/** MultiTable.render: the whole table as aws prints it. */
export function drawTable(sections: Section[], terminalWidth: number, color: boolean): string {
  const maxOf = (): number => Math.max(...sections.map((s) => s.totalWidth(4, s.indentLevel)));
  let maxWidth = maxOf();
  if (maxWidth > terminalWidth) {
    toVertical(sections);
    maxWidth = maxOf();
  }
  const out = new Out(color);
  out.write(`${'-'.repeat(maxWidth)}\n`);
  for (const s of sections) drawSection(s, maxWidth - s.indentLevel * 2, out, color);
  return out.parts.join('');
}

/** IndentedStream around `out`: `|` borders for each level of nesting. */
function indented(out: Out, level: number, color: boolean): (text: string) => void {
  const bar = styleIndent('|', color).repeat(level);
  return (text) => {
    out.write(bar);
    if (text.endsWith('\n')) {
      out.write(text.slice(0, -1));
      out.write(bar);
      out.write('\n');
    } else {
      out.write(text);
    }
  };
}

function drawSection(s: Section, width: number, out: Out, color: boolean): void {
  const write = indented(out, s.indentLevel, color);
  if (s.title) {
    write(`${centerText(s.title, width, '|', '|')}\n`);
    if (s.headers.length === 0 && s.rows.length === 0) write(`+${'-'.repeat(Math.max(0, width - 2))}+\n`);
  }
  if (s.headers.length > 0) {
    const widths = s.columnWidths(4, width);
    let line = '';
    widths.forEach((w, i) => { if (i < s.headers.length) line += centerText(s.headers[i], w, i === 0 ? '|' : '', '|'); });
    write(lineBreak(widths));
    write(`${line}\n`);
  }
  if (s.rows.length === 0) return;
  const widths = s.columnWidths(4, width);
  if (widths.length === 0) return;
  write(lineBreak(widths));
  for (const row of s.rows) {
    let line = '';
    widths.forEach((w, i) => { if (i < row.length) line += alignLeft(styleRow(row[i], color), w, i === 0 ? '|' : '', '|', textLength(row[i])); });
    write(`${line}\n`);
  }
  write(lineBreak(widths));
}

/** +-------+---------+ */
const lineBreak = (widths: number[]): string =>
  `${widths.map((w, i) => (i === 0 ? `+${'-'.repeat(Math.max(0, w - 2))}+` : `${'-'.repeat(Math.max(0, w - 1))}+`)).join('')}\n`;

// Splitting one line of a Cognito user-import CSV into cells (spec section 3). Pure and hot:
// it runs once per data row, so it allocates only the cells themselves.
//
// Cognito's format is not RFC 4180: values are never quoted and a comma inside a value is
// written `\,`. A comma preceded by a backslash is part of the value (the backslash is
// dropped); every other backslash stays as it is, so `a\\,b` is the one value `a\,b`.

const BACKSLASH = 92;
const QUOTE = 34;

/** The raw cells of a line (not trimmed), `\,` already turned into a comma. */
export function splitCells(line: string): string[] {
  if (line.indexOf('\\') === -1) return line.split(',');
  const cells: string[] = [];
  let start = 0;
  let pending = '';
  let at = line.indexOf(',');
  while (at !== -1) {
    if (at > 0 && line.charCodeAt(at - 1) === BACKSLASH) {
      pending += line.slice(start, at - 1) + ',';
    } else {
      cells.push(pending + line.slice(start, at));
      pending = '';
    }
    start = at + 1;
    at = line.indexOf(',', start);
  }
  cells.push(pending + line.slice(start));
  return cells;
}

/**
 * The index of the first cell that, trimmed, starts with a double quote, or -1. Only used to
 * explain a row whose cell count is wrong: an RFC 4180 quoted value with a comma in it splits
 * in two, and the cells before it are still aligned with the header.
 */
export function firstQuotedCell(cells: readonly string[]): number {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.indexOf('"') !== -1 && c.trimStart().charCodeAt(0) === QUOTE) return i;
  }
  return -1;
}

// The bench CSV (bench/import, bench/api): every column filled, some `\,`, non-ASCII names,
// about 200 bytes a row, user1 .. userN.
import { createWriteStream } from 'node:fs';
import { ATTRIBUTE_COLUMNS } from '../importLimits';

export const CSV_HEADER = [...ATTRIBUTE_COLUMNS, 'cognito:mfa_enabled', 'cognito:username'];
const FIRST = ['José', 'Zoë', 'Łukasz', 'Søren', 'Amélie', 'Jürgen', 'Ngọc', 'Ærin', 'François', 'Björk'];
const LAST = ['Muñoz', 'Šimůnek', 'Ødegård', 'Dvořák', 'Nuñez', 'Ćosić', 'Gößling', 'Ibáñez'];

/** Row i (from 1) of the file. */
export function csvRow(i: number): string {
  const f = FIRST[i % FIRST.length];
  const l = LAST[i % LAST.length];
  return [`${f} ${l}`, f, l, 'A', `n${i}`, `p${i}`, `ex.co/p${i}`, `ex.co/i${i}`, 'ex.org', `u${i}@ex.co`, 'true',
    i % 2 ? 'f' : 'm', '02/28/1990', 'UTC', 'fr', `+3361${String(i).padStart(7, '0')}`, 'false', `${i} rue\\, Lyon`,
    '1700000000', 'false', `user${i}`].join(',');
}

/** Writes the header and rows 1..rows to `file`. */
export async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(CSV_HEADER.join(',') + '\n');
  for (let i = 1; i <= rows; i += 1000) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(i + 1000, rows + 1); j++) lines.push(csvRow(j));
    if (!out.write(lines.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

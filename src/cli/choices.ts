// argparse's "Invalid choice" error for a command or service name, with close matches offered.
import { ArgParseError } from './errors';

export function invalidChoice(what: string, value: string, choices: string[]): ArgParseError {
  const rows: string[] = [];
  for (let i = 0; i < choices.length; i += 2) rows.push(choices.slice(i, i + 2).map((c) => c.padEnd(40)).join(' | '));
  const close = choices.filter((c) => similar(value, c));
  const hint = close.length ? `\n\nInvalid choice: '${value}', maybe you meant:\n\n${close.map((c) => `  * ${c}`).join('\n')}` : '';
  return new ArgParseError(`argument ${what}: Invalid choice, valid choices are:\n\n${rows.join('\n')}${hint}`);
}

/** Close enough to suggest: at most a quarter of the letters differ (edit distance). */
function similar(a: string, b: string): boolean {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length] <= Math.max(1, Math.floor(Math.max(a.length, b.length) / 4));
}

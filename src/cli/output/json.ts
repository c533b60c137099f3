// `--output json`: Python's json.dump(value, indent=4, ensure_ascii=False) and a newline, as
// aws-cli's JSONFormatter prints it. Non-ASCII text is written as is, not escaped: that is v2's
// choice, and the installed v1 (1.45) does the same (early v1 releases called json.dump without
// ensure_ascii and printed "Zo\u00eb"). An empty structure ({}) prints nothing at all;
// anything else, null included, prints. Numbers as Python repr()s them (py.ts).
import { isObj, pyNumber } from './py';

export function renderJson(value: unknown): string {
  if (isObj(value) && Object.keys(value).length === 0) return '';
  return `${dump(value, '')}\n`;
}

function dump(v: unknown, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? pyNumber(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  // JSON.stringify escapes exactly what Python's encoder does with ensure_ascii=False:
  // \" \\ \b \f \n \r \t and other controls as \u00XX (lower-case hex).
  if (typeof v === 'string') return JSON.stringify(v);
  const inner = `${indent}    `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + dump(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${dump(x, inner)}`).join(',\n')}\n${indent}}`;
}

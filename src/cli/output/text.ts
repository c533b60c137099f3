// `--output text`: aws-cli's awscli/text.py, step for step. A structure prints one line: its
// key upper-cased (the identifier), then its scalar values tab-separated in alphabetical key
// order; its lists and structures follow, each under its own key. A list of structures prints
// one line per element with the scalar keys of all elements (missing ones empty); a list of
// scalars prints `KEY\tvalue` lines, or one tab-separated line when it has no key. Scalars are
// Python's str(): True/False, None, floats as repr.
import { isObj, isScalar, pyStr, sortedStr, type Obj } from './py';

export function renderText(value: unknown): string {
  const out: string[] = [];
  formatText(value, out);
  return out.join('');
}

function formatText(item: unknown, out: string[], identifier?: string, scalarKeys?: string[]): void {
  if (isObj(item)) formatDict(item, out, identifier, scalarKeys);
  else if (Array.isArray(item)) formatList(item, out, identifier);
  else out.push(`${pyStr(item)}\n`);
}

function formatList(item: unknown[], out: string[], identifier?: string): void {
  if (item.length === 0) return;
  if (item.some(isObj)) {
    const allKeys = allScalarKeys(item);
    for (const el of item) formatText(el, out, identifier, allKeys);
  } else if (item.some(Array.isArray)) {
    const scalars = item.filter(isScalar);
    if (scalars.length > 0) formatScalarList(scalars, out, identifier);
    for (const el of item.filter((x) => !isScalar(x))) formatText(el, out, identifier);
  } else {
    formatScalarList(item, out, identifier);
  }
}

function formatScalarList(elements: unknown[], out: string[], identifier?: string): void {
  if (identifier !== undefined) {
    for (const x of elements) out.push(`${identifier.toUpperCase()}\t${pyStr(x)}\n`);
  } else {
    out.push(`${elements.map(pyStr).join('\t')}\n`);
  }
}

function formatDict(item: Obj, out: string[], identifier?: string, scalarKeys?: string[]): void {
  const [scalars, nonScalars] = partitionDict(item, scalarKeys);
  if (scalars.length > 0) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [key, v] of nonScalars) formatText(v, out, key);
}

/** Keys whose value is a scalar in any of the structures; text.py fails on a list that mixes them with other values. */
function allScalarKeys(list: unknown[]): string[] {
  const seen = new Set<string>();
  for (const d of list) {
    if (!isObj(d)) throw new TypeError(`cannot print ${JSON.stringify(d)} as text next to structures`);
    for (const [k, v] of Object.entries(d)) if (isScalar(v)) seen.add(k);
  }
  return sortedStr(seen);
}

function partitionDict(item: Obj, scalarKeys?: string[]): [string[], [string, unknown][]] {
  const scalars: string[] = [];
  const nonScalars: [string, unknown][] = [];
  if (scalarKeys === undefined) {
    for (const k of sortedStr(Object.keys(item))) {
      if (isScalar(item[k])) scalars.push(pyStr(item[k]));
      else nonScalars.push([k, item[k]]);
    }
  } else {
    for (const k of scalarKeys) scalars.push(Object.hasOwn(item, k) ? pyStr(item[k]) : '');
    const given = new Set(scalarKeys);
    for (const k of sortedStr(Object.keys(item).filter((x) => !given.has(x)))) nonScalars.push([k, item[k]]);
  }
  return [scalars, nonScalars];
}

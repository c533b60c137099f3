// What the fuzz test sends, before it becomes a body: JSON values plus three kinds no plain value
// can be. `Obj` keeps its members as written (order, duplicate names, `__proto__` as a name);
// `Raw` is JSON text sent as is (1e400, a million nested brackets, a megabyte string) and shows
// as a short label when fast-check prints a counterexample; `Ref` names a fixture (a pool, a
// job, a token) whose value is looked up when the body is written, so fixtures remade after
// a test deleted them are still the ones sent.
import * as fc from 'fast-check';

export type FuzzValue = string | number | boolean | null | undefined | Obj | Raw | Ref | FuzzValue[];

export class Obj {
  constructor(readonly entries: [string, FuzzValue][]) {}
  [fc.toStringMethod](): string {
    const shown = this.entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`);
    return `{${shown.join(', ')}}`;
  }
}

export class Raw {
  constructor(readonly json: string, readonly label: string) {}
  [fc.toStringMethod](): string {
    return this.label;
  }
}

export class Ref {
  /** `make` builds the value from fixtures (a crafted token); without it the value is the fixture `name`. */
  constructor(readonly name: string, readonly make?: (resolve: (name: string) => string) => string) {}
  [fc.toStringMethod](): string {
    return `<${this.name}>`;
  }
}

/** A short printable form of a value: the labels of Raw, the names of Ref, long strings cut. */
export function show(v: FuzzValue): string {
  if (v instanceof Obj || v instanceof Raw || v instanceof Ref) return v[fc.toStringMethod]();
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'string' && v.length > 80) return `${JSON.stringify(v.slice(0, 60))}... (${v.length} chars)`;
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** A string sent as JSON but printed by its label: for values too long to print. */
export const bigString = (s: string, label: string): Raw => new Raw(JSON.stringify(s), label);

/** The body text. `resolve` gives a fixture's current value by name. */
export function encode(v: FuzzValue, resolve: (name: string) => string): string {
  if (v instanceof Raw) return v.json;
  if (v instanceof Ref) return JSON.stringify(v.make ? v.make(resolve) : resolve(v.name));
  if (v instanceof Obj) {
    const parts: string[] = [];
    for (const [k, x] of v.entries) if (x !== undefined) parts.push(`${JSON.stringify(k)}:${encode(x, resolve)}`);
    return `{${parts.join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : encode(x, resolve))).join(',')}]`;
  return v === undefined ? 'null' : JSON.stringify(v);
}

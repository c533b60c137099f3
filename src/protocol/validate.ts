// Input validation driven by the generated shape table, with Coral's wording (spec section 1):
//   1 validation error detected: Value 'bad' at 'userPoolId' failed to satisfy constraint: ...
// Every constraint violation is collected and reported in one InvalidParameterException.
// A value of the wrong JSON type cannot be deserialized at all: SerializationException.
// Formats follow real traces: list-of-structure members are addressed 'schema.1.member.name',
// constraints on list-of-scalar members are reported on the list as
// "Member must satisfy constraint: [...]" (aws-solutions/media-insights-on-aws#199), numbers
// are quoted ('61'), null is not (amplify-js#6460), length is checked before pattern.
import type { Range, ShapeTable } from '../api/shapes';
import { InvalidParameterException, SerializationException } from '../api/errors';

const regexCache = new Map<string, RegExp>();

/**
 * The generator translated the model's Java pattern to JavaScript for the 'u' flag, anchored to
 * the whole value as AWS applies it, and rewrote it where backtracking would be quadratic
 * (scripts/patternSource.ts): it compiles as it is and runs in time linear in the value.
 */
function compiled(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) regexCache.set(source, (re = new RegExp(source, 'u')));
  return re;
}

/** Member names as Coral writes them in paths (userPoolId): a handful of names, made once each. */
const lowerFirst = new Map<string, string>();
function lcFirst(s: string): string {
  let l = lowerFirst.get(s);
  if (l === undefined) lowerFirst.set(s, (l = s.charAt(0).toLowerCase() + s.slice(1)));
  return l;
}

/** Length in code points, as the model's length constraints count: [...v].length without the array. */
export function codePoints(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length - 1; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function render(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `'[${value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ')}]'`;
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  return `a ${typeof v}`;
}

function typeError(path: string, expected: string, v: unknown): never {
  // The value is not echoed: it may be a secret sent in the wrong place.
  throw new SerializationException(`The value at '${path}' cannot be read as ${expected}: found ${jsonType(v)}.`);
}

function lengthProblems(len: number, r: Range | undefined): string[] {
  const out: string[] = [];
  if (r?.min !== undefined && len < r.min) out.push(`Member must have length greater than or equal to ${r.min}`);
  if (r?.max !== undefined && len > r.max) out.push(`Member must have length less than or equal to ${r.max}`);
  return out;
}

class Validator {
  readonly violations: string[] = [];
  constructor(private readonly shapes: ShapeTable) {}

  /** Sensitive values are left out, as Coral does: `Value at 'password' failed to satisfy ...`. */
  private add(path: string, value: unknown, constraint: string, sensitive = false): void {
    const shown = sensitive ? 'Value' : `Value ${render(value)}`;
    this.violations.push(`${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  private isSensitive(shapeName: string): boolean {
    const s = this.shapes[shapeName];
    return (s.type === 'string' || s.type === 'enum') && s.sensitive === true;
  }

  /** Constraint messages of a scalar value (no path): used directly and for list members. */
  private scalarProblems(shapeName: string, v: unknown, path: string): string[] {
    const s = this.shapes[shapeName];
    switch (s.type) {
      case 'string': {
        if (typeof v !== 'string') typeError(path, 'a string', v);
        const out = lengthProblems(codePoints(v), s.length);
        if (s.regex !== undefined && !compiled(s.regex).test(v)) {
          out.push(`Member must satisfy regular expression pattern: ${s.pattern}`);
        }
        return out;
      }
      case 'enum':
        if (typeof v !== 'string') typeError(path, 'a string', v);
        return s.values.includes(v) ? [] : [`Member must satisfy enum value set: [${s.values.join(', ')}]`];
      case 'integer': case 'long': case 'double': case 'float': {
        if (typeof v !== 'number' || !Number.isFinite(v)) typeError(path, 'a number', v);
        if ((s.type === 'integer' || s.type === 'long') && !Number.isInteger(v)) typeError(path, 'a whole number', v);
        const out: string[] = [];
        if (s.range?.min !== undefined && v < s.range.min) out.push(`Member must have value greater than or equal to ${s.range.min}`);
        if (s.range?.max !== undefined && v > s.range.max) out.push(`Member must have value less than or equal to ${s.range.max}`);
        return out;
      }
      case 'boolean':
        if (typeof v !== 'boolean') typeError(path, 'a boolean', v);
        return [];
      case 'timestamp':
        if (typeof v !== 'number' || !Number.isFinite(v)) typeError(path, 'a timestamp in epoch seconds', v);
        return [];
      default:
        return [];
    }
  }

  /** Returns the value as the operation sees it: unknown members dropped, timestamps as Date. */
  value(shapeName: string, v: unknown, path: string): unknown {
    const s = this.shapes[shapeName];
    switch (s.type) {
      case 'structure': case 'union': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) typeError(path || 'body', 'a structure', v);
        const src = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [name, target, required] of s.members) {
          const mv = src[name];
          const mpath = path ? `${path}.${lcFirst(name)}` : lcFirst(name);
          if (mv === undefined || mv === null) {
            if (required) this.add(mpath, null, 'Member must not be null');
            continue;
          }
          out[name] = this.value(target, mv, mpath);
        }
        return out;
      }
      case 'list': {
        if (!Array.isArray(v)) typeError(path, 'a list', v);
        for (const p of lengthProblems(v.length, s.length)) this.add(path, v, p);
        const memberShape = this.shapes[s.member];
        if (memberShape.type === 'structure' || memberShape.type === 'union' || memberShape.type === 'list' || memberShape.type === 'map') {
          return v.map((item, i) => this.value(s.member, item, `${path}.${i + 1}.member`));
        }
        const inner = new Set<string>();
        const out = v.map((item) => {
          if (item === null) return item;
          this.scalarProblems(s.member, item, path).forEach((p) => inner.add(p));
          return memberShape.type === 'timestamp' ? new Date((item as number) * 1000) : item;
        });
        if (inner.size) this.add(path, v, `Member must satisfy constraint: [${[...inner].join(', ')}]`, this.isSensitive(s.member));
        return out;
      }
      case 'map': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) typeError(path, 'a map', v);
        const entries = Object.entries(v as Record<string, unknown>);
        for (const p of lengthProblems(entries.length, s.length)) this.add(path, v, p);
        const keyProblems = new Set<string>();
        const out: Record<string, unknown> = {};
        for (const [k, mv] of entries) {
          this.scalarProblems(s.key, k, path).forEach((p) => keyProblems.add(p));
          out[k] = this.value(s.value, mv, `${path}.${k}`);
        }
        if (keyProblems.size) this.add(path, v, `Map keys must satisfy constraint: [${[...keyProblems].join(', ')}]`);
        return out;
      }
      default: {
        for (const p of this.scalarProblems(shapeName, v, path)) this.add(path, v, p, this.isSensitive(shapeName));
        return s.type === 'timestamp' ? new Date((v as number) * 1000) : v;
      }
    }
  }
}

/** Validates a decoded request body against the operation's input shape. */
export function validateInput<T>(shapes: ShapeTable, inputShape: string, body: unknown): T {
  const v = new Validator(shapes);
  const value = v.value(inputShape, body, '');
  const n = v.violations.length;
  if (n > 0) {
    throw new InvalidParameterException(`${n} validation error${n === 1 ? '' : 's'} detected: ${v.violations.join('; ')}`);
  }
  return value as T;
}

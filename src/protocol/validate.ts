// Input validation driven by the generated shape table, with Coral's wording (spec section 1):
//   1 validation error detected: Value 'bad' at 'userPoolId' failed to satisfy constraint: ...
// Every constraint violation is collected and reported in one InvalidParameterException.
// A value of the wrong JSON type cannot be deserialized at all: SerializationException.
// Formats follow real traces: list-of-structure members are addressed 'schema.1.member.name',
// constraints on list-of-scalar members are reported on the list as
// "Member must satisfy constraint: [...]" (aws-solutions/media-insights-on-aws#199), numbers
// are quoted ('61'), null is not (amplify-js#6460), length is checked before pattern.
// What cannot be read as the model's type is a SerializationException, as Smithy's malformed-request
// tests require of servers (smithy-aws-protocol-tests, restJson1/malformedRequests: a null in a
// list or map, a union without exactly one member, integer overflow, a string where a number is).
import type { Range, Shape, ShapeTable } from '../api/shapes';
import { codePoints, longerThan, shorterThan } from '../domain/text';
import { InvalidParameterException, SerializationException } from '../api/errors';
import { setOwn } from './awsJson';

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

/** Length in code points, as the model's length constraints count (one definition, in the domain). */
export { codePoints };

/**
 * [OURS] The most characters of a value a message echoes: Coral echoes the value whole, which for
 * a value of a megabyte (refused for its length) made a two-megabyte answer and held the event
 * loop for tens of milliseconds. A longer value is cut and ends with '...'.
 */
export const MAX_ECHO = 4096;

function clip(text: string): string {
  if (text.length <= MAX_ECHO) return text;
  // Not between the two halves of a surrogate pair: the answer stays valid Unicode.
  const end = text.charCodeAt(MAX_ECHO - 1) >= 0xd800 && text.charCodeAt(MAX_ECHO - 1) <= 0xdbff ? MAX_ECHO - 1 : MAX_ECHO;
  return `${text.slice(0, end)}...`;
}

function render(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `'[${clip(value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', '))}]'`;
  if (typeof value === 'object') return `'${clip(JSON.stringify(value))}'`;
  return `'${clip(String(value))}'`;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  return `a ${typeof v}`;
}

/**
 * Where a value is: `path`, or item `index` of the list at `path` as Coral writes it
 * (schema.1.member). Two arguments rather than one string so that a list's items cost no
 * string until a message needs one; index -1: not a list item.
 */
const at = (path: string, index: number): string => (index < 0 ? path : `${path}.${index + 1}.member`);

function typeError(path: string, expected: string, v: unknown, index = -1): never {
  // The value is not echoed: it may be a secret sent in the wrong place.
  throw new SerializationException(`The value at '${at(path, index)}' cannot be read as ${expected}: found ${jsonType(v)}.`);
}

function nullMember(path: string, container: 'list' | 'map'): never {
  throw new SerializationException(`The value at '${path}' is null, and a ${container} cannot hold null.`);
}

/**
 * JSON numbers a Java service cannot hold in the model's type: int is 32 bits and long 64
 * (Smithy malformed-request tests: 9223372000000000000 is an integer overflow), and a number
 * too large for a double arrives here as Infinity.
 */
const NUMBER_LIMITS: Record<string, [limit: number, what: string]> = {
  integer: [2 ** 31, 'a 32-bit integer'],
  // 9223372036854775807 (the largest long) reads as 2^63 in JavaScript: allowed, and nothing beyond.
  long: [2 ** 63, 'a 64-bit integer'],
  float: [Number.MAX_VALUE, 'a number'],
  double: [Number.MAX_VALUE, 'a number'],
};

function outOfRange(path: string, index: number, what: string): never {
  throw new SerializationException(`The value at '${at(path, index)}' cannot be read as ${what}: the number is out of its range.`);
}

function checkNumber(type: 'integer' | 'long' | 'double' | 'float', v: unknown, path: string, index: number): number {
  if (typeof v !== 'number') typeError(path, type === 'integer' || type === 'long' ? 'an integer' : 'a number', v, index);
  const [limit, what] = NUMBER_LIMITS[type];
  if (!(v >= -limit && v <= limit) || (type === 'integer' && v === limit)) {
    outOfRange(path, index, what);
  }
  if ((type === 'integer' || type === 'long') && !Number.isInteger(v)) typeError(path, 'a whole number', v, index);
  return v;
}

/** Milliseconds a JavaScript Date can hold: +-8.64e15 (ECMA-262, "Time Values and Time Range"). */
const MAX_EPOCH_SECONDS = 8.64e12;

/** The answer of every check that finds nothing: shared, so the common case allocates nothing. */
const NONE: readonly string[] = Object.freeze([]);

function lengthProblems(len: number, r: Range | undefined): readonly string[] {
  return boundProblems(r?.min !== undefined && len < r.min, r?.max !== undefined && len > r.max, r);
}

/** A string's length in code points, by bounds rather than a count: a 1 MiB value is over any maximum without reading it. */
function textLengthProblems(v: string, r: Range | undefined): readonly string[] {
  return boundProblems(r?.min !== undefined && shorterThan(v, r.min), r?.max !== undefined && longerThan(v, r.max), r);
}

function boundProblems(low: boolean, high: boolean, r: Range | undefined): readonly string[] {
  if (!low && !high) return NONE;
  return [low ? `Member must have length greater than or equal to ${r!.min}` : `Member must have length less than or equal to ${r!.max}`];
}

function rangeProblems(n: number, r: Range | undefined): readonly string[] {
  if (r?.min !== undefined && n < r.min) return [`Member must have value greater than or equal to ${r.min}`];
  if (r?.max !== undefined && n > r.max) return [`Member must have value less than or equal to ${r.max}`];
  return NONE;
}

/**
 * [OURS] At most this many violations are written out; the count stays exact. A body of 1 MiB
 * can hold 60,000 of them, and writing each (with its value) took 150 ms and a 9 MB message.
 */
export const MAX_LISTED_VIOLATIONS = 100;

class Validator {
  readonly violations: string[] = [];
  count = 0;
  constructor(private readonly shapes: ShapeTable) {}

  /** Sensitive values are left out, as Coral does: `Value at 'password' failed to satisfy ...`. */
  private add(path: string, value: unknown, constraint: string, sensitive = false): void {
    if (++this.count > MAX_LISTED_VIOLATIONS) return;
    const shown = sensitive ? 'Value' : `Value ${render(value)}`;
    this.violations.push(`${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  private isSensitive(shapeName: string): boolean {
    const s = this.shapes[shapeName];
    return (s.type === 'string' || s.type === 'enum') && s.sensitive === true;
  }

  /** Constraint messages of a scalar value; `path` names it in a SerializationException. */
  private scalarProblems(shapeName: string, v: unknown, path: string, index = -1): readonly string[] {
    const s = this.shapes[shapeName];
    switch (s.type) {
      case 'string': {
        if (typeof v !== 'string') typeError(path, 'a string', v, index);
        const problems = textLengthProblems(v, s.length);
        // Length first: a value over its maximum never reaches the pattern, whatever its size.
        if (s.regex === undefined || (s.length?.max !== undefined && longerThan(v, s.length.max)) || compiled(s.regex).test(v)) return problems;
        return [...problems, `Member must satisfy regular expression pattern: ${s.pattern}`];
      }
      case 'enum':
        if (typeof v !== 'string') typeError(path, 'a string', v, index);
        return s.values.includes(v) ? NONE : [`Member must satisfy enum value set: [${s.values.join(', ')}]`];
      case 'integer': case 'long': case 'double': case 'float':
        return rangeProblems(checkNumber(s.type, v, path, index), s.range);
      case 'boolean':
        if (typeof v !== 'boolean') typeError(path, 'a boolean', v, index);
        return NONE;
      case 'timestamp':
        if (typeof v !== 'number') typeError(path, 'a timestamp in epoch seconds', v, index);
        if (!(Math.abs(v) <= MAX_EPOCH_SECONDS)) outOfRange(path, index, 'a timestamp');
        return NONE;
      default:
        return NONE;
    }
  }

  /** Returns the value as the operation sees it: unknown members dropped, timestamps as Date. */
  value(shapeName: string, v: unknown, path: string): unknown {
    const s = this.shapes[shapeName];
    switch (s.type) {
      case 'structure': case 'union':
        return this.structure(s, v, path);
      case 'list':
        return this.list(s, v, path);
      case 'map':
        return this.map(s, v, path);
      default: {
        for (const p of this.scalarProblems(shapeName, v, path)) this.add(path, v, p, this.isSensitive(shapeName));
        return s.type === 'timestamp' ? new Date((v as number) * 1000) : v;
      }
    }
  }

  private structure(s: Extract<Shape, { type: 'structure' | 'union' }>, v: unknown, path: string): unknown {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) typeError(path || 'body', 'a structure', v);
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let set = 0;
    for (const [name, target, required] of s.members) {
      // No member is named like an Object.prototype property (the generator checks), so this is own.
      const mv = src[name];
      if (mv === undefined || mv === null) {
        if (required) this.add(path ? `${path}.${lcFirst(name)}` : lcFirst(name), null, 'Member must not be null');
        continue;
      }
      set++;
      out[name] = this.value(target, mv, path ? `${path}.${lcFirst(name)}` : lcFirst(name));
    }
    // A union holds exactly one of its members, and only known ones (Smithy malformed-union tests).
    if (s.type === 'union' && (set !== 1 || Object.keys(src).length !== 1)) {
      throw new SerializationException(`The value at '${path}' must set exactly one of: ${s.members.map((m) => m[0]).join(', ')}.`);
    }
    return out;
  }

  private list(s: Extract<Shape, { type: 'list' }>, v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) typeError(path, 'a list', v);
    for (const p of lengthProblems(v.length, s.length)) this.add(path, v, p);
    const memberShape = this.shapes[s.member];
    if (memberShape.type === 'structure' || memberShape.type === 'union' || memberShape.type === 'list' || memberShape.type === 'map') {
      return v.map((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        return item === null ? nullMember(itemPath, 'list') : this.value(s.member, item, itemPath);
      });
    }
    let inner: Set<string> | undefined;
    const out = v.map((item, index) => {
      if (item === null) nullMember(at(path, index), 'list');
      for (const p of this.scalarProblems(s.member, item, path, index)) (inner ??= new Set()).add(p);
      return memberShape.type === 'timestamp' ? new Date((item as number) * 1000) : item;
    });
    if (inner) this.add(path, v, `Member must satisfy constraint: [${[...inner].join(', ')}]`, this.isSensitive(s.member));
    return out;
  }

  private map(s: Extract<Shape, { type: 'map' }>, v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) typeError(path, 'a map', v);
    const entries = Object.entries(v as Record<string, unknown>);
    for (const p of lengthProblems(entries.length, s.length)) this.add(path, v, p);
    const keyProblems = new Set<string>();
    const out: Record<string, unknown> = {};
    for (const [k, mv] of entries) {
      this.scalarProblems(s.key, k, path).forEach((p) => keyProblems.add(p));
      if (mv === null) nullMember(`${path}.${k}`, 'map');
      setOwn(out, k, this.value(s.value, mv, `${path}.${k}`));
    }
    if (keyProblems.size) this.add(path, v, `Map keys must satisfy constraint: [${[...keyProblems].join(', ')}]`);
    return out;
  }
}

/** Validates a decoded request body against the operation's input shape. */
export function validateInput<T>(shapes: ShapeTable, inputShape: string, body: unknown): T {
  const v = new Validator(shapes);
  const value = v.value(inputShape, body, '');
  const n = v.count;
  if (n > 0) {
    const more = n > v.violations.length ? `; and ${n - v.violations.length} more` : '';
    throw new InvalidParameterException(`${n} validation error${n === 1 ? '' : 's'} detected: ${v.violations.join('; ')}${more}`);
  }
  return value as T;
}

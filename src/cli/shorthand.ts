// The aws CLI's shorthand syntax for structures, maps and lists of structures:
//   Name=email,Value=a@b.c          {Name: 'email', Value: 'a@b.c'}
//   Key=[a,b],Other={X=1,Y=2}       lists and nested structures
//   Key=a,b,c                       a bare comma list is a list
//   Key="a,b" Key='x'               quoted values; \, escapes a comma
//   Key@=file://x.txt               the value comes from a file
// The grammar follows awscli/shorthand.py so the same input gives the same value; the model
// then turns strings into numbers and booleans and single values into one-element lists
// (applyModel below), as the aws CLI's back-compat pass does.
import type { ShapeTable } from '../api/shapes';
import { readParamFile } from './paramfile';

export class ShorthandError extends Error {}

type Value = string | Value[] | { [k: string]: Value };

const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;
const WS = /\s/;
// A value's first character, then the characters that may follow: the first value of a key
// stops at a comma only when the comma is followed by another key (see csvValue).
const START_WORD = '!#-&(-+\\--<>-Z\\\\-z|-\\uffff';
const FIRST_FOLLOW = '\\s!#-&(-+\\--\\\\^-|~-\\uffff';
const SECOND_FOLLOW = '\\s!#-&(-+\\--<>-\\uffff';
const ESCAPED_COMMA = '(\\\\,)';
const FIRST_VALUE = new RegExp(`^(${ESCAPED_COMMA}|[${START_WORD}])(${ESCAPED_COMMA}|[${FIRST_FOLLOW}])*`, 'u');
const SECOND_VALUE = new RegExp(`^(${ESCAPED_COMMA}|[${START_WORD}])(${ESCAPED_COMMA}|[${SECOND_FOLLOW}])*`, 'u');
const SINGLE_QUOTED = /^'(?:\\'|[^'])*'/;
const DOUBLE_QUOTED = /^"(?:\\"|[^"])*"/;

class SyntaxErr extends ShorthandError {
  constructor(input: string, expected: string, actual: string, index: number) {
    super(`Expected: '${expected}', received: '${actual}' for input:\n${location(input, index)}`);
  }
}

function location(input: string, index: number): string {
  let consumed = input;
  let remaining = '';
  let spaces = index;
  const before = input.slice(0, index);
  if (before.includes('\n')) spaces = index - before.lastIndexOf('\n') - 1;
  const nextNl = input.indexOf('\n', index);
  if (nextNl >= 0) {
    consumed = input.slice(0, nextNl);
    remaining = input.slice(nextNl);
  }
  return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
}

export class ShorthandParser {
  private s = '';
  private i = 0;
  private fromFile = false;

  parse(value: string): { [k: string]: Value } {
    this.s = value;
    this.i = 0;
    return this.parameter();
  }

  private parameter(): { [k: string]: Value } {
    const params: { [k: string]: Value } = {};
    let [key, val] = this.keyval();
    params[key] = val;
    let lastIndex = this.i;
    while (this.i < this.s.length) {
      this.expect(',', true);
      [key, val] = this.keyval();
      if (Object.prototype.hasOwnProperty.call(params, key)) {
        throw new ShorthandError(`Second instance of key "${key}" encountered for input:\n${location(this.s, lastIndex + 1)}\n`
          + 'This is often because there is a preceding "," instead of a space.');
      }
      params[key] = val;
      lastIndex = this.i;
    }
    return params;
  }

  private keyval(): [string, Value] {
    const key = this.key();
    this.fileMarker();
    this.expect('=', true);
    return [key, this.values()];
  }

  private fileMarker(): void {
    this.fromFile = false;
    this.skipWs();
    if (this.s[this.i] === '@') {
      this.i++;
      this.fromFile = true;
    }
  }

  private key(): string {
    const start = this.i;
    while (this.i < this.s.length && KEY_CHARS.test(this.s[this.i])) this.i++;
    return this.s.slice(start, this.i);
  }

  private values(): Value {
    if (this.eof()) return '';
    if (this.cur() === '[') return this.explicitList();
    if (this.cur() === '{') return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): Value {
    const first = this.firstValue();
    this.skipWs();
    if (this.eof() || this.s[this.i] !== ',') return first;
    this.expect(',', true);
    const list: Value[] = [first];
    for (;;) {
      try {
        const current = this.secondValue();
        this.skipWs();
        if (this.eof()) {
          list.push(current);
          break;
        }
        this.expect(',', true);
        list.push(current);
      } catch (e) {
        if (!(e instanceof SyntaxErr) || this.eof()) throw e;
        this.backtrackTo(',');
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private explicitList(): Value[] {
    this.expect('[', true);
    const values: Value[] = [];
    while (this.cur() !== ']') {
      values.push(this.explicitValue());
      this.skipWs();
      if (this.cur() !== ']') {
        this.expect(',');
        this.skipWs();
      }
    }
    this.expect(']');
    return values;
  }

  private explicitValue(): Value {
    if (this.cur() === '[') return this.explicitList();
    if (this.cur() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): { [k: string]: Value } {
    this.expect('{', true);
    const out: { [k: string]: Value } = {};
    while (this.cur() !== '}') {
      const key = this.key();
      this.fileMarker();
      this.expect('=', true);
      const v = this.explicitValue();
      this.skipWs();
      if (this.cur() !== '}') {
        this.expect(',');
        this.skipWs();
      }
      out[key] = v;
    }
    this.expect('}');
    return out;
  }

  private firstValue(): string {
    if (this.cur() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.cur() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    const m = FIRST_VALUE.exec(this.s.slice(this.i));
    if (!m) return '';
    this.i += m[0].length;
    return this.resolve(m[0].replace(/\\,/g, ',').trimEnd());
  }

  private secondValue(): string {
    if (this.cur() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.cur() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    const m = SECOND_VALUE.exec(this.s.slice(this.i));
    if (!m) throw new SyntaxErr(this.s, '<second>', '<none>', this.i);
    this.i += m[0].length;
    return this.resolve(m[0].replace(/\\,/g, ',').trimEnd());
  }

  private quoted(re: RegExp, q: string): string {
    const m = re.exec(this.s.slice(this.i));
    if (!m) throw new SyntaxErr(this.s, q === "'" ? '<singled quoted>' : '<double quoted>', '<none>', this.i);
    this.i += m[0].length;
    const inner = m[0].slice(1, -1).split(`\\${q}`).join(q).split('\\\\').join('\\');
    return this.resolve(inner);
  }

  private resolve(v: string): string {
    if (!this.fromFile) return v;
    const loaded = readParamFile(v);
    return loaded === undefined ? v : typeof loaded === 'string' ? loaded : loaded.toString('utf8');
  }

  private expect(ch: string, ws = false): void {
    if (ws) this.skipWs();
    if (this.i >= this.s.length) throw new SyntaxErr(this.s, ch, 'EOF', this.i);
    const actual = this.s[this.i];
    if (actual !== ch) throw new SyntaxErr(this.s, ch, actual, this.i);
    this.i++;
    if (ws) this.skipWs();
  }

  private backtrackTo(ch: string): void {
    while (this.i >= 0 && this.s[this.i] !== ch) this.i--;
  }

  private skipWs(): void {
    while (this.i < this.s.length && WS.test(this.s[this.i])) this.i++;
  }

  private cur(): string | undefined {
    return this.s[this.i];
  }

  private eof(): boolean {
    return this.i >= this.s.length;
  }
}

/**
 * The model's pass over a parsed shorthand value (awscli's BackCompatVisitor): numbers and
 * booleans from their text, a single value where a list is expected becomes a list.
 */
export function applyModel(value: unknown, shapeName: string, shapes: ShapeTable): unknown {
  const shape = shapes[shapeName];
  if (value === undefined || value === null || !shape) return value;
  switch (shape.type) {
    case 'structure': case 'union': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      for (const [name, target] of shape.members) {
        if (name in obj) obj[name] = applyModel(obj[name], target, shapes);
      }
      return obj;
    }
    case 'list':
      if (!Array.isArray(value)) return [applyModel(value, shape.member, shapes)];
      return value.map((v) => applyModel(v, shape.member, shapes));
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      for (const k of Object.keys(obj)) obj[k] = applyModel(obj[k], shape.value, shapes);
      return obj;
    }
    case 'integer': case 'long':
      if (typeof value === 'string') {
        if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new ShorthandError(`invalid literal for an integer: '${value}'`);
        return Number(value);
      }
      return value;
    case 'double': case 'float':
      if (typeof value === 'string') {
        const n = Number(value);
        if (value.trim() === '' || Number.isNaN(n)) throw new ShorthandError(`could not convert string to float: '${value}'`);
        return n;
      }
      return value;
    case 'boolean':
      if (typeof value === 'string') {
        if (value.toLowerCase() === 'true') return true;
        if (value.toLowerCase() === 'false') return false;
      }
      return value;
    default:
      return value;
  }
}

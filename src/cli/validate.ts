// What the aws CLI (botocore's ParamValidator) checks before sending: required members,
// unknown members, value types, and the minimum length or value. Maximums, patterns and enum
// values are left to the service, as they are by the aws CLI, so the same input gets the same
// error from the same place.
import type { ShapeTable } from '../api/shapes';
import { codePoints } from '../domain/text';

/** Python's type names, as botocore's messages show them. */
function pyType(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (v instanceof Date) return "<class 'datetime.datetime'>";
  if (v instanceof Uint8Array) return "<class 'bytes'>";
  return "<class 'dict'>";
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  const inner = (x: unknown): string => (typeof x === 'string' ? `'${x}'` : pyRepr(x));
  if (Array.isArray(v)) return `[${v.map(inner).join(', ')}]`;
  if (v instanceof Date) return v.toISOString();
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `'${k}': ${inner(x)}`).join(', ')}}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

export function validateParams(params: unknown, shapeName: string, shapes: ShapeTable): string[] {
  const errors: string[] = [];
  walk(params, shapeName, '', shapes, errors);
  return errors;
}

const label = (name: string): string => (name === '' ? 'input' : name.startsWith('.') ? name.slice(1) : name);

function invalidType(errors: string[], name: string, v: unknown, valid: string[]): void {
  errors.push(`Invalid type for parameter ${label(name)}, value: ${pyRepr(v)}, type: ${pyType(v)}, valid types: ${valid.join(', ')}`);
}

function minCheck(errors: string[], name: string, n: number, min: number | undefined, what: 'length' | 'value', shown: unknown): void {
  if (min !== undefined && n < min) errors.push(`Invalid ${what === 'length' ? 'length' : 'value'} for parameter ${label(name)}, value: ${pyRepr(shown)}, valid min ${what}: ${min}`);
}

function walk(v: unknown, shapeName: string, name: string, shapes: ShapeTable, errors: string[]): void {
  const shape = shapes[shapeName];
  if (!shape) return;
  switch (shape.type) {
    case 'structure': case 'union': {
      if (!isObject(v)) return invalidType(errors, name, v, ["<class 'dict'>"]);
      if (shape.type === 'union' && Object.keys(v).length !== 1) {
        const members = shape.members.map((m) => m[0]).join(', ');
        errors.push(Object.keys(v).length === 0
          ? `Must set one of the following keys for tagged union structure ${label(name)}: ${members}.`
          : `Invalid number of parameters set for tagged union structure ${label(name)}. Can only set one of the following keys: ${members}.`);
      }
      for (const [member, , required] of shape.members) {
        if (required && !(member in v)) errors.push(`Missing required parameter in ${label(name)}: "${member}"`);
      }
      const known = new Map(shape.members.map((m) => [m[0], m[1]]));
      for (const key of Object.keys(v)) {
        if (!known.has(key)) errors.push(`Unknown parameter in ${label(name)}: "${key}", must be one of: ${[...known.keys()].join(', ')}`);
      }
      for (const key of Object.keys(v)) {
        const target = known.get(key);
        if (target) walk(v[key], target, `${name}.${key}`, shapes, errors);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(v)) return invalidType(errors, name, v, ["<class 'list'>", "<class 'tuple'>"]);
      minCheck(errors, name, v.length, shape.length?.min, 'length', v.length);
      v.forEach((item, i) => walk(item, shape.member, `${name}[${i}]`, shapes, errors));
      return;
    case 'map':
      if (!isObject(v)) return invalidType(errors, name, v, ["<class 'dict'>"]);
      for (const [k, x] of Object.entries(v)) {
        walk(k, shape.key, `${name} (key: ${k})`, shapes, errors);
        walk(x, shape.value, `${name}.${k}`, shapes, errors);
      }
      return;
    case 'string': case 'enum':
      if (typeof v !== 'string') return invalidType(errors, name, v, ["<class 'str'>"]);
      // botocore counts a string's length in code points (Python's len), as the model means.
      if (shape.type === 'string') minCheck(errors, name, codePoints(v), shape.length?.min, 'length', codePoints(v));
      return;
    case 'integer': case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) return invalidType(errors, name, v, ["<class 'int'>"]);
      minCheck(errors, name, v, shape.range?.min, 'value', v);
      return;
    case 'double': case 'float':
      if (typeof v !== 'number') return invalidType(errors, name, v, ["<class 'float'>", "<class 'decimal.Decimal'>", "<class 'int'>"]);
      minCheck(errors, name, v, shape.range?.min, 'value', v);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') invalidType(errors, name, v, ["<class 'bool'>"]);
      return;
    case 'timestamp':
      if (!(v instanceof Date) || Number.isNaN(v.getTime())) invalidType(errors, name, v, ["<class 'datetime.datetime'>", 'timestamp-string']);
      return;
    case 'blob':
      if (!(v instanceof Uint8Array) && typeof v !== 'string') invalidType(errors, name, v, ["<class 'bytes'>", "<class 'bytearray'>", 'file-like object']);
      return;
    default:
      return;
  }
}

// One flag's text -> the value the request carries, by the member's shape (awscli's
// argprocess): scalars from their text, structures and maps from shorthand or JSON, lists of
// scalars from several words or a JSON list, file:// and fileb:// contents, timestamps from
// ISO 8601 or epoch seconds, blobs from base64 (the aws CLI v2 default).
import type { Shape, ShapeTable } from '../api/shapes';
import { ParamError } from './errors';
import { readParamFile, ParamFileError } from './paramfile';
import { ShorthandParser, ShorthandError, applyModel } from './shorthand';

const COMPLEX = new Set(['structure', 'union', 'list', 'map']);

export function supportsShorthand(shape: Shape, shapes: ShapeTable): boolean {
  if (!COMPLEX.has(shape.type)) return false;
  if (shape.type === 'list') return COMPLEX.has(shapes[shape.member]?.type ?? '');
  return true;
}

function loadFile(cliName: string, v: string): string | Buffer {
  try {
    return readParamFile(v) ?? v;
  } catch (e) {
    if (e instanceof ParamFileError) throw new ParamError(cliName, e.message);
    throw e;
  }
}

function parseJson(cliName: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ParamError(cliName, `Invalid JSON: ${(e as Error).message}\nJSON received: ${text}`);
  }
}

export function parseTimestamp(cliName: string, v: string | number): Date {
  let d: Date;
  if (typeof v === 'number') d = new Date(v * 1000);
  else if (/^\s*-?\d+(\.\d+)?\s*$/.test(v)) d = new Date(Number(v) * 1000);
  else {
    // ISO 8601: a date alone is midnight UTC; a time without a zone is UTC, as botocore reads it.
    const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(v.trim());
    if (!iso) throw new ParamError(cliName, `Invalid timestamp value: ${v} (use ISO 8601, e.g. 2024-05-01T12:00:00Z, or seconds since the epoch)`);
    const text = v.trim().replace(' ', 'T');
    d = new Date(iso[4] || !iso[1] ? text : `${text}Z`);
  }
  if (Number.isNaN(d.getTime())) throw new ParamError(cliName, `Invalid timestamp value: ${v}`);
  return d;
}

function scalar(cliName: string, shape: Shape, raw: string | Buffer): unknown {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  switch (shape.type) {
    case 'integer': case 'long':
      if (!/^\s*[-+]?\d+\s*$/.test(text)) throw new ParamError(cliName, `expected an integer, received '${text}'`);
      return Number(text);
    case 'double': case 'float': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) throw new ParamError(cliName, `expected a number, received '${text}'`);
      return n;
    }
    case 'boolean':
      return text.toLowerCase() !== 'false' && text !== '';
    case 'timestamp':
      return parseTimestamp(cliName, text);
    case 'blob':
      return typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw;
    default:
      return text;
  }
}

/** The value of one flag: a string, or for list flags every word after the flag. */
export function unpackFlag(cliName: string, targetShape: string, shapes: ShapeTable, value: string | string[]): unknown {
  const shape = shapes[targetShape];
  const loaded: string | Buffer | (string | Buffer)[] = Array.isArray(value)
    ? (value.length === 1 ? [loadFile(cliName, value[0])] : value.map((v) => loadFile(cliName, v)))
    : loadFile(cliName, value);
  if (!COMPLEX.has(shape.type)) {
    const one = Array.isArray(loaded) ? loaded[0] : loaded;
    return scalar(cliName, shape, one);
  }
  const first = Array.isArray(loaded) ? loaded[0] : loaded;
  const firstText = first === undefined ? '' : typeof first === 'string' ? first : first.toString('utf8');
  const looksJson = firstText.trimStart().startsWith('[') || firstText.trimStart().startsWith('{');
  if (looksJson && (!Array.isArray(loaded) || loaded.length === 1)) {
    return normalize(parseJson(cliName, firstText), targetShape, shapes, cliName);
  }
  if (shape.type === 'structure' || shape.type === 'union' || shape.type === 'map') {
    const text = firstText;
    // A structure whose only member is a string Value takes the bare value (awscli's special case).
    if (shape.type === 'structure' && shape.members.length === 1 && shape.members[0][0] === 'Value'
      && shapes[shape.members[0][1]]?.type === 'string' && !text.includes('=')) {
      return { Value: text };
    }
    return shorthand(cliName, text, targetShape, shapes);
  }
  // A list: of scalars, one value per word; of structures, one shorthand value per word.
  const words = (Array.isArray(loaded) ? loaded : [loaded]).map((w) => (typeof w === 'string' ? w : w.toString('utf8')));
  if (supportsShorthand(shape, shapes)) {
    try {
      const parser = new ShorthandParser();
      const parsed = words.map((w) => parser.parse(w));
      return normalize(applyModel(parsed, targetShape, shapes), targetShape, shapes, cliName);
    } catch (e) {
      if (e instanceof ShorthandError) throw new ParamError(cliName, e.message);
      throw e;
    }
  }
  const member = shapes[(shape as { member: string }).member];
  if (!COMPLEX.has(member.type)) return words.map((w) => scalar(cliName, member, w));
  return words.map((w) => parseJson(cliName, w));
}

function shorthand(cliName: string, text: string, targetShape: string, shapes: ShapeTable): unknown {
  try {
    const parsed = new ShorthandParser().parse(text);
    return normalize(applyModel(parsed, targetShape, shapes), targetShape, shapes, cliName);
  } catch (e) {
    if (e instanceof ShorthandError) throw new ParamError(cliName, e.message);
    throw e;
  }
}

/** JSON and YAML inputs carry timestamps and blobs as text: turn them into what the SDK sends. */
export function normalize(v: unknown, shapeName: string, shapes: ShapeTable, cliName: string): unknown {
  const shape = shapes[shapeName];
  if (v === null || v === undefined || !shape) return v;
  switch (shape.type) {
    case 'structure': case 'union':
      if (typeof v === 'object' && !Array.isArray(v)) {
        const obj = v as Record<string, unknown>;
        for (const [name, target] of shape.members) if (name in obj) obj[name] = normalize(obj[name], target, shapes, cliName);
      }
      return v;
    case 'list':
      return Array.isArray(v) ? v.map((x) => normalize(x, shape.member, shapes, cliName)) : v;
    case 'map':
      if (typeof v === 'object' && !Array.isArray(v)) {
        const obj = v as Record<string, unknown>;
        for (const k of Object.keys(obj)) obj[k] = normalize(obj[k], shape.value, shapes, cliName);
      }
      return v;
    case 'timestamp':
      return typeof v === 'string' || typeof v === 'number' ? parseTimestamp(cliName, v) : v;
    case 'blob':
      return typeof v === 'string' ? Buffer.from(v, 'base64') : v;
    default:
      return v;
  }
}

// AWS JSON 1.1 bodies (spec section 1): decode a request, encode an answer in model member
// order with timestamps as epoch seconds with a millisecond fraction (1548271795.471).
import { isUtf8 } from 'node:buffer';
import type { ShapeTable } from '../api/shapes';
import { SerializationException, ServiceError } from '../api/errors';

export const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * [OURS] The deepest nesting of objects and arrays a request body may have. Nothing recurses
 * into a body before this check: V8's JSON.parse does not recurse, and the validator and the
 * encoder walk only the model's shapes (4 levels at most for the operations served, counted by
 * test/unit/validate.test.ts). What would recurse is rendering a value into a validation message
 * (JSON.stringify), which overflows the stack past about 4,000 levels on Node's default stack.
 * 100 is far above any input the models describe and far below that.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * [OURS] The most JSON values (objects, arrays, members and list items) a request body may hold.
 * JSON.parse builds every one of them in a single turn of the event loop: 1 MiB of `{},` or of
 * short names takes it 15-45 ms on a quiet 2-core machine and several times that under load, while
 * the largest input the served operations describe (a pool with 50 schema attributes, its tags and
 * templates) holds well under a thousand. Counted before parsing, with the depth.
 */
export const MAX_JSON_VALUES = 5_000;

/** Whether the body holds more than `limit` of { [ and , (in strings or not): found by memchr, not a loop. */
function structureOver(raw: Buffer, limit: number): boolean {
  let n = 0;
  for (const byte of [0x7b, 0x5b, 0x2c]) {
    for (let i = raw.indexOf(byte); i >= 0; i = raw.indexOf(byte, i + 1)) if (++n > limit) return true;
  }
  return false;
}

/**
 * Whether the body nests objects/arrays deeper than maxDepth ('deep') or holds more than
 * maxValues values ('many'); a byte scan, since UTF-8 never puts {}[]," in a multi-byte character.
 */
function structureProblem(raw: Buffer, maxDepth: number, maxValues: number): 'deep' | 'many' | undefined {
  // Each level or value takes at least one { [ or , so most bodies need no scan, and a megabyte
  // string is cleared in well under a millisecond rather than the scan's two.
  if (!structureOver(raw, Math.min(maxDepth, maxValues))) return undefined;
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (inString) {
      if (b === 0x5c) i++; // a backslash: the next byte is escaped
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) {
      inString = true;
    } else if (b === 0x7b || b === 0x5b) {
      if (++depth > maxDepth) return 'deep';
      if (++values > maxValues) return 'many';
    } else if (b === 0x2c) {
      if (++values > maxValues) return 'many';
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
    }
  }
  return undefined;
}

/** An empty body is the empty input, as AWS JSON servers accept it; anything else must be an object. */
export function decodeBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  // [OURS] Bytes that are not UTF-8 would be read as U+FFFD and stored as such: refuse them instead.
  if (!isUtf8(raw)) throw new SerializationException('The request body is not valid UTF-8.');
  const problem = structureProblem(raw, MAX_JSON_DEPTH, MAX_JSON_VALUES);
  if (problem === 'deep') {
    throw new SerializationException(`The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep, the most this API accepts.`);
  }
  if (problem === 'many') {
    throw new SerializationException(`The request body holds more than ${MAX_JSON_VALUES} JSON values (objects, arrays, members and list items), the most this API accepts.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new SerializationException(`The request body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SerializationException('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Sets a map entry; the key '__proto__' is an entry like any other, not the object's prototype. */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Rebuilds a value in the shape's member order, dropping absent members; Date -> epoch seconds. */
export function toWire(shapes: ShapeTable, shapeName: string, v: unknown): unknown {
  return v === undefined || v === null ? undefined : encoderFor(shapes, shapeName)(v);
}

/** Turns a present (not null or undefined) value of one shape into its wire form. */
type Encoder = (v: unknown) => unknown;

/**
 * One encoder per shape, made the first time an answer needs it, each holding its members'
 * encoders. Why: walking the shape table per answer looked every member's shape up by name in a
 * table of hundreds (a dictionary lookup each) and took 0.7 us for a DescribeUserImportJob answer.
 */
const encoders = new WeakMap<ShapeTable, Map<string, Encoder>>();

const presentOrUndefined = (encode: Encoder): Encoder => (x) => (x === undefined || x === null ? undefined : encode(x));

function encoderFor(shapes: ShapeTable, shapeName: string): Encoder {
  let made = encoders.get(shapes);
  if (!made) encoders.set(shapes, (made = new Map()));
  const known = made.get(shapeName);
  if (known) return known;
  const s = shapes[shapeName];
  let encode: Encoder;
  switch (s.type) {
    case 'structure': case 'union': {
      const names: string[] = [];
      const members: Encoder[] = [];
      encode = (v) => {
        const src = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) {
          const x = src[names[i]];
          if (x === undefined || x === null) continue;
          const w = members[i](x);
          if (w !== undefined) out[names[i]] = w;
        }
        return out;
      };
      // Known before its members are made, so a shape that contains itself finds it.
      made.set(shapeName, encode);
      for (const [name, target] of s.members) {
        names.push(name);
        members.push(encoderFor(shapes, target));
      }
      return encode;
    }
    case 'list': {
      let member: Encoder = () => undefined;
      encode = (v) => (v as unknown[]).map(member);
      made.set(shapeName, encode);
      member = presentOrUndefined(encoderFor(shapes, s.member));
      return encode;
    }
    case 'map': {
      let value: Encoder = () => undefined;
      encode = (v) => {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) setOwn(out, k, value(x));
        return out;
      };
      made.set(shapeName, encode);
      value = presentOrUndefined(encoderFor(shapes, s.value));
      return encode;
    }
    case 'timestamp':
      encode = (v) => (v as Date).getTime() / 1000;
      break;
    default:
      encode = (v) => v;
  }
  made.set(shapeName, encode);
  return encode;
}

export function encodeError(err: ServiceError): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: err.status,
    headers: { 'Content-Type': CONTENT_TYPE, 'x-amzn-ErrorType': `${err.wireName}:` },
    body: JSON.stringify({ __type: err.wireName, message: err.message }),
  };
}

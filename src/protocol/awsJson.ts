// AWS JSON 1.1 bodies (spec section 1): decode a request, encode an answer in model member
// order with timestamps as epoch seconds with a millisecond fraction (1548271795.471).
import type { ShapeTable } from '../api/shapes';
import { SerializationException, ServiceError } from '../api/errors';

export const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** An empty body is the empty input, as AWS JSON servers accept it; anything else must be an object. */
export function decodeBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
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
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = value(x);
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

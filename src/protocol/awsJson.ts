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
  if (v === undefined || v === null) return undefined;
  const s = shapes[shapeName];
  switch (s.type) {
    case 'structure': case 'union': {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, target] of s.members) {
        const w = toWire(shapes, target, src[name]);
        if (w !== undefined) out[name] = w;
      }
      return out;
    }
    case 'list':
      return (v as unknown[]).map((x) => toWire(shapes, s.member, x));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toWire(shapes, s.value, x);
      return out;
    }
    case 'timestamp':
      return (v as Date).getTime() / 1000;
    default:
      return v;
  }
}

export function encodeError(err: ServiceError): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: err.status,
    headers: { 'Content-Type': CONTENT_TYPE, 'x-amzn-ErrorType': `${err.wireName}:` },
    body: JSON.stringify({ __type: err.wireName, message: err.message }),
  };
}

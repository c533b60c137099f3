// Step 1 of rendering: the SDK v3 answer back into what the aws CLI holds after botocore
// parsed the service's JSON. botocore walks the output shape, so members come out in model
// order, members the model does not know are gone (as is the SDK's `$metadata`), and
// timestamps become what `cli_timestamp_format` asks for.
import type { ShapeTable } from '../../api/shapes';
import type { TimestampFormat } from '../types';

export function toCliValue(shapes: ShapeTable, shapeName: string, v: unknown, ts: TimestampFormat): unknown {
  if (v === undefined || v === null) return undefined;
  const s = shapes[shapeName];
  if (!s) return v;
  switch (s.type) {
    case 'structure': case 'union': {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, target] of s.members) {
        const w = toCliValue(shapes, target, src[name], ts);
        if (w !== undefined) out[name] = w;
      }
      return out;
    }
    case 'list':
      return (v as unknown[]).map((x) => toCliValue(shapes, s.member, x, ts) ?? null);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toCliValue(shapes, s.value, x, ts) ?? null;
      return out;
    }
    case 'blob': // the aws CLI leaves blobs base64-encoded, as they came
      return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v;
    case 'timestamp': {
      const d = v instanceof Date ? v : new Date(Number(v) * 1000);
      return ts === 'wire' ? d.getTime() / 1000 : isoLocal(d);
    }
    default:
      return v;
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * Python's `datetime.fromtimestamp(t, tzlocal()).isoformat()` (botocore's parse_timestamp, as
 * `cli_timestamp_format = iso8601` and aws CLI v2 by default print dates): local time in the
 * TZ zone, microseconds only when not zero, offset as +HH:MM.
 */
export function isoLocal(d: Date): string {
  const us = d.getMilliseconds() * 1000;
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
    + (us ? `.${pad(us, 6)}` : '') + `${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

// --debug: every request and response on stderr, as sent and as received, with secrets masked:
// the Authorization signature, session tokens, secret keys, and every value the model marks
// sensitive (passwords, attribute values, user names) or whose name says password or secret.
import type { ShapeTable } from '../api/shapes';

const MASK = '****';
const SECRET_NAME = /password|secret/i;

export function maskHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const key = k.toLowerCase();
    if (key === 'authorization') out[k] = v.replace(/Signature=[0-9a-f]+/i, `Signature=${MASK}`);
    else if (key === 'x-amz-security-token') out[k] = MASK;
    else out[k] = v;
  }
  return out;
}

/** A copy of a JSON body with sensitive values replaced, walking the model where it knows the shape. */
export function maskBody(value: unknown, shapeName: string | undefined, shapes: ShapeTable): unknown {
  const shape = shapeName ? shapes[shapeName] : undefined;
  if (shape && 'sensitive' in shape && shape.sensitive && value !== null && value !== undefined) return MASK;
  if (Array.isArray(value)) return value.map((v) => maskBody(v, shape?.type === 'list' ? shape.member : undefined, shapes));
  if (value && typeof value === 'object') {
    const members = shape && (shape.type === 'structure' || shape.type === 'union') ? new Map(shape.members.map((m) => [m[0], m[1]])) : undefined;
    const mapValue = shape?.type === 'map' ? shape.value : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_NAME.test(k) && typeof v === 'string' ? MASK : maskBody(v, members?.get(k) ?? mapValue, shapes);
    }
    return out;
  }
  return value;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  // A view on the bytes: the SDK's JSON body warns when its string methods are used.
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return '<stream>';
}

function maskedJson(text: string, shapeName: string | undefined, shapes: ShapeTable): string {
  if (!text) return '';
  try {
    return JSON.stringify(maskBody(JSON.parse(text), shapeName, shapes));
  } catch {
    return text.length > 2000 ? `${text.slice(0, 2000)}...` : text;
  }
}

interface HttpRequestLike { method: string; protocol: string; hostname: string; port?: number; path: string; headers: Record<string, string>; body?: unknown }
interface HttpResponseLike { statusCode: number; headers: Record<string, string>; body?: unknown }

/** A middleware for the SDK's deserialize step, innermost: it sees each attempt's signed request and raw response. */
export function debugMiddleware(opts: { shapes: ShapeTable; inputShape: string; outputShape: string; write: (s: string) => void }) {
  const { shapes, write } = opts;
  const line = (s: string): void => write(`${new Date().toISOString()} - cognito-import - DEBUG - ${s}\n`);
  return (next: (args: { request: unknown }) => Promise<{ response: unknown; output?: unknown }>) => async (args: { request: unknown }) => {
    const req = args.request as HttpRequestLike;
    const url = `${req.protocol}//${req.hostname}${req.port ? `:${req.port}` : ''}${req.path}`;
    line(`Sending request: ${req.method} ${url}`);
    line(`Request headers: ${JSON.stringify(maskHeaders(req.headers))}`);
    line(`Request body: ${maskedJson(bodyText(req.body), opts.inputShape, shapes)}`);
    const started = Date.now();
    let result;
    try {
      result = await next(args);
    } catch (e) {
      line(`No response: ${(e as Error).name}: ${(e as Error).message}`);
      throw e;
    }
    const res = result.response as HttpResponseLike;
    const chunks: Buffer[] = [];
    const body = res.body as AsyncIterable<Buffer> | undefined;
    if (body && typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') {
      for await (const c of body) chunks.push(Buffer.from(c));
      res.body = Buffer.concat(chunks);
    }
    line(`Response: ${res.statusCode} in ${Date.now() - started} ms`);
    line(`Response headers: ${JSON.stringify(res.headers)}`);
    line(`Response body: ${maskedJson(bodyText(res.body), res.statusCode < 300 ? opts.outputShape : undefined, shapes)}`);
    return result;
  };
}

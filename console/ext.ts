// The server's extension routes (not AWS's: docs/extensions.md), `/_cognito-import/v1/...`,
// SigV4-signed in the browser as the SDK signs the API calls, with service name `cognito-import`.
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Session } from './session';

export const EXT_PREFIX = '/_cognito-import/v1';

/** An extension route's refusal, as it gave it. */
export class ExtError extends Error {
  constructor(readonly type: string, message: string, readonly status: number) {
    super(message);
  }
}

/** RFC 3986 percent-encoding, as SigV4's canonical query string has it (encodeURIComponent leaves !'()* as is). */
const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function extGet(session: Session, path: string, query: Record<string, string | undefined> = {}): Promise<Response> {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q[k] = v;
  const signer = new SignatureV4({
    service: 'cognito-import', region: session.region, sha256: Sha256,
    credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey },
  });
  const fullPath = `${EXT_PREFIX}${path}`;
  const signed = await signer.sign({
    method: 'GET', protocol: location.protocol, hostname: location.hostname, port: location.port ? Number(location.port) : undefined,
    path: fullPath, query: q, headers: { host: location.host },
  });
  // The browser sets Host itself (the same value): every other signed header goes as signed.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') headers[k] = v;
  const qs = Object.keys(q).sort().map((k) => `${rfc3986(k)}=${rfc3986(q[k])}`).join('&');
  const res = await fetch(`${fullPath}${qs ? `?${qs}` : ''}`, { headers, cache: 'no-store' });
  if (!res.ok) throw await extError(res);
  return res;
}

/** The route's AWS-shaped error (`__type`, message), or one made from the status when the body is not JSON. */
async function extError(res: Response): Promise<ExtError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
    const type = (body.__type ?? res.headers.get('x-amzn-ErrorType') ?? `HTTP ${res.status}`).replace(/^.*#/, '').replace(/:.*$/, '');
    return new ExtError(type, body.message ?? body.Message ?? text, res.status);
  } catch {
    return new ExtError(`HTTP ${res.status}`, text.slice(0, 500) || res.statusText, res.status);
  }
}

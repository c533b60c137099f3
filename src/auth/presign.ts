// The query-signed form of SigV4, for the pre-signed upload URL (spec section 5): signed and
// checked through @smithy/signature-v4's presign() with S3's rules (no path normalisation,
// UNSIGNED-PAYLOAD). The header-signed API check is ./sigv4.ts.
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import type { AccessKey } from './keys';
import { parseAmzDate } from './amzDate';
import { safeEqual } from './hmac';

const Sha256 = Hash.bind(null, 'sha256');

/** Node's header object as the signer wants it: only the named headers, values as sent. */
function pickHeaders(headers: IncomingHttpHeaders, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = headers[n];
    if (v !== undefined) out[n] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

const signers = new Map<string, SignatureV4>();
function signerFor(key: AccessKey, region: string, service: string, s3: boolean): SignatureV4 {
  const id = `${key.accessKeyId}\0${key.secretAccessKey}\0${region}\0${service}`;
  let s = signers.get(id);
  if (!s) {
    s = new SignatureV4({
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      region, service, sha256: Sha256, uriEscapePath: !s3, applyChecksum: false,
    });
    if (signers.size > 1000) signers.clear();
    signers.set(id, s);
  }
  return s;
}

export const UPLOAD_SIGNED_HEADERS = ['host', 'x-amz-server-side-encryption'];
const SSE = 'aws:kms';

/** Signs PUT <base>/<key> as S3 does for Cognito: 15 minutes, host and x-amz-server-side-encryption signed. */
export async function presignUpload(base: URL, path: string, key: AccessKey, region: string, nowMs: number, expiresIn: number): Promise<string> {
  const request = new HttpRequest({
    method: 'PUT', protocol: base.protocol, hostname: base.hostname, port: base.port ? Number(base.port) : undefined,
    path, headers: { host: base.host, 'x-amz-server-side-encryption': SSE, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const signed = await signerFor(key, region, 's3', true).presign(request, {
    signingDate: new Date(nowMs), expiresIn,
    unsignableHeaders: new Set(['x-amz-content-sha256']),
    unhoistableHeaders: new Set(['x-amz-server-side-encryption', 'x-amz-content-sha256']),
  });
  const q = Object.entries(signed.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  return `${base.origin}${path}?${q}`;
}

export type UploadAuth =
  | { ok: true }
  | { ok: false; status: number; code: string; message: string; extra?: Record<string, string> };

/** Checks a PUT against its query signature, as S3 would, before any byte of the body is read. */
export async function verifyUpload(
  method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, key: AccessKey, nowMs: number,
): Promise<UploadAuth> {
  const p = (n: string): string | null => query.get(n);
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'];
  if (required.some((n) => !p(n)) || p('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    return { ok: false, status: 400, code: 'AuthorizationQueryParametersError',
      message: 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.' };
  }
  const scope = p('X-Amz-Credential')!.split('/');
  if (scope.length !== 5 || scope[0] !== key.accessKeyId) {
    return { ok: false, status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.', extra: { AWSAccessKeyId: scope[0] } };
  }
  const date = parseAmzDate(p('X-Amz-Date')!);
  const expires = Number(p('X-Amz-Expires'));
  if (!date || !Number.isInteger(expires) || expires < 1 || expires > 604800) {
    return { ok: false, status: 400, code: 'AuthorizationQueryParametersError',
      message: 'X-Amz-Date must be in ISO-8601 basic format and X-Amz-Expires a whole number of seconds from 1 to 604800.' };
  }
  const signedHeaders = p('X-Amz-SignedHeaders')!.split(';');
  const unsigned = new URLSearchParams(query);
  unsigned.delete('X-Amz-Signature');
  const request = new HttpRequest({
    method, protocol: 'http:', hostname: 'localhost', path,
    query: Object.fromEntries(unsigned.entries()),
    headers: { ...pickHeaders(headers, signedHeaders), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const signed = await signerFor(key, scope[2], scope[3], true).presign(request, {
    signingDate: date, expiresIn: expires, signingRegion: scope[2], signingService: scope[3],
    unsignableHeaders: new Set(['x-amz-content-sha256']),
    unhoistableHeaders: new Set(['x-amz-server-side-encryption', 'x-amz-content-sha256']),
  });
  const expected = String(signed.query?.["X-Amz-Signature"]);
  const sameParams = signed.query?.["X-Amz-SignedHeaders"] === p('X-Amz-SignedHeaders');
  if (!sameParams || !safeEqual(expected, p('X-Amz-Signature')!)) {
    return { ok: false, status: 403, code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      extra: { AWSAccessKeyId: key.accessKeyId, SignatureProvided: p('X-Amz-Signature')! } };
  }
  // Expiry is checked after the signature, as S3 does, so a forged date cannot extend a URL.
  if (nowMs > date.getTime() + expires * 1000) {
    const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { ok: false, status: 403, code: 'AccessDenied', message: 'Request has expired',
      extra: { 'X-Amz-Expires': String(expires), Expires: iso(date.getTime() + expires * 1000), ServerTime: iso(nowMs) } };
  }
  return { ok: true };
}

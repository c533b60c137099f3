// Raw AWS JSON 1.1 calls signed with @smithy/signature-v4 (the signer inside the AWS SDK), for
// tests that need to send what an SDK never would: a skewed date, a changed body or target, a
// credential scoped to another service. Sign first, change the request, then send it.
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';

export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

export interface SigningKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RawRequest {
  url: string;
  /** Header names in lower case; `host` is left out because fetch sets it from the URL, as signed. */
  headers: Record<string, string>;
  body: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; for errors `{ __type, message }`. */
  json: Record<string, unknown>;
}

/** A POST / for `operation`, signed as botocore signs it: content-type;host;x-amz-date;x-amz-target. */
export async function signedRequest(
  serverUrl: string, operation: string, input: unknown,
  opts: { key: SigningKey; region?: string; service?: string; date?: Date },
): Promise<RawRequest> {
  const url = new URL(serverUrl);
  const body = JSON.stringify(input);
  const request = new HttpRequest({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET_PREFIX + operation },
    body,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: opts.key.accessKeyId, secretAccessKey: opts.key.secretAccessKey },
    region: opts.region ?? 'us-west-2', service: opts.service ?? 'cognito-idp',
    sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
  });
  const signed = await signer.sign(request, { signingDate: opts.date ?? new Date() });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') headers[k.toLowerCase()] = String(v);
  return { url: `${url.origin}/`, headers, body };
}

/** An unsigned POST / with the JSON 1.1 headers, for tests that write the Authorization header themselves. */
export function unsignedRequest(serverUrl: string, operation: string, input: unknown): RawRequest {
  return {
    url: `${new URL(serverUrl).origin}/`,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET_PREFIX + operation },
    body: JSON.stringify(input),
  };
}

export async function send(req: RawRequest): Promise<RawResponse> {
  const r = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: text ? JSON.parse(text) as Record<string, unknown> : {} };
}

/** Sign and send in one go. */
export async function callApi(
  serverUrl: string, operation: string, input: unknown, opts: { key: SigningKey; region?: string; date?: Date },
): Promise<RawResponse> {
  return send(await signedRequest(serverUrl, operation, input, opts));
}

/** 2024-01-31T23:59:59.000Z -> 20240131T235959Z, the X-Amz-Date form. */
export const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

// The extension routes under /_cognito-import/v1/ called as their users call them: a GET signed
// with @smithy/signature-v4 (the AWS SDK's own signer) and sent with fetch, as the web console
// does; or curl --aws-sigv4, as docs/extensions.md shows.
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { run, type RunResult } from './server';
import type { SigningKey } from './signing';

export const PREFIX = '/_cognito-import/v1';

/** A query value as the SDK writes it in a URL (RFC 3986: encodeURIComponent, and !'()* too). */
const escape = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface ExtensionAnswer {
  status: number;
  headers: Headers;
  /** The body's bytes. */
  bytes: Buffer;
  text: string;
  /** The parsed body when it is JSON (answers and errors). */
  json: Record<string, unknown>;
}

export interface SignOptions {
  key: SigningKey;
  region?: string;
  /** cognito-import unless a test means another. */
  service?: string;
  date?: Date;
  /** Sent unsigned (no Authorization at all). */
  unsigned?: boolean;
}

/** The query as the SDK writes it in a URL: `?a=1&b=2`, '' when none. */
export const queryString = (query: Record<string, string>): string => {
  const search = Object.entries(query).map(([k, v]) => `${escape(k)}=${escape(v)}`).join('&');
  return search ? `?${search}` : '';
};

/** The headers of a request signed as the SDK signs (header auth, host and x-amz-date), Host left out. */
export async function signedHeaders(serverUrl: string, path: string, query: Record<string, string>, o: SignOptions, method = 'GET'): Promise<Record<string, string>> {
  if (o.unsigned) return {};
  const url = new URL(serverUrl);
  const signer = new SignatureV4({
    credentials: { accessKeyId: o.key.accessKeyId, secretAccessKey: o.key.secretAccessKey },
    region: o.region ?? 'us-west-2', service: o.service ?? 'cognito-import', sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
  });
  const signed = await signer.sign(new HttpRequest({
    method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path, query, headers: { host: url.host },
  }), { signingDate: o.date ?? new Date() });
  return Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host').map(([k, v]) => [k, String(v)]));
}

/** GET (or another method) serverUrl + path with the query, signed as the SDK signs. */
export async function signedGet(serverUrl: string, path: string, query: Record<string, string>, o: SignOptions, method = 'GET'): Promise<ExtensionAnswer> {
  const url = new URL(serverUrl);
  const headers = await signedHeaders(serverUrl, path, query, o, method);
  const r = await fetch(`${url.origin}${path}${queryString(query)}`, { method, headers });
  const bytes = Buffer.from(await r.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: Record<string, unknown> = {};
  if ((r.headers.get('content-type') ?? '').includes('json') && text !== '') json = JSON.parse(text) as Record<string, unknown>;
  return { status: r.status, headers: r.headers, bytes, text, json };
}

/** The routes of a job: its summary, and its rows of one outcome. */
export const jobPath = (poolId: string, jobId: string): string => `${PREFIX}/user-pools/${poolId}/import-jobs/${jobId}`;
export const rowsPath = (poolId: string, jobId: string): string => `${jobPath(poolId, jobId)}/rows.csv`;

/** `curl -sS --aws-sigv4 "aws:amz:<region>:cognito-import" --user KEY:SECRET -o file URL`, as docs/extensions.md shows it. */
export function curlSigned(url: string, key: SigningKey, extra: string[] = [], region = 'us-west-2'): Promise<RunResult> {
  return run('curl', ['-sS', '--aws-sigv4', `aws:amz:${region}:cognito-import`, '--user', `${key.accessKeyId}:${key.secretAccessKey}`,
    '-w', '\n%{http_code}', ...extra, url]);
}

// Requests the SDKs never send, signed with @smithy/signature-v4 and sent header line by header
// line: a query on POST /, a header repeated, a header left unsigned, two Authorization headers.
// fetch() cannot send these (it joins a repeated header into one line), so node:http sends them,
// given the headers as a list. Sign first, change the list, then send it.
import { request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { TARGET_PREFIX, type RawResponse, type SigningKey } from './signing';

export type HeaderList = Array<[string, string]>;

export interface ListRequest {
  /** Path and query as sent, e.g. '/?Param1=value1'. */
  target: string;
  headers: HeaderList;
  body: string;
}

export interface SignOptions {
  key: SigningKey;
  date: Date;
  /** Query parameters, signed by the library and written into the target escaped as the SDKs escape them. */
  query?: Record<string, string>;
  /**
   * Headers besides host, content-type and x-amz-target. The library signs one value per name:
   * for a header to be sent more than once, sign its values joined with ',' (SigV4's canonical
   * form) and send them with `repeat`.
   */
  headers?: Record<string, string>;
  /** Headers to send but leave out of SignedHeaders (the library signs every header it is given). */
  unsigned?: string[];
  region?: string;
}

const escape = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A POST / for `operation`, signed as the SDK signs it plus whatever the options add. */
export async function signList(serverUrl: string, operation: string, input: unknown, o: SignOptions): Promise<ListRequest> {
  const url = new URL(serverUrl);
  const body = JSON.stringify(input);
  const headers: Record<string, string> = {
    host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET_PREFIX + operation, ...o.headers,
  };
  const signer = new SignatureV4({
    credentials: { accessKeyId: o.key.accessKeyId, secretAccessKey: o.key.secretAccessKey },
    region: o.region ?? 'us-west-2', service: 'cognito-idp', sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
  });
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', query: o.query, headers, body,
  }), { signingDate: o.date, unsignableHeaders: new Set(o.unsigned ?? []) });
  const query = Object.entries(o.query ?? {}).map(([k, v]) => `${escape(k)}=${escape(v)}`).join('&');
  return { target: query ? `/?${query}` : '/', headers: Object.entries(signed.headers).map(([k, v]) => [k, String(v)]), body };
}

/** The header list with `name` sent once per value given, where the first line of it was. */
export function repeat(headers: HeaderList, name: string, values: string[]): HeaderList {
  const at = headers.findIndex(([n]) => n.toLowerCase() === name);
  const rest = headers.filter(([n]) => n.toLowerCase() !== name);
  return [...rest.slice(0, at), ...values.map((v): [string, string] => [name, v]), ...rest.slice(at)];
}

/** POSTs the request with exactly these header lines (and Content-Length). */
export function sendList(serverUrl: string, r: ListRequest): Promise<RawResponse> {
  const url = new URL(serverUrl);
  const flat = [...r.headers.flat(), 'Content-Length', String(Buffer.byteLength(r.body))];
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: r.target, headers: flat }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, String(v));
        resolve({ status: res.statusCode ?? 0, headers, text, json: text ? JSON.parse(text) as Record<string, unknown> : {} });
      });
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

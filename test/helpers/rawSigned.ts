// Signed POST / requests whose body is given as bytes or text, not as a value to JSON-encode:
// for tests that send what no JSON encoder writes (1e400, a million nested brackets, invalid
// UTF-8). Signed with @smithy/signature-v4, as the AWS SDK signs, for either service we serve, so
// the request passes the signature check and reaches decoding, validation and the operation.
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import type { SigningKey } from './signing';

export interface RawSigned {
  url: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

const signers = new Map<string, SignatureV4>();

function signerFor(key: SigningKey, region: string, service: string): SignatureV4 {
  const id = `${key.accessKeyId}\n${region}\n${service}`;
  let s = signers.get(id);
  if (!s) {
    s = new SignatureV4({
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      region, service, sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
    });
    signers.set(id, s);
  }
  return s;
}

/** `target` is the whole X-Amz-Target (`Logs_20140328.GetLogEvents`); `service` the signing name. */
export async function signRaw(serverUrl: string, target: string, body: string | Buffer,
  opts: { key: SigningKey; region: string; service: string }): Promise<RawSigned> {
  const url = new URL(serverUrl);
  const signed = await signerFor(opts.key, opts.region, opts.service).sign(new HttpRequest({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  }), { signingDate: new Date() });
  const headers: Record<string, string> = {};
  // fetch sets Host from the URL, as signed.
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') headers[k.toLowerCase()] = String(v);
  return { url: `${url.origin}/`, headers, body };
}

export interface RawAnswer {
  status: number;
  contentType: string | null;
  /** x-amzn-RequestId: what the server's log lines carry. */
  requestId: string | null;
  text: string;
}

/** Sends it; rejects if no answer comes within timeoutMs (a hung server fails the test, not CI's clock). */
export async function sendRaw(req: RawSigned, timeoutMs = 15_000): Promise<RawAnswer> {
  const r = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
  return { status: r.status, contentType: r.headers.get('content-type'), requestId: r.headers.get('x-amzn-requestid'), text: await r.text() };
}

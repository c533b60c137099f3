// SigV4-signed AWS JSON 1.1 requests made ahead of a load and replayed by every connection, sent
// as botocore sends them; and one-off exchanges over node:http.
import { Agent, request as httpRequest } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';

export const REGION = 'us-east-1';
export const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** What botocore signs for an AWS JSON 1.1 call (no session token): nothing more, nothing less. */
export const SIGNED_HEADERS = 'content-type;host;x-amz-date;x-amz-target';

export interface Key {
  accessKeyId: string;
  secretAccessKey: string;
}

/** One API call: the operation and its JSON body. */
export interface Call {
  op: string;
  body: string;
}

export interface SignedRequest {
  method: 'POST';
  path: '/';
  headers: Record<string, string>;
  body: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export const targetOf = (op: string): string => `AWSCognitoIdentityProviderService.${op}`;

/**
 * `n` valid requests: request i is calls[i % calls.length], signed at a date i seconds before the
 * newest (now), so all differ. The Host header is given explicitly so autocannon sends exactly the
 * value that was signed.
 */
export async function signRequests(calls: Call[], n: number, port: number, key: Key): Promise<SignedRequest[]> {
  const signer = new SignatureV4({
    credentials: key, region: REGION, service: 'cognito-idp', sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
  });
  const host = `127.0.0.1:${port}`;
  const newest = Math.floor(Date.now() / 1000) * 1000;
  const out: SignedRequest[] = [];
  for (let i = 0; i < n; i++) {
    const { op, body } = calls[i % calls.length];
    const target = targetOf(op);
    const unsigned = new HttpRequest({
      method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/',
      headers: { 'content-type': CONTENT_TYPE, host, 'x-amz-target': target }, body,
    });
    const signed = await signer.sign(unsigned, { signingDate: new Date(newest - i * 1000) });
    const authorization = String(signed.headers.authorization);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1];
    if (signedHeaders !== SIGNED_HEADERS) throw new Error(`signer signed '${signedHeaders}', expected '${SIGNED_HEADERS}'`);
    out.push({
      method: 'POST', path: '/', body,
      headers: {
        Host: host, 'X-Amz-Target': target, 'Content-Type': CONTENT_TYPE, 'User-Agent': 'cognito-import-bench',
        'X-Amz-Date': String(signed.headers['x-amz-date']), Authorization: authorization,
      },
    });
  }
  return out;
}

/** The same requests for another port (only Host changes: the bare server does not check signatures). */
export const forPort = (requests: SignedRequest[], port: number): SignedRequest[] =>
  requests.map((r) => ({ ...r, headers: { ...r.headers, Host: `127.0.0.1:${port}` } }));

export function send(port: number, r: { method: string; path: string; headers: Record<string, string>; body: string }, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

export async function sendOnce(port: number, r: SignedRequest): Promise<Answer> {
  const agent = new Agent({ keepAlive: false });
  try {
    return await send(port, r, agent);
  } finally {
    agent.destroy();
  }
}

/** Every pre-signed request must be answered 200 before any load is measured: their answers, in order. */
export async function verifyAll(port: number, requests: SignedRequest[]): Promise<Answer[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const answers: Answer[] = [];
    for (const [i, r] of requests.entries()) {
      const a = await send(port, r, agent);
      if (a.status !== 200) throw new Error(`pre-signed request ${i} (${r.headers['X-Amz-Target']}, X-Amz-Date ${r.headers['X-Amz-Date']}) got HTTP ${a.status}: ${a.body}`);
      answers.push(a);
    }
    return answers;
  } finally {
    agent.destroy();
  }
}

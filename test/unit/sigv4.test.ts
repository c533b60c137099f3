// The API's signature check composes @smithy/signature-v4's pieces (canonical headers, canonical
// request, scope, signing key) instead of calling SignatureV4.sign() per request (src/auth/sigv4.ts
// says why). This checks the composition against sign() itself, the way the AWS SDK signs, over
// requests that exercise every part of the canonical form, and that one changed byte is refused.
// The wire tests (test/e2e/auth*.test.ts) do the same through the SDK, the aws CLI and boto3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { KeyRing, type AccessKey } from '../../src/auth/keys';
import { verifyApiRequest } from '../../src/auth/sigv4';
import { InvalidSignatureException } from '../../src/api/errors';

const KEY: AccessKey = { accessKeyId: 'AKIDEXAMPLE0000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', accountId: '123456789012' };
const keys = new KeyRing([KEY]);

interface Case {
  name: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  region?: string;
  service?: string;
}

const CASES: Case[] = [
  { name: 'an SDK call', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserImportJob' }, body: '{"UserPoolId":"us-east-1_abc","JobId":"import-abc"}' },
  { name: 'an empty body', path: '/', headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' }, body: '' },
  { name: 'values with runs of spaces and tabs', path: '/', headers: { 'x-amz-target': 'A.B', 'x-custom': '  a \t  b   c ' }, body: '{}' },
  { name: 'unicode in the body', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"PoolName":"été 東京 🎉"}' },
  { name: 'a path to normalise and escape', path: '/a/./b/../c d/é/', headers: { 'content-type': 'application/json' }, body: '{}' },
  { name: 'headers the SDK never signs by default', path: '/', headers: { 'user-agent': 'aws-cli/1.0', 'x-amzn-trace-id': 'Root=1', 'expect': '100-continue' }, body: '{}' },
  { name: 'a payload hash header', path: '/', headers: { 'x-amz-content-sha256': '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' }, body: '{}' },
  { name: 'another region and service', path: '/', headers: { 'x-amz-target': 'Logs_20140328.GetLogEvents' }, body: '{"logGroupName":"g"}', region: 'eu-central-2', service: 'logs' },
];

async function signLikeTheSdk(c: Case, date: Date): Promise<IncomingHttpHeaders> {
  const region = c.region ?? 'us-east-1';
  const service = c.service ?? 'cognito-idp';
  const signer = new SignatureV4({ credentials: KEY, region, service, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: 'localhost', port: 9329, path: c.path,
    headers: { host: 'localhost:9329', ...c.headers }, body: c.body,
  }), { signingDate: date, signableHeaders: new Set(Object.keys(c.headers)) });
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(signed.headers)) out[k.toLowerCase()] = v;
  return out;
}

for (const c of CASES) {
  test(`a request signed by SignatureV4.sign() is accepted, and refused with one byte changed: ${c.name}`, async () => {
    const date = new Date('2026-11-25T12:34:56Z');
    const headers = await signLikeTheSdk(c, date);
    const service = c.service ?? 'cognito-idp';
    const parts = { method: 'POST', path: c.path, headers, body: Buffer.from(c.body) };
    const caller = await verifyApiRequest(parts, keys, date.getTime() + 1000, service);
    assert.deepEqual(caller, { key: KEY, region: c.region ?? 'us-east-1' });

    const tamperedBody = Buffer.concat([Buffer.from(c.body), Buffer.from(' ')]);
    await assert.rejects(verifyApiRequest({ ...parts, body: tamperedBody }, keys, date.getTime(), service), InvalidSignatureException);
    const signedHeader = Object.keys(c.headers)[0];
    const tamperedHeaders = { ...headers, [signedHeader]: `${String(headers[signedHeader])}x` };
    await assert.rejects(verifyApiRequest({ ...parts, headers: tamperedHeaders }, keys, date.getTime(), service), InvalidSignatureException);
    await assert.rejects(verifyApiRequest({ ...parts, path: `${c.path}x` }, keys, date.getTime(), service), InvalidSignatureException);
  });
}

test('signing keys are per day: a request signed the next day verifies with the next day\'s key', async () => {
  for (const iso of ['2026-11-25T23:59:59Z', '2026-11-26T00:00:01Z', '2026-11-25T23:59:58Z']) {
    const date = new Date(iso);
    const headers = await signLikeTheSdk(CASES[0], date);
    await verifyApiRequest({ method: 'POST', path: '/', headers, body: Buffer.from(CASES[0].body) }, keys, date.getTime(), 'cognito-idp');
  }
});

test('another secret under the same key id is refused even after the right one was cached', async () => {
  const date = new Date('2026-11-25T12:00:00Z');
  const headers = await signLikeTheSdk(CASES[0], date);
  const parts = { method: 'POST', path: '/', headers, body: Buffer.from(CASES[0].body) };
  await verifyApiRequest(parts, keys, date.getTime(), 'cognito-idp');
  const rotated = new KeyRing([{ ...KEY, secretAccessKey: 'another-secret-of-forty-characters-00000' }]);
  await assert.rejects(verifyApiRequest(parts, rotated, date.getTime(), 'cognito-idp'), InvalidSignatureException);
});

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
import { parseAmzDate, verifyApiRequest } from '../../src/auth/sigv4';
import { canonicalQuery, generalCanonicalRequest, hasRepeatedHeaders, plainCanonicalRequest } from '../../src/auth/canonical';
import { InvalidSignatureException } from '../../src/api/errors';

const KEY: AccessKey = { accessKeyId: 'AKIDEXAMPLE0000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', accountId: '123456789012' };
const keys = new KeyRing([KEY]);

interface Case {
  name: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Query parameters, signed by the library and sent as the SDK's HTTP handler writes them. */
  query?: Record<string, string | string[]>;
  region?: string;
  service?: string;
  /** POST unless given. */
  method?: string;
}

const CASES: Case[] = [
  { name: 'an SDK call', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserImportJob' }, body: '{"UserPoolId":"us-east-1_abc","JobId":"import-abc"}' },
  { name: 'an empty body', path: '/', headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' }, body: '' },
  { name: 'values with runs of spaces and tabs', path: '/', headers: { 'x-amz-target': 'A.B', 'x-custom': '  a \t  b   c ' }, body: '{}' },
  { name: 'unicode in the body', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"PoolName":"été 東京 🎉"}' },
  { name: 'a path to normalise and escape', path: '/a/./b/../c d/é/', headers: { 'content-type': 'application/json' }, body: '{}' },
  { name: 'headers the SDK never signs by default', path: '/', headers: { 'user-agent': 'aws-cli/1.0', 'x-amzn-trace-id': 'Root=1', 'expect': '100-continue' }, body: '{}' },
  { name: 'a payload hash header', path: '/', headers: { 'x-amz-content-sha256': '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' }, body: '{}' },
  { name: 'a query (as on a wire: escaped, a name repeated, a name alone)', path: '/', query: { Param1: 'value1', 'a b': 'c+d/é', multi: ['2', '1'], flag: '' }, headers: { 'x-amz-target': 'A.B' }, body: '{}' },
  { name: 'another region and service', path: '/', headers: { 'x-amz-target': 'Logs_20140328.GetLogEvents' }, body: '{"logGroupName":"g"}', region: 'eu-central-2', service: 'logs' },
  // The extension routes (docs/extensions.md): a GET with a path and a query, service cognito-import.
  { name: 'a GET of an extension route with its query', method: 'GET', path: '/_cognito-import/v1/user-pools/us-east-1_abc/import-jobs/import-abc/rows.csv',
    query: { outcome: 'FAILED' }, headers: { accept: 'text/csv' }, body: '', service: 'cognito-import' },
  { name: 'a GET whose query needs escaping, names out of order', method: 'GET', path: '/_cognito-import/v1/outbox',
    query: { Username: 'ann+1 zoë/@', UserPoolId: 'us-east-1_abc' }, headers: { accept: 'application/json' }, body: '', service: 'cognito-import' },
];

/** A query as the SDK's HTTP handler writes it (@smithy/querystring-builder: escapeUri, a repeated name once per value). */
function wireQuery(query: Case['query']): string {
  const escape = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${escape(k)}=${escape(x)}`)).join('&');
}

async function signLikeTheSdk(c: Case, date: Date): Promise<IncomingHttpHeaders> {
  const region = c.region ?? 'us-east-1';
  const service = c.service ?? 'cognito-idp';
  const signer = new SignatureV4({ credentials: KEY, region, service, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const signed = await signer.sign(new HttpRequest({
    method: c.method ?? 'POST', protocol: 'http:', hostname: 'localhost', port: 9329, path: c.path,
    headers: { host: 'localhost:9329', ...c.headers }, body: c.body, query: c.query,
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
    const parts = { method: c.method ?? 'POST', path: c.path, query: wireQuery(c.query), headers, body: Buffer.from(c.body) };
    const caller = await verifyApiRequest(parts, keys, date.getTime() + 1000, service);
    assert.deepEqual(caller, { key: KEY, region: c.region ?? 'us-east-1' });

    const tamperedBody = Buffer.concat([Buffer.from(c.body), Buffer.from(' ')]);
    await assert.rejects(verifyApiRequest({ ...parts, body: tamperedBody }, keys, date.getTime(), service), InvalidSignatureException);
    const signedHeader = Object.keys(c.headers)[0];
    const tamperedHeaders = { ...headers, [signedHeader]: `${String(headers[signedHeader])}x` };
    await assert.rejects(verifyApiRequest({ ...parts, headers: tamperedHeaders }, keys, date.getTime(), service), InvalidSignatureException);
    await assert.rejects(verifyApiRequest({ ...parts, path: `${c.path}x` }, keys, date.getTime(), service), InvalidSignatureException);
    await assert.rejects(verifyApiRequest({ ...parts, query: parts.query ? `${parts.query}&x=1` : 'x=1' }, keys, date.getTime(), service), InvalidSignatureException);
  });
}

test('signing keys are per day: a request signed the next day verifies with the next day\'s key', async () => {
  for (const iso of ['2026-11-25T23:59:59Z', '2026-11-26T00:00:01Z', '2026-11-25T23:59:58Z']) {
    const date = new Date(iso);
    const headers = await signLikeTheSdk(CASES[0], date);
    await verifyApiRequest({ method: 'POST', path: '/', query: '', headers, body: Buffer.from(CASES[0].body) }, keys, date.getTime(), 'cognito-idp');
  }
});

test('another secret under the same key id is refused even after the right one was cached', async () => {
  const date = new Date('2026-11-25T12:00:00Z');
  const headers = await signLikeTheSdk(CASES[0], date);
  const parts = { method: 'POST', path: '/', query: '', headers, body: Buffer.from(CASES[0].body) };
  await verifyApiRequest(parts, keys, date.getTime(), 'cognito-idp');
  const rotated = new KeyRing([{ ...KEY, secretAccessKey: 'another-secret-of-forty-characters-00000' }]);
  await assert.rejects(verifyApiRequest(parts, rotated, date.getTime(), 'cognito-idp'), InvalidSignatureException);
});

// The usual API call takes a short way to its canonical request (plainCanonicalRequest); anything
// unusual must go the general way, and where the short way answers it must give the general text.
interface CanonicalCase { name: string; path?: string; query?: string; headers: IncomingHttpHeaders; rawHeaders?: string[]; signed: string; plain: boolean; general?: string }
const canonicalCases: CanonicalCase[] = [
  { name: 'an SDK call', headers: { 'content-type': 'application/x-amz-json-1.1', host: 'localhost:9329', 'x-amz-date': '20261126T000000Z', 'x-amz-target': 'A.B' }, signed: 'content-type;host;x-amz-date;x-amz-target', plain: true },
  { name: 'an SDK call, with rawHeaders', headers: { host: 'h', 'x-a': '1' }, rawHeaders: ['Host', 'h', 'X-A', '1'], signed: 'host;x-a', plain: true },
  { name: 'an empty value', headers: { host: 'h', 'x-e': '' }, signed: 'host;x-e', plain: true },
  { name: 'single inner spaces', headers: { host: 'h', 'x-a': 'a b c' }, signed: 'host;x-a', plain: true },
  { name: 'a signed-header list out of order', headers: { host: 'h', 'x-a': '1', 'content-type': 't' }, signed: 'x-a;host;content-type', plain: true },
  { name: 'a run of spaces', headers: { host: 'h', 'x-a': 'a  b' }, signed: 'host;x-a', plain: false, general: 'host:h\nx-a:a b\n' },
  { name: 'a tab', headers: { host: 'h', 'x-a': 'a\tb' }, signed: 'host;x-a', plain: false, general: 'host:h\nx-a:a b\n' },
  { name: 'a leading space', headers: { host: 'h', 'x-a': ' a' }, signed: 'host;x-a', plain: false, general: 'host:h\nx-a:a\n' },
  { name: 'a trailing space', headers: { host: 'h', 'x-a': 'a ' }, signed: 'host;x-a', plain: false, general: 'host:h\nx-a:a\n' },
  { name: 'a line break', headers: { host: 'h', 'x-a': 'a\r\nb' }, signed: 'host;x-a', plain: false, general: 'host:h\nx-a:a b\n' },
  { name: 'a signed header not sent', headers: { host: 'h' }, signed: 'host;x-missing', plain: false },
  { name: 'a header signed twice', headers: { host: 'h', 'x-a': '1' }, signed: 'host;x-a;x-a', plain: false, general: 'host:h\nx-a:1\nx-a:1\n' },
  { name: 'a repeated header (array value)', headers: { host: 'h', 'x-a': ['1', ' 2 '] as unknown as string }, signed: 'host;x-a', plain: false, general: 'host:h\nx-a:1,2\n' },
  { name: 'a repeated header (rawHeaders; Node joined it with ", ")', headers: { host: 'h', 'x-a': '1, 2' }, rawHeaders: ['Host', 'h', 'x-a', '1', 'X-A', '2'], signed: 'host;x-a', plain: false, general: 'host:h\nx-a:1,2\n' },
  { name: 'an unsigned header repeated (rawHeaders)', headers: { host: 'h', 'x-b': '1, 2' }, rawHeaders: ['Host', 'h', 'x-b', '1', 'x-b', '2'], signed: 'host', plain: false, general: 'host:h\n' },
  { name: 'Host repeated (Node kept the first only)', headers: { host: 'h' }, rawHeaders: ['Host', 'h', 'Host', 'evil'], signed: 'host', plain: false, general: 'host:h,evil\n' },
  { name: 'a name from the object prototype', headers: { host: 'h' }, signed: 'constructor;host', plain: false },
  { name: 'another path', path: '/a/./b', headers: { host: 'h' }, signed: 'host', plain: false },
  { name: 'a query', query: 'b=2&a=1', headers: { host: 'h' }, signed: 'host', plain: false, general: 'host:h\n' },
];
for (const c of canonicalCases) {
  test(`the short canonical request ${c.plain ? 'gives the general text' : 'leaves the request to the general way'}: ${c.name}`, () => {
    const req = { method: 'POST', path: c.path ?? '/', query: c.query ?? '', headers: c.headers, rawHeaders: c.rawHeaders, body: Buffer.alloc(0) };
    const signed = c.signed.split(';');
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const plain = plainCanonicalRequest(req, signed, hash, hasRepeatedHeaders(req));
    const general = generalCanonicalRequest(req, signed, hash);
    if (c.plain) return assert.equal(plain, general);
    assert.equal(plain, undefined);
    if (c.general !== undefined) assert.equal(general?.split('\n').slice(3, -3).join('\n') + '\n', c.general);
  });
}

test('an Authorization header in another layout than the SDKs\' (extra spaces, other order) is still read and checked', async () => {
  const date = new Date('2026-11-25T12:00:00Z');
  const headers = await signLikeTheSdk(CASES[0], date);
  const m = /^AWS4-HMAC-SHA256 Credential=(\S+), SignedHeaders=(\S+), Signature=(\S+)$/.exec(String(headers.authorization));
  assert.ok(m, String(headers.authorization));
  const parts = { method: 'POST', path: '/', query: '', body: Buffer.from(CASES[0].body) };
  for (const auth of [
    `AWS4-HMAC-SHA256 Signature=${m[3]},  SignedHeaders=${m[2]} , Credential=${m[1]}`,
    `AWS4-HMAC-SHA256 Credential=${m[1]},SignedHeaders=${m[2]},Signature=${m[3]}`,
  ]) {
    assert.deepEqual(await verifyApiRequest({ ...parts, headers: { ...headers, authorization: auth } }, keys, date.getTime(), 'cognito-idp'), { key: KEY, region: 'us-east-1' });
    const wrong = auth.replace(m[3], m[3].replace(/^./, (ch) => (ch === '0' ? '1' : '0')));
    await assert.rejects(verifyApiRequest({ ...parts, headers: { ...headers, authorization: wrong } }, keys, date.getTime(), 'cognito-idp'), InvalidSignatureException);
  }
});

test('X-Amz-Date is read as yyyyMMddTHHmmssZ and nothing else, as the regular expression it replaced did', () => {
  const reference = (x: string): number | undefined => {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(x);
    if (!m) return undefined;
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return Number.isNaN(ms) ? undefined : ms;
  };
  const cases = ['20261126T010203Z', '20261126T010203z', '2026112T010203ZZ', '20261126 010203Z', '20261340T996099Z', '-0261126T010203Z',
    '20261126T01020AZ', '', '20261126T010203Z ', '\uff110261126T010203Z', '00000000T000000Z', '99999999T999999Z', '2026/1126T010203Z'];
  for (const c of cases) {
    assert.equal(parseAmzDate(c)?.getTime(), reference(c), JSON.stringify(c));
    assert.equal(parseAmzDate(c)?.getTime(), reference(c), `${JSON.stringify(c)} read again`);
  }
});

test('the canonical query decodes what was escaped and escapes it again as SigV4 does, sorted by name then value', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['Param1=value1', 'Param1=value1'],
    ['%e1%88%b4=v', '%E1%88%B4=v'], // lower-case escapes
    ['a=%41%7e', 'a=A~'], // unreserved characters escaped for nothing
    ['a=b+c', 'a=b%2Bc'], // a plus is a plus (RFC 3986), as the SDKs escape it
    ['a=b c', 'a=b%20c'],
    ['a=%zz&b=%4', 'a=%25zz&b=%254'], // a '%' that starts no escape is a literal one
    ['flag', 'flag='], // a name alone has the value ''
    ['&&a=1&', 'a=1'], // empty pieces name nothing
    ['a-b=1&a=2', 'a=2&a-b=1'], // by name first, then by value
    ['x=2&x=1&X=3', 'X=3&x=1&x=2'],
    ['=v', '=v'],
    ['k=a=b', 'k=a%3Db'], // only the first '=' separates
    ['\u1234=bar', '%E1%88%B4=bar'], // not ASCII: UTF-8, as AWS's test requests mean it
  ];
  for (const [query, canonical] of cases) assert.equal(canonicalQuery(query), canonical, JSON.stringify(query));
});

// The signature check against AWS's own SigV4 test suite (test/fixtures/sigv4/aws4Testsuite.ts
// says where it comes from): for each case the canonical request and string to sign we build
// equal AWS's, a request carrying the case's Authorization verifies with the suite's key and date,
// and the same request changed in any signed part (a header, the query, the body, the method, the
// path), or with its repeated header joined the way Node joins it, is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { KeyRing } from '../../src/auth/keys';
import { verifyApiRequest, type ApiRequestParts } from '../../src/auth/sigv4';
import { generalCanonicalRequest, hasRepeatedHeaders, plainCanonicalRequest } from '../../src/auth/canonical';
import { InvalidSignatureException } from '../../src/api/errors';
import { AWS4_CREDENTIALS, AWS4_DATE, AWS4_REGION, AWS4_SERVICE, AWS4_TESTSUITE, type Aws4TestCase } from '../fixtures/sigv4/aws4Testsuite';

const keys = new KeyRing([AWS4_CREDENTIALS]);
const NOW = Date.parse(AWS4_DATE);
const MISMATCH = /^The request signature we calculated does not match the signature you provided\./;

/** Headers Node keeps only the first of when repeated (IncomingMessage docs); it joins any other with ', '. */
const NODE_KEEPS_FIRST = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host',
  'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer',
  'retry-after', 'server', 'user-agent']);

/** The request as Node's http server hands it over: headers object and rawHeaders. */
function received(method: string, path: string, query: string, headers: Array<[string, string]>, body: string): ApiRequestParts {
  const object: IncomingHttpHeaders = {};
  const rawHeaders: string[] = [];
  for (const [name, value] of headers) {
    rawHeaders.push(name, value);
    const n = name.toLowerCase();
    const had = object[n];
    if (had === undefined) object[n] = value;
    else if (!NODE_KEEPS_FIRST.has(n)) object[n] = `${String(had)}, ${value}`;
  }
  return { method, path, query, headers: object, rawHeaders, body: Buffer.from(body) };
}

const signedNames = (authorization: string): string[] => /SignedHeaders=([^,]+)/.exec(authorization)![1].split(';');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function signedRequest(c: Aws4TestCase, change: Partial<Pick<Aws4TestCase, 'method' | 'path' | 'query' | 'headers' | 'body'>> = {}): ApiRequestParts {
  const r = { ...c, ...change };
  return received(r.method, r.path, r.query, [...r.headers, ['Authorization', c.authorization]], r.body);
}

async function refused(c: Aws4TestCase, what: string, change: Parameters<typeof signedRequest>[1]): Promise<void> {
  await assert.rejects(verifyApiRequest(signedRequest(c, change), keys, NOW, AWS4_SERVICE), (e: Error) => {
    assert.ok(e instanceof InvalidSignatureException, `${what}: ${e.name} ${e.message}`);
    assert.match(e.message, MISMATCH, what);
    return true;
  }, `${what} must be refused`);
}

for (const c of AWS4_TESTSUITE) {
  test(`AWS SigV4 test suite: ${c.name}`, { skip: c.notApplicable }, async () => {
    const names = signedNames(c.authorization);
    const plainRequest = received(c.method, c.path, c.query, c.headers, c.body);
    const payloadHash = sha256(c.body);

    assert.equal(generalCanonicalRequest(plainRequest, names, payloadHash), c.canonicalRequest, 'canonical request');
    const [, date, scope] = c.stringToSign.split('\n');
    assert.equal(`AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256(c.canonicalRequest)}`, c.stringToSign, 'string to sign');
    // Where the short way for the usual SDK call answers, it must give the same text.
    const plain = plainCanonicalRequest(plainRequest, names, payloadHash, hasRepeatedHeaders(plainRequest));
    if (plain !== undefined) assert.equal(plain, c.canonicalRequest, 'short canonical request');

    assert.deepEqual(await verifyApiRequest(signedRequest(c), keys, NOW, AWS4_SERVICE), { key: AWS4_CREDENTIALS, region: AWS4_REGION });
    // A header nobody signed changes nothing (post-sts-header-after is the suite's own case of it).
    await verifyApiRequest(signedRequest(c, { headers: [...c.headers, ['X-Unsigned', 'anything']] }), keys, NOW, AWS4_SERVICE);

    const hostAt = c.headers.findIndex(([n]) => n.toLowerCase() === 'host');
    await refused(c, 'a signed header changed', { headers: c.headers.map(([n, v], i): [string, string] => [n, i === hostAt ? `${v}.example` : v]) });
    await refused(c, 'a query parameter added', { query: c.query ? `${c.query}&Param9=x` : 'Param9=x' });
    await refused(c, 'a query value changed', { query: c.query ? c.query.replace(/=[^&]*$/, '=changed') : '=' });
    await refused(c, 'the body changed', { body: `${c.body} ` });
    await refused(c, 'the method changed', { method: c.method === 'GET' ? 'POST' : 'GET' });
    await refused(c, 'the path changed', { path: `${c.path}x` });
    const dropped = names.find((n) => n !== 'x-amz-date');
    await refused(c, `a signed header (${dropped}) left out`, { headers: c.headers.filter(([n]) => n.toLowerCase() !== dropped) });

    // A repeated header is one value per line on the wire; joined as Node joins it (', ') it is
    // another request, and must not verify with the signature of the repeated one.
    const repeated = c.headers.filter(([n], i) => c.headers.findIndex(([m]) => m.toLowerCase() === n.toLowerCase()) !== i);
    if (repeated.length > 0) {
      const name = repeated[0][0].toLowerCase();
      const joined = c.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v).join(', ');
      const once: Array<[string, string]> = c.headers.filter(([n]) => n.toLowerCase() !== name);
      await refused(c, 'the repeated header sent once, joined with ", "', { headers: [...once, [repeated[0][0], joined]] });
    }
  });
}

test('the suite is all there: 35 cases checked, 7 of S3\'s path rules not applicable', () => {
  assert.equal(AWS4_TESTSUITE.filter((c) => !c.notApplicable).length, 35);
  assert.equal(AWS4_TESTSUITE.filter((c) => c.notApplicable).length, 7);
});

// SigV4 verification by recomputation and a constant-time compare. Key derivation and the general
// canonical request are @smithy/signature-v4's (the signer the AWS SDK itself uses), through its
// pieces rather than sign(), which costs ~6x more per call (see Canonicalizer). By hand, each
// measured and tested against the library or Node: reading the Authorization header, the
// canonical request of the usual SDK call (plainCanonicalRequest), and the HMAC (./hmac.ts).
// test/unit/sigv4.test.ts checks the composition against sign(). Error names, statuses and messages follow
// what Coral services answer (spec section 1; traces cited in src/api/errors.ts, formats as
// recorded by mhart/dynalite).
import type { IncomingHttpHeaders } from 'node:http';
import { getCanonicalHeaders, getSigningKey, SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import {
  IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationTokenException, UnrecognizedClientException,
} from '../api/errors';
import type { AccessKey, KeyRing } from './keys';
import { hmacSha256Key, sha256Hex, type HmacKey } from './hmac';

export const MAX_SKEW_MS = 15 * 60 * 1000;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const Sha256 = Hash.bind(null, 'sha256');

/** The last X-Amz-Date read: requests signed in the same second share it. */
let lastAmzDate: string | undefined;
let lastAmzDateMs = 0;

/** The number written by the decimal digits s[from..to), or -1 if one of them is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * 20240131T235959Z -> epoch milliseconds, or undefined when it is not in ISO 8601 basic format
 * (yyyyMMddTHHmmssZ). Read digit by digit rather than with a regular expression and its match
 * array: 1.2 % of the server's CPU under bench/api, whose requests are each signed a second apart.
 */
function amzDateMs(s: string): number | undefined {
  if (s === lastAmzDate) return lastAmzDateMs;
  if (s.length !== 16 || s.charCodeAt(8) !== 84 /* T */ || s.charCodeAt(15) !== 90 /* Z */) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 4, 6);
  const day = digits(s, 6, 8);
  const hour = digits(s, 9, 11);
  const minute = digits(s, 11, 13);
  const second = digits(s, 13, 15);
  if ((year | month | day | hour | minute | second) < 0) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(ms)) return undefined;
  lastAmzDate = s;
  lastAmzDateMs = ms;
  return ms;
}

/** 20240131T235959Z -> Date, or undefined when it is not in ISO 8601 basic format. */
export function parseAmzDate(s: string): Date | undefined {
  const ms = amzDateMs(s);
  return ms === undefined ? undefined : new Date(ms);
}

export const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * Compares a computed signature with the one sent, in time that depends only on their length
 * (which is public: 64 hex digits). Code unit by code unit rather than timingSafeEqual() over two
 * Buffers made for the purpose, which cost two allocations per request for the same guarantee.
 */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

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

/**
 * The library's canonical request (SignatureV4Base.createCanonicalRequest: path normalisation and
 * escaping, query, headers, payload hash), reached through a subclass because it is protected.
 * Why not SignatureV4.sign() itself: it clones the request, re-derives its signing-key cache key
 * with an extra HMAC and hops through six promises per call; under bench/api that was ~60 us of
 * ~200 us per request (measured 2026-11-25), against ~10 us for these same steps done directly.
 */
class Canonicalizer extends SignatureV4 {
  canonicalRequest(request: HttpRequest, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }
}
const canonicalizers = new Map<string, Canonicalizer>();
function canonicalizer(service: string): Canonicalizer {
  let c = canonicalizers.get(service);
  if (!c) {
    // Credentials and region play no part in the canonical request.
    c = new Canonicalizer({ credentials: { accessKeyId: '', secretAccessKey: '' }, region: '', service, sha256: Sha256, applyChecksum: false });
    canonicalizers.set(service, c);
  }
  return c;
}

/**
 * Signing keys by key, then by credential scope (day/region/service/aws4_request): they change
 * once a day (SigV4 key derivation). Keyed by the key object, so no string holding the secret is
 * built per request; a key ring that reloads gives new objects and so starts afresh.
 */
const signingKeys = new WeakMap<AccessKey, Map<string, HmacKey>>();
function cachedSigningKey(key: AccessKey, scope: string): HmacKey | undefined {
  return signingKeys.get(key)?.get(scope);
}
/** The library's derivation (HMAC chain from AWS4<secret> over day, region, service, aws4_request). */
async function deriveSigningKey(key: AccessKey, scope: string, day: string, region: string, service: string): Promise<HmacKey> {
  const derived = hmacSha256Key(await getSigningKey(Sha256, { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }, day, region, service));
  let byScope = signingKeys.get(key);
  if (!byScope) signingKeys.set(key, (byScope = new Map()));
  if (byScope.size >= 100) byScope.clear();
  byScope.set(scope, derived);
  return derived;
}

/** A string last split, and its pieces (frozen: every caller shares them). */
interface LastSplit {
  text: string | undefined;
  pieces: readonly string[];
}
const lastCredential: LastSplit = { text: undefined, pieces: [] };
const lastSignedHeaders: LastSplit = { text: undefined, pieces: [] };

/**
 * text.split(separator), remembered for the next call with the same text: a client sends the
 * same Credential and SignedHeaders with every call of a day, and splitting them anew each time
 * was 1.7 % of the server's CPU under bench/api (2026-11-26).
 */
function splitOnce(text: string, separator: string, last: LastSplit): readonly string[] {
  if (text !== last.text) {
    last.pieces = Object.freeze(text.split(separator));
    last.text = text;
  }
  return last.pieces;
}

/**
 * The Authorization header's Credential, SignedHeaders and Signature. Every AWS SDK and the CLI
 * write it one way (`Credential=..., SignedHeaders=..., Signature=...`), which one regular
 * expression reads in 0.3 us; anything else goes through the general reader (0.95 us), which
 * also words the errors. Both give the same parameters for a header the expression matches.
 */
const USUAL_AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^\s,=]+), ?SignedHeaders=([^\s,=]+), ?Signature=([^\s,=]+)$/;
function authorizationParams(auth: string, space: number): Record<string, string> {
  const m = USUAL_AUTHORIZATION.exec(auth);
  if (m) return { Credential: m[1], SignedHeaders: m[2], Signature: m[3] };
  const params: Record<string, string> = {};
  for (const piece of auth.slice(space + 1).split(',')) {
    const part = piece.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new IncompleteSignatureException(`'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`);
    params[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return params;
}

/** What the library's canonical form changes in a header value: tab, CR, LF, a run of spaces, a space at an end. */
const NOT_CANONICAL = /[\t\r\n]| {2}|^ | $/;

/**
 * The canonical request of an API call in the shape every SDK sends: path `/`, no query, each
 * signed header sent once with a value already in canonical form. Then the canonical request is
 * only the pieces joined (SigV4: method, path, query, headers, signed-header list, payload hash),
 * 0.24 us against 2.6 us through the library's general code (path normalisation, escaping,
 * header objects, three regular-expression replaces per value). Anything else, including a
 * signed header missing or repeated, returns undefined and goes to the library.
 * test/unit/sigv4.test.ts checks the two give the same text.
 */
export function plainCanonicalRequest(req: ApiRequestParts, signedHeaders: readonly string[], payloadHash: string, signedHeadersText?: string): string | undefined {
  if (req.path !== '/') return undefined;
  let names = signedHeaders;
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1] >= names[i]) {
      names = [...signedHeaders].sort();
      break;
    }
  }
  let lines = '';
  for (let i = 0; i < names.length; i++) {
    const value = req.headers[names[i]];
    if (typeof value !== 'string' || (i > 0 && names[i] === names[i - 1]) || NOT_CANONICAL.test(value)) return undefined;
    lines += `${names[i]}:${value}\n`;
  }
  // The list as sent when it was already in order (what join() would make anew).
  const list = names === signedHeaders && signedHeadersText !== undefined ? signedHeadersText : names.join(';');
  return `${req.method}\n/\n\n${lines}\n${list}\n${payloadHash}`;
}

/** The library's canonical form of exactly the headers the client says it signed (a header it lists but did not send is simply absent, and the signature will not match). */
export function libraryCanonicalRequest(req: ApiRequestParts, signedHeaders: readonly string[], payloadHash: string, service: string): string {
  const headers = pickHeaders(req.headers, signedHeaders);
  return canonicalizer(service).canonicalRequest(
    { method: req.method, path: req.path, query: {}, headers } as unknown as HttpRequest,
    getCanonicalHeaders({ headers } as unknown as HttpRequest, undefined, new Set(signedHeaders)),
    payloadHash,
  );
}

export interface ApiRequestParts {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Caller {
  key: AccessKey;
  region: string;
}

/** Verifies a header-signed API request; returns the key's account and the region of its scope. */
export async function verifyApiRequest(req: ApiRequestParts, keys: KeyRing, nowMs: number, service: string): Promise<Caller> {
  const auth = req.headers.authorization;
  if (!auth) throw new MissingAuthenticationTokenException();
  const space = auth.indexOf(' ');
  const algorithm = space < 0 ? auth : auth.slice(0, space);
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw new IncompleteSignatureException(`Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `);
  }
  const params = authorizationParams(auth, space);
  const dateHeader = req.headers['x-amz-date'];
  if (!params.Credential || !params.Signature || !params.SignedHeaders || !dateHeader) {
    const missing: string[] = [];
    if (!params.Credential) missing.push("Authorization header requires 'Credential' parameter.");
    if (!params.Signature) missing.push("Authorization header requires 'Signature' parameter.");
    if (!params.SignedHeaders) missing.push("Authorization header requires 'SignedHeaders' parameter.");
    if (!dateHeader) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    throw new IncompleteSignatureException(`${missing.join(' ')} Authorization=${auth}`);
  }

  const dateText = Array.isArray(dateHeader) ? dateHeader.join(',') : String(dateHeader);
  const dateMs = amzDateMs(dateText);
  if (dateMs === undefined) throw new IncompleteSignatureException(`Date must be in ISO-8601 'basic format'. Got '${dateText}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  const scope = splitOnce(params.Credential, '/', lastCredential);
  if (scope.length !== 5) {
    throw new IncompleteSignatureException(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${params.Credential}'`);
  }
  const [accessKeyId, scopeDate, region, scopeService, terminator] = scope;

  const skew = nowMs - dateMs;
  if (skew > MAX_SKEW_MS) {
    throw new InvalidSignatureException(`Signature expired: ${amzDate(dateMs)} is now earlier than ${amzDate(nowMs - MAX_SKEW_MS)} (${amzDate(nowMs)} - 15 min.)`);
  }
  if (-skew > MAX_SKEW_MS) {
    throw new InvalidSignatureException(`Signature not yet current: ${amzDate(dateMs)} is still later than ${amzDate(nowMs + MAX_SKEW_MS)} (${amzDate(nowMs)} + 15 min.)`);
  }
  const signedHeaders = splitOnce(params.SignedHeaders, ';', lastSignedHeaders);
  if (!signedHeaders.includes('host')) throw new InvalidSignatureException("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  const regionOk = REGION.test(region);
  const dayOk = dateText.startsWith(scopeDate) && scopeDate.length === 8;
  if (!regionOk || scopeService !== service || !dayOk || terminator !== 'aws4_request') {
    const scopeProblems: string[] = [];
    if (!regionOk) scopeProblems.push(`Credential should be scoped to a valid region, not '${region}'. `);
    if (scopeService !== service) scopeProblems.push(`Credential should be scoped to correct service: '${service}'. `);
    if (!dayOk) scopeProblems.push(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${dateText.slice(0, 8)}', from '${dateText}'. `);
    if (terminator !== 'aws4_request') scopeProblems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `);
    throw new InvalidSignatureException(scopeProblems.join(''));
  }

  const key = keys.lookup(accessKeyId);
  if (!key) throw new UnrecognizedClientException();

  const payloadHash = sha256Hex(req.body);
  const claimed = signedHeaders.includes('x-amz-content-sha256') ? req.headers['x-amz-content-sha256'] : undefined;
  if (claimed !== undefined && String(claimed) !== payloadHash) throw signatureMismatch();
  const canonicalRequest = plainCanonicalRequest(req, signedHeaders, payloadHash, params.SignedHeaders)
    ?? libraryCanonicalRequest(req, signedHeaders, payloadHash, service);
  // The scope the checks above proved to be <day>/<region>/<service>/aws4_request, as sent:
  // createScope() would build the same string anew for each request.
  const credentialScope = params.Credential.slice(accessKeyId.length + 1);
  const signingKey = cachedSigningKey(key, credentialScope) ?? await deriveSigningKey(key, credentialScope, scopeDate, region, service);
  // The string to sign of SigV4 (AWS General Reference, "Create a string to sign"): algorithm,
  // request date, credential scope, hex SHA-256 of the canonical request.
  const stringToSign = `AWS4-HMAC-SHA256\n${dateText}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`;
  const expected = signingKey.hex(stringToSign);
  if (!safeEqual(expected, params.Signature)) throw signatureMismatch();
  return { key, region };
}

const signatureMismatch = (): InvalidSignatureException => new InvalidSignatureException(
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
);

// ---- Query form, for the pre-signed upload URL (spec section 5) ----

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

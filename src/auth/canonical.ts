// The SigV4 canonical request of a request as the server received it (AWS IAM User Guide, "Create
// a signed AWS API request", step 1): method, canonical URI, canonical query, canonical headers,
// signed-header list, payload hash, one per line. Checked line by line against AWS's own test
// suite (test/unit/sigv4Vectors.test.ts, from the aws4_testsuite that botocore carries).
//
// What is whose: the canonical URI is @smithy/signature-v4's (path normalisation and escaping,
// the rules of every service but S3). The query and the header values are read here, because the
// library canonicalises a request it builds itself (a query object, one string per header),
// while the server must read what came on the wire: a query string still percent-encoded, and a
// header sent more than once, which Node's headers object joins with ', ' (AWS joins with ',')
// or keeps only the first of (Host, Authorization, Content-Type, ...).
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';

export interface ApiRequestParts {
  method: string;
  /** The path as sent, before any '?'. */
  path: string;
  /** The query as sent, after the '?' (without it); '' when there is none. */
  query: string;
  headers: IncomingHttpHeaders;
  /**
   * Node's rawHeaders (name, value, name, value, ... as sent). When given, a header sent more
   * than once is read from here; without it, an array value in headers stands for repeats.
   */
  rawHeaders?: readonly string[];
  body: Buffer;
}

/**
 * True when some header came more than once: Node's headers object then has fewer names than
 * rawHeaders has pairs. One count instead of a pass over every header name.
 */
export function hasRepeatedHeaders(req: ApiRequestParts): boolean {
  return req.rawHeaders !== undefined && req.rawHeaders.length !== 2 * Object.keys(req.headers).length;
}

/** Every value sent for a header (name in lower case), in the order sent; undefined when it was not sent. */
export function headerValues(req: ApiRequestParts, name: string): readonly string[] | undefined {
  const raw = req.rawHeaders;
  if (raw === undefined) {
    const v = Object.hasOwn(req.headers, name) ? req.headers[name] : undefined;
    return v === undefined ? undefined : Array.isArray(v) ? v : [String(v)];
  }
  let values: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].length === name.length && raw[i].toLowerCase() === name) (values ??= []).push(raw[i + 1]);
  return values;
}

/**
 * A header value in canonical form: line breaks and runs of spaces and tabs become one space, and
 * a space at either end goes (SigV4 "Trimall"; the same replaces as the library's
 * getCanonicalHeaders, so the SDK's signer and this agree).
 */
const canonicalValue = (v: string): string => v.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');

const HEX = '0123456789ABCDEF';
/** RFC 3986 unreserved characters, the only ones SigV4 leaves unescaped: A-Z a-z 0-9 - . _ ~ */
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const isUnreserved = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95 || c === 126;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * A query name or value as SigV4 writes it: percent-escapes decoded to the bytes they stand for,
 * then every byte but the unreserved ones written %XY in upper case. So `%e1%88%b4`, `%E1%88%B4`
 * and a literal U+1234 all give %E1%88%B4, and '+' stays a plus (%2B): RFC 3986 gives it no
 * meaning of space, and the SDKs escape a plus they mean. A '%' not followed by two hex digits is
 * a literal '%'. Characters outside ASCII (Node refuses them in a URL; AWS's test requests carry
 * them) are taken as UTF-8.
 */
function canonicalComponent(s: string): string {
  if (UNRESERVED.test(s)) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */ && i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const cp = s.codePointAt(i)!;
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
      if (cp > 0xffff) i++;
    }
  }
  let out = '';
  for (const b of bytes) out += isUnreserved(b) ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  return out;
}

/**
 * The canonical query: each name=value (a name alone has the value ''), both in canonical form,
 * sorted by name and then by value, joined with '&'. Empty pieces (`a=1&&b=2`) name nothing and are
 * left out.
 */
export function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs: Array<[string, string]> = [];
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    pairs.push(eq < 0 ? [canonicalComponent(piece), ''] : [canonicalComponent(piece.slice(0, eq)), canonicalComponent(piece.slice(eq + 1))]);
  }
  // Code-unit order, which for these ASCII strings is the byte order SigV4 sorts by.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** The query's names, decoded as canonicalQuery reads them (for checks on a parameter by name). */
export function queryNames(query: string): string[] {
  return query === '' ? [] : query.split('&').filter((p) => p !== '').map((p) => decodeURIComponentSafe(p.split('=', 1)[0]));
}
function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The library's canonical URI. getCanonicalPath() is private, so it is read off the second line of
 * the protected createCanonicalRequest() given an empty method, query and header set.
 */
class PathCanonicalizer extends SignatureV4 {
  canonicalPath(path: string): string {
    return this.createCanonicalRequest({ method: '', path, query: {}, headers: {} } as unknown as HttpRequest, {}, '').split('\n', 2)[1];
  }
}
// Credentials, region and service play no part in the canonical URI.
const paths = new PathCanonicalizer({ credentials: { accessKeyId: '', secretAccessKey: '' }, region: '', service: '', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });

/** What the canonical form changes in a header value: tab, CR, LF, a run of spaces, a space at an end. */
const NOT_CANONICAL = /[\t\r\n]| {2}|^ | $/;

/** Signed-header names in SigV4 order (sorted), the list itself when it already is. */
function sortedNames(signedHeaders: readonly string[]): readonly string[] {
  for (let i = 1; i < signedHeaders.length; i++) if (signedHeaders[i - 1] > signedHeaders[i]) return [...signedHeaders].sort();
  return signedHeaders;
}

/**
 * The canonical request of an API call in the shape every SDK sends: path `/`, no query, no header
 * sent twice, each signed header listed once with a value already in canonical form. Then it is
 * only the pieces joined, 0.24 us against 2.6 us through the general code below. Anything else
 * returns undefined. test/unit/sigv4.test.ts checks the two give the same text.
 * repeated: hasRepeatedHeaders(req), which the caller has worked out already.
 */
export function plainCanonicalRequest(req: ApiRequestParts, signedHeaders: readonly string[], payloadHash: string, repeated: boolean, signedHeadersText?: string): string | undefined {
  if (req.path !== '/' || req.query !== '' || repeated) return undefined;
  const names = sortedNames(signedHeaders);
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

/**
 * The canonical request of any request: the library's canonical URI, the canonical query, and
 * for each signed header (sorted) every value sent for it, each in canonical form, joined with ','.
 * undefined when a signed header was not sent at all: no signer lists a header it did not send.
 */
export function generalCanonicalRequest(req: ApiRequestParts, signedHeaders: readonly string[], payloadHash: string): string | undefined {
  const names = sortedNames(signedHeaders);
  let lines = '';
  for (const name of names) {
    const values = headerValues(req, name);
    if (values === undefined) return undefined;
    lines += `${name}:${values.map(canonicalValue).join(',')}\n`;
  }
  return `${req.method}\n${paths.canonicalPath(req.path)}\n${canonicalQuery(req.query)}\n${lines}\n${names.join(';')}\n${payloadHash}`;
}

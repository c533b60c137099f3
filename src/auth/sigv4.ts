// SigV4 verification of the API's header-signed requests, by recomputation and a constant-time
// compare. The checks and their errors follow what Coral services answer (spec section 1; traces
// cited in src/api/errors.ts, formats as recorded by mhart/dynalite), and refuse what AWS refuses
// (test/e2e/auth.test.ts). The canonical request is ./canonical.ts (checked against AWS's own
// test suite), the signing key @smithy/signature-v4's derivation (cached per day), the HMAC
// ./hmac.ts. The query-signed form of the upload URL is ./presign.ts, re-exported here.
//
// Per request, the usual SDK call costs a few microseconds: it takes plainCanonicalRequest, and
// what is read once per distinct text (Credential, SignedHeaders, X-Amz-Date) is remembered. The
// stricter checks are membership tests on the remembered SignedHeaders list and one count of
// header names, not a slower path.
import type { IncomingHttpHeaders } from 'node:http';
import { getSigningKey } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import {
  IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationTokenException, UnrecognizedClientException,
} from '../api/errors';
import type { AccessKey, KeyRing } from './keys';
import { hmacSha256Key, safeEqual, sha256Hex, type HmacKey } from './hmac';
import { amzDate, amzDateMs } from './amzDate';
import {
  generalCanonicalRequest, hasRepeatedHeaders, headerValues, plainCanonicalRequest, queryNames, type ApiRequestParts,
} from './canonical';

export { amzDate, parseAmzDate } from './amzDate';
export { presignUpload, verifyUpload, UPLOAD_SIGNED_HEADERS, type UploadAuth } from './presign';
export type { ApiRequestParts } from './canonical';

export const MAX_SKEW_MS = 15 * 60 * 1000;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const Sha256 = Hash.bind(null, 'sha256');

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

/** The Credential last split at '/', and its pieces (frozen: every caller shares them). */
let lastCredential: { text: string | undefined; pieces: readonly string[] } = { text: undefined, pieces: [] };

/**
 * Credential.split('/'), remembered for the next call with the same text: a client sends the same
 * Credential with every call of a day, and splitting it anew each time was (with SignedHeaders)
 * 1.7 % of the server's CPU under bench/api.
 */
function credentialScope(text: string): readonly string[] {
  if (text !== lastCredential.text) lastCredential = { text, pieces: Object.freeze(text.split('/')) };
  return lastCredential.pieces;
}

/** A SignedHeaders list, split, with the names the checks look for found once. */
interface SignedHeaderList {
  text: string | undefined;
  names: readonly string[];
  host: boolean;
  date: boolean;
  target: boolean;
  contentSha256: boolean;
}
let lastSignedHeaders: SignedHeaderList = { text: undefined, names: [], host: false, date: false, target: false, contentSha256: false };

/** The SignedHeaders list read once per distinct text (a client sends the same one all day). */
function signedHeaderList(text: string): SignedHeaderList {
  if (text !== lastSignedHeaders.text) {
    const names = Object.freeze(text.split(';'));
    lastSignedHeaders = {
      text, names, host: names.includes('host'), date: names.includes('x-amz-date'),
      target: names.includes('x-amz-target'), contentSha256: names.includes('x-amz-content-sha256'),
    };
  }
  return lastSignedHeaders;
}

/**
 * The Authorization header's Credential, SignedHeaders and Signature. Every AWS SDK and the CLI
 * write it one way (`Credential=..., SignedHeaders=..., Signature=...`), which one regular
 * expression reads in 0.3 us; anything else goes through the general reader (0.95 us), which
 * also words the errors. Both give the same parameters for a header the expression matches; a
 * parameter given twice (which the expression cannot match) is refused [OURS: AWS's wording for
 * it is not on record], so no verifier and signer can read different values from one header.
 */
const USUAL_AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^\s,=]+), ?SignedHeaders=([^\s,=]+), ?Signature=([^\s,=]+)$/;
function authorizationParams(auth: string, space: number): Record<string, string> {
  const m = USUAL_AUTHORIZATION.exec(auth);
  if (m) return { Credential: m[1], SignedHeaders: m[2], Signature: m[3] };
  const params = Object.create(null) as Record<string, string>;
  for (const piece of auth.slice(space + 1).split(',')) {
    const part = piece.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new IncompleteSignatureException(`'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`);
    const name = part.slice(0, eq);
    if (name in params) throw new IncompleteSignatureException(`'${name}' appears more than once in Authorization header: '${auth}'.`);
    params[name] = part.slice(eq + 1);
  }
  return params;
}

interface Authorization {
  credential: string;
  signedHeaders: string;
  signature: string;
  /** The X-Amz-Date header as sent. */
  dateText: string;
}

/**
 * The Authorization header read and its parts checked for presence, with Coral's errors in its
 * order (as recorded by mhart/dynalite): both header and query-string signing, no Authorization,
 * an algorithm other than AWS4-HMAC-SHA256, a part or the date missing. Two Authorization headers
 * are refused [OURS: the wording is ours], as the two could be read differently along the way.
 */
function readAuthorization(req: ApiRequestParts, repeated: boolean): Authorization {
  const auth = req.headers.authorization;
  if (auth && req.query !== '' && queryNames(req.query).includes('X-Amz-Algorithm')) {
    throw new InvalidSignatureException("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (!auth) throw new MissingAuthenticationTokenException();
  const sent = repeated ? headerValues(req, 'authorization')!.length : 1;
  if (sent > 1) throw new IncompleteSignatureException(`Found ${sent} 'Authorization' headers: a signed request carries exactly one.`);
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
  return {
    credential: params.Credential, signedHeaders: params.SignedHeaders, signature: params.Signature,
    dateText: Array.isArray(dateHeader) ? dateHeader.join(',') : String(dateHeader),
  };
}

/**
 * The headers that must be signed. Host and X-Amz-Date: SigV4 requires both in SignedHeaders
 * (AWS IAM User Guide, "Create a signed AWS API request": "The host header must be included as a
 * signed header. If you include a date or x-amz-date header, you must also include that header in
 * the set of signed headers"); Coral's refusal of an unsigned Host is on record (mhart/dynalite),
 * the X-Amz-Date one follows its wording [OURS]. X-Amz-Target, when sent [OURS]: it names the
 * operation, so a signed call replayed with another target would otherwise run another operation.
 * The SDKs, botocore (aws CLI, boto3) and curl --aws-sigv4 all sign it (test/e2e/authClients.test.ts).
 */
function checkSignedHeaders(list: SignedHeaderList, headers: IncomingHttpHeaders): void {
  if (!list.host) throw new InvalidSignatureException("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  if (!list.date) throw new InvalidSignatureException("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  if (!list.target && headers['x-amz-target'] !== undefined) {
    throw new InvalidSignatureException("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
  }
}

/** The date within 15 minutes of the server's clock, with Coral's messages. */
function checkSkew(dateMs: number, nowMs: number): void {
  const skew = nowMs - dateMs;
  if (skew > MAX_SKEW_MS) {
    throw new InvalidSignatureException(`Signature expired: ${amzDate(dateMs)} is now earlier than ${amzDate(nowMs - MAX_SKEW_MS)} (${amzDate(nowMs)} - 15 min.)`);
  }
  if (-skew > MAX_SKEW_MS) {
    throw new InvalidSignatureException(`Signature not yet current: ${amzDate(dateMs)} is still later than ${amzDate(nowMs + MAX_SKEW_MS)} (${amzDate(nowMs)} + 15 min.)`);
  }
}

/** The credential scope <day>/<region>/<service>/aws4_request, every problem named at once as Coral does. */
function checkScope(scope: readonly string[], dateText: string, service: string): void {
  const [, scopeDate, region, scopeService, terminator] = scope;
  const regionOk = REGION.test(region);
  const dayOk = dateText.startsWith(scopeDate) && scopeDate.length === 8;
  if (regionOk && scopeService === service && dayOk && terminator === 'aws4_request') return;
  const scopeProblems: string[] = [];
  if (!regionOk) scopeProblems.push(`Credential should be scoped to a valid region, not '${region}'. `);
  if (scopeService !== service) scopeProblems.push(`Credential should be scoped to correct service: '${service}'. `);
  if (!dayOk) scopeProblems.push(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${dateText.slice(0, 8)}', from '${dateText}'. `);
  if (terminator !== 'aws4_request') scopeProblems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `);
  throw new InvalidSignatureException(scopeProblems.join(''));
}

export interface Caller {
  key: AccessKey;
  region: string;
}

/** Verifies a header-signed API request; returns the key's account and the region of its scope. */
export async function verifyApiRequest(req: ApiRequestParts, keys: KeyRing, nowMs: number, service: string): Promise<Caller> {
  const repeated = hasRepeatedHeaders(req);
  const auth = readAuthorization(req, repeated);
  const dateMs = amzDateMs(auth.dateText);
  if (dateMs === undefined) throw new IncompleteSignatureException(`Date must be in ISO-8601 'basic format'. Got '${auth.dateText}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  const scope = credentialScope(auth.credential);
  if (scope.length !== 5) {
    throw new IncompleteSignatureException(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${auth.credential}'`);
  }
  checkSkew(dateMs, nowMs);
  const signed = signedHeaderList(auth.signedHeaders);
  checkSignedHeaders(signed, req.headers);
  checkScope(scope, auth.dateText, service);
  const key = keys.lookup(scope[0]);
  if (!key) throw new UnrecognizedClientException();

  const payloadHash = sha256Hex(req.body);
  const claimed = signed.contentSha256 ? req.headers['x-amz-content-sha256'] : undefined;
  if (claimed !== undefined && String(claimed) !== payloadHash) throw signatureMismatch();
  const canonicalRequest = plainCanonicalRequest(req, signed.names, payloadHash, repeated, auth.signedHeaders)
    ?? generalCanonicalRequest(req, signed.names, payloadHash);
  if (canonicalRequest === undefined) throw signatureMismatch();
  // The scope the checks above proved to be <day>/<region>/<service>/aws4_request, as sent:
  // createScope() would build the same string anew for each request.
  const scopeText = auth.credential.slice(scope[0].length + 1);
  const signingKey = cachedSigningKey(key, scopeText) ?? await deriveSigningKey(key, scopeText, scope[1], scope[2], service);
  // The string to sign of SigV4 (AWS General Reference, "Create a string to sign"): algorithm,
  // request date, credential scope, hex SHA-256 of the canonical request.
  const stringToSign = `AWS4-HMAC-SHA256\n${auth.dateText}\n${scopeText}\n${sha256Hex(canonicalRequest)}`;
  if (!safeEqual(signingKey.hex(stringToSign), auth.signature)) throw signatureMismatch();
  return { key, region: scope[2] };
}

const signatureMismatch = (): InvalidSignatureException => new InvalidSignatureException(
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
);


// What the extension routes share (docs/extensions.md): their deps, the SigV4 check of a signed
// GET (the API's own verifier, service name `cognito-import`), the query string read as the
// signature check reads it, and answers in the API's JSON and error shapes.
import type { ConsoleToken } from '../../auth/consoleToken';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InternalErrorException, InvalidParameterException, RequestEntityTooLargeException, RequestTimeoutException, ServiceError } from '../../api/errors';
import type { AccessKey, KeyRing } from '../../auth/keys';
import { verifyApiRequest } from '../../auth/sigv4';
import type { JobReadDeps } from '../../extensions/jobs';
import { encodeError } from '../../protocol/awsJson';
import type { Scope } from '../../store/ports';
import type { ApiFacts } from '../apiHandler';
import { BodyTimeoutError, BodyTooLargeError, readBody, type BodyTimeouts } from '../body';
import type { Logger } from '../logger';

/** The extension routes' path prefix: not AWS's, and never one of its paths. */
export const EXTENSION_PREFIX = '/_cognito-import/v1/';
/** The service name in the SigV4 credential scope of an extension request. */
export const EXTENSION_SIGNING_NAME = 'cognito-import';

export interface ExtensionDeps extends JobReadDeps {
  keys: KeyRing;
  log: Logger;
  /** The data dir's folder of .eml files (src/messages/fileOutbox.ts). */
  outboxDir: string;
  /**
   * The key the server made itself (no credentials configured): the console's local key, given
   * only to a request carrying the console token (src/http/extensions/localKey.ts).
   */
  localKey?: { key: AccessKey; region: string; consoleToken: ConsoleToken };
  bodyTimeouts?: BodyTimeouts;
}

/** One request to an extension route. */
export interface ExtensionCall {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  /** The path as sent, before any '?'. */
  path: string;
  /** The query string as sent, after '?'; '' when none. */
  query: string;
  /** What the request log line says of it (src/http/server.ts). */
  facts: ApiFacts;
}

/**
 * Verifies the request's SigV4 header signature as the API does (src/auth/sigv4.ts), with the
 * path and query as sent; returns the caller's scope (the key's account, the credential's region).
 * A GET carries no body: one sent is refused before it is read whole.
 */
export async function authenticate(c: ExtensionCall, d: ExtensionDeps): Promise<Scope> {
  let body: Buffer;
  try {
    body = await readBody(c.req, 0, d.bodyTimeouts);
  } catch (e) {
    if (e instanceof BodyTimeoutError) throw new RequestTimeoutException(e.message);
    if (e instanceof BodyTooLargeError) {
      c.res.setHeader('Connection', 'close');
      throw new RequestEntityTooLargeException('The extension routes take no request body: send the request without one.');
    }
    throw e;
  }
  const caller = await verifyApiRequest(
    { method: c.req.method ?? 'GET', path: c.path, query: c.query, headers: c.req.headers, rawHeaders: c.req.rawHeaders, body },
    d.keys, d.clock.now(), EXTENSION_SIGNING_NAME,
  );
  c.facts.account = caller.key.accountId;
  return { accountId: caller.key.accountId, region: caller.region };
}

/** [OURS] A method the extension routes do not answer: 405, in the API's error shape. */
export class MethodNotAllowedException extends ServiceError {
  constructor(message: string) {
    super('MethodNotAllowedException', 'client', message, 405);
  }
}

/** A path segment or query piece decoded; bad percent-encoding is InvalidParameterException naming it. */
export function decodePiece(s: string, what: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new InvalidParameterException(`The ${what} '${s}' is not valid percent-encoding (UTF-8 bytes as %XX).`);
  }
}

/** `none`, `a`, `a and b`, `a, b and c`. */
const names = (list: readonly string[]): string =>
  list.length === 0 ? 'none' : list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;

/**
 * The query's parameters, each at most once and each one the route takes. A '+' is a plus sign,
 * as the signature check reads it (src/auth/canonical.ts): a space is sent as %20.
 */
export function queryParams(query: string, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = decodePiece(eq < 0 ? piece : piece.slice(0, eq), 'query parameter name');
    const value = eq < 0 ? '' : decodePiece(piece.slice(eq + 1), `value of the query parameter ${name}`);
    if (!allowed.includes(name)) {
      throw new InvalidParameterException(`This route takes no query parameter '${name}'; it takes ${names(allowed)}.`);
    }
    if (out.has(name)) throw new InvalidParameterException(`The query parameter '${name}' is given more than once.`);
    out.set(name, value);
  }
  return out;
}

export function sendJson(c: ExtensionCall, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  c.res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'x-amzn-RequestId': c.requestId, ...extra });
  c.res.end(text);
}

/** An error in the API's shape: {"__type", "message"}, x-amzn-ErrorType, the API's status. */
export function sendError(c: ExtensionCall, err: ServiceError): void {
  c.facts.errorType = err.wireName;
  const out = encodeError(err);
  c.res.writeHead(out.status, { ...out.headers, 'Content-Length': String(Buffer.byteLength(out.body)), 'x-amzn-RequestId': c.requestId });
  c.res.end(out.body);
}

/** A ServiceError as it is; anything else logged and answered as InternalErrorException, as the API does. */
export function asServiceError(e: unknown, c: ExtensionCall, log: Logger): ServiceError {
  if (e instanceof ServiceError) return e;
  log.error('internal error', { requestId: c.requestId, error: e instanceof Error ? e.stack : String(e) });
  return new InternalErrorException(`An internal error occurred. Quote request id ${c.requestId} when you report it.`);
}

// One API request, in order (shared/design.md): read body -> route by X-Amz-Target ->
// authenticate (SigV4) -> decode -> validate against the model -> operation -> encode.
// Any error that is not a ServiceError becomes InternalErrorException here and nowhere else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  InternalErrorException, RequestEntityTooLargeException, RequestTimeoutException, ServiceError, UnknownOperationException,
} from '../api/errors';
import { verifyApiRequest } from '../auth/sigv4';
import type { KeyRing } from '../auth/keys';
import type { Clock } from '../domain/clock';
import type { ServiceBinding } from '../operations';
import { CONTENT_TYPE, decodeBody, encodeError, toWire } from '../protocol/awsJson';
import { EncodedAnswer } from '../protocol/encodedAnswer';
import { validateInput } from '../protocol/validate';
import { BodyTimeoutError, BodyTooLargeError, readBody, type BodyTimeouts } from './body';
import { endTogether } from './endTogether';
import { nextTurn } from '../nextTurn';
import type { Logger } from './logger';

/** Request bodies over 1 MiB are refused before they are read whole (docs/behaviour.md, "The API"). */
export const MAX_API_BODY = 1024 * 1024;

/**
 * From this size on, the body's signature check, parse and validation each get a turn of the
 * event loop of their own: on a 1 MiB body each takes 1-4 ms (hashing, JSON.parse), and in one
 * turn they held the loop past the ~20 ms budget on a loaded machine (docs/spec.md section 11).
 */
const SPLIT_FROM = 64 * 1024;

export interface ApiDeps {
  keys: KeyRing;
  clock: Clock;
  services: ServiceBinding[];
  log: Logger;
  /** How long a body may take (src/config.ts, HttpTimeouts); none for no limit of our own. */
  bodyTimeouts?: BodyTimeouts;
}

interface Route {
  binding: ServiceBinding;
  name: string;
}

/**
 * Routes found, by X-Amz-Target and per set of services. Only targets that name an operation are
 * kept, so there are at most as many entries as operations served.
 */
const routes = new WeakMap<ServiceBinding[], Map<string, Route>>();

/** X-Amz-Target is `<service prefix>.<operation>`, e.g. AWSCognitoIdentityProviderService.DescribeUserImportJob. */
function route(target: string | string[] | undefined, services: ServiceBinding[]): Route {
  const t = Array.isArray(target) ? target[0] : target;
  let known = routes.get(services);
  if (!known) routes.set(services, (known = new Map()));
  const found = t === undefined ? undefined : known.get(t);
  if (found) return found;
  const dot = t ? t.lastIndexOf('.') : -1;
  const binding = dot > 0 ? services.find((b) => b.targetPrefix === t!.slice(0, dot)) : undefined;
  const name = t ? t.slice(dot + 1) : '';
  if (!binding || !Object.hasOwn(binding.operations, name)) {
    throw new UnknownOperationException(t
      ? `The X-Amz-Target header '${t}' names no operation this server serves.`
      : `The X-Amz-Target header is missing: it names the operation, as in '${services[0].targetPrefix}.DescribeUserImportJob'.`);
  }
  const r = { binding, name };
  known.set(t!, r);
  return r;
}

/** Takes the headers object over: callers pass a fresh one. */
function send(res: ServerResponse, requestId: string, date: string, status: number, headers: Record<string, string>, body: string | Buffer): void {
  headers['x-amzn-RequestId'] = requestId;
  headers.Date = date;
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  endTogether(res, body);
}

/** What the request log line says of an API call (src/http/server.ts), filled in as it becomes known. */
export interface ApiFacts {
  operation?: string;
  account?: string;
  errorType?: string;
}

/** date: the Date header's text, from the injected clock (src/http/server.ts). */
export async function handleApi(req: IncomingMessage, res: ServerResponse, requestId: string, date: string, deps: ApiDeps, facts: ApiFacts = {}): Promise<void> {
  try {
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_API_BODY, deps.bodyTimeouts);
    } catch (e) {
      if (e instanceof BodyTimeoutError) {
        // The rest of a late body is not read: the connection closes with the answer.
        res.setHeader('Connection', 'close');
        throw new RequestTimeoutException(e.message);
      }
      // The client went away mid-body: nobody to answer, and not a fault of ours.
      if (!(e instanceof BodyTooLargeError) && !req.complete) return deps.log.info('request abandoned by the client mid-body', { requestId });
      if (!(e instanceof BodyTooLargeError)) throw e;
      res.setHeader('Connection', 'close');
      throw new RequestEntityTooLargeException(`The request body is larger than ${MAX_API_BODY} bytes (1 MiB), the most this API accepts.`);
    }
    const { binding, name } = route(req.headers['x-amz-target'], deps.services);
    facts.operation = name;
    // The server routes only POST / here (src/http/server.ts), so the path to sign is '/'. A
    // query, when sent, is signed like the rest (SigV4 canonical query); rawHeaders carry the
    // headers sent more than once, which Node's headers object joins or drops.
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const op = binding.operations[name];
    // The public sign-in calls (InitiateAuth...) are unsigned, as on AWS: a signature sent anyway
    // is not looked at. The operation finds its pool and account from a client id or a token.
    const caller = op.unsigned ? undefined : await verifyApiRequest(
      { method: req.method ?? 'POST', path: '/', query: q < 0 ? '' : url.slice(q + 1), headers: req.headers, rawHeaders: req.rawHeaders, body: raw },
      deps.keys, deps.clock.now(), binding.signingName,
    );
    if (caller) facts.account = caller.key.accountId;
    const split = raw.length >= SPLIT_FROM;
    if (split) await nextTurn();
    const decoded = decodeBody(raw);
    if (split) await nextTurn();
    const input = validateInput(binding.shapes, op.input, decoded);
    const handler = binding.handlers[name] as (i: unknown, c: unknown) => Promise<unknown>;
    const output = await handler(input, caller ? { scope: { accountId: caller.key.accountId, region: caller.region }, requestId } : { requestId });
    const body = output instanceof EncodedAnswer ? output.json : JSON.stringify(toWire(binding.shapes, op.output, output));
    send(res, requestId, date, 200, { 'Content-Type': CONTENT_TYPE }, body);
  } catch (e) {
    let err: ServiceError;
    if (e instanceof ServiceError) {
      err = e;
    } else {
      deps.log.error('internal error', { requestId, error: e instanceof Error ? e.stack : String(e) });
      err = new InternalErrorException(`An internal error occurred. Quote request id ${requestId} when you report it.`);
    }
    facts.errorType = err.wireName;
    const out = encodeError(err);
    send(res, requestId, date, out.status, out.headers, out.body);
  }
}

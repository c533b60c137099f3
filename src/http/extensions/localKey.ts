// GET /_cognito-import/v1/console/local-key: the zero-config local server's own key, for the web
// console opened with the link `cognito-import serve` prints (docs/extensions.md, "console/local-key").
// Unsigned: it is how the console gets a key. Answered only when every one of these holds,
// otherwise the route does not exist (the 404 of an unknown route):
// - the server made its key itself (no credentials file or key given): a key an operator
//   configured is never handed out;
// - the TCP peer is loopback and no proxy header says it relays someone else (src/http/localRequest.ts);
// - the Host header names loopback (127.0.0.1, localhost, [::1], any port): a page of another
//   site whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name;
// - the request carries X-Cognito-Import-Console: <the console token> (src/auth/consoleToken.ts),
//   checked last so that only a request given the key spends it. The token is in the link's
//   fragment, which the browser never sends and which only who reads the server's output has:
//   other users and processes of the machine, and clients of a reverse proxy that hides itself
//   (nginx's plain proxy_pass sends a loopback Host and no proxy header), cannot ask. A page of
//   another origin can send the header only after a CORS preflight, which this server never grants.
import type { IncomingMessage } from 'node:http';
import { isLocalRequest } from '../localRequest';
import { sendJson, type ExtensionCall, type ExtensionDeps } from './common';

export const CONSOLE_HEADER = 'x-cognito-import-console';

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/** One Host header, naming loopback. */
function loopbackHost(req: IncomingMessage): boolean {
  // rawHeaders, not headers: Node keeps only the first of two Host headers there.
  const hosts: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'host') hosts.push(req.rawHeaders[i + 1]);
  return hosts.length === 1 && LOOPBACK_HOST.test(hosts[0]);
}

/** Why the key may not be given to this request; undefined when it may (and the token is spent). Each reason is a 404 to the client. */
export function localKeyRefusal(req: IncomingMessage, d: Pick<ExtensionDeps, 'localKey'>): string | undefined {
  if (!d.localKey) return 'the server was given its keys';
  if (req.method !== 'GET') return 'not a GET';
  if (!isLocalRequest(req)) return 'not from this machine, or through a proxy';
  if (!loopbackHost(req)) return 'the Host header does not name loopback';
  const given = req.headers[CONSOLE_HEADER];
  if (!d.localKey.consoleToken.take(typeof given === 'string' ? given : undefined)) return `no ${CONSOLE_HEADER} header with the console token`;
  return undefined;
}

/** False when refused: the caller answers as for an unknown route. */
export function handleLocalKey(c: ExtensionCall, d: ExtensionDeps): boolean {
  if (localKeyRefusal(c.req, d) !== undefined) return false;
  const { key, region } = d.localKey!;
  c.facts.account = key.accountId;
  c.req.resume();
  sendJson(c, 200, { AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey, Region: region }, { 'Cache-Control': 'no-store' });
  return true;
}

// GET /_cognito-import/v1/console/local-key: the zero-config local server's own key, for the web
// console opened in a browser on the same machine (docs/extensions.md, "console/local-key").
// Unsigned: it is how the console gets a key. Answered only when every one of these holds,
// otherwise the route does not exist (the 404 of an unknown route):
// - the server made its key itself (no credentials file or key given): a key an operator
//   configured is never handed out;
// - the TCP peer is loopback and no proxy says it relays someone else (Forwarded, X-Forwarded-For);
// - the Host header names loopback (127.0.0.1, localhost, [::1], any port): a page of another
//   site whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name;
// - the request carries X-Cognito-Import-Console: 1. A page of another origin can only send that
//   header after a CORS preflight, which this server never grants, so it cannot read the key.
import type { IncomingMessage } from 'node:http';
import { isLocalRequest } from '../eventLoopDelay';
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

/** Why the key may be given to this request; undefined when it may. Each reason is a 404 to the client. */
export function localKeyRefusal(req: IncomingMessage, d: Pick<ExtensionDeps, 'localKey'>): string | undefined {
  if (!d.localKey) return 'the server was given its keys';
  if (!isLocalRequest(req)) return 'not from this machine, or through a proxy';
  if (!loopbackHost(req)) return 'the Host header does not name loopback';
  if (req.headers[CONSOLE_HEADER] !== '1') return `no ${CONSOLE_HEADER}: 1 header`;
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

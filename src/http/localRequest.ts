// Who is asking: a client on this machine, or someone relayed to it. The routes that serve only
// this machine (/metrics with --metrics local, /debug/event-loop-delay, console/local-key) ask here.
import type { IncomingMessage } from 'node:http';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (a server listening on ::). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Headers a proxy adds when it relays a client: `Forwarded` (RFC 7239), `Via` (RFC 9110 7.6.3),
 * the de-facto `X-Forwarded-*` family (For, Host, Proto, Port...), and the client-address headers
 * of nginx (`X-Real-IP`) and of CDNs and load balancers. Any one of them means the loopback peer
 * is a proxy speaking for someone else.
 */
const PROXY_HEADERS = new Set(['forwarded', 'via', 'x-real-ip', 'x-client-ip', 'true-client-ip', 'cf-connecting-ip',
  'fastly-client-ip', 'x-cluster-client-ip', 'x-original-forwarded-for']);

export function saysProxied(req: IncomingMessage): boolean {
  return Object.keys(req.headers).some((h) => PROXY_HEADERS.has(h) || h.startsWith('x-forwarded-'));
}

/**
 * A request from a client on this machine, not relayed by a proxy on it: a reverse proxy on the
 * same host connects from loopback for every client it serves, and most say so with one of the
 * headers above. A proxy that adds none cannot be told from a local client (nginx's plain
 * proxy_pass adds none); docs/operations.md says to turn such routes off there, and
 * console/local-key asks for a token besides (docs/extensions.md).
 */
export function isLocalRequest(req: IncomingMessage): boolean {
  return isLoopback(req.socket.remoteAddress) && !saysProxied(req);
}

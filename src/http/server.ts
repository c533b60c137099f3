// Routes: POST / -> the AWS JSON API; PUT /<account>/<pool>/<job>?X-Amz-... -> upload;
// GET /health; GET /<poolId>/.well-known/{jwks.json,openid-configuration} (wellKnown.ts);
// GET /console/ -> the web console's static files (console.ts).
// GET /_cognito-import/v1/... -> this server's own extension routes (extensions/routes.ts).
// Each request gets an id first, so every answer and log line carries it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpTimeouts } from '../config';
import type { IdGenerator } from '../domain/ids';
import { handleApi, MAX_API_BODY, type ApiDeps, type ApiFacts } from './apiHandler';
import { handleUpload, type UploadDeps } from './upload';
import type { Logger } from './logger';
import { handleHealth, type HealthChecks } from './health';
import { EVENT_LOOP_DELAY_PATH, eventLoopDelayRoute } from './eventLoopDelay';
import { METRICS_PATH, type ServerMetrics } from './metrics';
import type { MetricsExposure } from '../config';
import { wellKnownAnswer, wellKnownLabel, wellKnownRoute, type WellKnownDeps } from './wellKnown';
import { CONSOLE_PATH, handleConsole, type ConsoleSite } from './console';
import type { ExtensionDeps } from './extensions/common';
import { extensionLabel, extensionRoute, handleExtension } from './extensions/routes';

export interface ServerDeps {
  api: ApiDeps;
  /** Our own upload endpoint; none when clients upload straight to the blob store (S3). */
  upload?: UploadDeps;
  ids: IdGenerator;
  log: Logger;
  health: HealthChecks;
  timeouts: HttpTimeouts;
  /** Serve GET/POST /debug/event-loop-delay to local clients (serve --debug-event-loop-delay). */
  eventLoopDelay?: boolean;
  /** Counted requests and GET /metrics (src/http/metrics.ts); none with --metrics off. */
  metrics?: { m: ServerMetrics; exposure: MetricsExposure };
  /** A pool's JWKS and discovery document (wellKnown.ts). */
  wellKnown?: WellKnownDeps;
  /** The web console's files (console.ts); none, and /console is an unknown path. */
  console?: ConsoleSite;
  /** The routes under /_cognito-import/v1/ (docs/extensions.md); none: those paths are unknown. */
  extensions?: ExtensionDeps;
}

const isConsolePath = (path: string): boolean => path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);

/** The metrics label of a request that is not an API call. */
function routeOf(method: string | undefined, path: string): string {
  if (method === 'PUT') return 'Upload';
  if (path === '/health') return 'Health';
  if (path === METRICS_PATH) return 'Metrics';
  const wellKnown = method === 'GET' ? wellKnownRoute(path) : undefined;
  if (wellKnown) return wellKnownLabel(wellKnown);
  if (isConsolePath(path)) return 'Console';
  const extension = extensionRoute(path);
  if (extension) return extensionLabel(extension);
  return 'Other';
}

function json(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
  res.end(text);
}

/** The Date header text changes once a second: format it once a second (as Node's own does). */
let lastDateSecond = -1;
let lastDateText = '';
function httpDate(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== lastDateSecond) {
    lastDateSecond = second;
    lastDateText = new Date(second * 1000).toUTCString();
  }
  return lastDateText;
}

/** Handlers still running, per server: a connection dropped at close leaves its handler going. */
const running = new WeakMap<Server, Set<Promise<void>>>();

/**
 * Settles when every request handler the server started has finished. The app waits for it
 * between closing the server and closing the store: a handler whose connection was dropped at
 * close still awaits the store, and a closed PostgreSQL pool made it log an internal error.
 */
export async function requestsSettled(server: Server): Promise<void> {
  const set = running.get(server);
  while (set?.size) await Promise.allSettled([...set]);
}

export function createHttpServer(d: ServerDeps): Server {
  const eventLoop = d.eventLoopDelay ? eventLoopDelayRoute() : undefined;
  const inFlight = new Set<Promise<void>>();
  const handle = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    const requestId = d.ids.requestId();
    // The Date header comes from the clock that checks signatures and URL expiry: SDKs correct
    // their skew from it, so another clock here would make them sign with the wrong time.
    // API answers carry it in the one header object they give writeHead(): a header set before
    // with setHeader() sends writeHead() down Node's slow path, every header set and checked
    // one at a time (4.4 % of the server's CPU under bench/api).
    const date = httpDate(d.api.clock.now());
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const started = performance.now();
    const facts: ApiFacts = {};
    let work: Promise<void>;
    const api = req.method === 'POST' && path === '/';
    if (api) {
      // An oversized body is refused without inviting the client to send it.
      if (expectsContinue && !(Number(req.headers['content-length']) > MAX_API_BODY)) res.writeContinue();
      work = handleApi(req, res, requestId, date, d.api, facts);
    } else {
      res.setHeader('Date', date);
      work = handleOther(req, res, path, requestId, expectsContinue, query < 0 ? '' : url.slice(query + 1), facts);
    }
    const tracked = work.catch((e: unknown) => {
      d.log.error('unhandled request failure', { requestId, error: e instanceof Error ? e.stack : String(e) });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.setHeader('Date', date);
      json(res, 500, requestId, { __type: 'InternalErrorException', message: `An internal error occurred. Quote request id ${requestId} when you report it.` });
    }).finally(() => {
      inFlight.delete(tracked);
      const ms = performance.now() - started;
      // One line per request: no query (an upload URL's carries its signature), no body.
      d.log.info('request', {
        requestId, ...(api ? facts : { method: req.method, path, ...facts }), status: res.statusCode, durationMs: Math.round(ms * 100) / 100,
      });
      d.metrics?.m.request((api ? facts.operation : routeOf(req.method, path)) ?? 'Unknown', res.statusCode, ms / 1000);
    });
    inFlight.add(tracked);
  };
  const handleOther = (req: IncomingMessage, res: ServerResponse, path: string, requestId: string, expectsContinue: boolean, query: string, facts: ApiFacts): Promise<void> => {
    const extension = d.extensions ? extensionRoute(path) : undefined;
    if (extension) {
      return handleExtension({ req, res, requestId, path, query, facts }, d.extensions!, extension)
        .then((served) => { if (!served) notFound(req, res, path, requestId); });
    }
    if (req.method === 'PUT' && d.upload) return handleUpload(req, res, expectsContinue, d.upload);
    if ((req.method === 'GET' || req.method === 'HEAD') && path === '/health') return handleHealth(res, requestId, d.health);
    const wellKnown = d.wellKnown && req.method === 'GET' ? wellKnownRoute(path) : undefined;
    if (wellKnown) return wellKnownAnswer(wellKnown, d.wellKnown!).then((a) => json(res, a.status, requestId, a.body));
    if (d.console && (req.method === 'GET' || req.method === 'HEAD') && isConsolePath(path)) {
      return handleConsole(req, res, path, requestId, d.console).then((served) => { if (!served) notFound(req, res, path, requestId); });
    }
    if (eventLoop && path === EVENT_LOOP_DELAY_PATH && eventLoop.handle(req, res, requestId)) return Promise.resolve();
    if (d.metrics && path === METRICS_PATH) {
      const { m, exposure } = d.metrics;
      return m.handle(req, res, exposure).then((served) => { if (!served) notFound(req, res, path, requestId); });
    }
    notFound(req, res, path, requestId);
    return Promise.resolve();
  };
  const notFound = (req: IncomingMessage, res: ServerResponse, path: string, requestId: string): void => json(res, 404, requestId, {
    __type: 'UnknownOperationException',
    message: `${req.method} ${path} is not served here: send AWS JSON API calls as POST / and uploads as PUT to a PreSignedUrl.`,
  });
  // Node has one headersTimeout and one requestTimeout per server. Headers are short on every
  // route, so theirs is the API's; the whole request may take the upload's budget (100 MB on a
  // slow link: src/config.ts), and the API's body has a shorter budget of its own (readBody).
  // Node checks both only every connectionsCheckingInterval (30 s unless told): at most a second here.
  const t = d.timeouts;
  const server = createServer({
    headersTimeout: t.headersMs,
    requestTimeout: t.uploadMs,
    connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(t.headersMs / 4))),
  }, (req, res) => handle(req, res, false));
  // A connection with nothing sent or received for this long is dropped, on every route.
  server.setTimeout(t.idleMs);
  // With a listener Node leaves 'Expect: 100-continue' to us: a body refused for its size, its
  // signature or its job is refused before the client is invited to send it.
  server.on('checkContinue', (req, res) => handle(req, res, true));
  if (eventLoop) server.once('close', () => eventLoop.stop());
  running.set(server, inFlight);
  return server;
}

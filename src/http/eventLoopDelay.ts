// Opt-in (serve --debug-event-loop-delay): a histogram of the server's event-loop delay
// (perf_hooks.monitorEventLoopDelay), read over HTTP at /debug/event-loop-delay by a client on
// the same machine. bench/api reads it around an import: the delay must come out of the server's
// own process, and over a window the bench chooses (the import), not the server's whole life.
//   GET   the window so far;   POST   the window so far, and a new one starts.
// Why a route: a figure printed at exit would mix in the start, the upload and the idle time; a
// signal is not portable and SIGUSR1 is Node's inspector. Off by default; when off, or asked from
// another machine, the path is the ordinary 404 of an unknown route.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLocalRequest } from './localRequest';

export const EVENT_LOOP_DELAY_PATH = '/debug/event-loop-delay';

/**
 * Node's smallest. The histogram records the time between two ticks of a timer this often, so a
 * tick's delay is what it records less the resolution (the 1 ms every tick waits anyway).
 */
const RESOLUTION_MS = 1;

export interface EventLoopDelayWindow {
  resolutionMs: number;
  /** Ticks recorded in the window. */
  samples: number;
  /** Delay of a tick past its due time, in ms: percentiles over the window's ticks. */
  delayMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

const delay = (recordedNs: number): number => Math.round(Math.max(0, recordedNs / 1e6 - RESOLUTION_MS) * 1000) / 1000;

function windowOf(h: IntervalHistogram): EventLoopDelayWindow {
  const samples = h.count;
  const p = (q: number): number => (samples ? delay(h.percentile(q)) : 0);
  return {
    resolutionMs: RESOLUTION_MS, samples,
    delayMs: { p50: p(50), p90: p(90), p99: p(99), max: samples ? delay(h.max) : 0, mean: samples ? delay(h.mean) : 0 },
  };
}

export interface EventLoopDelayRoute {
  /** Serves GET and POST from a loopback address; false (nothing sent) for anything else. */
  handle(req: IncomingMessage, res: ServerResponse, requestId: string): boolean;
  stop(): void;
}

export function eventLoopDelayRoute(): EventLoopDelayRoute {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  return {
    handle(req, res, requestId) {
      if ((req.method !== 'GET' && req.method !== 'POST') || !isLocalRequest(req)) return false;
      const text = JSON.stringify(windowOf(h));
      if (req.method === 'POST') h.reset();
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
      res.end(text);
      return true;
    },
    stop: () => h.disable(),
  };
}

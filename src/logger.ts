// The server's log: one JSON line per event on stderr, from pino (a well-kept structured
// logger: levels, fast serialization, synchronous writes so no line is lost at exit). The request
// id ties a failure to the answer the client got. No line carries a user's attribute values or a
// secret: callers pass ids, counts, names of things and error text only.
import pino from 'pino';

export interface Logger {
  error(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
}

/** --log-level: what is written; 'info' writes a line per request and per job event. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'silent'] as const;
export type LogLevel = typeof LOG_LEVELS[number];

/**
 * pino's timestamp as ISO 8601, made once a millisecond: under load many lines share one, and
 * new Date().toISOString() was half of a request line's cost (docs/benchmarks.md, "Log lines").
 */
function isoTimeOncePerMs(): () => string {
  let ms = -1;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== ms) {
      ms = now;
      text = `,"time":"${new Date(now).toISOString()}"`;
    }
    return text;
  };
}

/** JSON lines on file descriptor `fd` (2: stderr), as {"level":"info","time":"<ISO 8601>",...fields,"msg":...}. */
export function jsonLogger(level: LogLevel = 'info', fd = 2): Logger {
  const p = pino({
    level, base: undefined, timestamp: isoTimeOncePerMs(),
    formatters: { level: (label) => ({ level: label }) },
  }, pino.destination({ dest: fd, sync: true }));
  return {
    error: (msg, fields) => p.error(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
  };
}

export const silentLogger: Logger = { error: () => {}, info: () => {} };

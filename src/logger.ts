/** One JSON line per event on stderr; the request id ties a failure to the answer the client got. */
export interface Logger {
  error(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
}

export const stderrLogger: Logger = {
  error: (msg, fields) => process.stderr.write(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, ...fields }) + '\n'),
  info: (msg, fields) => process.stderr.write(JSON.stringify({ level: 'info', time: new Date().toISOString(), msg, ...fields }) + '\n'),
};

export const silentLogger: Logger = { error: () => {}, info: () => {} };

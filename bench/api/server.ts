// Our server as a user runs it (bin/cognito-import.js serve, its own process), with the
// event-loop delay opt-in (serve --debug-event-loop-delay), and what the bench asks of it.
import { Agent } from 'node:http';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { spawnListening, stopChild, type Child } from '../children';
import { REGION, send, type Key } from './signing';

const BIN = join(__dirname, '..', '..', '..', 'bin', 'cognito-import.js');
export const ACCOUNT_ID = '111111111111';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/CognitoCloudWatchLogsRole`;

export interface ServerSettings {
  key: Key;
  dataDir: string;
  databaseUrl?: string;
  cpuProfDir?: string;
  /** The server's --log-level. */
  logLevel: string;
  /** The server's --hashing-concurrency; its default when undefined. */
  hashingConcurrency?: number;
}

/**
 * BENCH_SERVER_NODE_OPTIONS, when set, is given to our server process only as NODE_OPTIONS
 * (e.g. --perf-basic-prof for `perf record -p <pid>`).
 */
export function startServer(s: ServerSettings): Promise<Child> {
  const profArgs = s.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', s.cpuProfDir] : [];
  const dbArgs = s.databaseUrl ? ['--database-url', s.databaseUrl] : [];
  const hashArgs = s.hashingConcurrency ? ['--hashing-concurrency', String(s.hashingConcurrency)] : [];
  return spawnListening('cognito-import server', [...profArgs, BIN, 'serve', '--port', '0', '--data-dir', s.dataDir, ...dbArgs, ...hashArgs, '--debug-event-loop-delay', '--log-level', s.logLevel], {
    PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    COGNITO_IMPORT_ACCESS_KEY_ID: s.key.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: s.key.secretAccessKey, COGNITO_IMPORT_ACCOUNT_ID: ACCOUNT_ID,
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  });
}

/** SIGTERM: the server finishes cleanly; its log must hold no error. */
export async function stopServer(server: Child): Promise<string[]> {
  await stopChild(server.child);
  return server.output().split('\n').filter((l) => l.includes('"level":"error"'));
}

export function sdkFor(server: Child, key: Key): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint: `http://127.0.0.1:${server.port}`, region: REGION, maxAttempts: 1, credentials: key });
}

/** The server's event-loop delay over a window, in ms (src/http/eventLoopDelay.ts). */
export interface LoopDelay {
  samples: number;
  delayMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

/** POST starts a new window (answering the last one), GET reads the current one. */
export async function eventLoopDelay(server: Child, method: 'GET' | 'POST'): Promise<LoopDelay> {
  const agent = new Agent({ keepAlive: false });
  try {
    const a = await send(server.port, { method, path: '/debug/event-loop-delay', headers: {}, body: '' }, agent);
    if (a.status !== 200) throw new Error(`/debug/event-loop-delay answered ${a.status}: the server has no --debug-event-loop-delay (${a.body})`);
    return JSON.parse(a.body) as LoopDelay;
  } finally {
    agent.destroy();
  }
}

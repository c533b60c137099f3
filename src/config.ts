// The only module that reads flags and the environment. Everything else gets a Config.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { checkKey, type AccessKey } from './auth/keys';
import { ConfigError } from './configError';
import { LOG_LEVELS, type LogLevel } from './logger';
import { serveUsage } from './serveUsage';
import type { LockoutPolicy } from './store/credentialPorts';
import { mailFrom, smtpUrl } from './messages/settings';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Base of pre-signed upload URLs when the server sits behind a proxy. */
  publicUrl?: string;
  credentialsFile?: string;
  /** A key from COGNITO_IMPORT_ACCESS_KEY_ID / COGNITO_IMPORT_SECRET_ACCESS_KEY. */
  envKey?: AccessKey;
  jobTtlMs: number;
  expirySweepMs: number;
  worker: WorkerConfig;
  /** Where uploaded CSV files live; files in the data dir when unset. */
  blobStore?: BlobStoreConfig;
  /** PostgreSQL instead of the embedded SQLite file (docs/operations.md): postgres://user:pass@host:port/db. */
  databaseUrl?: string;
  /** Password hashes (scrypt) run at once; the others wait in order (src/domain/hashing.ts). */
  hashingConcurrency: number;
  http: HttpTimeouts;
  /** Serve the event-loop delay histogram to local clients (src/http/eventLoopDelay.ts); off unless asked. */
  debugEventLoopDelay?: boolean;
  /** What the server logs on stderr (src/logger.ts); 'info' is a line per request and per job event. */
  logLevel: LogLevel;
  /** Who may GET /metrics (src/http/metrics.ts). */
  metrics: MetricsExposure;
  /** A YAML file of user pools made at start when not there yet (src/seed.ts). */
  seedFile?: string;
  /** Wrong passwords in a row before sign-in locks, and for how long (docs/spec.md section 9); DEFAULT_LOCKOUT when unset. */
  signInLockout?: LockoutPolicy;
  /** The From of the messages in the outbox and over SMTP (src/messages/eml.ts); default Cognito's own sender. */
  mailFrom?: string;
  /** Emails are also sent through this SMTP server (smtp:// or smtps://, user and password in it); outbox only when unset. */
  smtpUrl?: string;
}

/**
 * [OURS] Cognito locks sign-in after five wrong passwords in a row, for a time that grows with
 * each further one (up to about 15 minutes); here a fixed lock, of a minute unless configured.
 */
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxAttempts: 5, lockMs: 60_000 };

/** --metrics: GET /metrics for clients on this machine only, for any client, or not at all. */
export const METRICS_EXPOSURE = ['local', 'all', 'off'] as const;
export type MetricsExposure = typeof METRICS_EXPOSURE[number];

/**
 * How long a client may take. Node has one headersTimeout and one requestTimeout per server, so
 * those two serve every route and the API's shorter body budget is a timer of its own
 * (src/http/body.ts). Not flags: tests inject shorter ones; the defaults are the documented ones.
 */
export interface HttpTimeouts {
  /** All of a request's headers, any route (Node's headersTimeout): a slow-header client is answered 408. */
  headersMs: number;
  /** The API (POST /): its whole body, counted from the end of its headers. */
  apiBodyMs: number;
  /** The API: the longest wait for the next piece of its body. */
  apiBodyIdleMs: number;
  /** An upload's whole request (Node's requestTimeout): 100 MB must fit on a slow link. */
  uploadMs: number;
  /** Any connection with nothing sent or received for this long is closed (an upload's pauses included). */
  idleMs: number;
}

/**
 * 15 s is ample for a few hundred bytes of headers on any link. An API body is at most 1 MiB:
 * 30 s carries that at 280 kbit/s, and an SDK sends its whole (small) body at once, so 10 s
 * without a byte means a stalled or hostile client. An upload is at most 100 MiB
 * (838,860,800 bits): at 256 kbit/s it takes 3,277 s (55 minutes), inside the hour.
 */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 15_000, apiBodyMs: 30_000, apiBodyIdleMs: 10_000, uploadMs: 3_600_000, idleMs: 120_000,
};

/** libuv's thread pool when UV_THREADPOOL_SIZE is unset. */
const LIBUV_POOL_DEFAULT = 4;
/** Half the default pool: file I/O, dns.lookup and zlib keep the other two threads. */
export const DEFAULT_HASHING_CONCURRENCY = 2;

/**
 * --blob-store: `files` (the default: <data dir>/uploads) or `s3://bucket/prefix`. For S3 the
 * AWS SDK finds credentials as usual (environment, shared files, SSO, instance role); region and
 * endpoint are read here so the S3 store gets them explicitly.
 */
export type BlobStoreConfig =
  | { kind: 'files' }
  | {
    kind: 's3';
    bucket: string;
    /** Key prefix without leading or trailing slash; '' for none. */
    prefix: string;
    /** AWS_REGION or AWS_DEFAULT_REGION; unset lets the SDK read the shared config file. */
    region?: string;
    /** AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL), for S3-compatible stores: path-style addressing then. */
    endpoint?: string;
  };

export interface WorkerConfig {
  /** Jobs run at once by this server (each account has at most one active job). */
  concurrency: number;
  /** Rows per transaction: users, counters, checkpoint and log events commit together. */
  batchSize: number;
  /** A job whose worker stops renewing its lease for this long is reclaimed. */
  leaseMs: number;
  pollMs: number;
  /**
   * How much nicer than the server the SQLite batch writer's thread runs (Linux; 0 to 19): when
   * requests and the import both want the CPU, requests go first (docs/benchmarks.md, "The
   * SQLite batch writer thread"). With the CPU to spare, the import is as fast either way.
   */
  nice: number;
}

export const DEFAULT_WORKER: WorkerConfig = { concurrency: 2, batchSize: 2000, leaseMs: 30_000, pollMs: 1_000, nice: 10 };

/**
 * The default batch on SQLite: the rows the engine checks, counts and logs as one step (and a
 * checkpoint). Its batch writer commits the batches waiting for it together, up to 2,500 rows
 * a transaction, and ends a transaction after the batch in progress when an API write waits
 * (store/sqlite/writeTurns.ts): a bigger batch makes that wait longer and the engine's thread
 * hold more rows at once (2,500-row batches: peak RSS 335 MB against 279 MB grouped, in the same
 * time; docs/benchmarks.md). PostgreSQL locks rows, and its batches go in one round trip: 2,000 there.
 */
export const DEFAULT_SQLITE_BATCH_SIZE = 500;

export { ConfigError };

export const DEFAULTS = { host: '127.0.0.1', port: 9329, dataDir: './.cognito-import', jobTtlSeconds: 24 * 3600 };

function int(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not '${v}'`);
  return n;
}


/** Parses a --blob-store value; env supplies the AWS region and endpoint settings for S3. */
export function parseBlobStore(value: string | undefined, env: NodeJS.ProcessEnv): BlobStoreConfig {
  if (value === undefined || value === 'files') return { kind: 'files' };
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(value);
  if (!m) throw new ConfigError(`--blob-store must be files or s3://BUCKET/PREFIX, not '${value}'`);
  const bucket = m[1];
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(`--blob-store: '${bucket}' is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)`);
  }
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  if (endpoint !== undefined) {
    try {
      const u = new URL(endpoint);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new ConfigError(`AWS_ENDPOINT_URL_S3 must be an http:// or https:// URL, not '${endpoint}'`);
    }
  }
  return { kind: 's3', bucket, prefix, region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined, endpoint };
}

export function loadServeConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  let values: Record<string, string | undefined>;
  let debugEventLoopDelay: boolean;
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' }, port: { type: 'string' }, 'data-dir': { type: 'string' },
        'public-url': { type: 'string' }, credentials: { type: 'string' }, 'job-expiry-seconds': { type: 'string' },
        'worker-concurrency': { type: 'string' }, 'database-url': { type: 'string' }, 'batch-size': { type: 'string' }, 'lease-seconds': { type: 'string' }, 'worker-nice': { type: 'string' },
        'blob-store': { type: 'string' }, 'hashing-concurrency': { type: 'string' }, 'log-level': { type: 'string' }, metrics: { type: 'string' }, seed: { type: 'string' },
        'sign-in-max-attempts': { type: 'string' }, 'sign-in-lockout-seconds': { type: 'string' },
        'smtp-url': { type: 'string' }, 'mail-from': { type: 'string' },
        'debug-event-loop-delay': { type: 'boolean' },
      },
      strict: true, allowPositionals: false,
    });
    // The one boolean flag (true when given), read apart so `values` stays a map of strings.
    const { 'debug-event-loop-delay': debug, ...strings } = parsed.values;
    debugEventLoopDelay = debug === true;
    values = strings;
  } catch (e) {
    throw new ConfigError(`${(e as Error).message}\n\n${serveUsage()}`);
  }
  const pick = (flag: string, envName: string): string | undefined => values[flag] ?? (env[envName] || undefined);
  const publicUrl = pick('public-url', 'COGNITO_IMPORT_PUBLIC_URL');
  if (publicUrl !== undefined) {
    try {
      const u = new URL(publicUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new ConfigError(`--public-url must be an http:// or https:// URL, not '${publicUrl}'`);
    }
  }
  const id = env.COGNITO_IMPORT_ACCESS_KEY_ID;
  const secret = env.COGNITO_IMPORT_SECRET_ACCESS_KEY;
  if (Boolean(id) !== Boolean(secret)) {
    throw new ConfigError('set both COGNITO_IMPORT_ACCESS_KEY_ID and COGNITO_IMPORT_SECRET_ACCESS_KEY, or neither');
  }
  let envKey: AccessKey | undefined;
  try {
    envKey = id ? checkKey({ accessKeyId: id, secretAccessKey: secret, accountId: env.COGNITO_IMPORT_ACCOUNT_ID || undefined }, '',
      { accessKeyId: 'COGNITO_IMPORT_ACCESS_KEY_ID', secretAccessKey: 'COGNITO_IMPORT_SECRET_ACCESS_KEY', accountId: 'COGNITO_IMPORT_ACCOUNT_ID' }) : undefined;
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const ttl = pick('job-expiry-seconds', 'COGNITO_IMPORT_JOB_EXPIRY_SECONDS');
  const jobTtlMs = (ttl === undefined ? DEFAULTS.jobTtlSeconds : int('--job-expiry-seconds', ttl, 1, 30 * 24 * 3600)) * 1000;
  const credentialsFile = pick('credentials', 'COGNITO_IMPORT_CREDENTIALS_FILE');
  const databaseUrl = parseDatabaseUrl(pick('database-url', 'COGNITO_IMPORT_DATABASE_URL'));
  const defaultBatch = databaseUrl ? DEFAULT_WORKER.batchSize : DEFAULT_SQLITE_BATCH_SIZE;
  return {
    host: pick('host', 'COGNITO_IMPORT_HOST') ?? DEFAULTS.host,
    port: int('--port', pick('port', 'COGNITO_IMPORT_PORT') ?? String(DEFAULTS.port), 0, 65535),
    dataDir: resolve(pick('data-dir', 'COGNITO_IMPORT_DATA_DIR') ?? DEFAULTS.dataDir),
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    credentialsFile: credentialsFile && resolve(credentialsFile),
    envKey,
    jobTtlMs,
    expirySweepMs: Math.min(60_000, jobTtlMs),
    worker: {
      concurrency: int('--worker-concurrency', pick('worker-concurrency', 'COGNITO_IMPORT_WORKER_CONCURRENCY') ?? String(DEFAULT_WORKER.concurrency), 0, 64),
      batchSize: int('--batch-size', pick('batch-size', 'COGNITO_IMPORT_BATCH_SIZE') ?? String(defaultBatch), 1, 100_000),
      leaseMs: int('--lease-seconds', pick('lease-seconds', 'COGNITO_IMPORT_LEASE_SECONDS') ?? String(DEFAULT_WORKER.leaseMs / 1000), 1, 3600) * 1000,
      pollMs: DEFAULT_WORKER.pollMs,
      nice: int('--worker-nice', pick('worker-nice', 'COGNITO_IMPORT_WORKER_NICE') ?? String(DEFAULT_WORKER.nice), 0, 19),
    },
    blobStore: parseBlobStore(pick('blob-store', 'COGNITO_IMPORT_BLOB_STORE'), env),
    databaseUrl,
    hashingConcurrency: hashingConcurrency(pick('hashing-concurrency', 'COGNITO_IMPORT_HASHING_CONCURRENCY'), env),
    http: DEFAULT_HTTP_TIMEOUTS,
    debugEventLoopDelay: debugEventLoopDelay || onOff('COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY', env.COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY),
    logLevel: logLevel(pick('log-level', 'COGNITO_IMPORT_LOG_LEVEL')),
    metrics: metricsExposure(pick('metrics', 'COGNITO_IMPORT_METRICS')),
    seedFile: optionalPath(pick('seed', 'COGNITO_IMPORT_SEED_FILE')),
    signInLockout: {
      maxAttempts: int('--sign-in-max-attempts', pick('sign-in-max-attempts', 'COGNITO_IMPORT_SIGN_IN_MAX_ATTEMPTS') ?? String(DEFAULT_LOCKOUT.maxAttempts), 1, 1000),
      lockMs: int('--sign-in-lockout-seconds', pick('sign-in-lockout-seconds', 'COGNITO_IMPORT_SIGN_IN_LOCKOUT_SECONDS') ?? String(DEFAULT_LOCKOUT.lockMs / 1000), 0, 86_400) * 1000,
    },
    mailFrom: mailFrom(pick('mail-from', 'COGNITO_IMPORT_MAIL_FROM')),
    smtpUrl: smtpUrl(pick('smtp-url', 'COGNITO_IMPORT_SMTP_URL')),
  };
}

const optionalPath = (v: string | undefined): string | undefined => (v === undefined ? undefined : resolve(v));

function metricsExposure(v: string | undefined): MetricsExposure {
  if (v === undefined) return 'local';
  if (!(METRICS_EXPOSURE as readonly string[]).includes(v)) throw new ConfigError(`--metrics must be one of ${METRICS_EXPOSURE.join(', ')}, not '${v}'`);
  return v as MetricsExposure;
}

function logLevel(v: string | undefined): LogLevel {
  if (v === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(v)) throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not '${v}'`);
  return v as LogLevel;
}

/** An on/off environment variable: 1 or true, 0, false or unset. */
function onOff(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name} must be 1, true, 0 or false, not '${value}'`);
}

/** At least one thread of libuv's pool stays out of hashing's reach, whatever its size. */
function hashingConcurrency(value: string | undefined, env: NodeJS.ProcessEnv): number {
  const poolEnv = env.UV_THREADPOOL_SIZE;
  const pool = poolEnv && /^\d+$/.test(poolEnv) && Number(poolEnv) > 0 ? Math.min(Number(poolEnv), 1024) : LIBUV_POOL_DEFAULT;
  if (value === undefined) return Math.min(DEFAULT_HASHING_CONCURRENCY, Math.max(1, pool - 1));
  return int(`--hashing-concurrency (libuv has ${pool} threads)`, value, 1, Math.max(1, pool - 1));
}

function parseDatabaseUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`--database-url must be a postgres:// URL, not '${url}'`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new ConfigError(`--database-url must be a postgres:// URL, not '${u.protocol}//...'`);
  return url;
}

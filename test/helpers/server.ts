// Test servers: a real server on port 0 with a real SQLite file in a temp dir, talked to with
// real clients. The clock is the only thing a test may replace. Uploads go to local files, or
// to the S3 bucket COGNITO_IMPORT_TEST_BLOB_STORE names (scripts/s3-test-server.sh).
import { existsSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { startApp, type RunningApp } from '../../src/app';
import type { AccessKey } from '../../src/auth/keys';
import { SharedClock, type Clock } from '../../src/domain/clock';
import { silentLogger, type Logger } from '../../src/http/logger';
import {
  DEFAULT_HASHING_CONCURRENCY, DEFAULT_HTTP_TIMEOUTS, DEFAULT_WORKER, parseBlobStore, type BlobStoreConfig, type HttpTimeouts, type WorkerConfig,
  type Config,
} from '../../src/config';
import { openBlobStore } from '../../src/blobs/open';
import type { BlobStore } from '../../src/blobs/ports';
import { randomChars } from '../../src/domain/ids';
import { listObjects, objectUrl } from './s3';
import { freshDatabase, TEST_DATABASE_URL } from './postgres';
import type { SqliteStore } from '../../src/store/sqlite/sqliteStore';
import { openPostgresStore } from '../../src/store/postgres/pgStore';
import type { Store } from '../../src/store/ports';
import type { Outbox } from '../../src/messages/ports';

export const REPO = join(__dirname, '..', '..', '..');
export const BIN = join(REPO, 'bin', 'cognito-import.js');

export const KEY_A: AccessKey = { accessKeyId: 'AKIATESTACCOUNTAAAAA', secretAccessKey: 'secretA0000000000000000000000000000000000', accountId: '111111111111' };
export const KEY_B: AccessKey = { accessKeyId: 'AKIATESTACCOUNTBBBBB', secretAccessKey: 'secretB0000000000000000000000000000000000', accountId: '222222222222' };

export const ROLE_ARN = 'arn:aws:iam::111111111111:role/CognitoCloudWatchLogsRole';

/** A clock the test moves; its time lives in shared memory so the import engine's thread sees it too. */
export class FakeClock extends SharedClock {
  constructor(ms = Date.now()) {
    super();
    this.set(ms);
  }
  get ms(): number {
    return this.now();
  }
  set ms(v: number) {
    this.set(v);
  }
  advance(ms: number): void {
    this.set(this.now() + ms);
  }
  /** How far the fake clock is ahead of the real one: give this to SDK clients as systemClockOffset. */
  get offset(): number {
    return this.now() - Date.now();
  }
}

/**
 * The blob store the suite runs against: COGNITO_IMPORT_TEST_BLOB_STORE (s3://bucket/prefix,
 * with AWS_ENDPOINT_URL_S3 and credentials from scripts/s3-test-server.sh), else local files.
 */
export const TEST_BLOB_STORE: BlobStoreConfig = parseBlobStore(process.env.COGNITO_IMPORT_TEST_BLOB_STORE || undefined, process.env);

/**
 * For tests of our own upload endpoint (its S3-style errors, the data dir's uploads/ folder):
 * the reason to skip them when the suite runs against S3, where clients upload to the bucket.
 */
export const FILES_ONLY: string | false = TEST_BLOB_STORE.kind === 's3'
  ? 'the blob store is S3: clients upload straight to the bucket, not to our upload endpoint or the data dir (see test/e2e/s3Uploads.test.ts)'
  : false;

/**
 * The suite's blob store for servers started with spawnServer (which passes on only PATH and
 * what it is given): the --blob-store flag and the AWS variables it needs, under a prefix of
 * its own that every server spawned with the same result shares; nothing for local files.
 */
export function blobStoreForSpawn(): { args: string[]; env: NodeJS.ProcessEnv; config: BlobStoreConfig } {
  if (TEST_BLOB_STORE.kind !== 's3') return { args: [], env: {}, config: TEST_BLOB_STORE };
  const config = { ...TEST_BLOB_STORE, prefix: [TEST_BLOB_STORE.prefix, `spawned-${randomChars(10)}`].filter(Boolean).join('/') };
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('AWS_') && v !== undefined) env[k] = v;
  return { args: ['--blob-store', `s3://${config.bucket}/${config.prefix}`], env, config };
}

export function tempDir(prefix = 'ci-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  /** The server's blob store setting (an S3 one has a prefix of its own, under the suite's). */
  blobStore: BlobStoreConfig;
  /**
   * A handle on the server's database, for tests that seed or inspect it; close it yourself. On
   * PostgreSQL a second connection pool; on SQLite the server's own store (the API's connection;
   * the data dir is locked to one server), whose close() then leaves it open.
   */
  openStore(): Promise<Store>;
  /** The server's own SQLite connection, for tests that read rows no port shows; undefined on PostgreSQL. */
  sqlite(): SqliteStore['database'] | undefined;
  /** The server's PostgreSQL database, when the suite runs on PostgreSQL. */
  databaseUrl?: string;
  /** Another handle on the server's blob store, for tests that read or play the worker; closed with the server. */
  blobs(): BlobStore;
  /** Where a job's PreSignedUrl points (origin and path): our upload endpoint, or the bucket's object. */
  uploadUrlOf(poolId: string, jobId: string, accountId?: string): string;
  /** The blobs kept for a job's upload: files in uploads/<account>/<pool>/<job>/, or objects <prefix>/<account>/<pool>/<job>*. */
  storedUploads(poolId: string, jobId: string, accountId?: string): Promise<string[]>;
  app: RunningApp;
  client(opts?: { key?: AccessKey; region?: string; clock?: FakeClock }): CognitoIdentityProviderClient;
  /** A CloudWatch Logs client on this server (the import's logs); destroyed with the server. */
  logsClient(key?: AccessKey, region?: string): CloudWatchLogsClient;
  /** Environment for the aws CLI (and curl-free python) pointed at this server with a key. */
  awsEnv(key?: AccessKey, region?: string): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startTestServer(opts: { clock?: Clock; dataDir?: string; port?: number; jobTtlMs?: number; expirySweepMs?: number; publicUrl?: string; worker?: Partial<WorkerConfig>; log?: Logger; blobStore?: BlobStoreConfig;
  /** Reuse this PostgreSQL database (a restart on the same data); it is not dropped on close. */
  databaseUrl?: string;
  /** Keep this server's fresh database on close, for a later server to reuse (see databaseUrl). */
  keepDatabase?: boolean;
  /** Shorter timeouts, for tests of them. */
  http?: Partial<HttpTimeouts>;
  hashingConcurrency?: number; metrics?: Config['metrics'];
  /** Where the server's invitations and codes go (test/helpers/outbox.ts RecordingOutbox). */
  outbox?: Outbox; } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  // Each S3 test server keeps its objects under a prefix of its own, so tests can list them.
  const blobStore = opts.blobStore ?? (TEST_BLOB_STORE.kind === 's3'
    ? { ...TEST_BLOB_STORE, prefix: [TEST_BLOB_STORE.prefix, `server-${randomChars(10)}`].filter(Boolean).join('/') }
    : TEST_BLOB_STORE);
  const credentialsFile = join(dataDir, 'test-credentials.yaml');
  writeFileSync(credentialsFile, `keys:\n${[KEY_A, KEY_B].map((k) => `  - accessKeyId: ${k.accessKeyId}\n    secretAccessKey: ${k.secretAccessKey}\n    accountId: "${k.accountId}"\n`).join('')}`);
  // With COGNITO_IMPORT_TEST_DATABASE_URL set, every test server gets a fresh PostgreSQL database.
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => {} }
    : TEST_DATABASE_URL ? await freshDatabase(TEST_DATABASE_URL) : undefined;
  const app = await startApp({
    config: {
      host: '127.0.0.1', port: opts.port ?? 0, dataDir, credentialsFile, publicUrl: opts.publicUrl, databaseUrl: db?.url,
      jobTtlMs: opts.jobTtlMs ?? 24 * 3600 * 1000, expirySweepMs: opts.expirySweepMs ?? 60_000,
      // No import runner unless a test asks for one: tests of the job operations watch jobs stay Pending.
      worker: { ...DEFAULT_WORKER, concurrency: 0, pollMs: 200, ...opts.worker },
      blobStore,
      http: { ...DEFAULT_HTTP_TIMEOUTS, ...opts.http }, hashingConcurrency: opts.hashingConcurrency ?? DEFAULT_HASHING_CONCURRENCY, logLevel: 'info', metrics: opts.metrics ?? 'local',
    },
    clock: opts.clock, log: opts.log ?? silentLogger, outbox: opts.outbox,
  });
  const clients: { destroy(): void }[] = [];
  let blobs: BlobStore | undefined;
  return {
    url: app.url, port: app.port, dataDir, app, blobStore, databaseUrl: db?.url,
    blobs() {
      blobs ??= openBlobStore(blobStore, dataDir);
      return blobs;
    },
    uploadUrlOf(poolId, jobId, accountId = KEY_A.accountId) {
      const key = `${accountId}/${poolId}/${jobId}`;
      return blobStore.kind === 's3' ? objectUrl(blobStore, [blobStore.prefix, key].filter(Boolean).join('/')) : `${app.url}/${key}`;
    },
    async storedUploads(poolId, jobId, accountId = KEY_A.accountId) {
      if (blobStore.kind === 's3') return listObjects(blobStore, `${accountId}/${poolId}/${jobId}`);
      const dir = join(dataDir, 'uploads', accountId, poolId, jobId);
      return existsSync(dir) ? readdirSync(dir) : [];
    },
    client({ key = KEY_A, region = 'us-west-2', clock } = {}) {
      const c = new CognitoIdentityProviderClient({
        endpoint: app.url, region, maxAttempts: 1,
        credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
        systemClockOffset: clock ? clock.offset : 0,
      });
      clients.push(c);
      return c;
    },
    logsClient(key = KEY_A, region = 'us-west-2') {
      const c = new CloudWatchLogsClient({
        endpoint: app.url, region, maxAttempts: 1,
        credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      });
      clients.push(c);
      return c;
    },
    awsEnv(key = KEY_A, region = 'us-west-2') {
      return awsEnvFor(key, region);
    },
    openStore() {
      return db ? openPostgresStore(db.url) : Promise.resolve({ ...app.store, close: async () => {} });
    },
    sqlite() {
      return db ? undefined : (app.store as SqliteStore).database;
    },
    async close() {
      clients.forEach((c) => c.destroy());
      await blobs?.close();
      await app.close();
      if (!opts.keepDatabase) await db?.drop();
    },
  };
}

export function awsEnvFor(key: AccessKey, region = 'us-west-2'): NodeJS.ProcessEnv {
  const home = tempDir('ci-home-');
  return {
    PATH: process.env.PATH, HOME: home, AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_DEFAULT_REGION: region, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    AWS_PAGER: '',
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The installed aws CLI (version 1) against a server. */
export function aws(server: { url: string }, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return run('aws', ['--endpoint-url', server.url, ...args], env);
}

export interface SpawnedServer {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The real command line in a child process, for restarts, signals and first-start behaviour. */
export function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SpawnedServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /cognito-import listening on (http:\/\/[^\s]+:(\d+))/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (x: Buffer) => { out += x.toString(); });
        resolve({
          url: m[1], port: Number(m[2]), child, output: () => out,
          stop: (signal = 'SIGTERM') => new Promise((r) => { child.once('exit', (code) => r(code)); child.kill(signal); }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

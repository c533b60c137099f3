// Builds everything (clock, ids, store, blobs, keys, server, sweeper) and nothing else.
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { generatedUserKey, KeyRing, readCredentialsFile, uploadSigningKey, type AccessKey } from './auth/keys';
import { openBlobStore } from './blobs/open';
import type { Config } from './config';
import { diskSpaceOf, prepareDataDir, SQLITE_FILE, startTrail } from './dataDir';
import { HashingQueue, queuedPasswordHashing } from './domain/hashing';
import { systemClock, type Clock } from './domain/clock';
import { randomIds, type IdGenerator } from './domain/ids';
import { jsonLogger, type Logger } from './http/logger';
import { endWaitingAnswers } from './http/endTogether';
import { createHttpServer, requestsSettled } from './http/server';
import { consoleSite } from './http/console';
import { directUploadOrigin } from './blobs/uploadOrigin';
import { MAX_UPLOAD_BYTES } from './http/upload';
import { buildServiceBindings, type ServiceBinding } from './operations';
import { applySeed } from './seed';
import type { Limits, Services } from './operations/types';
import type { Store } from './store/ports';
import { uploadsFor } from './operations/uploads';
import { openSqliteStore } from './store/sqlite/sqliteStore';
import { DatabaseInUseError } from './store/sqlite/serverLock';
import { removeAbandonedUploads, startExpirySweeper } from './worker/expirySweeper';
import { WorkerFaults } from './worker/faults';
import { ImportEngine } from './worker/engine';
import { ServerMetrics } from './http/metrics';
import { openOutbox, type ServerOutbox } from './messages/open';
import type { Outbox } from './messages/ports';
import { TokenService } from './auth/tokens';
import { ConsoleToken } from './auth/consoleToken';
import { signInServices } from './signin/build';
import { holdSharedSrp } from './signin/srpWorker';
import { DEFAULT_LOCKOUT } from './config';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  ids?: IdGenerator;
  log?: Logger;
  /** Where invitations and codes go; the data dir's outbox (and SMTP) unless a test records them. */
  outbox?: Outbox;
  /** Told the console's next link each time one is used (zero-config server only; `serve` prints it). */
  onConsoleLink?: (link: string) => void;
}

export interface RunningApp {
  url: string;
  port: number;
  /** Set when no key was configured and the server uses (or just made) the one in the data dir. */
  generatedKey?: { key: AccessKey; created: boolean; file: string };
  /**
   * The web console's address. With a generated key, its fragment carries the console token,
   * which the console shows to the server to be offered that key, once (docs/console.md).
   */
  readonly consoleUrl: string;
  /** The server's own store (the API's connection; the import engine has its own, in its thread). */
  store: Store;
  /** The HTTP server, for embedders and tests that watch its requests ('request' events). */
  http: Server;
  /** The import engine's thread; undefined when the worker's concurrency is 0. */
  engine?: ImportEngine;
  /** Where the operations' messages go (Services.outbox); its dir is the folder of .eml files. */
  outbox: ServerOutbox;
  /** Sign-in's tokens, in process (embedders, tests, key rotation: docs/operations.md); never reachable over HTTP. */
  tokens: TokenService;
  close(): Promise<void>;
}

/** The region the console's local key is offered with (any region works; the embedded server's default too). */
const LOCAL_KEY_REGION = 'us-east-1';

/** The keys the server takes; `first` is the one whose account a seed file's pools go to by default. */
function loadKeys(config: Config): { ring: KeyRing; first: AccessKey; generated?: RunningApp['generatedKey'] } {
  const keys: AccessKey[] = [];
  if (config.credentialsFile) keys.push(...readCredentialsFile(config.credentialsFile));
  if (config.envKey) keys.push(config.envKey);
  if (keys.length) return { ring: new KeyRing(keys), first: keys[0] };
  const g = generatedUserKey(config.dataDir);
  return { ring: new KeyRing([g.key]), first: g.key, generated: { ...g, file: join(config.dataDir, 'credentials.json') } };
}

/** The HTTP server over the services: API, upload endpoint (unless S3 takes uploads) and /health. */
function httpServerFor(config: Config, p: {
  services: Services; bindings: ServiceBinding[]; keys: KeyRing; signingKey: AccessKey; log: Logger; faults: WorkerFaults; engine?: ImportEngine; metrics?: ServerMetrics;
  outboxDir: string; generatedKey?: AccessKey; consoleToken?: ConsoleToken; uploadOrigin?: string;
}): Server {
  const { store, blobs, clock, ids, limits } = p.services;
  // The data dir's disk matters when the SQLite file or the uploads are kept on it.
  const disk = !config.databaseUrl || config.blobStore?.kind !== 's3' ? diskSpaceOf(config.dataDir) : undefined;
  const http = config.http;
  return createHttpServer({
    api: { keys: p.keys, clock, services: p.bindings, log: p.log,
      bodyTimeouts: { totalMs: http.apiBodyMs, idleMs: http.apiBodyIdleMs } },
    // Files uploaded straight to the blob store (S3) never pass through this server.
    upload: blobs.capabilities.directUploads ? undefined
      : { store, blobs, clock, ids, signingKey: p.signingKey, jobTtlMs: limits.jobTtlMs, maxUploadBytes: MAX_UPLOAD_BYTES, log: p.log, disk },
    ids, log: p.log, timeouts: http, eventLoopDelay: config.debugEventLoopDelay,
    metrics: p.metrics && { m: p.metrics, exposure: config.metrics },
    wellKnown: { tokens: p.services.tokens, clock },
    // With S3 the console PUTs files to the bucket's origin, which its CSP then allows (docs/console.md).
    console: consoleSite(undefined, p.uploadOrigin),
    extensions: { store, blobs, clock, jobTtlMs: limits.jobTtlMs, keys: p.keys, log: p.log, outboxDir: p.outboxDir,
      bodyTimeouts: { totalMs: http.apiBodyMs, idleMs: http.apiBodyIdleMs },
      // Only a key the server made itself is ever offered to the console (docs/extensions.md).
      localKey: p.generatedKey && p.consoleToken ? { key: p.generatedKey, region: LOCAL_KEY_REGION, consoleToken: p.consoleToken } : undefined },
    health: { database: () => store.check(), blobStore: () => blobs.check(), disk, stuckRetrying: () => p.faults.stuck(clock.now()),
      workerDown: () => p.engine?.whyDown() },
  });
}

/** Starts the server; a start that fails leaves nothing of its own in the data dir (startTrail). */
export async function startApp(opts: AppOptions): Promise<RunningApp> {
  const trail = startTrail(opts.config.dataDir);
  try {
    return await startAppIn(opts);
  } catch (e) {
    if (!(e instanceof DatabaseInUseError)) {
      try {
        trail.undo();
      } catch {
        // What could not be removed stays; the start's own error is the one to report.
      }
    }
    throw e;
  }
}

/** The store and the blob store, checked; the blob store's upload origin for the console's CSP. */
async function openStorage(config: Config, engineRuns: boolean, clock: Clock, log: Logger) {
  const sqliteFile = join(config.dataDir, SQLITE_FILE);
  // While the engine runs, its connection checkpoints the WAL, not the API's (sqliteStore.ts).
  const sqlite = config.databaseUrl ? undefined : openSqliteStore(sqliteFile, { autoCheckpoint: !engineRuns });
  // PostgreSQL's modules (and pg) are loaded only by a server that uses it.
  const store: Store = sqlite ?? await (await import('./store/postgres/pgStore')).openPostgresStore(config.databaseUrl!);
  const blobs = openBlobStore(config.blobStore, config.dataDir);
  try {
    await blobs.check();
  } catch (e) {
    await Promise.all([store.close(), blobs.close()]);
    throw new Error(`the blob store ${blobs.location} cannot be used: ${(e as Error).message}`);
  }
  const uploadOrigin = await directUploadOrigin(blobs, clock.now()).catch((e: Error) => {
    log.error('the web console cannot upload to the blob store: its address is unknown, so the console\'s CSP does not allow it', { error: e.message });
    return undefined;
  });
  return { sqliteFile, sqlite, store, blobs, uploadOrigin };
}

/** Before the first request: the seed file applied, a crash's leftover uploads removed (swept again with expired jobs); then listens. */
async function prepareAndListen(config: Config, server: Server, p: { services: Services; bindings: ServiceBinding[]; defaultAccountId: string;
  blobs: Services['blobs']; log: Logger }): Promise<void> {
  if (config.seedFile) {
    const cognito = p.bindings.find((b) => b.signingName === 'cognito-idp')!;
    const made = await applySeed(config.seedFile, { services: p.services, cognito, defaultAccountId: p.defaultAccountId });
    if (made.length) p.log.info('seed file applied', { file: config.seedFile, poolsMade: made });
  }
  await removeAbandonedUploads(p.blobs, p.log);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolveListen());
  });
}

async function startAppIn(opts: AppOptions): Promise<RunningApp> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? randomIds;
  const log = opts.log ?? jsonLogger(config.logLevel);
  prepareDataDir(config.dataDir, log);
  const keys = loadKeys(config);
  const signingKey = uploadSigningKey(config.dataDir);
  const engineRuns = config.worker.concurrency > 0;
  if (engineRuns && clock !== systemClock && !clock.shared) {
    throw new Error('the import engine runs in a thread of its own: give the server a SharedClock (or the system clock) so it reads the same time');
  }
  const { sqliteFile, sqlite, store, blobs, uploadOrigin } = await openStorage(config, engineRuns, clock, log);
  const limits: Limits = { jobTtlMs: config.jobTtlMs, maxJobsPerPool: 1000, uploadUrlSeconds: 900 };

  let base: URL | undefined;
  const uploads = uploadsFor({ store, blobs, ids, limits, signingKey, serverBase: () => base! });
  const worker = config.worker;
  // A job retried on lease expiry fails again about once a lease: three leases without a failure and it has stopped.
  const faults = new WorkerFaults(3 * worker.leaseMs);
  const metrics = config.metrics === 'off' ? undefined : new ServerMetrics();
  const engine = engineRuns ? new ImportEngine({
    data: { databaseUrl: config.databaseUrl, sqliteFile, dataDir: config.dataDir, blobStore: config.blobStore, worker, clock: clock.shared, checkpointMs: 1_000,
      sqliteWriteTurns: sqlite?.writeTurns },
    clock, log, faults, metrics,
  }) : undefined;
  const hashing = new HashingQueue(config.hashingConcurrency);
  const passwords = queuedPasswordHashing(hashing);
  const files = openOutbox(config.dataDir, config, log);
  // A test may record the messages instead (test/helpers/outbox.ts); the outbox folder is made all the same.
  const outbox: Outbox = opts.outbox ?? files;
  // Issuers are <public URL>/<poolId>: the URL known once the server listens, as the uploads' base.
  const tokens = new TokenService({ store, publicUrl: () => base!.toString() });
  // Held, not started: the SRP thread starts on the first call (src/signin/srpWorker.ts).
  const srp = holdSharedSrp();
  const signIn = signInServices({ store, clock, passwords, outbox, tokens, lockout: config.signInLockout ?? DEFAULT_LOCKOUT, srp: srp.srp, log });
  metrics?.watchPasswordHashing(() => hashing.load, () => signIn.upgrades.pending);
  const services: Services = { store, blobs, clock, ids, uploads, limits, passwords, outbox, jobQueued: () => engine?.wake(), tokens, signIn };
  const bindings = buildServiceBindings(services);
  // The console token: a secret only the server's output shows, good for one use (src/auth/consoleToken.ts).
  let consoleBase = '';
  const consoleToken = keys.generated ? new ConsoleToken((t) => opts.onConsoleLink?.(`${consoleBase}#token=${t}`)) : undefined;
  const server = httpServerFor(config, { services, bindings, keys: keys.ring, signingKey, log, faults, engine, metrics,
    outboxDir: files.dir, generatedKey: keys.generated?.key, consoleToken, uploadOrigin });
  try {
    await prepareAndListen(config, server, { services, bindings, defaultAccountId: keys.first.accountId, blobs, log });
  } catch (e) {
    // A start that fails (a port in use) lets go of the store: on SQLite it holds the file.
    await Promise.all([store.close(), blobs.close(), files.close(), srp.release()]);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;
  base = new URL(config.publicUrl ?? url);
  consoleBase = `${url}/console/`;
  const stopSweeper = startExpirySweeper(store, uploads, blobs, clock, limits.jobTtlMs, config.expirySweepMs, log);
  engine?.start();

  return {
    url, port, generatedKey: keys.generated, get consoleUrl() { return consoleToken ? `${consoleBase}#token=${consoleToken.current}` : consoleBase; }, store, http: server, engine, outbox: files, tokens,
    close: () => closeApp({ stopSweeper, engine, server, upgrades: signIn.upgrades, srp, store, blobs, files }),
  };
}

interface Closes { close(): Promise<void> }

/** close(): nothing new comes in, the work in flight ends or is handed back, then the stores close. */
async function closeApp(p: { stopSweeper: () => void; engine?: ImportEngine; server: Server; upgrades: Closes; srp: { release(): Promise<void> };
  store: Closes; blobs: Closes; files: Closes }): Promise<void> {
  p.stopSweeper();
  await p.engine?.stop(); // its jobs give their leases back, and its connection closes
  endWaitingAnswers(); // answered in this turn: sent before the connections go
  await new Promise<void>((r) => {
    p.server.close(() => r());
    p.server.closeAllConnections?.();
  });
  await requestsSettled(p.server);
  await p.upgrades.close(); // waiting ones dropped (the imported hash stays), running ones saved
  await p.srp.release(); // no request left to call it; the last server of the process ends the thread
  await p.store.close();
  await p.blobs.close();
  await p.files.close();
}

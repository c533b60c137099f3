// The package's entry point for a user's own test suite (as cognito-local and moto are used):
// startServer() runs the whole server in this process on a loopback port, on the embedded SQLite
// file, and answers where it is and which key to sign with. Nothing here reads the environment:
// the settings are the serve command's defaults (loadServeConfig with no flags and no
// environment) and what the caller passes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApp, type RunningApp } from './app';
import { checkKey, newAccessKeyId, newSecret } from './auth/keys';
import { loadServeConfig } from './config';
import { removeServerFiles } from './dataDir';
import { jsonLogger, silentLogger } from './logger';
import { OUTBOX_FOLDER } from './messages/fileOutbox';
import { listOutbox, type OutboxEntry, type OutboxFilter } from './messages/outboxList';

export type { OutboxEntry, OutboxFilter };

export interface StartServerOptions {
  /**
   * Where the SQLite file and the uploaded files are kept. Default: a new temporary directory,
   * removed by close(). A directory given is left in place by close(); reset() removes the
   * server's files from it (its database, uploads, outbox and key files), nothing else.
   */
  dataDir?: string;
  /** The key clients sign with. Default: a new random one (in account 000000000000). */
  credentials?: { accessKeyId: string; secretAccessKey: string; accountId?: string };
  /** The region the answer suggests clients use (any region works; pools live in the one they name). Default us-east-1. */
  region?: string;
  /** Default 0: a free port the system picks. */
  port?: number;
  /** Default 127.0.0.1: reachable from this machine only. */
  host?: string;
  /** The server's JSON log lines on stderr. Default false: nothing is logged. */
  log?: boolean;
  /** A seed file (YAML) of user pools made at start, and again after each reset() (README, "In your own tests"). */
  seed?: string;
}

export interface EmbeddedServer {
  /** The endpoint to give clients, e.g. http://127.0.0.1:40123 (the same after reset()). */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly accountId: string;
  readonly dataDir: string;
  /** The folder of the messages the server sent, one .eml file each (made by the first message). */
  readonly outboxDir: string;
  /**
   * The messages the server sent (invitations, codes), oldest first, read from outboxDir: those
   * of one pool and/or one username when asked. The code is `code`, on its own.
   */
  messages(filter?: OutboxFilter): Promise<OutboxEntry[]>;
  /**
   * Empties the server: every user pool, with its users, import jobs, logs and messages, is gone,
   * and the server answers again on the same endpoint with the same key. Only this process can
   * call it: it is not an HTTP route.
   */
  reset(): Promise<void>;
  /** Stops the server (and removes its data directory when startServer made it). */
  close(): Promise<void>;
}

/** Starts a server in this process; resolves once it listens. */
export async function startServer(options: StartServerOptions = {}): Promise<EmbeddedServer> {
  const key = checkKey(options.credentials ?? { accessKeyId: newAccessKeyId(), secretAccessKey: newSecret() }, '',
    { accessKeyId: 'credentials.accessKeyId', secretAccessKey: 'credentials.secretAccessKey', accountId: 'credentials.accountId' });
  const own = options.dataDir === undefined;
  const dataDir = own ? mkdtempSync(join(tmpdir(), 'cognito-import-')) : resolve(options.dataDir!);
  const start = (port: number): Promise<RunningApp> => {
    const config = loadServeConfig(['--host', options.host ?? '127.0.0.1', '--port', String(port), '--data-dir', dataDir,
      ...(options.seed ? ['--seed', options.seed] : [])], {});
    return startApp({ config: { ...config, envKey: key }, log: options.log ? jsonLogger('info') : silentLogger });
  };
  let app: RunningApp;
  try {
    app = await start(options.port ?? 0);
  } catch (e) {
    if (own) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  let closed = false;
  let resetting: Promise<void> | undefined;
  const removeOwnDir = (): void => { if (own) rmSync(dataDir, { recursive: true, force: true }); };
  return {
    endpoint: app.url,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    accountId: key.accountId,
    dataDir,
    outboxDir: join(dataDir, OUTBOX_FOLDER),
    messages(filter) {
      return listOutbox(join(dataDir, OUTBOX_FOLDER), filter);
    },
    reset() {
      if (closed) return Promise.reject(new Error('the server is closed'));
      // A new server on a new, empty store, on the same port: no table or job of the old one to forget.
      resetting ??= (async () => {
        await app.close();
        removeServerFiles(dataDir);
        try {
          app = await start(app.port);
        } catch (e) {
          closed = true; // its port taken meanwhile: the server stays closed
          removeOwnDir();
          throw e;
        }
      })().finally(() => { resetting = undefined; });
      return resetting;
    },
    async close() {
      await resetting?.catch(() => {});
      if (closed) return;
      closed = true;
      await app.close();
      removeOwnDir();
    },
  };
}

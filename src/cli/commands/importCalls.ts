// import-users' calls: the SDK v3 clients (loaded on first use), what a failed call prints and
// its exit code, and the upload to the pre-signed URL.
import { createReadStream, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Io, ResolvedSettings } from '../types';
import { EXIT } from './importOptions';

/** What a failed call prints, and its exit code: 254 when the service answered, 255 when it could not be reached. */
export function callFailed(io: Io, settings: ResolvedSettings, operation: string, e: unknown): number {
  const err = e as { name?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
  if (err && (err.$fault !== undefined || err.$metadata?.httpStatusCode !== undefined)) {
    io.stderr(`\nAn error occurred (${err.name ?? 'Unknown'}) when calling the ${operation} operation: ${err.message ?? ''}\n`);
    return EXIT.service;
  }
  if (err?.name === 'CredentialsProviderError') { // no key anywhere the SDK's chain looks: the aws CLI's words and code
    io.stderr(`\nUnable to locate credentials. You can configure credentials by running "aws configure".\n`);
    return EXIT.config;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.stderr(`\nCould not connect to the endpoint URL: "${settings.endpoint}" (${operation}: ${msg})\n`);
  return EXIT.other;
}

export class CallError extends Error {
  constructor(readonly operation: string, readonly error: unknown) {
    super(operation);
  }
}

export async function call<T>(operation: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new CallError(operation, e);
  }
}

export interface Clients {
  cognito: CognitoIdentityProviderClient;
  sdk: typeof import('@aws-sdk/client-cognito-identity-provider');
  logs(): Promise<CloudWatchLogsClient | undefined>;
  destroy(): void;
}

/** TLS options from --no-verify-ssl and --ca-bundle, for the SDK's requests and the upload alike. */
export function tlsAgent(settings: ResolvedSettings): HttpsAgent | undefined {
  if (!settings.noVerifySsl && !settings.caBundle) return undefined;
  return new HttpsAgent({
    keepAlive: true,
    rejectUnauthorized: !settings.noVerifySsl,
    ca: settings.caBundle ? readFileSync(settings.caBundle) : undefined,
  });
}

/** SDK v3 clients from the resolved settings, loaded on first use (the SDK costs ~100 ms to load). */
export async function makeClients(settings: ResolvedSettings, io: Io, httpsAgent: HttpsAgent | undefined): Promise<Clients> {
  // The SDK warns under Node 20 that its 2027 releases will need Node 22: noise for a command
  // line's users. main.ts sets this too; here for callers that come in without it (tests).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  const line = (level: string) => (...a: unknown[]): void => io.stderr(`${level}: ${a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}\n`);
  const common = {
    endpoint: settings.endpoint,
    region: settings.region,
    maxAttempts: settings.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: settings.connectTimeoutMs, requestTimeout: settings.readTimeoutMs, httpsAgent },
    logger: settings.debug ? { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') } : undefined,
    // A static key when config.ts found one; otherwise the SDK's own chain, with the named profile.
    ...(settings.credentials ? { credentials: settings.credentials } : settings.profile ? { profile: settings.profile } : {}),
  };
  const unsigned = settings.unsigned === true;
  const cognito = new sdk.CognitoIdentityProviderClient(unsigned
    // --no-sign-request: requests go out unsigned (the service will say what it thinks of that).
    ? { ...common, httpAuthSchemeProvider: () => [{ schemeId: 'smithy.api#noAuth' }] }
    : common);
  let logs: CloudWatchLogsClient | undefined;
  return {
    cognito, sdk,
    async logs() {
      if (unsigned) return undefined; // the Logs client has no unsigned mode
      if (!logs) {
        const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
        logs = new CloudWatchLogsClient(common);
      }
      return logs;
    },
    destroy() {
      cognito.destroy();
      logs?.destroy();
    },
  };
}

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * PUT the file to the pre-signed URL as `curl -T` does: streamed, with its length, the header the
 * URL signs, and `Expect: 100-continue` so a refused upload sends no body (sent after 1 s without
 * an answer, as curl does, for servers that ignore Expect).
 */
export function upload(url: string, file: string, size: number, timeoutMs: number | undefined, agent: HttpsAgent | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const https = u.protocol === 'https:';
    const req = (https ? httpsRequest : httpRequest)(u, {
      method: 'PUT', agent: https ? agent : undefined,
      headers: { 'x-amz-server-side-encryption': 'aws:kms', 'Content-Length': size, Expect: '100-continue' },
    });
    let sending = false;
    const send = (): void => {
      if (sending) return;
      sending = true;
      clearTimeout(fallback);
      const f = createReadStream(file);
      f.on('error', (e) => req.destroy(e));
      f.pipe(req);
    };
    const fallback = setTimeout(send, 1000);
    req.on('continue', send);
    req.on('response', (res) => {
      clearTimeout(fallback);
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (d: Buffer) => { if (bytes < 65536) { chunks.push(d); bytes += d.length; } });
      res.on('end', () => {
        if (!sending) req.destroy();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => { clearTimeout(fallback); reject(e); });
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
  });
}

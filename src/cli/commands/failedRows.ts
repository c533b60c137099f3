// `cognito-import failed-rows --user-pool-id P --job-id J [--outcome FAILED|SKIPPED]`: an ended
// job's header line and the original lines of its failed (or skipped) rows, on stdout, as the
// server's extension route rows.csv gives them (docs/extensions.md). The file it makes is one
// `cognito-import import-users` takes as it is: fix the rows, import them again.
//
// The request is a GET signed with SigV4 for the service `cognito-import`, to the endpoint, with
// the region and key the command line's AWS commands use (config.ts): the same server, the same
// account. The body goes to stdout as it arrives, chunk by chunk.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseArgs } from 'node:util';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { ArgParseError, CliServiceError, ConfigurationError } from '../errors';
import { translateSdkError } from '../invoke';
import type { Io, ResolvedSettings } from '../types';
import { tlsAgent } from './importCalls';

export const FAILED_ROWS_USAGE = `usage: cognito-import failed-rows --user-pool-id ID --job-id ID [--outcome FAILED|SKIPPED]

Writes an ended import job's CSV header line and the original lines of its FAILED rows (or, with
--outcome SKIPPED, its skipped ones), in file order, to stdout. Fix them, then import them again:

  cognito-import failed-rows --user-pool-id ID --job-id ID > failed.csv
  cognito-import import-users --user-pool-id ID failed.csv

  --user-pool-id ID        the user pool of the job (required)
  --job-id ID              the import job (required); it must have ended (Succeeded, Failed, Stopped)
  --outcome OUTCOME        FAILED (default) or SKIPPED

The server, region and key are those of the other commands (--endpoint-url, --region, --profile...).
Exit status: 0; 252 bad usage; 253 configuration (no key); 254 the server answered with an error
(the job has not ended, its file is no longer kept...); 255 other errors (server unreachable).`;

/** What the request is named in error messages, as an operation of the API would be. */
const OPERATION = 'GetImportJobRows';
const OUTCOMES = ['FAILED', 'SKIPPED'] as const;

interface Request { poolId: string; jobId: string; outcome: typeof OUTCOMES[number] }

export function parseFailedRowsArgs(argv: string[]): Request | 'help' {
  const usage = (why: string): ArgParseError => new ArgParseError(`failed-rows: ${why}\n\n${FAILED_ROWS_USAGE}`);
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { 'user-pool-id': { type: 'string' }, 'job-id': { type: 'string' }, outcome: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true, allowPositionals: true,
    }));
  } catch (e) {
    throw usage((e as Error).message);
  }
  if (values.help || (positionals.length === 1 && positionals[0] === 'help')) return 'help';
  if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`);
  const poolId = values['user-pool-id'];
  const jobId = values['job-id'];
  if (typeof poolId !== 'string' || typeof jobId !== 'string') throw usage('the following arguments are required: --user-pool-id, --job-id');
  const outcome = (values.outcome ?? 'FAILED') as string;
  if (!(OUTCOMES as readonly string[]).includes(outcome)) throw usage(`--outcome must be FAILED or SKIPPED, not '${outcome}'`);
  return { poolId, jobId, outcome: outcome as Request['outcome'] };
}

/** The key: the one config.ts found, else the AWS SDK's own chain (SSO, credential_process...) for the profile. */
async function credentialsFor(settings: ResolvedSettings): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  if (settings.credentials) return settings.credentials;
  process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
  const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
  const client = new CognitoIdentityProviderClient({ region: settings.region, ...(settings.profile ? { profile: settings.profile } : {}) });
  try {
    return await client.config.credentials();
  } finally {
    client.destroy();
  }
}

/** The signed GET's URL and headers. */
async function signedRequest(settings: ResolvedSettings, r: Request): Promise<{ url: URL; headers: Record<string, string> }> {
  const base = settings.endpoint.replace(/\/+$/, '');
  const url = new URL(`${base}/_cognito-import/v1/user-pools/${encodeURIComponent(r.poolId)}/import-jobs/${encodeURIComponent(r.jobId)}/rows.csv?outcome=${r.outcome}`);
  if (settings.unsigned) return { url, headers: {} };
  const signer = new SignatureV4({
    credentials: await credentialsFor(settings), region: settings.region, service: 'cognito-import', sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
  });
  const signed = await signer.sign(new HttpRequest({
    method: 'GET', protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname,
    query: { outcome: r.outcome }, headers: { host: url.host },
  }));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') headers[k] = String(v);
  return { url, headers };
}

function send(url: URL, headers: Record<string, string>, settings: ResolvedSettings): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:';
    const req = (https ? httpsRequest : httpRequest)(url, { method: 'GET', headers, agent: https ? tlsAgent(settings) : undefined }, resolve);
    req.on('error', reject);
    const timeout = settings.readTimeoutMs ?? settings.connectTimeoutMs;
    if (timeout) req.setTimeout(timeout, () => req.destroy(Object.assign(new Error(`no answer within ${timeout} ms`), { name: 'TimeoutError' })));
    req.end();
  });
}

/** The server's error answer as the aws CLI words a service error (exit 254). */
async function serviceError(res: IncomingMessage): Promise<CliServiceError> {
  let text = '';
  for await (const chunk of res as AsyncIterable<Buffer>) if (text.length < 65536) text += chunk.toString('utf8');
  let err: { __type?: string; message?: string } = {};
  try {
    err = JSON.parse(text) as typeof err;
  } catch {
    // not JSON: a proxy's page, say; its status says what happened
  }
  return new CliServiceError(err.__type ?? `HTTP ${res.statusCode}`, OPERATION, err.message ?? (text.slice(0, 200) || 'no message'));
}

export async function failedRows(argv: string[], io: Io, settingsFor: () => Promise<ResolvedSettings>): Promise<number> {
  const r = parseFailedRowsArgs(argv);
  if (r === 'help') {
    io.stdout(`${FAILED_ROWS_USAGE}\n`);
    return 0;
  }
  const settings = await settingsFor();
  let res: IncomingMessage;
  try {
    const { url, headers } = await signedRequest(settings, r);
    if (settings.debug) {
      io.stderr(`${new Date().toISOString()} - cognito-import - DEBUG - GET ${url.pathname}${url.search} on ${settings.endpoint}, `
        + `region ${settings.region}, ${headers.authorization ? 'signed for cognito-import' : 'unsigned'}\n`);
    }
    res = await send(url, headers, settings);
  } catch (e) {
    const t = translateSdkError(e, OPERATION, settings.endpoint);
    throw t instanceof ConfigurationError || t !== e ? t : new Error(`Could not connect to the endpoint URL: "${settings.endpoint}" (${(e as Error).message})`);
  }
  if (res.statusCode !== 200) throw await serviceError(res);
  // Bytes as they come: the file's own, whatever they hold.
  const decoder = new TextDecoder('utf-8');
  const cutShort = (): Error => new Error(`The answer of ${settings.endpoint} was cut short: the output is incomplete.`);
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (io.stdoutBytes) io.stdoutBytes(chunk);
      else io.stdout(decoder.decode(chunk, { stream: true }));
    }
  } catch {
    throw cutShort();
  }
  if (!res.complete) throw cutShort();
  if (!io.stdoutBytes) io.stdout(decoder.decode());
  return 0;
}

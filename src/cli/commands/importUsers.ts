// `cognito-import import-users`: one command for the whole import of a CSV file (issue 4, scope 4).
//
//   check the file locally -> CreateUserImportJob -> PUT the file to PreSignedUrl -> StartUserImportJob
//   -> follow the job (progress) -> print the final job and how to read each row's outcome.
//
// Output: stdout carries the command's result only (the job JSON; with --dry-run, the check's
// report), so `import-users ... > job.json` or `| jq` works; progress, the problems found before a
// real run, prompts and the `aws logs` command go to stderr.
//
// Exit codes (aws CLI v2's table, spec section 7, plus two it has for its own high-level commands):
//   0    the job Succeeded; --dry-run found no problem; --no-wait started the job
//   1    the local check found problems: with --dry-run, any; without it, a problem with the file
//        itself (encoding, size, header) that would fail the job before its first row, so nothing
//        was created. [As `aws s3` uses 1 when some of its items failed: the command ran, the data
//        is at fault. Rows that would fail do not stop a real run: Cognito imports the others.]
//   130  Ctrl-C, and the command left without stopping the job (aws CLI v2: 130 on SIGINT)
//   252  bad command line; 253 configuration (no account id to build the default role ARN)
//   254  the service returned an error, the upload was refused, or the job ended Failed or Stopped
//   255  anything else (file unreadable, endpoint unreachable)
import { logGroupName } from '../../domain/importLog';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { basename } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { CognitoIdentityProviderClient, UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { PasswordHashingAlgorithmType } from '../../api/generated/cognitoIdp';
import type { Io, ResolvedSettings } from '../types';
import { checkCsvFile, formatFinding, storedPoolFrom, type CheckResult, type Finding } from './importCheck';
import { progressBar, progressLine, RateMeter, rowsDone } from './importProgress';
import { jobJson } from './jobJson';

export const IMPORT_USERS_USAGE = `usage: cognito-import import-users --user-pool-id ID FILE [options]

Checks FILE against the user pool's CSV header and row rules, then creates an import job, uploads
FILE, starts the job and follows it to the end. Prints the final job as JSON, and the aws logs
command that reads each row's outcome.

  --user-pool-id ID                   the user pool to import into (required)
  --job-name NAME                     default: the file name without .csv
  --cloud-watch-logs-role-arn ARN     default: arn:aws:iam::<the pool's account>:role/CognitoImport
  --password-hashing-algorithm ALG    BCRYPT, SCRYPT, ARGON2ID or PBKDF2_SHA256: the file has a
                                      cognito:password_hash column
  --dry-run                           check the file only; create nothing
  --no-wait                           return once the job is started, with the job as JSON
  --progress-interval SECONDS         without a terminal, print a progress line this often (default 5)

Exit status: 0 job Succeeded (or a clean --dry-run, or started with --no-wait); 1 the check found
problems (--dry-run), or the file would fail the whole job (nothing created); 130 interrupted,
job left running; 252 bad usage; 254 service error, upload refused, or job Failed/Stopped;
255 other errors.
Ctrl-C while following: on a terminal, asks whether to stop the job; otherwise stops it.`;

export const EXIT = { ok: 0, problems: 1, interrupted: 130, usage: 252, config: 253, service: 254, other: 255 } as const;

const ALGORITHMS: readonly PasswordHashingAlgorithmType[] = ['BCRYPT', 'SCRYPT', 'ARGON2ID', 'PBKDF2_SHA256'];
const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);
const TTY_REDRAW_MS = 250;

/** What import-users needs from the process beyond Io; tests pass their own. */
export interface ImportUsersEnv {
  /** Where the Stop prompt's answer is read (a terminal only). */
  stdin: NodeJS.ReadableStream;
  /** Where SIGINT is delivered. */
  signals: { on(event: 'SIGINT', f: () => void): unknown; off(event: 'SIGINT', f: () => void): unknown };
  /** Terminal width for the progress bar. */
  columns(): number;
}

interface Options {
  poolId: string;
  file: string;
  jobName?: string;
  roleArn?: string;
  algorithm?: PasswordHashingAlgorithmType;
  wait: boolean;
  dryRun: boolean;
  progressIntervalMs: number;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'user-pool-id': { type: 'string' }, 'job-name': { type: 'string' }, 'cloud-watch-logs-role-arn': { type: 'string' },
        'password-hashing-algorithm': { type: 'string' }, 'no-wait': { type: 'boolean' }, 'dry-run': { type: 'boolean' },
        'progress-interval': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true, allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (!values['user-pool-id']) throw new UsageError('the following arguments are required: --user-pool-id');
  if (positionals.length === 0) throw new UsageError('the following arguments are required: FILE');
  if (positionals.length > 1) throw new UsageError(`one FILE only, not ${positionals.length}: ${positionals.join(' ')}`);
  const algorithm = values['password-hashing-algorithm'];
  if (algorithm !== undefined && !ALGORITHMS.includes(algorithm as PasswordHashingAlgorithmType)) {
    throw new UsageError(`--password-hashing-algorithm must be one of ${ALGORITHMS.join(', ')}, not '${algorithm}'`);
  }
  let progressIntervalMs = 5000;
  const interval = values['progress-interval'];
  if (interval !== undefined) {
    const s = Number(interval);
    if (!/^\d+(\.\d+)?$/.test(interval) || s < 0.01 || s > 3600) {
      throw new UsageError(`--progress-interval must be a number of seconds from 0.01 to 3600, not '${interval}'`);
    }
    progressIntervalMs = Math.round(s * 1000);
  }
  return {
    poolId: values['user-pool-id'], file: positionals[0], jobName: values['job-name'],
    roleArn: values['cloud-watch-logs-role-arn'], algorithm: algorithm as PasswordHashingAlgorithmType | undefined,
    wait: !values['no-wait'], dryRun: Boolean(values['dry-run']), progressIntervalMs,
  };
}

/** [OURS] `users.csv` -> `users`: the file's name without .csv, with characters JobName refuses turned into `-`. */
export function defaultJobName(file: string): string {
  const name = basename(file).replace(/\.csv$/i, '').replace(/[^\w\s+=,.@-]/g, '-').slice(0, 128).trim();
  return name || 'import';
}

/** [OURS] The role AWS needs to write the job's logs, when --cloud-watch-logs-role-arn is not given. */
export const defaultRoleArn = (accountId: string): string => `arn:aws:iam::${accountId}:role/CognitoImport`;

/** A word for a POSIX shell: as is when safe, else in single quotes. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const isAwsEndpoint = (endpoint: string): boolean => {
  try {
    const host = new URL(endpoint).hostname;
    return /\.amazonaws\.com(\.cn)?$/.test(host) || host.endsWith('.api.aws');
  } catch {
    return false;
  }
};

/** `aws <service> <command> [--endpoint-url URL] --region R <args>`: runnable as printed. */
function awsCommand(settings: ResolvedSettings, service: string, command: string, args: string[]): string {
  const words = ['aws', service, command];
  if (!isAwsEndpoint(settings.endpoint)) words.push('--endpoint-url', settings.endpoint);
  words.push('--region', settings.region, ...args);
  return words.map(shellWord).join(' ');
}

export const logGroupFor = logGroupName;
export const logStreamFor = (jobId: string, jobName: string): string => `${jobId}/${jobName}`;

/** What a failed call prints, and its exit code: 254 when the service answered, 255 when it could not be reached. */
function callFailed(io: Io, settings: ResolvedSettings, operation: string, e: unknown): number {
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

class CallError extends Error {
  constructor(readonly operation: string, readonly error: unknown) {
    super(operation);
  }
}

async function call<T>(operation: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new CallError(operation, e);
  }
}

interface Clients {
  cognito: CognitoIdentityProviderClient;
  sdk: typeof import('@aws-sdk/client-cognito-identity-provider');
  logs(): Promise<CloudWatchLogsClient | undefined>;
  destroy(): void;
}

/** TLS options from --no-verify-ssl and --ca-bundle, for the SDK's requests and the upload alike. */
function tlsAgent(settings: ResolvedSettings): HttpsAgent | undefined {
  if (!settings.noVerifySsl && !settings.caBundle) return undefined;
  return new HttpsAgent({
    keepAlive: true,
    rejectUnauthorized: !settings.noVerifySsl,
    ca: settings.caBundle ? readFileSync(settings.caBundle) : undefined,
  });
}

/** SDK v3 clients from the resolved settings, loaded on first use (the SDK costs ~100 ms to load). */
async function makeClients(settings: ResolvedSettings, io: Io, httpsAgent: HttpsAgent | undefined): Promise<Clients> {
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

export async function importUsers(argv: string[], settings: ResolvedSettings, io: Io): Promise<number> {
  return importUsersWith(argv, settings, io, {
    stdin: process.stdin,
    signals: process,
    columns: () => process.stderr.columns || 80,
  });
}

export async function importUsersWith(argv: string[], settings: ResolvedSettings, io: Io, env: ImportUsersEnv): Promise<number> {
  let o: Options;
  try {
    const parsed = parseOptions(argv);
    if (parsed === 'help') {
      io.stdout(`${IMPORT_USERS_USAGE}\n`);
      return EXIT.ok;
    }
    o = parsed;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`cognito-import import-users: error: ${e.message}\n\n${IMPORT_USERS_USAGE}\n`);
    return EXIT.usage;
  }

  let size: number;
  try {
    const st = statSync(o.file);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (e) {
    io.stderr(`cognito-import import-users: cannot read ${o.file}: ${(e as Error).message}\n`);
    return EXIT.other;
  }

  let agent: HttpsAgent | undefined;
  try {
    agent = tlsAgent(settings);
  } catch (e) {
    io.stderr(`cognito-import import-users: cannot read the CA bundle ${settings.caBundle}: ${(e as Error).message}\n`);
    return EXIT.config;
  }
  const clients = await makeClients(settings, io, agent);
  try {
    return await run(o, size, settings, io, env, clients, agent);
  } catch (e) {
    if (e instanceof CallError) return callFailed(io, settings, e.operation, e.error);
    throw e;
  } finally {
    clients.destroy();
    agent?.destroy();
  }
}

async function run(
  o: Options, size: number, settings: ResolvedSettings, io: Io, env: ImportUsersEnv, c: Clients, agent: HttpsAgent | undefined,
): Promise<number> {
  const { sdk, cognito } = c;
  const described = await call('DescribeUserPool', () => cognito.send(new sdk.DescribeUserPoolCommand({ UserPoolId: o.poolId })));
  const pool = storedPoolFrom(described.UserPool ?? {}, { accountId: '', region: settings.region });

  // 1. The local check. A dry run's report is its result (stdout); before a real run it is a warning (stderr).
  const report = o.dryRun ? io.stdout : io.stderr;
  let check: CheckResult;
  try {
    check = await checkCsvFile(o.file, { pool, passwordHashingAlgorithm: o.algorithm },
      (f: Finding) => report(`${formatFinding(o.file, f)}\n`));
  } catch (e) {
    io.stderr(`cognito-import import-users: cannot read ${o.file}: ${(e as Error).message}\n`);
    return EXIT.other;
  }
  const problems = check.failedRows + check.skippedRows;
  if (check.jobFails) {
    report(`${o.file}: an import job would fail on this file before its first row; ${o.dryRun ? 'a dry run creates nothing' : 'no job was created'}.\n`);
    return EXIT.problems;
  }
  const rows = `${check.dataRows} data row${check.dataRows === 1 ? '' : 's'}`;
  if (problems === 0) {
    if (o.dryRun) report(`${o.file}: ${rows}, no problems found (users already in the pool are not checked).\n`);
  } else {
    const parts: string[] = [];
    if (check.failedRows) parts.push(`${check.failedRows} would fail`);
    if (check.skippedRows) parts.push(`${check.skippedRows} would be skipped`);
    report(`${o.file}: ${rows}: ${parts.join(', ')} (listed above)${o.dryRun ? '.' : '; importing the others, as Cognito does.'}\n`);
  }
  if (o.dryRun) return problems === 0 ? EXIT.ok : EXIT.problems;

  // 2. Create, upload, start.
  let roleArn = o.roleArn;
  if (roleArn === undefined) {
    if (!/^\d{12}$/.test(pool.accountId)) {
      io.stderr(`cognito-import import-users: cannot tell the account from the user pool's ARN (${described.UserPool?.Arn ?? 'none'}); pass --cloud-watch-logs-role-arn\n`);
      return EXIT.config;
    }
    roleArn = defaultRoleArn(pool.accountId);
  }
  const jobName = o.jobName ?? defaultJobName(o.file);
  const created = (await call('CreateUserImportJob', () => cognito.send(new sdk.CreateUserImportJobCommand({
    UserPoolId: o.poolId, JobName: jobName, CloudWatchLogsRoleArn: roleArn, PasswordHashingAlgorithm: o.algorithm,
  })))).UserImportJob!;
  const jobId = created.JobId!;
  io.stderr(`Created import job ${jobId} (${created.JobName}) in user pool ${o.poolId}.\n`);

  const abandoned = (): void => {
    io.stderr(`Import job ${jobId} stays Created, without a file or not started; it expires by itself.\n`);
  };
  let uploaded: { status: number; body: string };
  try {
    uploaded = await upload(created.PreSignedUrl!, o.file, size, settings.readTimeoutMs, agent);
  } catch (e) {
    io.stderr(`\nUpload of ${o.file} failed: ${(e as Error).message}\n`);
    abandoned();
    return EXIT.other;
  }
  if (uploaded.status < 200 || uploaded.status > 299) {
    const code = /<Code>([^<]*)<\/Code>/.exec(uploaded.body)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(uploaded.body)?.[1];
    io.stderr(`\nThe upload of ${o.file} was refused: HTTP ${uploaded.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}\n`);
    abandoned();
    return EXIT.service;
  }
  io.stderr(`Uploaded ${o.file} (${formatBytes(size)}, ${check.dataRows} rows).\n`);

  let started: UserImportJobType;
  try {
    started = (await call('StartUserImportJob', () => cognito.send(new sdk.StartUserImportJobCommand({ UserPoolId: o.poolId, JobId: jobId })))).UserImportJob!;
  } catch (e) {
    const code = callFailed(io, settings, (e as CallError).operation, (e as CallError).error);
    io.stderr(`Import job ${jobId} has its file; start it later with:\n  ${awsCommand(settings, 'cognito-idp', 'start-user-import-job', ['--user-pool-id', o.poolId, '--job-id', jobId])}\n`);
    return code;
  }

  const group = logGroupFor(o.poolId, pool.name);
  const stream = logStreamFor(jobId, started.JobName ?? jobName);
  const logsCommand = awsCommand(settings, 'logs', 'get-log-events', ['--log-group-name', group, '--log-stream-name', stream, '--start-from-head']);
  if (!o.wait) {
    io.stdout(jobJson(started, settings.timestampFormat));
    io.stderr(`Started import job ${jobId}. Follow it with:\n  ${awsCommand(settings, 'cognito-idp', 'describe-user-import-job', ['--user-pool-id', o.poolId, '--job-id', jobId])}\n`
      + `Each row's outcome, once it has run:\n  ${logsCommand}\n`);
    return EXIT.ok;
  }
  io.stderr(`Started import job ${jobId}.\n`);

  // 3. Follow the job to its end.
  const followed = await follow({ o, settings, io, env, c, jobId, started, total: check.dataRows });
  if (followed.left) {
    io.stderr(`\nLeft import job ${jobId} running (${followed.job.Status}). Follow it with:\n  `
      + `${awsCommand(settings, 'cognito-idp', 'describe-user-import-job', ['--user-pool-id', o.poolId, '--job-id', jobId])}\n`);
    return EXIT.interrupted;
  }
  const job = followed.job;
  io.stdout(jobJson(job, settings.timestampFormat));
  if ((job.FailedUsers ?? 0) + (job.SkippedUsers ?? 0) > 0) await showRowProblems(c, o.file, group, stream, check, io);
  io.stderr(`Each row's outcome:\n  ${logsCommand}\n`);
  if ((job.FailedUsers ?? 0) + (job.SkippedUsers ?? 0) > 0) {
    io.stderr(`Only the rows that failed or were skipped:\n  ${awsCommand(settings, 'logs', 'filter-log-events', [
      '--log-group-name', group, '--log-stream-names', stream, '--filter-pattern', '?"[FAILED]" ?"[SKIPPED]"'])}\n`);
  }
  return job.Status === 'Succeeded' ? EXIT.ok : EXIT.service;
}

const formatBytes = (n: number): string =>
  n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * PUT the file to the pre-signed URL as `curl -T` does: streamed, with its length, the header the
 * URL signs, and `Expect: 100-continue` so a refused upload sends no body (sent after 1 s without
 * an answer, as curl does, for servers that ignore Expect).
 */
function upload(url: string, file: string, size: number, timeoutMs: number | undefined, agent: HttpsAgent | undefined): Promise<{ status: number; body: string }> {
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

/** The first rows that failed or were skipped, from the job's log, at their line in the file. */
async function showRowProblems(c: Clients, file: string, group: string, stream: string, check: CheckResult, io: Io): Promise<void> {
  const SHOW = 10;
  try {
    const logs = await c.logs();
    if (!logs) return;
    const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const r = await logs.send(new FilterLogEventsCommand({
      logGroupName: group, logStreamNames: [stream], filterPattern: '?"[FAILED]" ?"[SKIPPED]"', limit: SHOW,
    }));
    const events = r.events ?? [];
    if (events.length === 0) return;
    io.stderr('Rows that failed or were skipped (from the job\'s log):\n');
    for (const e of events) {
      const n = Number(/Line Number (\d+)/.exec(e.message ?? '')?.[1]);
      const line = Number.isInteger(n) && n > 0 && n < check.lineOfRow.length ? check.lineOfRow[n] : 0;
      io.stderr(`  ${line ? `${file}:${line}: ` : ''}${e.message}\n`);
    }
    if (r.nextToken) io.stderr(`  ... and more.\n`);
  } catch (e) {
    io.stderr(`(The job's log could not be read: ${(e as Error).message})\n`);
  }
}

interface FollowContext {
  o: Options;
  settings: ResolvedSettings;
  io: Io;
  env: ImportUsersEnv;
  c: Clients;
  jobId: string;
  started: UserImportJobType;
  total: number;
}

/**
 * Polls DescribeUserImportJob until the job ends, showing progress. Ctrl-C: on a terminal, asks
 * whether to stop the job (a second Ctrl-C at the question leaves without stopping); without one,
 * stops it (a second Ctrl-C leaves). Returns the last job seen, and whether the user left early.
 */
async function follow(x: FollowContext): Promise<{ job: UserImportJobType; left: boolean }> {
  const { o, io, env, c, jobId, total } = x;
  const tty = io.isTTY;
  const pollMs = Math.min(tty ? 500 : 1000, Math.max(50, o.progressIntervalMs));
  const meter = new RateMeter();
  let job: UserImportJobType = x.started;
  let left = false;
  let stopRequested = false;
  let prompt: Interface | undefined;
  let drawn = false;

  let wake: (() => void) | undefined;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      wake = undefined;
      resolve();
    };
    const t = setTimeout(done, ms);
    wake = done;
  });

  const draw = (): void => {
    if (prompt || left) return;
    io.stderr(`\r${progressBar(job, total, meter.rate(Date.now()), Math.max(20, env.columns() - 1))}\x1b[K`);
    drawn = true;
  };
  const endLine = (): void => {
    if (drawn) io.stderr('\n');
    drawn = false;
  };
  const plain = (): void => io.stderr(`${progressLine(jobId, job, total, meter.rate(Date.now()))}\n`);

  const requestStop = async (): Promise<void> => {
    stopRequested = true;
    try {
      const r = await c.cognito.send(new c.sdk.StopUserImportJobCommand({ UserPoolId: o.poolId, JobId: jobId }));
      if (r.UserImportJob) job = r.UserImportJob;
      if (!tty) io.stderr(`Stop requested: import job ${jobId} is ${job.Status}.\n`);
    } catch (e) {
      const err = e as { name?: string; message?: string };
      // Most likely the job ended meanwhile (only Pending and InProgress jobs stop): the poll will tell.
      endLine();
      io.stderr(`Could not stop import job ${jobId}: ${err.name ?? 'Error'}: ${err.message ?? String(e)}\n`);
    }
    wake?.();
  };

  const closePrompt = (): void => {
    const p = prompt;
    prompt = undefined;
    p?.close();
  };

  const onSigint = (): void => {
    if (prompt) { // Ctrl-C at the question: leave, the job keeps running
      closePrompt();
      io.stderr('\n');
      left = true;
      wake?.();
      return;
    }
    if (!tty || stopRequested) {
      if (stopRequested) {
        left = true;
        wake?.();
        return;
      }
      io.stderr(`Interrupted: stopping import job ${jobId} (Ctrl-C again to leave it running).\n`);
      void requestStop();
      return;
    }
    endLine();
    io.stderr(`Stop import job ${jobId}? [y/N] `);
    const rl = createInterface({ input: env.stdin, terminal: false });
    prompt = rl;
    let answered = false;
    rl.once('line', (answer) => {
      answered = true;
      closePrompt();
      if (/^\s*y(es)?\s*$/i.test(answer)) {
        io.stderr(`Stopping import job ${jobId}...\n`);
        void requestStop();
      }
      draw();
    });
    rl.once('close', () => {
      if (prompt === rl) { // end of input: no answer is a no
        prompt = undefined;
        if (!answered) io.stderr('\n');
        draw();
      }
    });
  };

  env.signals.on('SIGINT', onSigint);
  const timer = tty ? setInterval(draw, TTY_REDRAW_MS) : setInterval(plain, o.progressIntervalMs);
  if (tty) draw(); else plain();
  let pollFailures = 0;
  try {
    while (!left) {
      try {
        job = (await c.cognito.send(new c.sdk.DescribeUserImportJobCommand({ UserPoolId: o.poolId, JobId: jobId }))).UserImportJob ?? job;
        pollFailures = 0;
      } catch (e) {
        // The SDK already retried 3 times; a service answer (the pool deleted, say) ends the wait,
        // a network blip gets three more polls.
        const err = e as { $fault?: string };
        if (err.$fault !== undefined || ++pollFailures > 3) {
          endLine();
          throw new CallError('DescribeUserImportJob', e);
        }
      }
      if (job.Status === 'InProgress' || TERMINAL.has(job.Status ?? '')) meter.add(Date.now(), rowsDone(job));
      if (TERMINAL.has(job.Status ?? '')) break;
      if (!left) await sleep(pollMs);
    }
  } finally {
    clearInterval(timer);
    env.signals.off('SIGINT', onSigint);
    if (prompt) {
      closePrompt();
      io.stderr('\n');
    }
  }
  if (tty) {
    if (!left) draw();
    endLine();
  } else if (!left) {
    plain();
  }
  return { job, left };
}

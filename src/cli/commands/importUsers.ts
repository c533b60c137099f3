// `cognito-import import-users`: one command for the whole import of a CSV file.
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
//   130  Ctrl-C twice: the command left without waiting for the job to stop (aws CLI v2: 130 on SIGINT)
//   252  bad command line; 253 configuration (no account id to build the default role ARN)
//   254  the service returned an error, the upload was refused, or the job ended Failed or Stopped
//   255  anything else (file unreadable, endpoint unreachable)
import { statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Agent as HttpsAgent } from 'node:https';
import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import type { Io, ResolvedSettings } from '../types';
import { call, CallError, callFailed, formatBytes, makeClients, tlsAgent, upload, type Clients } from './importCalls';
import { checkCsvFile, formatFinding, storedPoolFrom, type CheckResult, type Finding } from './importCheck';
import { follow, type ImportUsersEnv } from './importFollow';
import {
  awsCommand, defaultJobName, defaultRoleArn, EXIT, IMPORT_USERS_USAGE, logGroupFor, logStreamFor, parseOptions, UsageError, type Options,
} from './importOptions';
import { jobJson } from './jobJson';
import { MESSAGES } from '../../domain/importJob';

export { defaultJobName, defaultRoleArn, EXIT, IMPORT_USERS_USAGE, logGroupFor, logStreamFor, shellWord } from './importOptions';
export type { ImportUsersEnv } from './importFollow';

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
  if (certainToFail(problems, check.dataRows) && !(await goOnAnyway(o, io, env))) return EXIT.problems;

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
    io.stderr(`\nLeft import job ${jobId} ${followed.job.Status === 'Stopping' ? 'stopping' : 'running'} (${followed.job.Status}). Follow it with:\n  `
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

/**
 * Whether the rows the check found bad already make the job end Failed, whatever the pool holds:
 * more of them than the rows left to import, or all of them (domain/importJob.ts finalStatus).
 */
const certainToFail = (bad: number, rows: number): boolean => bad > 0 && bad > rows - bad;

/** Says so before anything is created, and goes on with --yes, or when a terminal's user says yes. */
async function goOnAnyway(o: Options, io: Io, env: ImportUsersEnv): Promise<boolean> {
  io.stderr(`${o.file}: more rows would not be imported than would: the job would end Failed ("${MESSAGES.tooManyFailed}"), `
    + 'though it imports the others.\n');
  if (o.yes) return true;
  // Asked only where it can be answered: stdin a terminal too (a pipe that never ends would hang).
  const terminal = io.isTTY && (env.stdin as { isTTY?: boolean }).isTTY === true;
  if (terminal) {
    io.stderr('Create and start the job anyway? [y/N] ');
    const rl = createInterface({ input: env.stdin, terminal: false });
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    rl.close();
    if (/^\s*y(es)?\s*$/i.test(answer)) return true;
  }
  io.stderr(`${o.file}: no job was created${terminal ? '' : ' (--yes creates it anyway)'}.\n`);
  return false;
}

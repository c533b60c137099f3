// import-users' command line: its usage, exit codes, options, and the names and aws commands it prints.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { PasswordHashingAlgorithmType } from '../../api/generated/cognitoIdp';
import { logGroupName } from '../../domain/importLog';
import type { ResolvedSettings } from '../types';

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
  --yes, -y                           create the job without asking even when the rows found bad
                                      already make it end Failed (without a terminal, required then)
  --no-wait                           return once the job is started, with the job as JSON
  --progress-interval SECONDS         without a terminal, print a progress line this often (default 5)

Exit status: 0 job Succeeded (or a clean --dry-run, or started with --no-wait); 1 the check found
problems (--dry-run), or the file would fail the whole job (nothing created); 130 Ctrl-C twice,
the job left stopping; 252 bad usage; 254 service error, upload refused, or job Failed/Stopped;
255 other errors.
Ctrl-C while following stops the job (Ctrl-C again leaves without waiting for it); to leave a job
running, start it with --no-wait.`;

export const EXIT = { ok: 0, problems: 1, interrupted: 130, usage: 252, config: 253, service: 254, other: 255 } as const;

export const ALGORITHMS: readonly PasswordHashingAlgorithmType[] = ['BCRYPT', 'SCRYPT', 'ARGON2ID', 'PBKDF2_SHA256'];

export interface Options {
  poolId: string;
  file: string;
  jobName?: string;
  roleArn?: string;
  algorithm?: PasswordHashingAlgorithmType;
  wait: boolean;
  dryRun: boolean;
  /** Go on without asking when the rows known bad already make the job end Failed. */
  yes: boolean;
  progressIntervalMs: number;
}

export class UsageError extends Error {}

export function parseOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'user-pool-id': { type: 'string' }, 'job-name': { type: 'string' }, 'cloud-watch-logs-role-arn': { type: 'string' },
        'password-hashing-algorithm': { type: 'string' }, 'no-wait': { type: 'boolean' }, 'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' }, 'progress-interval': { type: 'string' }, help: { type: 'boolean', short: 'h' },
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
    wait: !values['no-wait'], dryRun: Boolean(values['dry-run']), yes: Boolean(values.yes), progressIntervalMs,
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
export function awsCommand(settings: ResolvedSettings, service: string, command: string, args: string[]): string {
  const words = ['aws', service, command];
  if (!isAwsEndpoint(settings.endpoint)) words.push('--endpoint-url', settings.endpoint);
  words.push('--region', settings.region, ...args);
  return words.map(shellWord).join(' ');
}

export const logGroupFor = logGroupName;
export const logStreamFor = (jobId: string, jobName: string): string => `${jobId}/${jobName}`;

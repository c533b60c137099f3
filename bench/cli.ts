// Command-line start-up benchmark: one `describe-user-import-job`, wall time from spawn to exit,
// our `cognito-import cognito-idp ...` against the installed `aws cognito-idp ...`, both against
// the same real server (bin/cognito-import.js serve) in its own process, with the same
// environment (a key in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the region, an empty HOME).
//
//   npm run bench:cli -- [--runs 20] [--warmup 2]
//
// Runs alternate (ours, aws, ours, aws, ...) so drift on the machine hits both alike; warm-up runs
// (disk cache, Python bytecode) are not measured. Every run must exit 0 and print the job; a run
// that does not makes the whole bench INVALID, never a figure. Goal: median ours / median aws < 1/3.
// Exit code: 0 for a valid run (goal met or not), 1 for an invalid or unmeasurable one.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { benchTempDir, runBench, spawnListening } from './children';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'cognito-import.js');
const REGION = 'us-east-1';
const GOAL_RATIO = 1 / 3;
const USAGE = `usage: node dist/bench/cli.js [--runs N] [--warmup N]

  --runs    measured runs per command line (default 20)
  --warmup  unmeasured runs per command line first (default 2)`;

interface Options {
  runs: number;
  warmup: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv, options: { runs: { type: 'string' }, warmup: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true, allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, dflt: number, min: number, max: number): number => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, not '${v}'\n\n${USAGE}`);
    return n;
  };
  return { runs: int('runs', values.runs, 20, 1, 1000), warmup: int('warmup', values.warmup, 2, 0, 100) };
}

interface RunResult {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function timeRun(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', (e) => resolve({ ms: NaN, code: null, stdout, stderr: `${stderr}${e.message}` }));
    child.once('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, stdout, stderr }));
  });
}

/** A run counts only if it exited 0 and printed the job. */
function problemWith(r: RunResult, jobId: string): string | undefined {
  if (r.code !== 0) return `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  try {
    const job = (JSON.parse(r.stdout) as { UserImportJob?: { JobId?: string } }).UserImportJob;
    return job?.JobId === jobId ? undefined : `printed another job: ${r.stdout.slice(0, 200)}`;
  } catch {
    return `printed no JSON: ${r.stdout.slice(0, 200)}`;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function versionOf(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0];
  } catch (e) {
    return `unavailable (${(e as Error).message.split('\n')[0]})`;
  }
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  const key = { accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
  process.stderr.write('starting cognito-import server ...\n');
  const { port } = await spawnListening('server', [BIN, 'serve', '--port', '0', '--data-dir', benchTempDir('ci-bench-cli-data-')],
    { PATH: process.env.PATH, COGNITO_IMPORT_ACCESS_KEY_ID: key.accessKeyId, COGNITO_IMPORT_SECRET_ACCESS_KEY: key.secretAccessKey });
  const url = `http://127.0.0.1:${port}`;

  const sdk = new CognitoIdentityProviderClient({ endpoint: url, region: REGION, maxAttempts: 1, credentials: key });
  let poolId: string;
  let jobId: string;
  try {
    poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    jobId = (await sdk.send(new CreateUserImportJobCommand({
      UserPoolId: poolId, JobName: 'bench', CloudWatchLogsRoleArn: 'arn:aws:iam::000000000000:role/CognitoImport',
    }))).UserImportJob!.JobId!;
  } finally {
    sdk.destroy();
  }

  // The same environment for both: the key, the region, an empty HOME and no config files.
  const home = benchTempDir('ci-bench-cli-home-');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: home, AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_DEFAULT_REGION: REGION, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_PAGER: '',
  };
  const args = ['cognito-idp', 'describe-user-import-job', '--endpoint-url', url, '--user-pool-id', poolId, '--job-id', jobId];
  const commands = [
    { name: 'cognito-import', cmd: process.execPath, args: [BIN, ...args], times: [] as number[] },
    { name: 'aws', cmd: 'aws', args, times: [] as number[] },
  ];

  // One probe each first: a command line that cannot do the call at all is reported, not timed.
  for (const c of commands) {
    const r = await timeRun(c.cmd, c.args, env);
    const problem = problemWith(r, jobId);
    if (problem) {
      const unwired = c.name === 'cognito-import' && /unknown command 'cognito-idp'/.test(r.stderr);
      process.stdout.write(unwired
        ? `\nUNMEASURED: \`cognito-import cognito-idp ...\` is not wired in src/cli/main.ts yet (${problem}).\nThe bench is ready; rerun it once the dispatch lands.\n`
        : `\nINVALID: ${c.name} cannot describe the job: ${problem}\n`);
      return 1;
    }
  }

  process.stderr.write(`pool ${poolId}, job ${jobId}; ${o.warmup} warm-up + ${o.runs} measured runs each, alternating ...\n`);
  const problems: string[] = [];
  for (let i = 0; i < o.warmup + o.runs; i++) {
    for (const c of commands) {
      const r = await timeRun(c.cmd, c.args, env);
      const problem = problemWith(r, jobId);
      if (problem) problems.push(`${c.name} run ${i + 1}: ${problem}`);
      else if (i >= o.warmup) c.times.push(r.ms);
    }
  }

  const [ours, aws] = commands;
  const cpus = os.cpus();
  const fmt = (v: number): string => v.toFixed(1).padStart(9);
  const lines = [
    '',
    'cognito-import CLI benchmark: describe-user-import-job, one process per call, spawn to exit',
    `date        ${new Date().toISOString()}`,
    `machine     ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.platform()} ${os.release()} ${os.arch()}`,
    `node        ${process.version}`,
    `aws         ${versionOf('aws', ['--version'])}`,
    `runs        ${o.runs} measured per command after ${o.warmup} warm-up, alternating; server on ${url}`,
    '',
    `${'command'.padEnd(16)}${'median ms'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}`,
  ];
  for (const c of commands) {
    lines.push(c.times.length
      ? `${c.name.padEnd(16)}${fmt(median(c.times))}${fmt(Math.min(...c.times))}${fmt(Math.max(...c.times))}`
      : `${c.name.padEnd(16)}${'-'.padStart(9)}`);
  }
  const valid = problems.length === 0;
  if (valid) {
    const ratio = median(ours.times) / median(aws.times);
    lines.push('', `ratio ours/aws (medians)  ${ratio.toFixed(3)}`);
    lines.push(`goal  ratio < 1/3 (${GOAL_RATIO.toFixed(3)})     ${ratio < GOAL_RATIO ? 'PASS' : 'MISS'}`);
  } else {
    lines.push('', `INVALID: ${problems.length} run(s) failed; no ratio is reported.`, ...problems.slice(0, 5).map((p) => `  ${p}`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return valid ? 0 : 1;
}

runBench(main);

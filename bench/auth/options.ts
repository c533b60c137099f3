// bench/auth's command line.
import { parseArgs } from 'node:util';
import { wholeOption } from '../lib/options';

export const USAGE = `usage: npm run bench:auth -- [--seconds S] [--connections N] [--users N] [--warmup S] [--hashing-concurrency N]
                           [--password-users N] [--other-rate R] [--database-url URL] [--log-level L]

  --seconds              measured seconds of each run: every sign-in run, every run of the other calls,
                         and each hash function alone (default 10; --duration is the same)
  --connections          concurrent sign-in connections (default 4: twice the hashing concurrency, so a
                         hashing slot never waits for an answer's round trip; more only lengthen the queue)
  --users                users imported with bcrypt cost-10 hashes, one per sign-in of case (b) (default:
                         enough for its two runs at the rate of bcrypt alone, measured first, plus a margin)
  --warmup               unmeasured seconds of the same load before each measured run (default 1)
  --hashing-concurrency  the server's --hashing-concurrency, and how many hashes at once the hash
                         functions alone run with in the bench process (default 2, the server's default)
  --password-users       users with a server-made password (AdminSetUserPassword --permanent) that the
                         sign-ins of case (a) cycle through (default 40)
  --other-rate           requests a second of the other calls (signed DescribeUserPool and AdminGetUser,
                         2 connections), with and without sign-ins (default 100)
  --database-url         run the server on PostgreSQL (a fresh database on this one's server; default SQLite)
  --log-level            the server's --log-level (default info, as users run it: a log line per request)`;

export interface Options {
  seconds: number;
  connections: number;
  users?: number;
  warmup: number;
  hashingConcurrency: number;
  passwordUsers: number;
  otherRate: number;
  databaseUrl?: string;
  logLevel: string;
}

const whole = (name: string, v: string | undefined, dflt: number, min: number, max: number): number => wholeOption(USAGE, name, v, dflt, min, max);

export function parseOptions(argv: string[]): Options {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, users: { type: 'string' },
      warmup: { type: 'string' }, 'hashing-concurrency': { type: 'string' }, 'password-users': { type: 'string' },
      'other-rate': { type: 'string' }, 'database-url': { type: 'string' }, 'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true, allowPositionals: false,
  });
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const url = v['database-url'];
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new Error(`--database-url must be a postgres:// URL, not '${url}'`);
  return {
    seconds: whole('seconds', v.seconds ?? v.duration, 10, 1, 600),
    connections: whole('connections', v.connections, 4, 1, 200),
    users: v.users === undefined ? undefined : whole('users', v.users, 0, 10, 1_000_000),
    warmup: whole('warmup', v.warmup, 1, 0, 60),
    // The server refuses more than libuv's 4 threads less one (src/config.ts).
    hashingConcurrency: whole('hashing-concurrency', v['hashing-concurrency'], 2, 1, 3),
    passwordUsers: whole('password-users', v['password-users'], 40, 1, 10_000),
    otherRate: whole('other-rate', v['other-rate'], 100, 2, 100_000),
    databaseUrl: url, logLevel: v['log-level'] ?? 'info',
  };
}

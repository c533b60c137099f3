// bench/api's command line.
import { parseArgs } from 'node:util';
import { wholeOption } from '../lib/options';

/** The server refuses x-amz-date more than 15 minutes off its clock. */
export const MAX_SKEW_S = 15 * 60;

export const USAGE = `usage: npm run bench:api -- [--rows N] [--seconds S] [--connections N] [--warmup S] [--signed N]
                          [--pool-users N] [--database-url URL] [--skip-idle] [--cpu-prof DIR] [--log-level L]

  --rows          rows of the CSV imported under load (default 500000; 50000 for a quick run)
  --seconds       measured seconds of each run with a fixed length: the idle job and every bare
                  server (default 10; --duration is the same). The runs under import last the import.
  --connections   concurrent connections (default 50)
  --warmup        unmeasured seconds of the same load before each measured run, 0 for none (default 1);
                  under import at least 0.5 (the load is running when the job starts)
  --signed        distinct pre-signed requests each connection cycles through (default 200)
  --pool-users    users of the pool that ListUsers and AdminGetUser read in the mixed load (default 10000)
  --database-url  run the server on PostgreSQL: each server gets a fresh database on this one's server
                  (default: SQLite in a temporary data dir)
  --skip-idle     leave out the first figure (Describe of a job nobody writes to)
  --cpu-prof      run our servers under node --cpu-prof and write their profiles to DIR
  --log-level     our servers' --log-level (default info, as users run it: a log line per request)`;

export interface Options {
  rows: number;
  seconds: number;
  connections: number;
  warmup: number;
  signed: number;
  poolUsers: number;
  databaseUrl?: string;
  skipIdle: boolean;
  cpuProfDir?: string;
  logLevel: string;
}

const whole = (name: string, v: string | undefined, dflt: number, min: number, max: number): number => wholeOption(USAGE, name, v, dflt, min, max);

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string' }, seconds: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' },
      warmup: { type: 'string' }, signed: { type: 'string' }, 'pool-users': { type: 'string' }, 'database-url': { type: 'string' },
      'skip-idle': { type: 'boolean' }, 'cpu-prof': { type: 'string' }, 'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true, allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const url = values['database-url'];
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new Error(`--database-url must be a postgres:// URL, not '${url}'`);
  const o: Options = {
    rows: whole('rows', values.rows, 500_000, 1_000, 10_000_000),
    seconds: whole('seconds', values.seconds ?? values.duration, 10, 1, 600),
    connections: whole('connections', values.connections, 50, 1, 10_000),
    warmup: whole('warmup', values.warmup, 1, 0, 60),
    signed: whole('signed', values.signed, 200, 5, 600),
    poolUsers: whole('pool-users', values['pool-users'], 10_000, 100, 1_000_000),
    databaseUrl: url, skipIdle: values['skip-idle'] === true, cpuProfDir: values['cpu-prof'], logLevel: values['log-level'] ?? 'info',
  };
  // Signing dates go back `signed` seconds from just before a load; the oldest must stay within the
  // server's 15-minute window until the load ends (setup, warm-up, and the import under load).
  if (o.signed + o.warmup + o.seconds > MAX_SKEW_S - 300) {
    throw new Error(`--signed + --warmup + --seconds must stay under ${MAX_SKEW_S - 300} s so every signature stays within the server's 15-minute clock skew`);
  }
  return o;
}

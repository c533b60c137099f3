// `cognito-import signing-keys list|rotate|retire --user-pool-id ID [--key-id KID]`: a pool's
// token signing keys, for operators (docs/operations.md, "Rotating a pool's signing key").
// Cognito has no API for this (AWS rotates its keys itself), so neither has the server: this
// works on the server's database directly, found as `serve` finds it (--data-dir,
// --database-url, or their environment variables). SQLite's file belongs to one process, so
// there the server must be stopped; on PostgreSQL it runs beside the servers, who see a rotation
// at their next token. Private keys are never printed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadServeConfig } from '../../config';
import { SQLITE_FILE } from '../../dataDir';
import { PoolSigningKeys } from '../../auth/tokens/signingKeys';
import type { Store } from '../../store/ports';
import type { SigningKeyInfo } from '../../store/signInPorts';
import { ArgParseError, ConfigurationError, EXIT } from '../errors';
import type { Io } from '../types';

export const SIGNING_KEYS_USAGE = `usage: cognito-import signing-keys list|rotate|retire --user-pool-id ID [--key-id KID] [--data-dir DIR | --database-url URL]

  list     the pool's keys, newest first: SIGNING (signs new tokens), PUBLISHED (in the JWKS), RETIRED
  rotate   a new key signs from now on; the others stay in the JWKS, so tokens they signed still verify
  retire   --key-id KID leaves the JWKS: tokens it signed stop verifying (retire a key once its tokens
           have expired: a day after the rotation covers the longest ID and access token validity)

The database is the server's: --data-dir (SQLite; stop the server first) or --database-url
(PostgreSQL; servers may run), else COGNITO_IMPORT_DATA_DIR / COGNITO_IMPORT_DATABASE_URL as for serve.`;

const ACTIONS = ['list', 'rotate', 'retire'] as const;

interface Parsed { action: typeof ACTIONS[number]; poolId: string; kid?: string; storeArgs: string[] }

function parse(argv: string[]): Parsed {
  const [action, ...rest] = argv;
  if (!ACTIONS.includes(action as Parsed['action'])) throw new ArgParseError(`signing-keys: choose list, rotate or retire\n\n${SIGNING_KEYS_USAGE}`);
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args: rest, options: { 'user-pool-id': { type: 'string' }, 'key-id': { type: 'string' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } },
      strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new ArgParseError(`${(e as Error).message}\n\n${SIGNING_KEYS_USAGE}`);
  }
  const poolId = values['user-pool-id'];
  if (!poolId) throw new ArgParseError('the following arguments are required: --user-pool-id');
  if (action === 'retire' && !values['key-id']) throw new ArgParseError('retire: the following arguments are required: --key-id');
  const storeArgs = (['data-dir', 'database-url'] as const).flatMap((f) => (values[f] === undefined ? [] : [`--${f}`, values[f]!]));
  return { action: action as Parsed['action'], poolId, kid: values['key-id'], storeArgs };
}

async function openStore(storeArgs: string[], env: NodeJS.ProcessEnv): Promise<Store> {
  let config;
  try {
    config = loadServeConfig(storeArgs, env);
  } catch (e) {
    throw e instanceof ConfigError ? new ConfigurationError(e.message) : e;
  }
  if (config.databaseUrl) return (await import('../../store/postgres/pgStore')).openPostgresStore(config.databaseUrl);
  const file = join(config.dataDir, SQLITE_FILE);
  // Never a new database: a wrong --data-dir would otherwise make one and show no pools.
  if (!existsSync(file)) throw new ConfigurationError(`no database at ${file}: give the server's --data-dir or --database-url`);
  const { openSqliteStore, DatabaseInUseError } = await import('../../store/sqlite/sqliteStore');
  try {
    return openSqliteStore(file);
  } catch (e) {
    if (e instanceof DatabaseInUseError) throw new ConfigurationError(`${e.message}\nStop the server, then run this again (SQLite's file belongs to one process).`);
    throw e;
  }
}

function status(k: SigningKeyInfo, signingKid: string | undefined): string {
  return k.retiredMs !== undefined ? 'RETIRED' : k.kid === signingKid ? 'SIGNING' : 'PUBLISHED';
}

/** Keys as the aws CLI prints a listing: PascalCase members, dates as ISO 8601. */
function shown(keys: SigningKeyInfo[]): unknown[] {
  const signing = keys.find((k) => k.retiredMs === undefined)?.kid;
  return keys.map((k) => ({
    KeyId: k.kid, Status: status(k, signing), CreationDate: new Date(k.createdMs).toISOString(),
    ...(k.retiredMs !== undefined && { RetirementDate: new Date(k.retiredMs).toISOString() }),
  }));
}

export async function signingKeys(argv: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    io.stdout(`${SIGNING_KEYS_USAGE}\n`);
    return EXIT.ok;
  }
  const p = parse(argv);
  const store = await openStore(p.storeArgs, env);
  try {
    const pool = await store.pools.findPoolById(p.poolId);
    if (!pool) throw new ConfigurationError(`User pool ${p.poolId} does not exist.`);
    const ref = { accountId: pool.accountId, poolId: pool.id };
    const keys = new PoolSigningKeys(store.signingKeys);
    if (p.action === 'rotate') await keys.rotate(ref, Date.now());
    if (p.action === 'retire' && !(await keys.retire(ref, p.kid!, Date.now()))) {
      throw new ConfigurationError(`pool ${p.poolId} has no key ${p.kid} in its JWKS (see: cognito-import signing-keys list --user-pool-id ${p.poolId})`);
    }
    io.stdout(`${JSON.stringify({ SigningKeys: shown(await keys.list(ref)) }, null, 4)}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

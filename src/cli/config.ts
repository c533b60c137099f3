// The command line's settings, resolved in the aws CLI's order: flags, then the AWS_*
// environment variables, then ~/.aws/credentials and ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE,
// AWS_CONFIG_FILE). The two files are read with the AWS SDK's own shared-config loader
// (@smithy/core/config): it knows `[profile x]` sections, `[services x]` sections and the
// indented sub-sections of the format, which general INI parsers such as `ini` get wrong
// (`ini` nests `[profile dev.eu]` under `profile dev`, turns `true` into a boolean and takes
// the indented `endpoint_url` of a sub-section for a key of the profile).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError } from './errors';
import type { ParsedGlobals } from './globals';
import type { OutputFormat, ResolvedSettings, TimestampFormat } from './types';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:9329';
const DEFAULT_TIMEOUT_S = 60;
const DEFAULT_MAX_ATTEMPTS = 3;
const OUTPUTS: OutputFormat[] = ['json', 'yaml', 'yaml-stream', 'text', 'table', 'off'];

type Section = Record<string, string | undefined>;
export interface SharedFiles {
  configFile: Record<string, Section>;
  credentialsFile: Record<string, Section>;
}

export interface ResolveInput {
  globals: ParsedGlobals;
  /** AWS_ENDPOINT_URL_<key>: COGNITO_IDENTITY_PROVIDER or CLOUDWATCH_LOGS. */
  endpointEnvKey: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Tests pass the files' content; otherwise they are read from disk. */
  files?: SharedFiles;
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || homedir();
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  return p.startsWith('~/') ? join(homeDir(env), p.slice(2)) : p;
}

export async function readSharedFiles(env: NodeJS.ProcessEnv): Promise<SharedFiles> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({
    filepath: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(homeDir(env), '.aws', 'credentials'), env),
    configFilepath: expandHome(env.AWS_CONFIG_FILE || join(homeDir(env), '.aws', 'config'), env),
    ignoreCache: true,
  });
  return files as SharedFiles;
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

function timeoutMs(flag: number | undefined, fromProfile: string | undefined, name: string): number | undefined {
  let s = flag;
  if (s === undefined && fromProfile !== undefined) {
    if (!/^\d+$/.test(fromProfile)) throw new ConfigurationError(`${name} must be a whole number of seconds, not '${fromProfile}'`);
    s = Number(fromProfile);
  }
  s ??= DEFAULT_TIMEOUT_S;
  return s === 0 ? undefined : s * 1000; // 0: wait forever, as the aws CLI
}

export async function resolveSettings(input: ResolveInput): Promise<ResolvedSettings> {
  const { globals: g, env } = input;
  const files = input.files ?? await readSharedFiles(env);
  const explicitProfile = g.profile ?? nonEmpty(env.AWS_PROFILE) ?? nonEmpty(env.AWS_DEFAULT_PROFILE);
  const profileName = explicitProfile ?? 'default';
  const config: Section = files.configFile[profileName] ?? {};
  const creds: Section = files.credentialsFile[profileName] ?? {};
  if (explicitProfile !== undefined && !files.configFile[profileName] && !files.credentialsFile[profileName]) {
    throw new ConfigurationError(`The config profile (${profileName}) could not be found`);
  }
  const fromProfile = (key: string): string | undefined => nonEmpty(creds[key]) ?? nonEmpty(config[key]);

  const region = g.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? nonEmpty(config.region);
  if (!region) {
    throw new ConfigurationError('You must specify a region. You can also configure your region with --region, AWS_REGION, '
      + `or "region = ..." in the [${profileName === 'default' ? 'default' : `profile ${profileName}`}] section of ${env.AWS_CONFIG_FILE || '~/.aws/config'}.`);
  }

  const output = g.output ?? outputSetting(nonEmpty(env.AWS_DEFAULT_OUTPUT) ?? nonEmpty(config.output));
  const tsFormat = nonEmpty(config.cli_timestamp_format) ?? 'iso8601';
  if (tsFormat !== 'iso8601' && tsFormat !== 'wire') {
    throw new ConfigurationError(`cli_timestamp_format must be iso8601 or wire, not '${tsFormat}'`);
  }

  const local = localServerEndpoint(env);
  const endpoint = g.endpointUrl ?? configuredEndpoint(input, files, config) ?? local;
  const settings: ResolvedSettings = {
    region,
    endpoint,
    output,
    query: g.query,
    timestampFormat: tsFormat as TimestampFormat,
    debug: g.debug ?? false,
    color: g.color === 'on' || (g.color !== 'off' && input.isTTY && !env.NO_COLOR),
    readTimeoutMs: timeoutMs(g.cliReadTimeout, fromProfile('cli_read_timeout'), 'cli_read_timeout'),
    connectTimeoutMs: timeoutMs(g.cliConnectTimeout, fromProfile('cli_connect_timeout'), 'cli_connect_timeout'),
    profile: explicitProfile,
    maxAttempts: maxAttempts(nonEmpty(env.AWS_MAX_ATTEMPTS) ?? fromProfile('max_attempts')),
    noVerifySsl: g.noVerifySsl,
    caBundle: g.caBundle ?? nonEmpty(env.AWS_CA_BUNDLE) ?? fromProfile('ca_bundle'),
  };
  if (g.noSignRequest) {
    settings.unsigned = true;
    return settings;
  }
  settings.credentials = staticCredentials(g, env, creds, config);
  if (!settings.credentials && endpoint.replace(/\/+$/, '') === local) {
    settings.credentials = localServerKey(env);
  }
  return settings;
}

function outputSetting(v: string | undefined): OutputFormat {
  if (v === undefined) return 'json';
  if (!(OUTPUTS as string[]).includes(v)) throw new ConfigurationError(`output must be one of ${OUTPUTS.join(', ')}, not '${v}'`);
  return v as OutputFormat;
}

function maxAttempts(v: string | undefined): number {
  if (v === undefined) return DEFAULT_MAX_ATTEMPTS;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new ConfigurationError(`max_attempts must be a whole number of at least 1, not '${v}'`);
  return Number(v);
}

/** AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `[services x]` section, its endpoint_url. */
function configuredEndpoint(input: ResolveInput, files: SharedFiles, config: Section): string | undefined {
  const { env, endpointEnvKey } = input;
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true' || config.ignore_configured_endpoint_urls === 'true') return undefined;
  const fromEnv = nonEmpty(env[`AWS_ENDPOINT_URL_${endpointEnvKey}`]) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  if (fromEnv) return fromEnv;
  const servicesName = nonEmpty(config.services);
  if (servicesName) {
    const section = files.configFile[`services.${servicesName}`] ?? {};
    const fromServices = nonEmpty(section[`${endpointEnvKey.toLowerCase()}.endpoint_url`]);
    if (fromServices) return fromServices;
  }
  return nonEmpty(config.endpoint_url);
}

type Credentials = NonNullable<ResolvedSettings['credentials']>;

function staticCredentials(g: ParsedGlobals, env: NodeJS.ProcessEnv, creds: Section, config: Section): Credentials | undefined {
  // An explicit --profile outranks the environment's key, as in the aws CLI; AWS_PROFILE does not.
  if (g.profile === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) };
  }
  for (const section of [creds, config]) {
    const accessKeyId = nonEmpty(section.aws_access_key_id);
    const secretAccessKey = nonEmpty(section.aws_secret_access_key);
    if (accessKeyId && secretAccessKey) {
      return { accessKeyId, secretAccessKey, sessionToken: nonEmpty(section.aws_session_token) };
    }
  }
  return undefined;
}

/**
 * Where `cognito-import serve` listens when started in the same environment: COGNITO_IMPORT_HOST
 * and COGNITO_IMPORT_PORT, as it reads them (src/config.ts), else DEFAULT_ENDPOINT. A server on
 * every address is reached on loopback; port 0 (any free one) cannot be known: the default then.
 */
function localServerEndpoint(env: NodeJS.ProcessEnv): string {
  const port = nonEmpty(env.COGNITO_IMPORT_PORT);
  let host = nonEmpty(env.COGNITO_IMPORT_HOST);
  if (!port && !host) return DEFAULT_ENDPOINT;
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) === 0 || Number(port) > 65535)) return DEFAULT_ENDPOINT;
  if (!host || host === '0.0.0.0' || host === '::') host = '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port ?? new URL(DEFAULT_ENDPOINT).port}`;
}

/**
 * The data dir of `cognito-import serve` started in the same environment (src/config.ts reads it
 * the same way): `flag` when given, else COGNITO_IMPORT_DATA_DIR, else ./.cognito-import.
 */
export function localDataDir(env: NodeJS.ProcessEnv, flag?: string): string {
  return resolve(flag ?? (env.COGNITO_IMPORT_DATA_DIR || './.cognito-import'));
}

/**
 * The key the local server made on its first start (src/auth/keys.ts, generatedUserKey), read
 * without creating one: a key the server does not know would only be refused.
 */
function localServerKey(env: NodeJS.ProcessEnv): Credentials | undefined {
  const file = join(localDataDir(env), 'credentials.json');
  try {
    const k = JSON.parse(readFileSync(file, 'utf8')) as { accessKeyId?: unknown; secretAccessKey?: unknown };
    if (typeof k.accessKeyId === 'string' && typeof k.secretAccessKey === 'string') return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
  } catch {
    // no local key: the SDK's credential chain gets its turn
  }
  return undefined;
}

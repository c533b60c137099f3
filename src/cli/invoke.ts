// One API call (or, for the aws CLI's paginated commands, every page) through the AWS SDK
// client of the service, loaded only now: endpoint, region, credentials, timeouts and
// attempts from the settings. The answer, less $metadata, goes to render().
import type { OperationShape, ShapeTable } from '../api/shapes';
import type { Io, ResolvedSettings, CliService, RenderOptions } from './types';
import type { Paginator, ServiceEntry } from './services';
import { CliServiceError, ConfigurationError, ParamValidationError } from './errors';
import { debugMiddleware } from './debug';
import { paginate, type Paging } from './paging';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
  middlewareStack: { add(mw: unknown, opts: Record<string, unknown>): void };
}
type SdkModule = Record<string, new (arg: unknown) => unknown>;

/** An SDK client for the service with the command line's settings; import-users uses it too. */
export async function makeClient(entry: ServiceEntry, settings: ResolvedSettings): Promise<{ client: SdkClient; sdk: SdkModule }> {
  // require, not import(): TypeScript's import() helper copies every export of the package
  // (some thousand commands and shapes) before the first call.
  const sdk = (entry.sdkPackage === '@aws-sdk/client-cognito-identity-provider'
    ? require('@aws-sdk/client-cognito-identity-provider')
    : require('@aws-sdk/client-cloudwatch-logs')) as SdkModule;
  const requestHandler: Record<string, unknown> = {
    connectionTimeout: settings.connectTimeoutMs ?? 0,
    socketTimeout: settings.readTimeoutMs ?? 0,
  };
  if (settings.noVerifySsl || settings.caBundle) {
    const { readFileSync } = await import('node:fs');
    requestHandler.httpsAgent = { rejectUnauthorized: !settings.noVerifySsl, ...(settings.caBundle ? { ca: readFileSync(settings.caBundle) } : {}) };
  }
  const config: Record<string, unknown> = {
    region: settings.region,
    endpoint: settings.endpoint,
    maxAttempts: settings.maxAttempts ?? 3,
    requestHandler,
  };
  if (settings.unsigned) config.httpAuthSchemeProvider = () => [{ schemeId: 'smithy.api#noAuth' }];
  else if (settings.credentials) config.credentials = settings.credentials;
  else {
    // No key found: the SDK's chain (SSO, credential_process, assumed roles of the profile)
    // gets its turn, but not the EC2 instance metadata service unless asked for explicitly.
    process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
    if (settings.profile) config.profile = settings.profile;
  }
  const Client = sdk[entry.clientClass];
  return { client: new Client(config) as SdkClient, sdk };
}

function withoutMetadata(out: Record<string, unknown>): Record<string, unknown> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

/** SDK failures in the aws CLI's words; anything unknown goes on as it is. */
export function translateSdkError(e: unknown, operation: string, endpoint: string): unknown {
  const err = e as { name?: string; message?: string; code?: string; $fault?: string; $metadata?: { attempts?: number; httpStatusCode?: number } };
  if (err && (err.$fault === 'client' || err.$fault === 'server') && err.$metadata) {
    const attempts = err.$metadata.attempts ?? 1;
    return new CliServiceError(err.name ?? 'Unknown', operation, err.message || 'Unknown', attempts > 1 ? attempts - 1 : 0);
  }
  const url = `${endpoint.replace(/\/+$/, '')}/`;
  if (err?.name === 'CredentialsProviderError') {
    return new ConfigurationError('Unable to locate credentials. You can configure credentials with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, '
      + 'a profile in ~/.aws/credentials, or, for the local server, its data dir (COGNITO_IMPORT_DATA_DIR).');
  }
  if (err?.name === 'TimeoutError' || err?.code === 'ETIMEDOUT') {
    return new Error(/connect/i.test(err.message ?? '') ? `Connect timeout on endpoint URL: "${url}"` : `Read timeout on endpoint URL: "${url}"`);
  }
  if (err?.code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH'].includes(err.code)) {
    return new Error(`Could not connect to the endpoint URL: "${url}"`);
  }
  return e;
}

export interface InvokeRequest {
  entry: ServiceEntry;
  service: CliService;
  operation: string;
  params: Record<string, unknown>;
  settings: ResolvedSettings;
  paginator?: Paginator;
  paging: Paging;
  /** --no-paginate, or a paging member set by hand. */
  singlePage: boolean;
  io: Io;
}

/** The output shape to render with; with a NextToken (--max-items) it gains that member. */
function renderShapes(shapes: ShapeTable, op: OperationShape, value: Record<string, unknown>): { shapes: ShapeTable; outputShape: string } {
  if (!('NextToken' in value)) return { shapes, outputShape: op.output };
  if (typeof value.NextToken === 'object') {
    // text's last page: {"NextToken": {"NextToken": token}}, as the aws CLI prints it.
    const name = `${op.output}$next`;
    return {
      shapes: { ...shapes, [name]: { type: 'structure', members: [['NextToken', `${name}$inner`, false]] },
        [`${name}$inner`]: { type: 'structure', members: [['NextToken', `${name}$token`, false]] }, [`${name}$token`]: { type: 'string' } },
      outputShape: name,
    };
  }
  const base = shapes[op.output];
  const members = base && base.type === 'structure' ? base.members : [];
  const name = `${op.output}$cli`;
  return {
    shapes: { ...shapes, [name]: { type: 'structure', members: [...members.filter((m) => m[0] !== 'NextToken'), ['NextToken', `${name}$token`, false]] }, [`${name}$token`]: { type: 'string' } },
    outputShape: name,
  };
}

export async function printOutput(value: Record<string, unknown>, service: CliService, operation: string, settings: ResolvedSettings, io: Io,
  page = false): Promise<void> {
  // The aws CLI prints nothing for an empty answer (DeleteUserPool, AdminDeleteUser) unless asked a query.
  if (Object.keys(value).length === 0 && settings.query === undefined && !page) return;
  const { render } = await import('./output/index');
  const { shapes, outputShape } = renderShapes(service.shapes, service.operations[operation], value);
  const opts: RenderOptions = {
    format: settings.output, query: settings.query, timestampFormat: settings.timestampFormat, color: settings.color,
    shapes, outputShape, operationName: operation,
  };
  const text = render(value, opts);
  if (text) io.stdout(text);
}

export async function invoke(req: InvokeRequest): Promise<number> {
  const { entry, service, operation, settings, io } = req;
  if (req.singlePage && req.paginator) {
    const used = (['startingToken', 'pageSize', 'maxItems'] as const).filter((k) => req.paging[k] !== undefined);
    if (used.length) {
      const names = used.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      throw new ParamValidationError(`Cannot specify --no-paginate along with pagination arguments: ${names.join(', ')}`);
    }
  }
  const { client, sdk } = await makeClient(entry, settings);
  const op = service.operations[operation];
  if (settings.debug) {
    io.stderr(`${new Date().toISOString()} - cognito-import - DEBUG - ${operation} on ${settings.endpoint}, region ${settings.region}, `
      + `${settings.unsigned ? 'unsigned' : settings.credentials ? `key ${settings.credentials.accessKeyId}` : `the SDK's credential chain${settings.profile ? ` (profile ${settings.profile})` : ''}`}\n`);
    client.middlewareStack.add(debugMiddleware({ shapes: service.shapes, inputShape: op.input, outputShape: op.output, write: io.stderr }),
      { step: 'deserialize', priority: 'low', name: 'cognitoImportDebug' });
  }
  const Command = sdk[`${operation}Command`];
  const send = async (params: Record<string, unknown>): Promise<Record<string, unknown>> => {
    try {
      return withoutMetadata(await client.send(new Command(params)));
    } catch (e) {
      throw translateSdkError(e, operation, settings.endpoint);
    }
  };
  try {
    if (!req.paginator || req.singlePage) {
      await printOutput(await send(req.params), service, operation, settings, io);
      return 0;
    }
    const result = await paginate(send, req.params, req.paginator, req.paging);
    if (settings.output === 'text' || settings.output === 'yaml-stream') {
      // Page by page, --query applied to each, as the aws CLI prints these two formats.
      for (const page of result.pages) await printOutput(page, service, operation, settings, io, true);
      // Then the token to go on from, as its own "page" (the query applies to it too).
      if (result.nextToken && settings.output === 'text') await printOutput({ NextToken: { NextToken: result.nextToken } }, service, operation, settings, io, true);
      return 0;
    }
    await printOutput(result.full, service, operation, settings, io);
    return 0;
  } finally {
    client.destroy();
  }
}

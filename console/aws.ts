// The console's API clients: the AWS SDK v3 clients, modular (only the commands the pages
// import are bundled), pointed at this page's own origin, signing with the session's key; and
// the server's extension routes (ext.ts). What the console can do, the key can do with the aws CLI.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ExtError, extGet } from './ext';
import type { Session } from './session';

export interface Api {
  session: Session;
  cognito: CognitoIdentityProviderClient;
  logs: CloudWatchLogsClient;
  /** A signed GET of an extension route (`/_cognito-import/v1/...`); throws an ApiError when refused. */
  ext(path: string, query?: Record<string, string | undefined>): Promise<Response>;
}

export function makeApi(session: Session): Api {
  const config = {
    endpoint: location.origin,
    region: session.region,
    credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey },
    // One retry for a dropped connection; an error the API gives is shown as it is.
    maxAttempts: 2,
  };
  return {
    session,
    cognito: new CognitoIdentityProviderClient(config),
    logs: new CloudWatchLogsClient(config),
    ext: (path, query) => extGet(session, path, query),
  };
}

/** An error as the API gave it: its type (`__type`) and message. */
export interface ApiError {
  type: string;
  message: string;
}

/** The type and message of anything a call threw: the SDK's service errors carry the API's own. */
export function apiError(e: unknown): ApiError {
  if (e instanceof ExtError) return { type: e.type, message: e.message };
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (err && typeof err === 'object') {
    const status = err.$metadata?.httpStatusCode;
    if (err.name === 'TypeError' && status === undefined) return { type: 'NetworkError', message: `The server could not be reached: ${err.message ?? ''}` };
    return { type: err.name ?? 'Error', message: err.message ?? String(e) };
  }
  return { type: 'Error', message: String(e) };
}

/** True when an error says the thing asked for is not there (the route, the log stream, the job). */
export const isNotFound = (e: unknown): boolean => {
  const t = apiError(e).type;
  return t === 'ResourceNotFoundException' || t === 'UnknownOperationException';
};

// The services the command line speaks, each loaded only when a command names it: the
// generated model tables (the source of truth for flags) and the SDK client package that
// sends the calls. Paginators are the aws CLI's (botocore's paginators-1.json), not the
// model's: the aws CLI pages through exactly these, so `list-users` prints every user.
import type { CliService } from './types';

export interface Paginator {
  inputToken: string;
  outputToken: string;
  limitKey?: string;
  /** The first is the primary one: --max-items counts its elements. */
  resultKeys: string[];
}

export interface ServiceEntry {
  name: string;
  endpointEnvKey: string;
  /** The SDK client package and its client class. */
  sdkPackage: '@aws-sdk/client-cognito-identity-provider' | '@aws-sdk/client-cloudwatch-logs';
  clientClass: string;
  paginators: Record<string, Paginator>;
  /** The generated model tables, required only now. */
  load(): Pick<CliService, 'shapes' | 'operations'>;
}

export const SERVICES: Record<string, ServiceEntry> = {
  'cognito-idp': {
    name: 'cognito-idp',
    endpointEnvKey: 'COGNITO_IDENTITY_PROVIDER',
    sdkPackage: '@aws-sdk/client-cognito-identity-provider',
    clientClass: 'CognitoIdentityProviderClient',
    paginators: {
      ListUsers: { inputToken: 'PaginationToken', outputToken: 'PaginationToken', limitKey: 'Limit', resultKeys: ['Users'] },
      ListUserPools: { inputToken: 'NextToken', outputToken: 'NextToken', limitKey: 'MaxResults', resultKeys: ['UserPools'] },
      ListUserPoolClients: { inputToken: 'NextToken', outputToken: 'NextToken', limitKey: 'MaxResults', resultKeys: ['UserPoolClients'] },
    },
    load() {
      const m = require('../api/generated/cognitoIdp') as typeof import('../api/generated/cognitoIdp');
      return { shapes: m.shapes, operations: m.operations };
    },
  },
  logs: {
    name: 'logs',
    endpointEnvKey: 'CLOUDWATCH_LOGS',
    sdkPackage: '@aws-sdk/client-cloudwatch-logs',
    clientClass: 'CloudWatchLogsClient',
    paginators: {
      DescribeLogGroups: { inputToken: 'nextToken', outputToken: 'nextToken', limitKey: 'limit', resultKeys: ['logGroups'] },
      DescribeLogStreams: { inputToken: 'nextToken', outputToken: 'nextToken', limitKey: 'limit', resultKeys: ['logStreams'] },
      FilterLogEvents: { inputToken: 'nextToken', outputToken: 'nextToken', limitKey: 'limit', resultKeys: ['events', 'searchedLogStreams'] },
    },
    load() {
      const m = require('../api/generated/logs') as typeof import('../api/generated/logs');
      return { shapes: m.shapes, operations: m.operations };
    },
  },
};

const cache = new Map<string, CliService>();

export function loadService(name: string): CliService | undefined {
  const entry = SERVICES[name];
  if (!entry) return undefined;
  let s = cache.get(name);
  if (!s) {
    s = { name: entry.name, endpointEnvKey: entry.endpointEnvKey, ...entry.load() };
    cache.set(name, s);
  }
  return s;
}

/** The operation whose CLI name (xform_name) is `command`, if the service serves it. */
export function findOperation(service: CliService, command: string, xform: (n: string) => string): string | undefined {
  return Object.keys(service.operations).find((op) => xform(op) === command);
}

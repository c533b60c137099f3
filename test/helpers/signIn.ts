// Pools, app clients and imported users for sign-in tests, through the API as a user makes them;
// and the codes the server sent, read from its outbox as a person reads their mail.
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient, CreateUserPoolClientCommand, type ExplicitAuthFlowsType, type PasswordHashingAlgorithmType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { newPool, runImport } from './jobs';
import { csvText, STANDARD_HEADER, type Row } from './csv';
import { listOutbox } from '../../src/messages/outboxList';

export const ALL_FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
];

export async function newClient(
  sdk: CognitoIdentityProviderClient, poolId: string, opts: { flows?: ExplicitAuthFlowsType[]; secret?: boolean; hideUsers?: boolean } = {},
): Promise<{ clientId: string; secret?: string }> {
  const c = (await sdk.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: opts.flows ?? ALL_FLOWS, GenerateSecret: opts.secret ?? false,
    PreventUserExistenceErrors: opts.hideUsers ? 'ENABLED' : 'LEGACY',
  }))).UserPoolClient!;
  return { clientId: c.ClientId!, secret: c.ClientSecret };
}

/** A pool (email auto-verified) whose users came in by an import job; Succeeded or the test fails. */
export async function importedPool(
  sdk: CognitoIdentityProviderClient, logs: CloudWatchLogsClient, rows: Row[],
  opts: { algorithm?: PasswordHashingAlgorithmType; name?: string } = {},
): Promise<string> {
  const name = opts.name ?? 'signin';
  const poolId = await newPool(sdk, name);
  const header = opts.algorithm ? [...STANDARD_HEADER, 'cognito:password_hash'] : STANDARD_HEADER;
  const { job, lines } = await runImport(sdk, logs, { poolId, poolName: name, jobName: 'users', body: csvText(rows, header), algorithm: opts.algorithm });
  assert.equal(job.Status, 'Succeeded', lines.join('\n'));
  return poolId;
}

/** The code in the newest outbox message to this user, read as `cognito-import outbox` reads it. */
export async function lastCode(outboxDir: string, username: string): Promise<string> {
  const withCode = (await listOutbox(outboxDir, { username })).filter((m) => m.code !== undefined);
  if (!withCode.length) throw new Error(`no message with a code to ${username} in ${outboxDir}`);
  return withCode[withCode.length - 1].code!;
}

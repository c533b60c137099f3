// bench/auth's server and what it holds, all made through the API as a user makes them: a pool,
// an app client that allows USER_PASSWORD_AUTH, users with a password the server made
// (AdminCreateUser, then AdminSetUserPassword --permanent), and users imported by a real import
// job with bcrypt cost-10 hashes made here by @node-rs/bcrypt (PasswordHashingAlgorithm BCRYPT).
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserImportJobCommand, CreateUserPoolClientCommand,
  CreateUserPoolCommand, DescribeUserImportJobCommand, StartUserImportJobCommand, type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { benchTempDir, type Child } from '../children';
import { CSV_HEADER, csvRow } from '../lib/csv';
import { freshDatabase } from '../lib/postgres';
import { ROLE_ARN, sdkFor, startServer, type ServerSettings } from '../api/server';
import type { Key } from '../api/signing';
import { upload } from '../api/world';
import type { Options } from './options';

export const BCRYPT_COST = 10;

export interface AuthWorld {
  server: Child;
  sdk: CognitoIdentityProviderClient;
  poolId: string;
  clientId: string;
  /** Case (a): username and password of each user with a server-made password. */
  members: { username: string; password: string }[];
}

/** The password of imported user i (user1 .. userN, as bench/lib/csv names them). */
export const importedPassword = (i: number): string => `Imported-${i}-pw!`;
export const importedUser = (i: number): string => `user${i}`;

export async function startWorld(o: Options, key: Key): Promise<AuthWorld> {
  const settings: ServerSettings = {
    key, dataDir: benchTempDir('bench-auth-'), logLevel: o.logLevel, hashingConcurrency: o.hashingConcurrency,
    databaseUrl: o.databaseUrl ? await freshDatabase(o.databaseUrl, 'bench_auth') : undefined,
  };
  const server = await startServer(settings);
  const sdk = sdkFor(server, key);
  const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'auth', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  const clientId = (await sdk.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }))).UserPoolClient!.ClientId!;
  const members: AuthWorld['members'] = [];
  for (let i = 1; i <= o.passwordUsers; i++) {
    const m = { username: `member${i}`, password: `Member-${i}-pw!` };
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: m.username, MessageAction: 'SUPPRESS' }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: m.username, Password: m.password, Permanent: true }));
    members.push(m);
  }
  return { server, sdk, poolId, clientId, members };
}

/** bench/lib/csv's rows 1..n with a cognito:password_hash column: bcrypt cost 10 of each user's password, made `at` at once. */
async function writeBcryptCsv(file: string, n: number, at: number): Promise<void> {
  const out = createWriteStream(file);
  out.write([...CSV_HEADER, 'cognito:password_hash'].join(',') + '\n');
  for (let from = 1; from <= n; from += at) {
    const ids = Array.from({ length: Math.min(at, n - from + 1) }, (_, k) => from + k);
    const hashes = await Promise.all(ids.map((i) => bcryptHash(importedPassword(i), BCRYPT_COST)));
    if (!out.write(ids.map((i, k) => `${csvRow(i)},${hashes[k]}\n`).join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

/**
 * Users 1..n imported with their bcrypt hashes by one import job, started and watched to its end
 * through the API; its time from StartDate to CompletionDate, as the server recorded them.
 */
export async function importBcryptUsers(w: AuthWorld, n: number, at: number): Promise<{ hashSeconds: number; importSeconds: number }> {
  const file = join(benchTempDir('bench-auth-csv-'), 'users.csv');
  const t = process.hrtime.bigint();
  await writeBcryptCsv(file, n, at);
  const hashSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const job = (await w.sdk.send(new CreateUserImportJobCommand({
    UserPoolId: w.poolId, JobName: 'bcrypt', CloudWatchLogsRoleArn: ROLE_ARN, PasswordHashingAlgorithm: 'BCRYPT',
  }))).UserImportJob!;
  await upload(job.PreSignedUrl!, file);
  await w.sdk.send(new StartUserImportJobCommand({ UserPoolId: w.poolId, JobId: job.JobId }));
  for (;;) {
    const j = (await w.sdk.send(new DescribeUserImportJobCommand({ UserPoolId: w.poolId, JobId: job.JobId }))).UserImportJob!;
    if (j.Status === 'Succeeded' && j.ImportedUsers === n) {
      return { hashSeconds, importSeconds: (j.CompletionDate!.getTime() - j.StartDate!.getTime()) / 1000 };
    }
    if (j.Status !== 'Pending' && j.Status !== 'InProgress') throw new Error(`the import of ${n} bcrypt users ended ${j.Status} with ${j.ImportedUsers} imported, ${j.FailedUsers} failed`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

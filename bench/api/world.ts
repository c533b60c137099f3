// What each server of bench/api starts with, the same every time: a pool of `poolUsers` users
// (filled through the store, as bench/users does) with three jobs nobody writes to, and an empty
// pool whose job has the bench CSV uploaded, ready to start. A fresh data dir (or PostgreSQL
// database) per server, so each import starts from the same state.
import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateUserImportJobCommand, CreateUserPoolCommand, type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { benchTempDir, type Child } from '../children';
import { freshDatabase } from '../lib/postgres';
import { SQLITE_FILE } from '../../src/dataDir';
import type { UserDraft } from '../../src/domain/user';
import type { Store } from '../../src/store/ports';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore';
import { openPostgresStore } from '../../src/store/postgres/pgStore';
import { ACCOUNT_ID, ROLE_ARN, sdkFor, startServer, stopServer, type ServerSettings } from './server';
import type { Key } from './signing';

export interface World {
  server: Child;
  settings: ServerSettings;
  /** The filled pool, and its three jobs in Created state. */
  pool: string;
  idleJobs: string[];
  /** The empty pool the CSV is imported into, and its job (uploaded, not started). */
  importPool: string;
  importJob: string;
}

export const residentUser = (i: number): string => `resident${String(i).padStart(7, '0')}`;

function draft(i: number): UserDraft {
  const username = residentUser(i);
  return {
    username, usernameKey: username, aliases: [], status: 'CONFIRMED',
    attributes: [['email', `${username}@example.com`], ['name', `Resident ${i}`], ['phone_number', `+1${String(2_000_000_000 + i)}`]],
  };
}

async function fill(s: ServerSettings, poolId: string, users: number): Promise<void> {
  const store: Store = s.databaseUrl ? await openPostgresStore(s.databaseUrl) : openSqliteStore(join(s.dataDir, SQLITE_FILE));
  try {
    for (let from = 0; from < users; from += 5000) {
      const drafts = Array.from({ length: Math.min(5000, users - from) }, (_, k) => draft(from + k));
      await store.users.createUsers(ACCOUNT_ID, poolId, drafts, Date.now(), randomUUID);
    }
  } finally {
    await store.close();
  }
}

async function createJob(sdk: CognitoIdentityProviderClient, poolId: string, name: string): Promise<{ id: string; url: string }> {
  const job = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  return { id: job.JobId!, url: job.PreSignedUrl! };
}

/** PUT of a CSV file to a job's PreSignedUrl, as the console's upload sends it. */
export async function upload(url: string, file: string): Promise<void> {
  const put = await fetch(url, {
    method: 'PUT', headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-length': String(statSync(file).size) },
    body: createReadStream(file) as unknown as ReadableStream, duplex: 'half',
  } as RequestInit);
  if (put.status !== 200) throw new Error(`upload answered ${put.status}: ${await put.text()}`);
}

/** A fresh server in the state above; `name` names its PostgreSQL database. */
export async function prepareWorld(o: { databaseUrl?: string; cpuProfDir?: string; poolUsers: number; logLevel: string }, key: Key, csv: string, name: string): Promise<World> {
  const settings: ServerSettings = {
    key, dataDir: benchTempDir('bench-api-'), cpuProfDir: o.cpuProfDir, logLevel: o.logLevel,
    databaseUrl: o.databaseUrl ? await freshDatabase(o.databaseUrl, `bench_api_${name}`) : undefined,
  };
  let server = await startServer(settings);
  let sdk = sdkFor(server, key);
  let pool: string, importPool: string;
  const idleJobs: string[] = [];
  try {
    pool = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'resident', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    importPool = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'import', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    for (let i = 0; i < 3; i++) idleJobs.push((await createJob(sdk, pool, `idle${i}`)).id);
  } finally {
    sdk.destroy();
  }
  // On SQLite one process owns the file: the pool is filled while the server is stopped.
  const errors = await stopServer(server);
  if (errors.length) throw new Error(`the server logged errors while being set up:\n${errors.join('\n')}`);
  await fill(settings, pool, o.poolUsers);
  server = await startServer(settings);
  sdk = sdkFor(server, key);
  try {
    const job = await createJob(sdk, importPool, 'import');
    await upload(job.url, csv);
    return { server, settings, pool, idleJobs, importPool, importJob: job.id };
  } finally {
    sdk.destroy();
  }
}

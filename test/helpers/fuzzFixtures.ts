// The world the fuzz test's requests find, so they reach more than ResourceNotFoundException:
// account A's pool with users, import jobs (one with its file uploaded) and an import log;
// an empty pool; account B's pool. Requests name these by fixture name (fuzzValues.ts Ref), looked
// up when the body is written, and repair() remakes whatever a request deleted.
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { KEY_A, KEY_B, ROLE_ARN, type TestServer } from './server';
import { callApi, type SigningKey } from './signing';
import { uploadCsv } from './upload';
import { csvText, userRow } from './csv';
import type { Store } from '../../src/store/ports';

export const REGION = 'us-west-2';

/** Usernames of the main pool: plain, an email, composed and decomposed accents, an emoji. */
export const USERNAMES = ['alice', 'bob', 'user+tag@example.com', 'Zoë', 'Zoe\u0308', '\ud83d\ude00x'];
export const STREAMS = ['import-AAAAAAAAAA/first', 'import-BBBBBBBBBB/second'];

async function ok(server: TestServer, op: string, input: unknown, key: SigningKey = KEY_A): Promise<Record<string, any>> {
  const r = await callApi(server.url, op, input, { key, region: REGION });
  assert.equal(r.status, 200, `fixture ${op}: ${r.text}`);
  return r.json as Record<string, any>;
}

export class FuzzFixtures {
  private readonly values = new Map<string, string>();

  constructor(private readonly server: TestServer, private readonly store: Store) {}

  /** A fixture's current value, by name (pool, pool.empty, pool.B, job.uploaded, user.0, client, group, token.users, ...). */
  readonly resolve = (name: string): string => {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`no fixture named ${name}`);
    return v;
  };

  async build(): Promise<void> {
    await this.buildMain();
    this.values.set('pool.empty', (await ok(this.server, 'CreateUserPool', { PoolName: 'fuzz-empty' })).UserPool.Id);
    this.values.set('pool.B', (await ok(this.server, 'CreateUserPool', { PoolName: 'fuzz-b' }, KEY_B)).UserPool.Id);
    const pools = await ok(this.server, 'ListUserPools', { MaxResults: 1 });
    this.values.set('token.pools', pools.NextToken);
  }

  /** The main pool and everything in it; afterwards every fixture name it sets resolves. */
  private async buildMain(): Promise<void> {
    const pool = (await ok(this.server, 'CreateUserPool', {
      PoolName: 'fuzz-main', AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }, { Name: 'age', AttributeDataType: 'Number' }],
    })).UserPool;
    const poolId: string = pool.Id;
    this.values.set('pool', poolId);
    const job = async (name: string): Promise<Record<string, any>> =>
      (await ok(this.server, 'CreateUserImportJob', { JobName: name, UserPoolId: poolId, CloudWatchLogsRoleArn: ROLE_ARN })).UserImportJob;
    const uploaded = await job('fuzz-uploaded');
    const up = await uploadCsv(uploaded.PreSignedUrl, csvText([userRow(1), userRow(2)]));
    assert.equal(up.status, 200, up.text);
    this.values.set('job.uploaded', uploaded.JobId);
    this.values.set('job.created', (await job('fuzz-created')).JobId);
    const jobs = await ok(this.server, 'ListUserImportJobs', { UserPoolId: poolId, MaxResults: 1 });
    this.values.set('token.jobs', jobs.PaginationToken);
    await this.seedUsers(USERNAMES);
    USERNAMES.forEach((u, i) => this.values.set(`user.${i}`, u));
    const users = await ok(this.server, 'ListUsers', { UserPoolId: poolId, Limit: 1 });
    this.values.set('token.users', users.PaginationToken);
    await this.seedClients();
    await this.seedLogs(poolId);
  }

  /** Two app clients of the main pool (one with a secret) and a page token of their list. */
  private async seedClients(): Promise<void> {
    const poolId = this.resolve('pool');
    for (const [name, secret] of [['client', true], ['client.plain', false]] as const) {
      this.values.set(name, (await ok(this.server, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: name, GenerateSecret: secret })).UserPoolClient.ClientId);
    }
    const clients = await ok(this.server, 'ListUserPoolClients', { UserPoolId: poolId, MaxResults: 1 });
    this.values.set('token.clients', clients.NextToken);
  }

  private async seedUsers(names: string[]): Promise<void> {
    const drafts = names.map((username, i) => ({
      username, usernameKey: username,
      attributes: [['email', `u${i}@example.com`], ['email_verified', 'true'], ['name', `User ${username}`], ['custom:tier', 'gold']] as [string, string][],
      aliases: [], status: 'RESET_REQUIRED' as const,
    }));
    await this.store.users.createUsers(KEY_A.accountId, this.resolve('pool'), drafts, Date.now(), randomUUID);
  }

  private async seedLogs(poolId: string): Promise<void> {
    const group = `/aws/cognito/userpools/${poolId}/fuzz-main`;
    const scope = { accountId: KEY_A.accountId, region: REGION };
    const t0 = Date.now() - 3_600_000;
    for (const [s, stream] of STREAMS.entries()) {
      const events = Array.from({ length: 60 }, (_, i) => ({
        seq: i + 1, timestampMs: t0 + s * 500 + Math.floor(i / 10) * 1000, ingestionMs: t0 + 3,
        message: i % 7 === 0 ? `[FAILED] Line Number ${i + 1} - The "email" is not valid.` : `[SUCCEEDED] Line Number ${i + 1} - The import succeeded.`,
      }));
      await this.store.logs.appendEvents(scope, group, stream, events);
    }
    this.values.set('group', group);
    this.values.set('group.arn', `arn:aws:logs:${REGION}:${KEY_A.accountId}:log-group:${group}`);
    STREAMS.forEach((s, i) => this.values.set(`stream.${i}`, s));
    const logs = this.server.logsClient(KEY_A, REGION);
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: STREAMS[0], limit: 5 }));
    this.values.set('token.events.f', events.nextForwardToken!);
    this.values.set('token.events.b', events.nextBackwardToken!);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 5 }));
    this.values.set('token.filter', filtered.nextToken!);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, limit: 1 }));
    this.values.set('token.streams', streams.nextToken!);
    // A second group (the empty pool's name under the main pool's id) so DescribeLogGroups pages.
    await this.store.logs.appendEvents(scope, `${group}-2`, STREAMS[0], [{ seq: 1, timestampMs: t0, ingestionMs: t0, message: 'x' }]);
    const groups = await logs.send(new DescribeLogGroupsCommand({ limit: 1 }));
    this.values.set('token.groups', groups.nextToken!);
  }

  /** After a request that may have deleted a fixture: remakes the main pool or its users if gone. */
  async repair(): Promise<void> {
    const main = await callApi(this.server.url, 'DescribeUserPool', { UserPoolId: this.resolve('pool') }, { key: KEY_A, region: REGION });
    if (main.status !== 200) return this.buildMain();
    const missing: string[] = [];
    for (const u of USERNAMES) if (!(await this.store.users.findUser(KEY_A.accountId, this.resolve('pool'), u))) missing.push(u);
    if (missing.length) await this.seedUsers(missing);
    const scope = { accountId: KEY_A.accountId, region: REGION };
    const clients = await Promise.all(['client', 'client.plain'].map((n) => this.store.clients.findClient(scope, this.resolve('pool'), this.resolve(n))));
    if (clients.some((c) => !c)) await this.seedClients();
    for (const [name, key] of [['pool.empty', KEY_A], ['pool.B', KEY_B]] as const) {
      const r = await callApi(this.server.url, 'DescribeUserPool', { UserPoolId: this.resolve(name) }, { key, region: REGION });
      if (r.status !== 200) this.values.set(name, (await ok(this.server, 'CreateUserPool', { PoolName: name }, key)).UserPool.Id);
    }
  }
}

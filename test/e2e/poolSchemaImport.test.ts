// Pool schema (spec section 10) as other clients and the import see it: boto3 and the aws CLI
// against the schema rules, GetCSVHeader listing developer-only attributes, an import setting
// them, and a pool stored before comma names were refused still importing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand, CognitoIdentityProviderClient, CreateUserImportJobCommand, CreateUserPoolCommand,
  DescribeUserImportJobCommand, GetCSVHeaderCommand, StartUserImportJobCommand, type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { aws, cleanup, KEY_A, ROLE_ARN, run, startTestServer, type TestServer } from '../helpers/server';
import { csvText, STANDARD_HEADER, userRow } from '../helpers/csv';
import { uploadCsv } from '../helpers/upload';
import { newPoolSettings } from '../../src/domain/userPool';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
before(async () => {
  server = await startTestServer({ worker: { concurrency: 1, batchSize: 100 } });
  sdk = server.client();
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

async function header(poolId: string): Promise<string[]> {
  return (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

/** Creates, uploads, starts and waits for a job; the job as it ended. */
async function importCsv(poolId: string, text: string): Promise<UserImportJobType> {
  const created = (await sdk.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'schema', CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
  assert.equal((await uploadCsv(created.PreSignedUrl!, text)).status, 200);
  await sdk.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: created.JobId }));
  const until = Date.now() + 20_000;
  for (;;) {
    const job = (await sdk.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: created.JobId }))).UserImportJob!;
    if (TERMINAL.has(job.Status!)) return job;
    if (Date.now() > until) throw new Error(`job still ${job.Status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function attributes(poolId: string, username: string): Promise<Record<string, string>> {
  const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return Object.fromEntries(u.UserAttributes!.map((a) => [a.Name!, a.Value!]));
}

test('GetCSVHeader lists custom and developer-only attributes in creation order, and an import sets them', async () => {
  const pool = (await sdk.send(new CreateUserPoolCommand({
    PoolName: 'dev-import', AutoVerifiedAttributes: ['email'],
    Schema: [
      { Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '8' } },
      { Name: 'ref', AttributeDataType: 'String', DeveloperOnlyAttribute: true },
      { Name: 'score', AttributeDataType: 'Number', DeveloperOnlyAttribute: true, NumberAttributeConstraints: { MinValue: '0', MaxValue: '10' } },
    ],
  }))).UserPool!;
  const columns = await header(pool.Id!);
  assert.deepEqual(columns, [...STANDARD_HEADER, 'custom:tier', 'dev:custom:ref', 'dev:custom:score']);

  const job = await importCsv(pool.Id!, csvText([
    userRow(1, { 'custom:tier': 'gold', 'dev:custom:ref': 'crm-1\\,a', 'dev:custom:score': '7' }),
    userRow(2, { 'dev:custom:score': '11' }),
  ], columns));
  assert.deepEqual([job.Status, job.ImportedUsers, job.FailedUsers], ['Succeeded', 1, 1]);
  const a = await attributes(pool.Id!, 'user1');
  assert.deepEqual([a['custom:tier'], a['dev:custom:ref'], a['dev:custom:score']], ['gold', 'crm-1,a', '7']);
  await assert.rejects(attributes(pool.Id!, 'user2'), { name: 'UserNotFoundException' });
});

test('a pool stored with a comma in a custom attribute name still imports: the header leaves that attribute out', async () => {
  // Such a name can no longer be created; a pool stored before that was refused can hold one.
  const settings = newPoolSettings({ PoolName: 'legacy', AutoVerifiedAttributes: ['email'], Schema: [{ Name: 'tier', AttributeDataType: 'String' }] });
  settings.SchemaAttributes!.push({ Name: 'custom:a,b', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
    StringAttributeConstraints: {} });
  const id = 'us-west-2_LegacyComma1';
  const store = await server.openStore();
  try {
    await store.pools.insertPool({ accountId: KEY_A.accountId, region: 'us-west-2', id, name: 'legacy', createdMs: Date.now(), modifiedMs: Date.now(), settings });
  } finally {
    await store.close();
  }
  const columns = await header(id);
  assert.deepEqual(columns, [...STANDARD_HEADER, 'custom:tier']);
  const job = await importCsv(id, csvText([userRow(1, { 'custom:tier': 'silver' }), userRow(2)], columns));
  assert.deepEqual([job.Status, job.ImportedUsers, job.FailedUsers, job.CompletionMessage], ['Succeeded', 2, 0, 'Import Job Completed Successfully.']);
  assert.equal((await attributes(id, 'user1'))['custom:tier'], 'silver');
});

const BOTO3 = `
import boto3, json, sys
c = boto3.client('cognito-idp', endpoint_url=sys.argv[1], region_name='us-west-2')
def err(f, **kw):
    try:
        f(**kw)
        return None
    except c.exceptions.InvalidParameterException as e:
        return [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
pool = c.create_user_pool(PoolName='boto-schema', Schema=[
    {'Name': 'mydev', 'AttributeDataType': 'Number', 'DeveloperOnlyAttribute': True, 'NumberAttributeConstraints': {'MinValue': '1', 'MaxValue': '99'}},
    {'Name': 'custom:x', 'AttributeDataType': 'String'}])['UserPool']
described = c.describe_user_pool(UserPoolId=pool['Id'])['UserPool']['SchemaAttributes'][20:]
print(json.dumps({
    'custom': described,
    'header': c.get_csv_header(UserPoolId=pool['Id'])['CSVHeader'][21:],
    'noName': err(c.create_user_pool, PoolName='p', Schema=[{'AttributeDataType': 'String'}]),
    'noType': err(c.create_user_pool, PoolName='p', Schema=[{'Name': 'tenant'}]),
    'standard': err(c.create_user_pool, PoolName='p', Schema=[{'Name': 'email', 'DeveloperOnlyAttribute': True}]),
    'existing': err(c.add_custom_attributes, UserPoolId=pool['Id'], CustomAttributes=[{'Name': 'mydev', 'AttributeDataType': 'Number'}]),
}))
`;

test('boto3 sees the same schema and the same refusals', async () => {
  const r = await run('python3', ['-c', BOTO3, server.url], server.awsEnv());
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(out.custom, [
    { Name: 'dev:custom:mydev', AttributeDataType: 'Number', DeveloperOnlyAttribute: true, Mutable: true, Required: false,
      NumberAttributeConstraints: { MinValue: '1', MaxValue: '99' } },
    { Name: 'custom:custom:x', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      StringAttributeConstraints: {} },
  ]);
  assert.deepEqual(out.header, ['dev:custom:mydev', 'custom:custom:x']);
  assert.deepEqual(out.noName, ['InvalidParameterException',
    "1 validation error detected: Value null at 'schema.1.member.name' failed to satisfy constraint: Member must not be null", 400]);
  assert.deepEqual(out.noType, ['InvalidParameterException', 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.', 400]);
  assert.deepEqual(out.standard, ['InvalidParameterException',
    'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email', 400]);
  assert.deepEqual(out.existing, ['InvalidParameterException', 'custom:mydev: Existing attribute already has name dev:custom:mydev.', 400]);
});

test('the aws CLI: add-custom-attributes and create-user-pool refusals as Cognito words them', async () => {
  const env = server.awsEnv();
  const created = await aws(server, ['cognito-idp', 'create-user-pool', '--pool-name', 'cli-schema',
    '--schema', 'Name=tier,AttributeDataType=String,StringAttributeConstraints={MinLength=1,MaxLength=15}'], env);
  assert.equal(created.code, 0, created.stderr);
  const poolId = (JSON.parse(created.stdout) as { UserPool: { Id: string } }).UserPool.Id;
  const again = await aws(server, ['cognito-idp', 'add-custom-attributes', '--user-pool-id', poolId,
    '--custom-attributes', 'Name=tier,AttributeDataType=String'], env);
  assert.equal(again.code, 255);
  assert.equal(again.stderr.trim(), 'An error occurred (InvalidParameterException) when calling the AddCustomAttributes operation: '
    + 'custom:tier: Existing attribute already has name custom:tier.');
  const tooLong = await aws(server, ['cognito-idp', 'create-user-pool', '--pool-name', 'cli-bad',
    '--schema', 'Name=tenant,AttributeDataType=String,StringAttributeConstraints={MaxLength=4096}'], env);
  assert.equal(tooLong.code, 255);
  assert.equal(tooLong.stderr.trim(), 'An error occurred (InvalidParameterException) when calling the CreateUserPool operation: '
    + 'user.custom:tenant: String attributes cannot have a length of more than 2048');
  const h = await aws(server, ['cognito-idp', 'get-csv-header', '--user-pool-id', poolId, '--query', 'CSVHeader[-1]', '--output', 'text'], env);
  assert.equal(h.stdout.trim(), 'custom:tier');
});

// User-pool operations through the AWS SDK v3 client against a real server (spec sections 1-2).
// The server runs on a fake clock so dates can be asserted exactly.
// Every refused request is followed by a look at the pool (or the pool list) to show nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddCustomAttributesCommand, CognitoIdentityProviderClient, CreateUserPoolCommand, DeleteUserPoolCommand,
  DescribeUserPoolCommand, GetCSVHeaderCommand, ListUserPoolsCommand, UpdateUserPoolCommand,
  type CreateUserPoolCommandInput, type SchemaAttributeType, type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock, KEY_A, KEY_B, startTestServer, type TestServer } from '../helpers/server';
import { Readable } from 'node:stream';

// A whole second plus 471 ms, so wire dates carry a fraction.
const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000 + 471);
let server: TestServer;
let sdk: CognitoIdentityProviderClient;

before(async () => {
  server = await startTestServer({ clock });
  sdk = server.client({ clock });
});
after(() => server.close());

const SNS_ROLE = 'arn:aws:iam::111111111111:role/CognitoSnsCaller';

const str = (Name: string, MinLength = '0', MaxLength = '2048', Mutable = true, Required = false): SchemaAttributeType => ({
  Name, AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable, Required,
  StringAttributeConstraints: { MinLength, MaxLength },
});
const bool = (Name: string): SchemaAttributeType => ({
  Name, AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
});

/** What a real CreateUserPool answers for a pool without a Schema, in this order. */
const STANDARD_SCHEMA: SchemaAttributeType[] = [
  str('sub', '1', '2048', false, true), str('name'), str('given_name'), str('family_name'), str('middle_name'),
  str('nickname'), str('preferred_username'), str('profile'), str('picture'), str('website'), str('email'),
  bool('email_verified'), str('gender'), str('birthdate', '10', '10'), str('zoneinfo'), str('locale'),
  str('phone_number'), bool('phone_number_verified'), str('address'),
  { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
    NumberAttributeConstraints: { MinValue: '0' } },
];

/** Spec section 2, GetCSVHeader for a pool without custom attributes. */
const STANDARD_CSV_HEADER = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture',
  'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
  'phone_number_verified', 'address', 'updated_at', 'cognito:mfa_enabled', 'cognito:username',
];

const DEFAULT_PASSWORD_POLICY = {
  MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

async function createPool(input: Partial<CreateUserPoolCommandInput> = {}, client = sdk): Promise<UserPoolType> {
  const r = await client.send(new CreateUserPoolCommand({ PoolName: 'pool', ...input }));
  return r.UserPool!;
}

async function describe(poolId: string, client = sdk): Promise<UserPoolType> {
  return (await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
}

async function csvHeader(poolId: string): Promise<string[]> {
  return (await sdk.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
}

/** Every pool id the client's account sees in the client's region, following NextToken. */
async function allPoolIds(client = sdk): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const r = await client.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    ids.push(...r.UserPools!.map((p) => p.Id!));
    NextToken = r.NextToken;
  } while (NextToken);
  return ids;
}

/** Runs a request that must be refused and checks that no pool was created or removed. */
async function refusedCreate(input: CreateUserPoolCommandInput, expected: { name: string; message: string }): Promise<void> {
  const pools = await allPoolIds();
  await assert.rejects(sdk.send(new CreateUserPoolCommand(input)), expected);
  assert.deepEqual(await allPoolIds(), pools);
}

test('CreateUserPool answers with the Cognito defaults', async () => {
  const p = await createPool({ PoolName: 'defaults' });
  assert.match(p.Id!, /^us-west-2_[0-9a-zA-Z]{9}$/);
  assert.equal(p.Name, 'defaults');
  assert.equal(p.Arn, `arn:aws:cognito-idp:us-west-2:111111111111:userpool/${p.Id}`);
  assert.deepEqual(p.Policies!.PasswordPolicy, DEFAULT_PASSWORD_POLICY);
  assert.equal(p.DeletionProtection, 'INACTIVE');
  assert.deepEqual(p.LambdaConfig, {});
  assert.equal(p.MfaConfiguration, 'OFF');
  assert.equal(p.EstimatedNumberOfUsers, 0);
  assert.deepEqual(p.SchemaAttributes, STANDARD_SCHEMA);
  assert.deepEqual(p.AdminCreateUserConfig, { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 });
  assert.equal(p.AutoVerifiedAttributes, undefined);
  assert.equal(p.UsernameAttributes, undefined);
  assert.equal(p.AliasAttributes, undefined);
  assert.deepEqual(p.CreationDate, new Date(clock.ms));
  assert.deepEqual(p.LastModifiedDate, new Date(clock.ms));
  assert.deepEqual(await describe(p.Id!), p, 'DescribeUserPool answers what CreateUserPool did');
});

test('the pool id and ARN take the region the request was signed for', async () => {
  const frankfurt = server.client({ region: 'eu-central-1', clock });
  const p = await createPool({ PoolName: 'frankfurt' }, frankfurt);
  assert.match(p.Id!, /^eu-central-1_[0-9a-zA-Z]{9}$/);
  assert.equal(p.Arn, `arn:aws:cognito-idp:eu-central-1:111111111111:userpool/${p.Id}`);
  assert.equal((await describe(p.Id!, frankfurt)).Id, p.Id);
  await assert.rejects(describe(p.Id!), { name: 'ResourceNotFoundException', message: `User pool ${p.Id} does not exist.` });
  assert.ok(!(await allPoolIds()).includes(p.Id!));
});

test('Schema: custom attributes of each type become custom:<name> after the standard ones', async () => {
  const p = await createPool({
    PoolName: 'custom-schema',
    Schema: [
      { Name: 'tenant', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } },
      { Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '100' } },
      { Name: 'joined', AttributeDataType: 'DateTime' },
      { Name: 'vip', AttributeDataType: 'Boolean', Mutable: false },
    ],
  });
  assert.deepEqual(p.SchemaAttributes!.slice(0, 20), STANDARD_SCHEMA);
  assert.deepEqual(p.SchemaAttributes!.slice(20), [
    { Name: 'custom:tenant', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } },
    { Name: 'custom:score', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      NumberAttributeConstraints: { MinValue: '0', MaxValue: '100' } },
    { Name: 'custom:joined', AttributeDataType: 'DateTime', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    { Name: 'custom:vip', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: false, Required: false },
  ]);
  assert.deepEqual((await describe(p.Id!)).SchemaAttributes, p.SchemaAttributes);
  assert.deepEqual(await csvHeader(p.Id!), [...STANDARD_CSV_HEADER, 'custom:tenant', 'custom:score', 'custom:joined', 'custom:vip']);
});

test('a Required custom attribute is refused and no pool is made', async () => {
  await refusedCreate(
    { PoolName: 'required-custom', Schema: [{ Name: 'tenant', AttributeDataType: 'String', Required: true }] },
    { name: 'InvalidParameterException', message: 'Required custom attributes are not supported currently.' },
  );
});

test('UsernameAttributes together with AliasAttributes is refused and no pool is made', async () => {
  await refusedCreate(
    { PoolName: 'both', UsernameAttributes: ['email'], AliasAttributes: ['preferred_username'] },
    { name: 'InvalidParameterException', message: 'Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.' },
  );
});

test('MfaConfiguration ON needs an SmsConfiguration', async () => {
  await refusedCreate(
    { PoolName: 'mfa', MfaConfiguration: 'ON', AutoVerifiedAttributes: ['phone_number'] },
    { name: 'InvalidParameterException', message: 'SMS configuration and Auto verification for phone_number are required when MFA is required/optional' },
  );
  const sms = { SnsCallerArn: SNS_ROLE, ExternalId: 'external-1' };
  const p = await createPool({ PoolName: 'mfa', MfaConfiguration: 'ON', AutoVerifiedAttributes: ['phone_number'], SmsConfiguration: sms });
  assert.equal(p.MfaConfiguration, 'ON');
  assert.deepEqual(p.SmsConfiguration, sms);
  assert.deepEqual(p.AutoVerifiedAttributes, ['phone_number']);
});

test('DescribeUserPool: an unknown pool, or another account\'s, does not exist', async () => {
  const p = await createPool({ PoolName: 'mine' });
  await assert.rejects(describe('us-west-2_AAAAAAAAA'), { name: 'ResourceNotFoundException', message: 'User pool us-west-2_AAAAAAAAA does not exist.' });
  await assert.rejects(describe(p.Id!, server.client({ key: KEY_B, clock })),
    { name: 'ResourceNotFoundException', message: `User pool ${p.Id} does not exist.` });
  assert.deepEqual(await describe(p.Id!), p);
});

test('ListUserPools pages with an opaque NextToken and lists only the caller\'s account and region', async () => {
  // A region no other test uses, so the list holds exactly what this test makes.
  const region = 'ap-southeast-2';
  const a = server.client({ region, clock });
  const b = server.client({ region, key: KEY_B, clock });
  const mine: UserPoolType[] = [];
  for (let i = 0; i < 5; i++) {
    mine.push(await createPool({ PoolName: `listed-${i}` }, a));
    clock.advance(1000);
  }
  const otherAccount = await createPool({ PoolName: 'other-account' }, b);
  const otherRegion = await createPool({ PoolName: 'other-region' });

  const pages: { ids: string[]; token?: string }[] = [];
  let NextToken: string | undefined;
  do {
    const r = await a.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken }));
    pages.push({ ids: r.UserPools!.map((p) => p.Id!), token: r.NextToken });
    NextToken = r.NextToken;
  } while (NextToken && pages.length < 10);

  assert.deepEqual(pages.map((p) => p.ids.length), [2, 2, 1]);
  assert.equal(pages[2].token, undefined, 'no NextToken on the last page');
  for (const { token } of pages.slice(0, 2)) {
    assert.equal(typeof token, 'string');
    for (const p of [...mine, otherAccount, otherRegion]) assert.ok(!token!.includes(p.Id!), 'the token does not show pool ids');
  }
  const listed = pages.flatMap((p) => p.ids);
  assert.deepEqual([...listed].sort(), mine.map((p) => p.Id!).sort());
  assert.ok(!listed.includes(otherAccount.Id!) && !listed.includes(otherRegion.Id!));

  // A description is the pool's id, name, Lambda config and dates.
  const first = await a.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const d = first.UserPools!.find((p) => p.Id === mine[3].Id)!;
  assert.deepEqual(d, { Id: mine[3].Id, Name: 'listed-3', LambdaConfig: {}, LastModifiedDate: mine[3].LastModifiedDate, CreationDate: mine[3].CreationDate });
  assert.equal(first.UserPools!.length, 5);
  assert.equal(first.NextToken, undefined);

  const exact = await a.send(new ListUserPoolsCommand({ MaxResults: 5 }));
  assert.equal(exact.UserPools!.length, 5);
  assert.equal(exact.NextToken, undefined, 'a page that holds the last pool has no NextToken');

  assert.deepEqual(await allPoolIds(b), [otherAccount.Id]);
  await assert.rejects(a.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: 'bm90LWEtdG9rZW4' })), { name: 'InvalidParameterException' });
});

test('UpdateUserPool sets what it names, resets the rest to defaults and moves LastModifiedDate', async () => {
  const p = await createPool({
    PoolName: 'to-update',
    Policies: { PasswordPolicy: { MinimumLength: 12, RequireUppercase: false, RequireLowercase: true, RequireNumbers: false, RequireSymbols: false, TemporaryPasswordValidityDays: 3 } },
    DeletionProtection: 'ACTIVE',
    AutoVerifiedAttributes: ['email'],
    UsernameAttributes: ['email'],
    EmailVerificationSubject: 'Your code',
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 3 },
    Schema: [{ Name: 'tier', AttributeDataType: 'String' }],
  });
  clock.advance(60_000);
  const sms = { SnsCallerArn: SNS_ROLE, ExternalId: 'external-2' };
  await sdk.send(new UpdateUserPoolCommand({
    UserPoolId: p.Id, AutoVerifiedAttributes: ['phone_number'], MfaConfiguration: 'OPTIONAL', SmsConfiguration: sms,
  }));
  const u = await describe(p.Id!);
  assert.deepEqual(u.AutoVerifiedAttributes, ['phone_number']);
  assert.equal(u.MfaConfiguration, 'OPTIONAL');
  assert.deepEqual(u.SmsConfiguration, sms);
  // Not named in the update: back to the defaults, as AWS does.
  assert.deepEqual(u.Policies!.PasswordPolicy, DEFAULT_PASSWORD_POLICY);
  assert.equal(u.DeletionProtection, 'INACTIVE');
  assert.equal(u.EmailVerificationSubject, undefined);
  assert.deepEqual(u.AdminCreateUserConfig, { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 });
  // Not updatable: kept.
  assert.equal(u.Id, p.Id);
  assert.equal(u.Name, 'to-update');
  assert.equal(u.Arn, p.Arn);
  assert.deepEqual(u.UsernameAttributes, ['email']);
  assert.deepEqual(u.SchemaAttributes, p.SchemaAttributes);
  assert.deepEqual(u.CreationDate, p.CreationDate);
  assert.deepEqual(u.LastModifiedDate, new Date(p.CreationDate!.getTime() + 60_000));

  clock.advance(60_000);
  await assert.rejects(sdk.send(new UpdateUserPoolCommand({ UserPoolId: p.Id, MfaConfiguration: 'ON', AutoVerifiedAttributes: ['phone_number'] })),
    { name: 'InvalidParameterException', message: 'SMS configuration and Auto verification for phone_number are required when MFA is required/optional' });
  assert.deepEqual(await describe(p.Id!), u, 'a refused update changes nothing, not even LastModifiedDate');

  await assert.rejects(sdk.send(new UpdateUserPoolCommand({ UserPoolId: 'us-west-2_AAAAAAAAA', MfaConfiguration: 'OFF' })),
    { name: 'ResourceNotFoundException', message: 'User pool us-west-2_AAAAAAAAA does not exist.' });
});

test('DeleteUserPool deletes every upload blob of the pool, those no job points to included (a crash\'s leftovers), and no other pool\'s', async () => {
  const p = await createPool({ PoolName: 'leftovers' });
  const kept = await createPool({ PoolName: 'kept' });
  const blobs = server.blobs();
  // Whatever the store (local files or S3), every upload blob of a pool is below <account>/<pool>/.
  const leftover = `${KEY_A.accountId}/${p.Id}/import-abandoned/upload-never-attached`;
  const other = `${KEY_A.accountId}/${kept.Id}/import-other/upload`;
  for (const key of [leftover, other]) await blobs.write(key, Readable.from([Buffer.from('id\n')]), 100);
  await sdk.send(new DeleteUserPoolCommand({ UserPoolId: p.Id }));
  assert.equal(await blobs.stat(leftover), undefined);
  assert.deepEqual(await blobs.stat(other), { bytes: 3 });
});

test('DeleteUserPool removes the pool; afterwards it does not exist', async () => {
  const p = await createPool({ PoolName: 'to-delete' });
  await sdk.send(new DeleteUserPoolCommand({ UserPoolId: p.Id }));
  const gone = { name: 'ResourceNotFoundException', message: `User pool ${p.Id} does not exist.` };
  await assert.rejects(describe(p.Id!), gone);
  await assert.rejects(csvHeader(p.Id!), gone);
  await assert.rejects(sdk.send(new DeleteUserPoolCommand({ UserPoolId: p.Id })), gone);
  assert.ok(!(await allPoolIds()).includes(p.Id!));
});

test('DeletionProtection ACTIVE refuses deletion until it is made INACTIVE', async () => {
  const p = await createPool({ PoolName: 'protected', DeletionProtection: 'ACTIVE' });
  assert.equal(p.DeletionProtection, 'ACTIVE');
  await assert.rejects(sdk.send(new DeleteUserPoolCommand({ UserPoolId: p.Id })), {
    name: 'InvalidParameterException',
    message: 'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
  });
  assert.deepEqual(await describe(p.Id!), p);
  assert.ok((await allPoolIds()).includes(p.Id!));

  await sdk.send(new UpdateUserPoolCommand({ UserPoolId: p.Id, DeletionProtection: 'INACTIVE' }));
  await sdk.send(new DeleteUserPoolCommand({ UserPoolId: p.Id }));
  await assert.rejects(describe(p.Id!), { name: 'ResourceNotFoundException', message: `User pool ${p.Id} does not exist.` });
});

test('GetCSVHeader: the 21 standard columns, then custom attributes in creation order', async () => {
  const p = await createPool({ PoolName: 'csv', Schema: [{ Name: 'first', AttributeDataType: 'String' }] });
  const plain = await createPool({ PoolName: 'csv-plain' });
  const h = await sdk.send(new GetCSVHeaderCommand({ UserPoolId: plain.Id }));
  assert.equal(h.UserPoolId, plain.Id);
  assert.deepEqual(h.CSVHeader, STANDARD_CSV_HEADER);

  await sdk.send(new AddCustomAttributesCommand({
    UserPoolId: p.Id,
    CustomAttributes: [
      { Name: 'second', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '9' } },
      { Name: 'third', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '32' } },
    ],
  }));
  await sdk.send(new AddCustomAttributesCommand({ UserPoolId: p.Id, CustomAttributes: [{ Name: 'fourth', AttributeDataType: 'Boolean' }] }));
  assert.deepEqual(await csvHeader(p.Id!), [...STANDARD_CSV_HEADER, 'custom:first', 'custom:second', 'custom:third', 'custom:fourth']);
  const d = await describe(p.Id!);
  assert.deepEqual(d.SchemaAttributes!.slice(20).map((a) => a.Name), ['custom:first', 'custom:second', 'custom:third', 'custom:fourth']);
  assert.deepEqual(d.SchemaAttributes![21].NumberAttributeConstraints, { MinValue: '1', MaxValue: '9' });
});

test('AddCustomAttributes refuses a name the pool already has, and changes nothing', async () => {
  const p = await createPool({ PoolName: 'dup', Schema: [{ Name: 'tenant', AttributeDataType: 'String' }] });
  const before = await describe(p.Id!);
  const header = await csvHeader(p.Id!);
  const refused = async (CustomAttributes: SchemaAttributeType[], message: string): Promise<void> => {
    await assert.rejects(sdk.send(new AddCustomAttributesCommand({ UserPoolId: p.Id, CustomAttributes })),
      { name: 'InvalidParameterException', message });
    assert.deepEqual(await describe(p.Id!), before);
    assert.deepEqual(await csvHeader(p.Id!), header);
  };
  await refused([{ Name: 'tenant', AttributeDataType: 'String' }], 'custom:tenant: Existing attribute already has name custom:tenant.');
  // The whole request is refused: 'fresh' is not added either.
  await refused([{ Name: 'fresh', AttributeDataType: 'String' }, { Name: 'tenant', AttributeDataType: 'Number' }],
    'custom:tenant: Existing attribute already has name custom:tenant.');
  await refused([{ Name: 'twice', AttributeDataType: 'String' }, { Name: 'twice', AttributeDataType: 'String' }],
    'custom:twice: Existing attribute already has name custom:twice.');
  await refused([{ Name: 'needed', AttributeDataType: 'String', Required: true }], 'Required custom attributes are not supported currently.');
  await assert.rejects(sdk.send(new AddCustomAttributesCommand({ UserPoolId: 'us-west-2_AAAAAAAAA', CustomAttributes: [{ Name: 'x' }] })),
    { name: 'ResourceNotFoundException', message: 'User pool us-west-2_AAAAAAAAA does not exist.' });
});

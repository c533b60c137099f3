// Pool schema validation (spec section 10) through the AWS SDK v3 client against a real server:
// what CreateUserPool's Schema and AddCustomAttributes make of each entry, and every refusal,
// each followed by a look showing that nothing was created or added.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddCustomAttributesCommand, CognitoIdentityProviderClient, CreateUserPoolCommand, DescribeUserPoolCommand,
  ListUserPoolsCommand, type SchemaAttributeType, type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let sdk: CognitoIdentityProviderClient;
before(async () => {
  server = await startTestServer();
  sdk = server.client();
});
after(() => server.close());

const STANDARD_TYPE_MESSAGE = (name: string): string =>
  `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`;
const NO_TYPE_MESSAGE = 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.';

async function createPool(Schema?: SchemaAttributeType[]): Promise<UserPoolType> {
  return (await sdk.send(new CreateUserPoolCommand({ PoolName: 'schema', Schema }))).UserPool!;
}

async function describe(poolId: string): Promise<UserPoolType> {
  return (await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
}

async function poolIds(): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const r = await sdk.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    ids.push(...r.UserPools!.map((p) => p.Id!));
    NextToken = r.NextToken;
  } while (NextToken);
  return ids.sort();
}

type Refusal = { name: string; message: string; $metadata?: { httpStatusCode: number } };

/** A CreateUserPool that must be refused with a 400 InvalidParameterException, and make no pool. */
async function refusedCreate(Schema: SchemaAttributeType[], message: string): Promise<void> {
  const before = await poolIds();
  await assert.rejects(createPool(Schema), (e: Refusal) => {
    assert.deepEqual([e.name, e.message, e.$metadata?.httpStatusCode], ['InvalidParameterException', message, 400]);
    return true;
  });
  assert.deepEqual(await poolIds(), before, 'no pool was made');
}

/** An AddCustomAttributes that must be refused with a 400, leaving the pool as it was. */
async function refusedAdd(poolId: string, CustomAttributes: SchemaAttributeType[], message: string): Promise<void> {
  const before = await describe(poolId);
  await assert.rejects(sdk.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes })), (e: Refusal) => {
    assert.deepEqual([e.name, e.message, e.$metadata?.httpStatusCode], ['InvalidParameterException', message, 400]);
    return true;
  });
  assert.deepEqual(await describe(poolId), before, 'nothing was added, not even LastModifiedDate moved');
}

const custom = (p: UserPoolType): SchemaAttributeType[] => p.SchemaAttributes!.slice(20);

test('a Schema entry without Name is a 400 naming the entry, not a server error', async () => {
  await refusedCreate([{ AttributeDataType: 'String' }],
    "1 validation error detected: Value null at 'schema.1.member.name' failed to satisfy constraint: Member must not be null");
  await refusedCreate([{ Name: 'ok', AttributeDataType: 'String' }, { Required: true }, { DeveloperOnlyAttribute: true }],
    "2 validation errors detected: Value null at 'schema.2.member.name' failed to satisfy constraint: Member must not be null; "
    + "Value null at 'schema.3.member.name' failed to satisfy constraint: Member must not be null");
  const p = await createPool();
  await refusedAdd(p.Id!, [{ Name: 'fine', AttributeDataType: 'String' }, { AttributeDataType: 'Number' }],
    "1 validation error detected: Value null at 'customAttributes.2.member.name' failed to satisfy constraint: Member must not be null");
});

test('DeveloperOnlyAttribute makes dev:custom:<Name>; constraints of the other type are dropped (the API model\'s example)', async () => {
  // The request and answer of the CreateUserPool example in the API model.
  const p = await createPool([{
    AttributeDataType: 'Number', DeveloperOnlyAttribute: true, Mutable: true, Name: 'mydev',
    NumberAttributeConstraints: { MaxValue: '99', MinValue: '1' }, Required: false,
    StringAttributeConstraints: { MaxLength: '99', MinLength: '1' },
  }]);
  const expected = [{
    Name: 'dev:custom:mydev', AttributeDataType: 'Number', DeveloperOnlyAttribute: true, Mutable: true, Required: false,
    NumberAttributeConstraints: { MinValue: '1', MaxValue: '99' },
  }];
  assert.deepEqual(custom(p), expected);
  assert.deepEqual(custom(await describe(p.Id!)), expected);

  await sdk.send(new AddCustomAttributesCommand({ UserPoolId: p.Id, CustomAttributes: [
    { Name: 'accesstoken', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '2048' } },
    { Name: 'flag', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: true, StringAttributeConstraints: { MaxLength: '5' } },
    { Name: 'count', AttributeDataType: 'Number' },
    { Name: 'note', AttributeDataType: 'String' },
  ] }));
  // As a real DescribeUserPool shows them (aws-cli describe-user-pool example): a partial
  // constraint stays partial, strings stay strings.
  assert.deepEqual(custom(await describe(p.Id!)).slice(1), [
    { Name: 'custom:accesstoken', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      StringAttributeConstraints: { MaxLength: '2048' } },
    { Name: 'dev:custom:flag', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: true, Mutable: true, Required: false },
    { Name: 'custom:count', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    { Name: 'custom:note', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      StringAttributeConstraints: {} },
  ]);
});

test('a Name that already starts with custom: is kept whole, as Cognito does (custom:custom:name)', async () => {
  const p = await createPool([{ Name: 'custom:sub', AttributeDataType: 'String' }]);
  assert.deepEqual(custom(p).map((a) => a.Name), ['custom:custom:sub']);
  // The answer quoted in jmaleonard/serverless-cognito-add-custom-attributes#3.
  await sdk.send(new AddCustomAttributesCommand({ UserPoolId: p.Id, CustomAttributes: [{ Name: 'custom:name', AttributeDataType: 'String' }] }));
  await refusedAdd(p.Id!, [{ Name: 'custom:name', AttributeDataType: 'String' }],
    'custom:custom:name: Existing attribute already has name custom:custom:name.');
});

test('AddCustomAttributes of an existing name, developer-only or not, is refused whole', async () => {
  const p = await createPool([{ Name: 'banana', AttributeDataType: 'String', DeveloperOnlyAttribute: true }, { Name: 'tier', AttributeDataType: 'String' }]);
  const dup = 'custom:banana: Existing attribute already has name dev:custom:banana.';
  await refusedAdd(p.Id!, [{ Name: 'banana', AttributeDataType: 'String', DeveloperOnlyAttribute: true }], dup);
  await refusedAdd(p.Id!, [{ Name: 'banana', AttributeDataType: 'Number' }], dup);
  await refusedAdd(p.Id!, [{ Name: 'fresh', AttributeDataType: 'String' }, { Name: 'tier', AttributeDataType: 'String', DeveloperOnlyAttribute: true }],
    'custom:tier: Existing attribute already has name custom:tier.');
  await refusedAdd(p.Id!, [{ Name: 'twice', AttributeDataType: 'String' }, { Name: 'twice', AttributeDataType: 'String', DeveloperOnlyAttribute: true }],
    'custom:twice: Existing attribute already has name custom:twice.');
  await refusedCreate([{ Name: 'twice', AttributeDataType: 'String' }, { Name: 'twice', AttributeDataType: 'Number' }],
    'custom:twice: Existing attribute already has name custom:twice.');
  // A standard attribute's name is a custom attribute here, not a clash (awsdocs/aws-cloudformation-user-guide#932).
  await sdk.send(new AddCustomAttributesCommand({ UserPoolId: p.Id, CustomAttributes: [{ Name: 'email', AttributeDataType: 'String' }] }));
  assert.deepEqual(custom(await describe(p.Id!)).map((a) => a.Name), ['dev:custom:banana', 'custom:tier', 'custom:email']);
});

test('a standard attribute keeps its type and is never developer-only; Required, Mutable and constraints can change', async () => {
  await refusedCreate([{ Name: 'email', AttributeDataType: 'Number' }], STANDARD_TYPE_MESSAGE('email'));
  await refusedCreate([{ Name: 'email', DeveloperOnlyAttribute: true }], STANDARD_TYPE_MESSAGE('email'));
  await refusedCreate([{ Name: 'email_verified', AttributeDataType: 'String' }], STANDARD_TYPE_MESSAGE('email_verified'));
  await refusedCreate([{ Name: 'tenant', AttributeDataType: 'String' }, { Name: 'updated_at', AttributeDataType: 'String' }],
    STANDARD_TYPE_MESSAGE('updated_at'));
  await refusedCreate([{ Name: 'email', Required: true }, { Name: 'email', Required: false }],
    'The Schema names the standard attribute email more than once.');
  await refusedCreate([{ Name: 'sub', AttributeDataType: 'String', Mutable: true }],
    'The standard attribute sub cannot be changed: it is always required, immutable and 1 to 2048 characters long.');

  // As in boto/boto3#2516's real answer: given_name's MaxLength set to 255.
  const p = await createPool([
    { Name: 'sub', AttributeDataType: 'String', Mutable: false, Required: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } },
    { Name: 'given_name', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false, StringAttributeConstraints: { MinLength: '0', MaxLength: '255' } },
    { Name: 'email', Required: true, Mutable: false, StringAttributeConstraints: { MaxLength: '320' } },
    { Name: 'updated_at', NumberAttributeConstraints: { MaxValue: '4102444800' }, StringAttributeConstraints: { MaxLength: '9' } },
    { Name: 'email_verified', AttributeDataType: 'Boolean', Mutable: true },
  ]);
  const byName = new Map((await describe(p.Id!)).SchemaAttributes!.map((a) => [a.Name, a]));
  assert.equal(byName.size, 20, 'no custom attribute was made of a standard entry');
  assert.deepEqual(byName.get('sub'), { Name: 'sub', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: false,
    Required: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } });
  assert.deepEqual(byName.get('given_name')!.StringAttributeConstraints, { MinLength: '0', MaxLength: '255' });
  assert.deepEqual(byName.get('email'), { Name: 'email', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: false,
    Required: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '320' } });
  assert.deepEqual(byName.get('updated_at'), { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false,
    Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: '0', MaxValue: '4102444800' } });
});

test('a custom attribute needs an AttributeDataType and cannot be required', async () => {
  await refusedCreate([{ Name: 'tenant' }], NO_TYPE_MESSAGE);
  await refusedCreate([{ Name: 'tenant', AttributeDataType: 'String', Required: true }], 'Required custom attributes are not supported currently.');
  const p = await createPool();
  // What CloudFormation's AddCustomAttributes of a standard name meets (aws-amplify/amplify-cli#9525).
  await refusedAdd(p.Id!, [{ Name: 'email', Required: true }], NO_TYPE_MESSAGE);
  await refusedAdd(p.Id!, [{ Name: 'a', AttributeDataType: 'String' }, { Name: 'b', AttributeDataType: 'Boolean', Required: true }],
    'Required custom attributes are not supported currently.');
});

test('constraints must be whole numbers, a length at most 2048, a minimum not above the maximum', async () => {
  const s = (c: SchemaAttributeType['StringAttributeConstraints'], Name = 'tenant'): SchemaAttributeType[] =>
    [{ Name, AttributeDataType: 'String', StringAttributeConstraints: c }];
  const n = (c: SchemaAttributeType['NumberAttributeConstraints'], Name = 'score'): SchemaAttributeType[] =>
    [{ Name, AttributeDataType: 'Number', NumberAttributeConstraints: c }];
  const badString = 'Invalid StringAttributeConstraints for schema attribute custom:tenant';
  const badNumber = 'Invalid NumberAttributeConstraints for schema attribute custom:score';
  const cases: [SchemaAttributeType[], string][] = [
    [s({ MinLength: 'one' }), badString], [s({ MaxLength: '' }), badString], [s({ MaxLength: '1.5' }), badString],
    [s({ MinLength: '-1' }), badString], [s({ MaxLength: ' 9' }), badString], [s({ MaxLength: '1e3' }), badString],
    [s({ MinLength: 'x' }, 'email'), 'Invalid StringAttributeConstraints for schema attribute email'],
    [n({ MinValue: 'zero' }), badNumber], [n({ MaxValue: '1.5' }), badNumber], [n({ MaxValue: '+5' }), badNumber],
    [n({ MaxValue: '' }), badNumber], [n({ MaxValue: (2n ** 1023n + 1n).toString() }), badNumber],
    [n({ MinValue: 'x' }, 'updated_at'), 'Invalid NumberAttributeConstraints for schema attribute updated_at'],
    [s({ MaxLength: '2049' }), 'user.custom:tenant: String attributes cannot have a length of more than 2048'],
    [s({ MinLength: '2049' }), 'user.custom:tenant: String attributes cannot have a length of more than 2048'],
    [s({ MaxLength: '99999999999999999999999' }), 'user.custom:tenant: String attributes cannot have a length of more than 2048'],
    [s({ MaxLength: '4096' }, 'name'), 'user.name: String attributes cannot have a length of more than 2048'],
    [s({ MinLength: '5', MaxLength: '4' }), 'user.custom:tenant: Max length cannot be less than min length.'],
    [s({ MaxLength: '9' }, 'birthdate'), 'user.birthdate: Max length cannot be less than min length.'],
    [n({ MinValue: '2', MaxValue: '1' }), 'user.custom:score: Max value cannot be less than min value.'],
    [n({ MaxValue: '-1' }, 'updated_at'), 'user.updated_at: Max value cannot be less than min value.'],
    [[{ Name: 'x', AttributeDataType: 'String', DeveloperOnlyAttribute: true, StringAttributeConstraints: { MinLength: '3', MaxLength: '2' } }],
      'user.dev:custom:x: Max length cannot be less than min length.'],
  ];
  for (const [schema, message] of cases) await refusedCreate(schema, message);
  const p = await createPool();
  await refusedAdd(p.Id!, [{ Name: 'ok', AttributeDataType: 'String' }, ...s({ MaxLength: '3000' })],
    'user.custom:tenant: String attributes cannot have a length of more than 2048');

  // The edges that are accepted, kept as written.
  const big = (2n ** 1023n).toString();
  const ok = await createPool([...s({ MinLength: '0', MaxLength: '2048' }), ...n({ MinValue: '-40', MaxValue: big }),
    { Name: 'level', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '-5', MaxValue: '-5' } }]);
  assert.deepEqual(custom(ok).map((a) => a.StringAttributeConstraints ?? a.NumberAttributeConstraints),
    [{ MinLength: '0', MaxLength: '2048' }, { MinValue: '-40', MaxValue: big }, { MinValue: '-5', MaxValue: '-5' }]);
});

test('a custom attribute name with a comma is refused: no CSV header could name it', async () => {
  const message = 'The custom attribute name custom:a,b contains a comma; user import CSV headers separate columns with commas, so use a name without one.';
  await refusedCreate([{ Name: 'a,b', AttributeDataType: 'String' }], message);
  const p = await createPool();
  await refusedAdd(p.Id!, [{ Name: 'ok', AttributeDataType: 'String' }, { Name: 'a,b', AttributeDataType: 'String', DeveloperOnlyAttribute: true }], message);
  // Other punctuation the model allows is fine: the CSV header only splits on commas.
  await sdk.send(new AddCustomAttributesCommand({ UserPoolId: p.Id, CustomAttributes: [{ Name: 'a.b-c:d\\e"f', AttributeDataType: 'String' }] }));
  assert.deepEqual(custom(await describe(p.Id!)).map((a) => a.Name), ['custom:a.b-c:d\\e"f']);
});

test('at most 50 custom attributes, developer-only ones counted; a request that would pass it adds none', async () => {
  const fortyNine = Array.from({ length: 49 }, (_, i): SchemaAttributeType => ({ Name: `a${i}`, AttributeDataType: 'String', DeveloperOnlyAttribute: i % 2 === 0 }));
  const p = await createPool(fortyNine);
  await refusedAdd(p.Id!, [{ Name: 'x', AttributeDataType: 'String' }, { Name: 'y', AttributeDataType: 'String' }],
    'A user pool can have at most 50 custom attributes; this request would make 51.');
  await sdk.send(new AddCustomAttributesCommand({ UserPoolId: p.Id, CustomAttributes: [{ Name: 'x', AttributeDataType: 'String' }] }));
  assert.equal(custom(await describe(p.Id!)).length, 50);
  await refusedAdd(p.Id!, [{ Name: 'y', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: true }],
    'A user pool can have at most 50 custom attributes; this request would make 51.');
});

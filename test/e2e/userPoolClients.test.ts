// App clients at the wire (spec section 9, "App clients"): the AWS SDK v3 and raw signed requests
// against a real server on a fake clock. The answers are checked member by member and in order
// against what real CreateUserPoolClient answers look like; every refusal is checked to change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, DeleteUserPoolClientCommand, DeleteUserPoolCommand,
  DescribeUserPoolClientCommand, ListUserPoolClientsCommand, UpdateUserPoolClientCommand, type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeClock, KEY_A, KEY_B, startTestServer, type TestServer } from '../helpers/server';
import { callApi, type RawResponse } from '../helpers/signing';

const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000 + 471);
let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let poolId: string;

before(async () => {
  server = await startTestServer({ clock });
  sdk = server.client({ clock });
  poolId = await newPool();
});
after(() => server.close());

async function newPool(client = sdk): Promise<string> {
  return (await client.send(new CreateUserPoolCommand({ PoolName: 'clients' }))).UserPool!.Id!;
}

const call = (operation: string, input: unknown, key = KEY_A): Promise<RawResponse> => callApi(server.url, operation, input, { key, date: new Date(clock.ms) });

async function create(input: Record<string, unknown> = {}, pool = poolId): Promise<UserPoolClientType> {
  return (await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'app', ...input }))).UserPoolClient!;
}

async function clientIds(pool = poolId): Promise<string[]> {
  const r = await call('ListUserPoolClients', { UserPoolId: pool, MaxResults: 60 });
  assert.equal(r.status, 200, r.text);
  return (r.json.UserPoolClients as { ClientId: string }[]).map((c) => c.ClientId);
}

/** Refused with this error, status 400, and the pool's clients as they were. */
async function refused(operation: string, input: unknown, type: string, message: string, key = KEY_A): Promise<void> {
  const before = await clientIds();
  const r = await call(operation, input, key);
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(r.json, { __type: type, message });
  assert.equal(r.headers.get('x-amzn-errortype'), `${type}:`);
  assert.deepEqual(await clientIds(), before);
}

const CLIENT_ID = /^[1-9a-v][0-9a-v]{0,25}$/;

test('CreateUserPoolClient naming only the name: the members, defaults and order of a real answer', async () => {
  clock.advance(1_000);
  const r = await call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'web app' });
  assert.equal(r.status, 200, r.text);
  const c = r.json.UserPoolClient as Record<string, unknown>;
  // In this order, as real answers of 2023 and 2024 print them (spec section 9).
  assert.deepEqual(Object.keys(c), ['UserPoolId', 'ClientName', 'ClientId', 'LastModifiedDate', 'CreationDate', 'RefreshTokenValidity',
    'TokenValidityUnits', 'AllowedOAuthFlowsUserPoolClient', 'EnableTokenRevocation', 'EnablePropagateAdditionalUserContextData', 'AuthSessionValidity']);
  assert.match(String(c.ClientId), CLIENT_ID);
  assert.deepEqual({ ...c, ClientId: 'x' }, {
    UserPoolId: poolId, ClientName: 'web app', ClientId: 'x', LastModifiedDate: clock.ms / 1000, CreationDate: clock.ms / 1000,
    RefreshTokenValidity: 30, TokenValidityUnits: {}, AllowedOAuthFlowsUserPoolClient: false, EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false, AuthSessionValidity: 3,
  });
  assert.match(r.text, /"LastModifiedDate":\d+\.471,/, 'epoch seconds with the milliseconds');
  const described = await call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId });
  assert.equal(described.text, r.text, 'DescribeUserPoolClient answers the same bytes');
});

test('GenerateSecret: a 51-character secret, in the answer and every describe after, kept by updates', async () => {
  const c = await create({ GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  assert.match(c.ClientSecret!, /^[0-9a-v]{51}$/);
  const described = (await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId }))).UserPoolClient!;
  assert.deepEqual(described, c);
  const updated = (await sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId, ClientName: 'renamed' }))).UserPoolClient!;
  assert.equal(updated.ClientSecret, c.ClientSecret);
  const plain = await create({ GenerateSecret: false });
  assert.equal(plain.ClientSecret, undefined);
});

test('every member given comes back as given, in model order', async () => {
  const input = {
    RefreshTokenValidity: 10, AccessTokenValidity: 60, IdTokenValidity: 60,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    ReadAttributes: ['email', 'phone_number', 'email_verified'], WriteAttributes: ['email'],
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    SupportedIdentityProviders: ['COGNITO'], CallbackURLs: ['https://example.com/cb', 'http://localhost:8001'], LogoutURLs: ['https://example.com'],
    DefaultRedirectURI: 'https://example.com/cb', AllowedOAuthFlows: ['code', 'implicit'], AllowedOAuthScopes: ['openid', 'profile'],
    AllowedOAuthFlowsUserPoolClient: true, PreventUserExistenceErrors: 'ENABLED', EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: true, AuthSessionValidity: 4,
  };
  const r = await call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'MyTestClient', GenerateSecret: true, ...input });
  assert.equal(r.status, 200, r.text);
  const c = r.json.UserPoolClient as Record<string, unknown>;
  const { UserPoolId, ClientName, ClientId, ClientSecret, LastModifiedDate, CreationDate, ...rest } = c;
  assert.deepEqual({ UserPoolId, ClientName }, { UserPoolId: poolId, ClientName: 'MyTestClient' });
  assert.ok(ClientId && ClientSecret && LastModifiedDate && CreationDate);
  assert.deepEqual(rest, input);
  assert.deepEqual(Object.keys(rest), Object.keys(input), 'the model order, which the input above follows');
});

test('DescribeUserPoolClient: Cognito\'s not-found words for an unknown client, another pool\'s, and an unknown pool', async () => {
  const other = await newPool();
  const elsewhere = await create({}, other);
  await refused('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: '1example23456789' }, 'ResourceNotFoundException',
    'User pool client 1example23456789 does not exist.');
  await refused('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: elsewhere.ClientId }, 'ResourceNotFoundException',
    `User pool client ${elsewhere.ClientId} does not exist.`);
  await refused('DescribeUserPoolClient', { UserPoolId: 'us-west-2_nosuchpoo', ClientId: elsewhere.ClientId }, 'ResourceNotFoundException',
    'User pool us-west-2_nosuchpoo does not exist.');
});

test('ListUserPoolClients: oldest first, a page at a time with NextToken, only {ClientId, UserPoolId, ClientName}', async () => {
  const pool = await newPool();
  const made: string[] = [];
  for (let i = 0; i < 5; i++) {
    clock.advance(10);
    made.push((await create({ ClientName: `c${i}` }, pool)).ClientId!);
  }
  const seen: string[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const r = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: 2, NextToken }));
    for (const c of r.UserPoolClients!) assert.deepEqual(Object.keys(c), ['ClientId', 'UserPoolId', 'ClientName']);
    seen.push(...r.UserPoolClients!.map((c) => c.ClientId!));
    NextToken = r.NextToken;
    pages++;
  } while (NextToken);
  assert.deepEqual(seen, made);
  assert.equal(pages, 3);
  const all = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: pool }));
  assert.deepEqual(all.UserPoolClients!.map((c) => c.ClientName), ['c0', 'c1', 'c2', 'c3', 'c4'], 'no MaxResults: up to 60');
  assert.equal(all.NextToken, undefined);

  const first = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: 1 }));
  await refused('ListUserPoolClients', { UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken }, 'InvalidParameterException',
    "The NextToken is not valid for this request: pass the value of NextToken from the previous page's answer unchanged.");
  await refused('ListUserPoolClients', { UserPoolId: poolId, MaxResults: 61 }, 'InvalidParameterException',
    "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60");
});

test('UpdateUserPoolClient replaces the settings: members left out go back to their defaults; the name stays unless given', async () => {
  clock.advance(1_000);
  const c = await create({ ClientName: 'before', ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'], AccessTokenValidity: 2, AuthSessionValidity: 10,
    PreventUserExistenceErrors: 'ENABLED', EnableTokenRevocation: false });
  clock.advance(5_000);
  const r = await call('UpdateUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId, WriteAttributes: ['nickname'] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.UserPoolClient, {
    UserPoolId: poolId, ClientName: 'before', ClientId: c.ClientId, LastModifiedDate: clock.ms / 1000, CreationDate: c.CreationDate!.getTime() / 1000,
    RefreshTokenValidity: 30, TokenValidityUnits: {}, WriteAttributes: ['nickname'], AllowedOAuthFlowsUserPoolClient: false,
    EnableTokenRevocation: true, EnablePropagateAdditionalUserContextData: false, AuthSessionValidity: 3,
  });
  const described = await call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId });
  assert.deepEqual(described.json, r.json);
  const renamed = await sdk.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId, ClientName: 'after' }));
  assert.equal(renamed.UserPoolClient!.ClientName, 'after');
  await refused('UpdateUserPoolClient', { UserPoolId: poolId, ClientId: 'nosuchclient' }, 'ResourceNotFoundException', 'User pool client nosuchclient does not exist.');
});

test('DeleteUserPoolClient: gone from describe and list; a second delete is not found', async () => {
  const c = await create();
  assert.deepEqual((await call('DeleteUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId })).json, {});
  assert.ok(!(await clientIds()).includes(c.ClientId!));
  await refused('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId }, 'ResourceNotFoundException', `User pool client ${c.ClientId} does not exist.`);
  await refused('DeleteUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId }, 'ResourceNotFoundException', `User pool client ${c.ClientId} does not exist.`);
});

test('validation from the model: Coral\'s words, naming the member, nothing created', async () => {
  await refused('CreateUserPoolClient', { UserPoolId: poolId }, 'InvalidParameterException',
    "1 validation error detected: Value null at 'clientName' failed to satisfy constraint: Member must not be null");
  await refused('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'a/b' }, 'InvalidParameterException',
    "1 validation error detected: Value 'a/b' at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+");
  await refused('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'x', AuthSessionValidity: 16, AccessTokenValidity: 0 }, 'InvalidParameterException',
    "2 validation errors detected: Value '0' at 'accessTokenValidity' failed to satisfy constraint: Member must have value greater than or equal to 1; "
    + "Value '16' at 'authSessionValidity' failed to satisfy constraint: Member must have value less than or equal to 15");
  const r = await call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'x', ExplicitAuthFlows: ['ADMIN_USER_PASSWORD_AUTH'] });
  assert.equal(r.status, 400);
  assert.equal(r.json.__type, 'InvalidParameterException');
  assert.match(String(r.json.message), /^1 validation error detected: Value '\[ADMIN_USER_PASSWORD_AUTH\]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: \[Member must satisfy enum value set: \[/);
  await refused('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: 'a b' }, 'InvalidParameterException',
    "1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+");
});

test('the rules the model cannot express: token ranges, mixed flows, context data without a secret', async () => {
  await refused('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'x', AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' } },
    'InvalidParameterException', 'Invalid range for token validity.');
  await refused('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'x', RefreshTokenValidity: 36_500 }, 'InvalidParameterException', 'Invalid range for token validity.');
  await refused('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'x', ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    'InvalidParameterException',
    'ExplicitAuthFlows values that begin with ALLOW_ cannot be used together with the legacy values ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY and USER_PASSWORD_AUTH.');
  await refused('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'x', EnablePropagateAdditionalUserContextData: true }, 'InvalidParameterException',
    'EnablePropagateAdditionalUserContextData can only be activated in an app client that has a client secret.');
  const c = await create();
  const before = (await call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId })).text;
  await refused('UpdateUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId, IdTokenValidity: 4, TokenValidityUnits: { IdToken: 'minutes' } },
    'InvalidParameterException', 'Invalid range for token validity.');
  assert.equal((await call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId })).text, before, 'a refused update changes nothing');
});

test('another account\'s pool and clients do not exist for the caller', async () => {
  const c = await create();
  const key = KEY_B;
  const poolGone = `User pool ${poolId} does not exist.`;
  for (const [op, input] of [
    ['CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'intruder' }],
    ['DescribeUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId }],
    ['ListUserPoolClients', { UserPoolId: poolId }],
    ['UpdateUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId, ClientName: 'taken' }],
    ['DeleteUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId }],
  ] as const) await refused(op, input, 'ResourceNotFoundException', poolGone, key);
  // Nor through a pool of its own.
  const bPool = await newPool(server.client({ key, clock }));
  await refused('DescribeUserPoolClient', { UserPoolId: bPool, ClientId: c.ClientId }, 'ResourceNotFoundException', `User pool client ${c.ClientId} does not exist.`, key);
  assert.equal((await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId }))).UserPoolClient!.ClientName, 'app');
});

test('deleting the pool deletes its clients', async () => {
  const pool = await newPool();
  const c = await create({ GenerateSecret: true }, pool);
  await sdk.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
  const store = await server.openStore();
  try {
    assert.equal(await store.clients.findClientById(c.ClientId!), undefined);
  } finally {
    await store.close();
  }
  await assert.rejects(sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: c.ClientId })),
    { name: 'ResourceNotFoundException', message: `User pool ${pool} does not exist.` });
  await assert.rejects(sdk.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: c.ClientId })), { name: 'ResourceNotFoundException' });
});

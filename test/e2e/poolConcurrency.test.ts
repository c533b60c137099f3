// Concurrent changes to one user pool, at the wire: no change is lost and the schema rules hold
// across requests in flight at once. On PostgreSQL two servers share one database (as several
// instances do) and the requests alternate between them; on SQLite one server takes them all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddCustomAttributesCommand, CognitoIdentityProviderClient, CreateUserPoolCommand, DeleteUserPoolCommand,
  DescribeUserPoolCommand, UpdateUserPoolCommand, type SchemaAttributeType, type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server';

const servers: TestServer[] = [];
let clients: CognitoIdentityProviderClient[] = [];
before(async () => {
  const first = await startTestServer();
  servers.push(first);
  if (first.databaseUrl) servers.push(await startTestServer({ databaseUrl: first.databaseUrl }));
  clients = servers.map((s) => s.client());
});
// The second server reuses the first one's database: it closes first, the first drops it.
after(async () => {
  for (const s of [...servers].reverse()) await s.close();
});

/** The i-th request's client: the servers take turns. */
const sdk = (i = 0): CognitoIdentityProviderClient => clients[i % clients.length];

/** What a request came back with: 'ok', or its error's name, message and HTTP status. */
type Answer = 'ok' | { name: string; message: string; status?: number };

async function answer(p: Promise<unknown>): Promise<Answer> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
}

async function createPool(Schema?: SchemaAttributeType[]): Promise<string> {
  return (await sdk().send(new CreateUserPoolCommand({ PoolName: 'concurrent', Schema }))).UserPool!.Id!;
}

async function describe(poolId: string): Promise<UserPoolType> {
  return (await sdk().send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
}

const customNames = (p: UserPoolType): string[] => p.SchemaAttributes!.map((a) => a.Name!).filter((n) => n.startsWith('custom:'));

const add = (i: number, poolId: string, name: string): Promise<Answer> =>
  answer(sdk(i).send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: name, AttributeDataType: 'String' }] })));

const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);

test('20 concurrent AddCustomAttributes of different names: every one is added', async () => {
  const poolId = await createPool();
  const wanted = names('attr', 20);
  const answers = await Promise.all(wanted.map((n, i) => add(i, poolId, n)));
  assert.deepEqual(answers, wanted.map(() => 'ok'));
  assert.deepEqual(customNames(await describe(poolId)).sort(), wanted.map((n) => `custom:${n}`));
});

test('20 concurrent AddCustomAttributes of one name: one adds it, the others are told it exists', async () => {
  const poolId = await createPool();
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => add(i, poolId, 'tier')));
  assert.equal(answers.filter((a) => a === 'ok').length, 1, JSON.stringify(answers));
  const refused = answers.filter((a) => a !== 'ok');
  assert.deepEqual(refused, Array.from({ length: 19 }, () => ({
    name: 'InvalidParameterException', message: 'custom:tier: Existing attribute already has name custom:tier.', status: 400,
  })));
  assert.deepEqual(customNames(await describe(poolId)), ['custom:tier']);
});

test('concurrent AddCustomAttributes never pass the 50-attribute limit together', async () => {
  const poolId = await createPool(names('have', 45).map((Name) => ({ Name, AttributeDataType: 'String' })));
  const answers = await Promise.all(names('more', 10).map((n, i) => add(i, poolId, n)));
  assert.equal(answers.filter((a) => a === 'ok').length, 5, JSON.stringify(answers));
  assert.deepEqual(answers.filter((a) => a !== 'ok'), Array.from({ length: 5 }, () => ({
    name: 'InvalidParameterException', message: 'A user pool can have at most 50 custom attributes; this request would make 51.', status: 400,
  })));
  assert.equal(customNames(await describe(poolId)).length, 50);
});

test('UpdateUserPool racing AddCustomAttributes keeps every attribute added', async () => {
  const poolId = await createPool();
  const attrs = names('kept', 10);
  const subjects = names('subject ', 10);
  const answers = await Promise.all(attrs.flatMap((n, i) => [
    add(2 * i, poolId, n),
    answer(sdk(2 * i + 1).send(new UpdateUserPoolCommand({ UserPoolId: poolId, EmailVerificationSubject: subjects[i] }))),
  ]));
  assert.deepEqual(answers, answers.map(() => 'ok'));
  const p = await describe(poolId);
  assert.deepEqual(customNames(p).sort(), attrs.map((n) => `custom:${n}`));
  assert.ok(subjects.includes(p.EmailVerificationSubject!), 'one of the updates is the last');
});

test('DeleteUserPool racing updates: each update lands before the delete or is ResourceNotFoundException, and the pool stays gone', async () => {
  for (let round = 0; round < 3; round++) {
    const poolId = await createPool();
    const changes = names(`gone${round}_`, 10).flatMap((n, i) => [
      add(2 * i, poolId, n),
      answer(sdk(2 * i + 1).send(new UpdateUserPoolCommand({ UserPoolId: poolId, EmailVerificationSubject: n }))),
    ]);
    const deleted = answer(sdk(round).send(new DeleteUserPoolCommand({ UserPoolId: poolId })));
    const answers = await Promise.all([...changes, deleted]);
    assert.equal(answers.at(-1), 'ok', 'the delete succeeds');
    for (const a of answers) {
      if (a !== 'ok') assert.deepEqual(a, { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.`, status: 400 });
    }
    for (const c of clients) {
      await assert.rejects(c.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), { name: 'ResourceNotFoundException' });
    }
  }
});

test('DeleteUserPool racing an UpdateUserPool that turns DeletionProtection on: exactly one of them succeeds', async () => {
  for (let round = 0; round < 10; round++) {
    const poolId = await createPool();
    const [updated, deleted] = await Promise.all([
      answer(sdk(round).send(new UpdateUserPoolCommand({ UserPoolId: poolId, DeletionProtection: 'ACTIVE' }))),
      answer(sdk(round + 1).send(new DeleteUserPoolCommand({ UserPoolId: poolId }))),
    ]);
    if (deleted === 'ok') {
      // The delete came first: the update found no pool.
      assert.deepEqual(updated, { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.`, status: 400 }, `round ${round}`);
    } else {
      // The update came first: the delete saw the protection, whatever it read before.
      assert.equal(updated, 'ok', `round ${round}`);
      assert.deepEqual(deleted, { name: 'InvalidParameterException', status: 400,
        message: 'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.' }, `round ${round}`);
      assert.equal((await describe(poolId)).DeletionProtection, 'ACTIVE');
    }
  }
});

// The Users API (docs/behaviour.md) through the AWS SDK v3 client and the aws CLI against a real
// server: ListUsers (filters, AttributesToGet, Limit and pages), AdminGetUser, AdminDeleteUser and
// AdminSetUserPassword. Users are seeded the way the import engine writes them, through a second
// store opened on the server's own SQLite file (WAL lets both write).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminDeleteUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient,
  CreateUserPoolCommand, ListUsersCommand, type CreateUserPoolCommandInput, type ListUsersCommandInput, type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { aws, cleanup, FakeClock, KEY_A, KEY_B, startTestServer, type TestServer } from '../helpers/server';
import type { Store } from '../../src/store/ports';
import type { CreateOutcome } from '../../src/store/ports';
import type { AliasKind, StoredUser } from '../../src/domain/user';
import { verifyPassword } from '../../src/domain/passwords';

// Whole seconds plus 471 ms, so wire dates carry a fraction.
const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000 + 471);
let server: TestServer;
let sdk: CognitoIdentityProviderClient;
let other: CognitoIdentityProviderClient;

before(async () => {
  server = await startTestServer({ clock });
  sdk = server.client({ clock });
  other = server.client({ key: KEY_B, clock });
});
after(async () => {
  await server.close();
  cleanup(server.dataDir);
});

const dbFile = (): string => join(server.dataDir, 'cognito-import.sqlite');

async function withStore<T>(fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await server.openStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

interface Seed { username: string; attrs?: Record<string, string>; aliases?: AliasKind[] }

/** Creates users as the import engine does: status RESET_REQUIRED, a fresh sub, dates = now. */
async function seed(poolId: string, users: Seed[], opts: { caseSensitive?: boolean } = {}): Promise<CreateOutcome[]> {
  const drafts = users.map((u) => ({
    username: u.username,
    usernameKey: opts.caseSensitive === false ? u.username.toLowerCase() : u.username,
    attributes: Object.entries(u.attrs ?? {}),
    aliases: (u.aliases ?? []).map((kind) => ({ kind, value: u.attrs![kind] })),
    status: 'RESET_REQUIRED' as const,
  }));
  return withStore((s) => s.users.createUsers(KEY_A.accountId, poolId, drafts, clock.now(), randomUUID));
}

const storedUser = (poolId: string, key: string): Promise<StoredUser | undefined> =>
  withStore((s) => s.users.findUser(KEY_A.accountId, poolId, key));

async function newPool(input: Partial<CreateUserPoolCommandInput> = {}, client = sdk): Promise<string> {
  return (await client.send(new CreateUserPoolCommand({ PoolName: 'users', AutoVerifiedAttributes: ['email'], ...input }))).UserPool!.Id!;
}

const list = async (input: ListUsersCommandInput, client = sdk): Promise<{ Users: UserType[]; PaginationToken?: string }> => {
  const r = await client.send(new ListUsersCommand(input));
  return { Users: r.Users!, PaginationToken: r.PaginationToken };
};
const usernames = (users: UserType[]): string[] => users.map((u) => u.Username!);
const attr = (u: { Attributes?: { Name?: string; Value?: string }[] }, name: string): string | undefined =>
  u.Attributes?.find((a) => a.Name === name)?.Value;

describe('ListUsers', () => {
  let poolId: string;
  let seededAt: number;
  const people: Seed[] = [
    { username: 'alice', attrs: { name: 'Alice Liddell', given_name: 'Alice', family_name: 'Liddell', email: 'alice@example.com', email_verified: 'true', phone_number: '+12065550101', preferred_username: 'ally' } },
    { username: 'alicia', attrs: { name: 'Alicia "AK" Keys', given_name: 'Alicia', family_name: 'Keys', email: 'alicia@example.org', email_verified: 'true', phone_number: '+12065550102' } },
    { username: 'bob', attrs: { given_name: 'Bob', family_name: 'Builder', email: 'bob@example.com', email_verified: 'false', phone_number: '+442071838750' } },
    { username: 'carol', attrs: { given_name: 'Carol', email: 'carol@example.com', email_verified: 'true', preferred_username: 'alice' } },
    { username: 'dave', attrs: { email: 'dave@example.net', email_verified: 'true', 'custom:tenant': 'acme' } },
  ];

  before(async () => {
    poolId = await newPool({ Schema: [{ Name: 'tenant', AttributeDataType: 'String' }] });
    seededAt = clock.now();
    assert.deepEqual(await seed(poolId, people), people.map(() => 'created'));
    clock.advance(5_000);
  });

  test('every user, in username order, with attributes sub first then in import order', async () => {
    const { Users, PaginationToken } = await list({ UserPoolId: poolId });
    assert.deepEqual(usernames(Users), ['alice', 'alicia', 'bob', 'carol', 'dave']);
    assert.equal(PaginationToken, undefined);
    const alice = Users[0];
    const sub = attr(alice, 'sub')!;
    assert.match(sub, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(alice, {
      Username: 'alice',
      Attributes: [{ Name: 'sub', Value: sub }, ...Object.entries(people[0].attrs!).map(([Name, Value]) => ({ Name, Value }))],
      UserCreateDate: new Date(seededAt), UserLastModifiedDate: new Date(seededAt), Enabled: true, UserStatus: 'RESET_REQUIRED',
    });
    assert.equal(new Set(Users.map((u) => attr(u, 'sub'))).size, 5, 'each user has its own sub');
    assert.deepEqual(Users[4].Attributes!.map((a) => a.Name), ['sub', 'email', 'email_verified', 'custom:tenant']);
  });

  test('filters: exact and prefix on each searchable attribute', async () => {
    const subOfCarol = attr((await list({ UserPoolId: poolId, Filter: 'username = "carol"' })).Users[0], 'sub')!;
    const cases: [string, string[]][] = [
      ['', ['alice', 'alicia', 'bob', 'carol', 'dave']],
      ['   ', ['alice', 'alicia', 'bob', 'carol', 'dave']],
      ['username = "alice"', ['alice']],
      ['username ^= "ali"', ['alice', 'alicia']],
      ['username = "Alice"', []],
      ['email = "bob@example.com"', ['bob']],
      ['email ^= "ali"', ['alice', 'alicia']],
      ['email="dave@example.net"', ['dave']],
      ['phone_number ^= "+1206"', ['alice', 'alicia']],
      ['phone_number = "+442071838750"', ['bob']],
      ['name ^= "Alic"', ['alice', 'alicia']],
      ['name = "Alicia \\"AK\\" Keys"', ['alicia']],
      ['given_name = "Carol"', ['carol']],
      ['family_name ^= "L"', ['alice']],
      ['preferred_username = "alice"', ['carol']],
      ['preferred_username ^= "al"', ['alice', 'carol']],
      ['cognito:user_status = "RESET_REQUIRED"', ['alice', 'alicia', 'bob', 'carol', 'dave']],
      ['cognito:user_status = "reset_required"', ['alice', 'alicia', 'bob', 'carol', 'dave']],
      ['cognito:user_status = "CONFIRMED"', []],
      ['status = "Enabled"', ['alice', 'alicia', 'bob', 'carol', 'dave']],
      ['status = "Disabled"', []],
      [`sub = "${subOfCarol}"`, ['carol']],
      [`sub ^= "${subOfCarol.slice(0, 23)}"`, ['carol']],
    ];
    for (const [Filter, expected] of cases) {
      assert.deepEqual(usernames((await list({ UserPoolId: poolId, Filter })).Users), expected, Filter);
    }
  });

  test('a filter that does not parse, or names an attribute that cannot be searched', async () => {
    for (const Filter of ['username = alice', 'username=', 'email ~= "a"', 'email = "a" AND name = "b"', '"email" = "a"', 'email = "unterminated']) {
      await assert.rejects(list({ UserPoolId: poolId, Filter }), { name: 'InvalidParameterException', message: 'Error while parsing filter.' }, Filter);
    }
    for (const name of ['custom:tenant', 'email_verified', 'address', 'Username']) {
      await assert.rejects(list({ UserPoolId: poolId, Filter: `${name} = "x"` }),
        { name: 'InvalidParameterException', message: `Invalid search attribute: ${name}` }, name);
    }
  });

  test('AttributesToGet: only those attributes; none for []; unknown names refused', async () => {
    const some = await list({ UserPoolId: poolId, AttributesToGet: ['email', 'given_name', 'custom:tenant'] });
    assert.deepEqual(some.Users.map((u) => u.Attributes), [
      [{ Name: 'given_name', Value: 'Alice' }, { Name: 'email', Value: 'alice@example.com' }],
      [{ Name: 'given_name', Value: 'Alicia' }, { Name: 'email', Value: 'alicia@example.org' }],
      [{ Name: 'given_name', Value: 'Bob' }, { Name: 'email', Value: 'bob@example.com' }],
      [{ Name: 'given_name', Value: 'Carol' }, { Name: 'email', Value: 'carol@example.com' }],
      [{ Name: 'email', Value: 'dave@example.net' }, { Name: 'custom:tenant', Value: 'acme' }],
    ]);
    assert.equal(some.Users[0].UserStatus, 'RESET_REQUIRED', 'the other members stay');
    const none = await list({ UserPoolId: poolId, AttributesToGet: [] });
    assert.deepEqual(none.Users.map((u) => u.Attributes), [[], [], [], [], []]);
    const withFilter = await list({ UserPoolId: poolId, AttributesToGet: ['sub'], Filter: 'email = "bob@example.com"' });
    assert.deepEqual(withFilter.Users.map((u) => u.Attributes!.map((a) => a.Name)), [['sub']]);
    for (const AttributesToGet of [['nickname_x'], ['email', 'custom:nope'], ['cognito:username']]) {
      await assert.rejects(list({ UserPoolId: poolId, AttributesToGet }),
        { name: 'InvalidParameterException', message: 'One or more requested attributes do not exist.' });
    }
  });

  test('Limit and PaginationToken: pages in order, a token only when more remain', async () => {
    const seen: string[] = [];
    const tokens: (string | undefined)[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await list({ UserPoolId: poolId, Limit: 2, PaginationToken });
      assert.ok(page.Users.length <= 2);
      seen.push(...usernames(page.Users));
      PaginationToken = page.PaginationToken;
      tokens.push(PaginationToken);
    } while (PaginationToken);
    assert.deepEqual(seen, ['alice', 'alicia', 'bob', 'carol', 'dave']);
    assert.equal(tokens.length, 3);
    const exact = await list({ UserPoolId: poolId, Limit: 5 });
    assert.equal(exact.Users.length, 5);
    assert.equal(exact.PaginationToken, undefined, 'no token when the page ends the list');
    assert.equal((await list({ UserPoolId: poolId, Limit: 0 })).Users.length, 5, 'Limit 0 is the default');

    const filtered = await list({ UserPoolId: poolId, Limit: 1, Filter: 'email ^= "ali"' });
    assert.deepEqual(usernames(filtered.Users), ['alice']);
    const next = await list({ UserPoolId: poolId, Limit: 1, Filter: 'email ^= "ali"', PaginationToken: filtered.PaginationToken });
    assert.deepEqual(usernames(next.Users), ['alicia']);
    assert.equal(next.PaginationToken, undefined);
  });

  test('60 users a page at most, and 60 when Limit is absent', async () => {
    const big = await newPool();
    await seed(big, Array.from({ length: 61 }, (_, i) => ({ username: `u${String(i).padStart(3, '0')}` })));
    const first = await list({ UserPoolId: big });
    assert.equal(first.Users.length, 60);
    const rest = await list({ UserPoolId: big, PaginationToken: first.PaginationToken });
    assert.deepEqual(usernames(rest.Users), ['u060']);
    assert.equal(rest.PaginationToken, undefined);
    await assert.rejects(list({ UserPoolId: big, Limit: 61 }), {
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
    // A token belongs to the pool it was given for.
    await assert.rejects(list({ UserPoolId: poolId, PaginationToken: first.PaginationToken }), { name: 'InvalidParameterException' });
    await assert.rejects(list({ UserPoolId: poolId, PaginationToken: 'not-a-token' }), { name: 'InvalidParameterException' });
  });

  test('an unknown pool, and another account\'s pool, do not exist', async () => {
    await assert.rejects(list({ UserPoolId: 'us-west-2_nopenope1' }),
      { name: 'ResourceNotFoundException', message: 'User pool us-west-2_nopenope1 does not exist.' });
    await assert.rejects(list({ UserPoolId: poolId }, other),
      { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
  });
});

describe('AdminGetUser', () => {
  test('the user, with its attributes, dates, Enabled and status', async () => {
    const poolId = await newPool();
    const at = clock.now();
    await seed(poolId, [{ username: 'erin', attrs: { email: 'erin@example.com', email_verified: 'true', name: 'Erin' } }]);
    const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }));
    const sub = u.UserAttributes![0].Value!;
    assert.deepEqual({ ...u, $metadata: undefined }, {
      $metadata: undefined, Username: 'erin',
      UserAttributes: [{ Name: 'sub', Value: sub }, { Name: 'email', Value: 'erin@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: 'Erin' }],
      UserCreateDate: new Date(at), UserLastModifiedDate: new Date(at), Enabled: true, UserStatus: 'RESET_REQUIRED',
    });
    const listed = (await list({ UserPoolId: poolId })).Users[0];
    assert.deepEqual(listed.Attributes, u.UserAttributes, 'ListUsers and AdminGetUser agree');
  });

  test('usernames compare as the pool\'s UsernameConfiguration says', async () => {
    const sensitive = await newPool();
    const insensitive = await newPool({ UsernameConfiguration: { CaseSensitive: false } });
    await seed(sensitive, [{ username: 'Frank' }]);
    await seed(insensitive, [{ username: 'Grace' }], { caseSensitive: false });
    assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: sensitive, Username: 'Frank' }))).Username, 'Frank');
    await assert.rejects(sdk.send(new AdminGetUserCommand({ UserPoolId: sensitive, Username: 'frank' })),
      { name: 'UserNotFoundException', message: 'User does not exist.' });
    for (const name of ['Grace', 'grace', 'GRACE']) {
      assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: insensitive, Username: name }))).Username, 'Grace', 'keeps the case it was imported with');
    }
    assert.deepEqual(usernames((await list({ UserPoolId: insensitive, Filter: 'username = "GRACE"' })).Users), ['Grace']);
    assert.deepEqual(usernames((await list({ UserPoolId: sensitive, Filter: 'username = "frank"' })).Users), []);
  });

  test('an unknown user, an unknown pool, another account', async () => {
    const poolId = await newPool();
    await seed(poolId, [{ username: 'hank' }]);
    await assert.rejects(sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' })),
      { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(sdk.send(new AdminGetUserCommand({ UserPoolId: 'us-west-2_nopenope2', Username: 'hank' })),
      { name: 'ResourceNotFoundException', message: 'User pool us-west-2_nopenope2 does not exist.' });
    await assert.rejects(other.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'hank' })),
      { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
  });
});

describe('AdminDeleteUser', () => {
  test('deletes the user, frees its username and aliases; a second delete is UserNotFoundException', async () => {
    const poolId = await newPool({ AliasAttributes: ['email'] });
    await seed(poolId, [
      { username: 'ivan', attrs: { email: 'ivan@example.com', email_verified: 'true' }, aliases: ['email'] },
      { username: 'judy', attrs: { email: 'judy@example.com', email_verified: 'true' }, aliases: ['email'] },
    ]);
    const r = await sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'ivan' }));
    assert.equal(r.$metadata.httpStatusCode, 200);
    await assert.rejects(sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivan' })),
      { name: 'UserNotFoundException', message: 'User does not exist.' });
    assert.deepEqual(usernames((await list({ UserPoolId: poolId })).Users), ['judy']);
    await assert.rejects(sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'ivan' })),
      { name: 'UserNotFoundException', message: 'User does not exist.' });
    // The name and the email can be imported again; judy's email is still taken.
    assert.deepEqual(await seed(poolId, [
      { username: 'ivan', attrs: { email: 'ivan@example.com' }, aliases: ['email'] },
      { username: 'ivy', attrs: { email: 'judy@example.com' }, aliases: ['email'] },
    ]), ['created', { aliasTaken: 'email' }]);
  });

  test('case-insensitive pools delete by any case; unknown pool; another account deletes nothing', async () => {
    const poolId = await newPool({ UsernameConfiguration: { CaseSensitive: false } });
    await seed(poolId, [{ username: 'Kim' }, { username: 'Lee' }], { caseSensitive: false });
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'KIM' }));
    assert.deepEqual(usernames((await list({ UserPoolId: poolId })).Users), ['Lee']);
    await assert.rejects(other.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'Lee' })),
      { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
    await assert.rejects(sdk.send(new AdminDeleteUserCommand({ UserPoolId: 'us-west-2_nopenope3', Username: 'Lee' })),
      { name: 'ResourceNotFoundException', message: 'User pool us-west-2_nopenope3 does not exist.' });
    assert.deepEqual(usernames((await list({ UserPoolId: poolId })).Users), ['Lee']);
  });
});

describe('AdminSetUserPassword', () => {
  const prefix = 'Password does not conform to policy: ';

  test('the default policy: each rule refused with Cognito\'s message, the first broken rule only', async () => {
    const poolId = await newPool();
    await seed(poolId, [{ username: 'mia' }]);
    const before = await storedUser(poolId, 'mia');
    const refusals: [string, string][] = [
      ['Ab1!xyz', 'Password not long enough'],
      ['ab1', 'Password not long enough'],
      ['12341234', 'Password must have lowercase characters'],
      ['ABCDEFG1!', 'Password must have lowercase characters'],
      ['abcdefg1!', 'Password must have uppercase characters'],
      ['TestTest', 'Password must have numeric characters'],
      ['Abcdefgh!', 'Password must have numeric characters'],
      ['Abcdefgh1', 'Password must have symbol characters'],
      ['Abcdefgh1é', 'Password must have symbol characters'],
    ];
    for (const [Password, reason] of refusals) {
      await assert.rejects(sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'mia', Password, Permanent: true })),
        { name: 'InvalidPasswordException', message: prefix + reason }, Password);
    }
    assert.deepEqual(await storedUser(poolId, 'mia'), before, 'a refused password changes nothing');
    // (Every symbol of the documented set is covered in test/unit/usersApi.test.ts.)
    for (const Password of ['Abcdefg1"', 'Abcdefg1\\', 'Abcdefg1`']) {
      await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'mia', Password, Permanent: true }));
    }
    assert.equal((await storedUser(poolId, 'mia'))?.status, 'CONFIRMED');
  });

  test('a pool\'s own policy', async () => {
    const poolId = await newPool({ Policies: { PasswordPolicy: { MinimumLength: 12, RequireUppercase: false, RequireLowercase: true, RequireNumbers: false, RequireSymbols: false } } });
    await seed(poolId, [{ username: 'ned' }]);
    const set = (Password: string): Promise<unknown> => sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ned', Password, Permanent: true }));
    await assert.rejects(set('short'), { name: 'InvalidPasswordException', message: `${prefix}Password not long enough` });
    await assert.rejects(set('ÄÖÜÄÖÜÄÖÜÄÖÜ'), { name: 'InvalidPasswordException', message: `${prefix}Password must have lowercase characters` });
    await set('correcthorsebattery');
    assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ned' }))).UserStatus, 'CONFIRMED');
  });

  test('Permanent true -> CONFIRMED, false or absent -> FORCE_CHANGE_PASSWORD; only a salted scrypt hash is kept', async () => {
    const poolId = await newPool();
    await seed(poolId, [{ username: 'olga', attrs: { email: 'olga@example.com', email_verified: 'true' } }]);
    const created = clock.now();
    const password = 'Corr3ct-Horse!';

    clock.advance(1_000);
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'olga', Password: password, Permanent: true }));
    const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'olga' }));
    assert.deepEqual([u.UserStatus, u.UserCreateDate, u.UserLastModifiedDate, u.Enabled], ['CONFIRMED', new Date(created), new Date(clock.now()), true]);
    const stored = await storedUser(poolId, 'olga');
    const hash = stored!.passwordHash!;
    assert.match(hash, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.ok(!hash.includes(password));
    assert.ok(!hash.includes(Buffer.from(password).toString('base64').replace(/=+$/, '')));
    assert.equal(await verifyPassword(password, hash), true);
    assert.equal(await verifyPassword('Corr3ct-Horse?', hash), false);

    clock.advance(1_000);
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'olga', Password: password, Permanent: false }));
    assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'olga' }))).UserStatus, 'FORCE_CHANGE_PASSWORD');
    const second = (await storedUser(poolId, 'olga'))!.passwordHash!;
    assert.notEqual(second, hash, 'a fresh salt each time');
    assert.equal(await verifyPassword(password, second), true);

    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'olga', Password: password, Permanent: true }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'olga', Password: password }));
    const listed = (await list({ UserPoolId: poolId, Filter: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"' })).Users;
    assert.deepEqual(usernames(listed), ['olga'], 'Permanent absent is a temporary password');

    // The raw database file holds no trace of the password.
    for (const f of [dbFile(), `${dbFile()}-wal`].filter((p) => existsSync(p))) {
      assert.ok(!readFileSync(f).includes(Buffer.from(password)), f);
    }
  });

  test('unknown user, unknown pool, another account, case-insensitive lookup', async () => {
    const poolId = await newPool({ UsernameConfiguration: { CaseSensitive: false } });
    await seed(poolId, [{ username: 'Paul' }], { caseSensitive: false });
    const input = { UserPoolId: poolId, Password: 'Val1d-Password', Permanent: true };
    await assert.rejects(sdk.send(new AdminSetUserPasswordCommand({ ...input, Username: 'nobody' })),
      { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(sdk.send(new AdminSetUserPasswordCommand({ ...input, UserPoolId: 'us-west-2_nopenope4', Username: 'Paul' })),
      { name: 'ResourceNotFoundException', message: 'User pool us-west-2_nopenope4 does not exist.' });
    await assert.rejects(other.send(new AdminSetUserPasswordCommand({ ...input, Username: 'Paul' })),
      { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
    assert.equal((await storedUser(poolId, 'paul'))?.passwordHash, undefined, 'another account set nothing');
    await sdk.send(new AdminSetUserPasswordCommand({ ...input, Username: 'PAUL' }));
    assert.equal((await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'paul' }))).UserStatus, 'CONFIRMED');
  });
});

test('another account\'s key sees none of these users, even in a pool of the same name', async () => {
  const mine = await newPool({ PoolName: 'shared-name' });
  const theirs = await newPool({ PoolName: 'shared-name' }, other);
  await seed(mine, [{ username: 'quinn', attrs: { email: 'quinn@example.com' } }]);
  assert.deepEqual((await list({ UserPoolId: theirs }, other)).Users, []);
  assert.deepEqual((await list({ UserPoolId: theirs, Filter: 'email = "quinn@example.com"' }, other)).Users, []);
  await assert.rejects(list({ UserPoolId: mine }, other), { name: 'ResourceNotFoundException' });
  assert.deepEqual(usernames((await list({ UserPoolId: mine })).Users), ['quinn']);
});

test('aws CLI: list-users and admin-get-user print the users', async () => {
  const env = server.awsEnv();
  try {
    const poolId = await newPool({ PoolName: 'cli-users' });
    const at = clock.now();
    await seed(poolId, [
      { username: 'rosa', attrs: { email: 'rosa@example.com', email_verified: 'true', given_name: 'Rosa' } },
      { username: 'sam', attrs: { email: 'sam@example.com', email_verified: 'true' } },
    ]);
    const idp = (...args: string[]) => aws(server, ['cognito-idp', ...args], env);

    const all = await idp('list-users', '--user-pool-id', poolId);
    assert.equal(all.code, 0, all.stderr);
    const users = (JSON.parse(all.stdout) as { Users: Record<string, unknown>[] }).Users;
    assert.deepEqual(users.map((u) => u.Username), ['rosa', 'sam']);
    const rosa = users[0] as { Attributes: { Name: string; Value: string }[]; UserCreateDate: unknown; Enabled: boolean; UserStatus: string };
    assert.deepEqual(rosa.Attributes.map((a) => a.Name), ['sub', 'email', 'email_verified', 'given_name']);
    assert.deepEqual([rosa.Enabled, rosa.UserStatus], [true, 'RESET_REQUIRED']);
    assert.equal(new Date(typeof rosa.UserCreateDate === 'number' ? rosa.UserCreateDate * 1000 : String(rosa.UserCreateDate)).getTime(), at);

    const filtered = await idp('list-users', '--user-pool-id', poolId, '--filter', 'email ^= "sam"', '--attributes-to-get', 'email');
    assert.equal(filtered.code, 0, filtered.stderr);
    assert.deepEqual((JSON.parse(filtered.stdout) as { Users: { Username: string; Attributes: unknown }[] }).Users.map((u) => [u.Username, u.Attributes]),
      [['sam', [{ Name: 'email', Value: 'sam@example.com' }]]]);

    // The CLI follows PaginationToken itself: a page size of 1 still prints both users.
    const paged = await idp('list-users', '--user-pool-id', poolId, '--page-size', '1');
    assert.equal(paged.code, 0, paged.stderr);
    assert.deepEqual((JSON.parse(paged.stdout) as { Users: { Username: string }[] }).Users.map((u) => u.Username), ['rosa', 'sam']);

    const got = await idp('admin-get-user', '--user-pool-id', poolId, '--username', 'rosa');
    assert.equal(got.code, 0, got.stderr);
    const g = JSON.parse(got.stdout) as { Username: string; UserAttributes: { Name: string; Value: string }[]; UserStatus: string; Enabled: boolean };
    assert.equal(g.Username, 'rosa');
    assert.deepEqual(g.UserAttributes.slice(1), [{ Name: 'email', Value: 'rosa@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'given_name', Value: 'Rosa' }]);
    assert.deepEqual([g.UserStatus, g.Enabled], ['RESET_REQUIRED', true]);
    assert.deepEqual(Object.keys(g), ['Username', 'UserAttributes', 'UserCreateDate', 'UserLastModifiedDate', 'Enabled', 'UserStatus'], 'model order');

    const missing = await idp('admin-get-user', '--user-pool-id', poolId, '--username', 'nobody');
    assert.equal(missing.code, 255);
    assert.equal(missing.stderr.trim(), 'An error occurred (UserNotFoundException) when calling the AdminGetUser operation: User does not exist.');

    const bad = await idp('list-users', '--user-pool-id', poolId, '--filter', 'email = sam');
    assert.equal(bad.code, 255);
    assert.equal(bad.stderr.trim(), 'An error occurred (InvalidParameterException) when calling the ListUsers operation: Error while parsing filter.');
  } finally {
    if (env.HOME) cleanup(env.HOME);
  }
});

test('a password that breaks the model\'s pattern is refused without being echoed back', async () => {
  const poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'secret-echo', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
  await seed(poolId, [{ username: 'quinn' }]);
  const secret = 'My secret 1!';
  await assert.rejects(sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'quinn', Password: secret, Permanent: true })),
    (e: Error) => {
      assert.equal(e.name, 'InvalidParameterException');
      assert.equal(e.message, "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+");
      assert.ok(!e.message.includes(secret));
      return true;
    });
});

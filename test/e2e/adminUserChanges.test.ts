// AdminUpdateUserAttributes, AdminDisableUser, AdminEnableUser and AdminResetUserPassword through
// the AWS SDK v3 client, and all five admin user operations through the aws CLI, against a real
// server (docs/spec.md section 9, "Admin user operations"): each change read back with
// AdminGetUser and ListUsers (its filters too), every refusal with its type and message.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand, AdminDisableUserCommand, AdminEnableUserCommand, AdminGetUserCommand, AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand, AdminUpdateUserAttributesCommand, ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { aws, cleanup, KEY_A } from '../helpers/server';
import { adminUsersSuite, attrs } from '../helpers/adminUsers';
import { codeMatches } from '../../src/domain/codes';

const suite = adminUsersSuite('changes');
const { clock, outbox, newPool } = suite;
const newUser = (UserPoolId: string, Username: string, a: Record<string, string> = {}) =>
  suite.sdk.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS', UserAttributes: attrs(a) }));
const getUser = (UserPoolId: string, Username: string) => suite.sdk.send(new AdminGetUserCommand({ UserPoolId, Username }));
const update = (UserPoolId: string, Username: string, a: Record<string, string>, client = suite.sdk) =>
  client.send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username, UserAttributes: attrs(a) }));
const listed = async (UserPoolId: string, Filter: string): Promise<string[]> =>
  (await suite.sdk.send(new ListUsersCommand({ UserPoolId, Filter }))).Users!.map((u) => u.Username!);

describe('AdminUpdateUserAttributes', () => {
  test('changes in place, appends, removes with an empty value; a new email is unverified; ListUsers follows', async () => {
    const poolId = await newPool({ Schema: [{ Name: 'team', AttributeDataType: 'String' }] });
    await newUser(poolId, 'ana', { email: 'ana@example.com', email_verified: 'true', given_name: 'Ana', family_name: 'Old' });
    const sub = (await getUser(poolId, 'ana')).UserAttributes![0].Value!;
    clock.advance(1_000);
    await update(poolId, 'ana', { given_name: 'Anna', email: 'anna@example.com', family_name: '', 'custom:team': 'blue' });
    const got = await getUser(poolId, 'ana');
    assert.deepEqual(got.UserAttributes, attrs({ sub, email: 'anna@example.com', email_verified: 'false', given_name: 'Anna', 'custom:team': 'blue' }));
    assert.equal(got.UserLastModifiedDate!.getTime(), clock.now());
    assert.deepEqual(await listed(poolId, 'email = "anna@example.com"'), ['ana']);
    assert.deepEqual(await listed(poolId, 'email = "ana@example.com"'), []);
    assert.deepEqual(await listed(poolId, 'family_name ^= "O"'), []);
    assert.deepEqual(await listed(poolId, 'given_name = "Anna"'), ['ana']);

    await update(poolId, 'ana', { email_verified: 'TRUE' });
    assert.deepEqual((await getUser(poolId, 'ana')).UserAttributes!.slice(1, 3), attrs({ email: 'anna@example.com', email_verified: 'true' }));
    await update(poolId, 'ana', { email: '' });
    assert.deepEqual((await getUser(poolId, 'ana')).UserAttributes!.map((a) => a.Name), ['sub', 'given_name', 'custom:team'], 'email_verified goes with email');
  });

  test('aliases stay unique: a verified email another user holds is refused; freed ones can be taken', async () => {
    const poolId = await newPool({ AliasAttributes: ['email', 'preferred_username'] });
    await newUser(poolId, 'bob', { email: 'bob@example.com', email_verified: 'true' });
    await newUser(poolId, 'cy', { email: 'cy@example.com', email_verified: 'true' });
    await assert.rejects(update(poolId, 'cy', { email: 'BOB@example.com', email_verified: 'true' }),
      { name: 'AliasExistsException', message: 'An account with the given email already exists.' });
    await update(poolId, 'cy', { email: 'bob@example.com' });
    assert.deepEqual((await getUser(poolId, 'cy')).UserAttributes!.slice(1), attrs({ email: 'bob@example.com', email_verified: 'false' }), 'unverified: no alias, no conflict');
    await update(poolId, 'bob', { email: 'robert@example.com', email_verified: 'true', preferred_username: 'rob' });
    await update(poolId, 'cy', { email_verified: 'true' });
    await assert.rejects(update(poolId, 'cy', { preferred_username: 'rob' }),
      { name: 'AliasExistsException', message: 'An account with the given preferred_username already exists.' });
  });

  test('refusals', async () => {
    const poolId = await newPool({ Schema: [{ Name: 'fixed', AttributeDataType: 'String', Mutable: false }] });
    await newUser(poolId, 'dee', { 'custom:fixed': 'set', email: 'dee@example.com' });
    const refused: [Record<string, string>, string, string][] = [
      [{ nickname_x: 'x', 'custom:nope': 'y' }, 'InvalidParameterException',
        'user.nickname_x: Attribute does not exist in the schema.\nuser.custom:nope: Attribute does not exist in the schema.\n'],
      [{ sub: 'x' }, 'InvalidParameterException', 'Cannot modify the non-mutable attribute sub'],
      [{ 'custom:fixed': 'other' }, 'InvalidParameterException', 'Cannot modify the non-mutable attribute custom:fixed'],
      [{ email: 'nope' }, 'InvalidParameterException', 'Invalid email address format.'],
      [{ birthdate: '1990-01-01' }, 'InvalidParameterException', 'user.birthdate: The birthdate value must be a real date written mm/dd/yyyy.\n'],
      [{ phone_number_verified: 'true' }, 'InvalidParameterException', 'Phone Number is required to verify/un-verify a phone number'],
    ];
    for (const [a, name, message] of refused) await assert.rejects(update(poolId, 'dee', a), { name, message }, message);
    assert.deepEqual((await getUser(poolId, 'dee')).UserAttributes!.slice(1), attrs({ 'custom:fixed': 'set', email: 'dee@example.com' }), 'nothing changed');
    await assert.rejects(update(poolId, 'nobody', { name: 'x' }), { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(update(poolId, 'dee', { name: 'x' }, suite.other), { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
  });
});

describe('AdminDisableUser and AdminEnableUser', () => {
  test('Enabled and ListUsers\' status filter follow; refusals', async () => {
    const poolId = await newPool({ UsernameConfiguration: { CaseSensitive: false } });
    await newUser(poolId, 'eve');
    await newUser(poolId, 'fay');
    clock.advance(1_000);
    await suite.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'EVE' }));
    const eve = await getUser(poolId, 'eve');
    assert.deepEqual([eve.Enabled, eve.UserLastModifiedDate!.getTime()], [false, clock.now()]);
    assert.deepEqual(await listed(poolId, 'status = "Disabled"'), ['eve']);
    assert.deepEqual(await listed(poolId, 'status = "Enabled"'), ['fay']);
    await suite.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'eve' }));
    await suite.sdk.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'eve' }));
    assert.equal((await getUser(poolId, 'eve')).Enabled, true);
    assert.deepEqual(await listed(poolId, 'status = "Disabled"'), []);
    for (const Command of [AdminDisableUserCommand, AdminEnableUserCommand]) {
      await assert.rejects(suite.sdk.send(new Command({ UserPoolId: poolId, Username: 'nobody' })), { name: 'UserNotFoundException', message: 'User does not exist.' });
      await assert.rejects(suite.other.send(new Command({ UserPoolId: poolId, Username: 'eve' })),
        { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
    }
    assert.equal((await getUser(poolId, 'eve')).Enabled, true, 'another account changed nothing');
  });
});

describe('AdminResetUserPassword', () => {
  const confirmed = async (poolId: string, username: string, a: Record<string, string>): Promise<void> => {
    await newUser(poolId, username, a);
    await suite.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: 'Perm-Pass1', Permanent: true }));
  };
  const storedCode = async (poolId: string, usernameKey: string) => {
    const store = await suite.server.openStore();
    try {
      return await store.credentials.findCode({ accountId: KEY_A.accountId, poolId, usernameKey }, 'forgot_password');
    } finally {
      await store.close();
    }
  };

  test('RESET_REQUIRED, a code to the verified contact, kept as ConfirmForgotPassword checks it', async () => {
    const poolId = await newPool();
    await confirmed(poolId, 'gil', { email: 'gil@example.com', email_verified: 'true', phone_number: '+12065550100', phone_number_verified: 'true' });
    outbox.take();
    const at = clock.now();
    await suite.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'gil' }));
    assert.equal((await getUser(poolId, 'gil')).UserStatus, 'RESET_REQUIRED');
    assert.deepEqual(await listed(poolId, 'cognito:user_status = "RESET_REQUIRED"'), ['gil']);
    const [m] = outbox.take();
    assert.match(m.code!, /^\d{6}$/);
    assert.deepEqual({ ...m, code: undefined }, {
      accountId: KEY_A.accountId, poolId, username: 'gil', kind: 'reset_password', medium: 'SMS', destination: '+12065550100',
      body: `Your verification code is ${m.code}.`, code: undefined, sentMs: at,
    }, 'without AccountRecoverySetting the phone comes first');
    const code = await storedCode(poolId, 'gil');
    assert.ok(code && codeMatches(m.code!, code.codeHash) && code.expiresMs === at + 3600_000 && code.attempts === 0);
    assert.ok(!code!.codeHash.includes(m.code!), 'only a hash is stored');

    // An imported user is already RESET_REQUIRED: it gets a new code.
    await suite.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'gil' }));
    assert.equal(outbox.take().length, 1);

    const byEmail = await newPool({
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }, { Name: 'verified_phone_number', Priority: 2 }] },
      VerificationMessageTemplate: { EmailSubject: 'Reset for {username}', EmailMessage: 'Code: {####}' },
    });
    await confirmed(byEmail, 'hal', { email: 'hal@example.com', email_verified: 'true', phone_number: '+12065550101', phone_number_verified: 'true' });
    outbox.take();
    await suite.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: byEmail, Username: 'hal' }));
    const [e] = outbox.take();
    assert.deepEqual([e.medium, e.destination, e.subject, e.body], ['EMAIL', 'hal@example.com', 'Reset for hal', `Code: ${e.code}`]);
  });

  test('refusals', async () => {
    const poolId = await newPool();
    await confirmed(poolId, 'ida', { email: 'ida@example.com' });
    await newUser(poolId, 'jo', { email: 'jo@example.com', email_verified: 'true' });
    await confirmed(poolId, 'kim', { email: 'kim@example.com', email_verified: 'true' });
    await suite.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'kim' }));
    const refused: [string, string, string][] = [
      ['ida', 'InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number'],
      ['jo', 'NotAuthorizedException', 'User password cannot be reset in the current state.'],
      ['kim', 'NotAuthorizedException', 'User is disabled.'],
      ['nobody', 'UserNotFoundException', 'User does not exist.'],
    ];
    for (const [Username, name, message] of refused) {
      await assert.rejects(suite.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username })), { name, message }, message);
    }
    assert.deepEqual([(await getUser(poolId, 'ida')).UserStatus, (await getUser(poolId, 'jo')).UserStatus], ['CONFIRMED', 'FORCE_CHANGE_PASSWORD']);
    const adminOnly = await newPool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] } });
    await confirmed(adminOnly, 'lu', { email: 'lu@example.com', email_verified: 'true' });
    await assert.rejects(suite.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: adminOnly, Username: 'lu' })),
      { name: 'NotAuthorizedException', message: 'The user pool\'s AccountRecoverySetting is admin_only, so no reset code can be sent; use AdminSetUserPassword.' });
    await assert.rejects(suite.other.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'ida' })),
      { name: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
  });
});

test('aws CLI: the five admin user operations, and an error as the CLI prints it', async () => {
  const env = suite.server.awsEnv();
  try {
    const poolId = await newPool();
    const idp = (...args: string[]) => aws(suite.server, ['cognito-idp', ...args, '--user-pool-id', poolId], env);
    const made = await idp('admin-create-user', '--username', 'max', '--temporary-password', 'Temp-Pass1',
      '--user-attributes', 'Name=email,Value=max@example.com', 'Name=email_verified,Value=true', '--desired-delivery-mediums', 'EMAIL');
    assert.equal(made.code, 0, made.stderr);
    const user = (JSON.parse(made.stdout) as { User: Record<string, unknown> }).User;
    assert.deepEqual(Object.keys(user), ['Username', 'Attributes', 'UserCreateDate', 'UserLastModifiedDate', 'Enabled', 'UserStatus'], 'model order');
    assert.deepEqual([user.Username, user.Enabled, user.UserStatus], ['max', true, 'FORCE_CHANGE_PASSWORD']);
    for (const args of [
      ['admin-update-user-attributes', '--username', 'max', '--user-attributes', 'Name=given_name,Value=Max'],
      ['admin-disable-user', '--username', 'max'], ['admin-enable-user', '--username', 'max'],
    ]) {
      const r = await idp(...args);
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', ''], args[0]);
    }
    const got = JSON.parse((await idp('admin-get-user', '--username', 'max')).stdout) as { UserAttributes: { Name: string }[]; Enabled: boolean };
    assert.deepEqual([got.UserAttributes.map((a) => a.Name), got.Enabled], [['sub', 'email', 'email_verified', 'given_name'], true]);

    const again = await idp('admin-create-user', '--username', 'max', '--message-action', 'SUPPRESS');
    assert.equal(again.code, 255);
    assert.equal(again.stderr.trim(), 'An error occurred (UsernameExistsException) when calling the AdminCreateUser operation: User account already exists');
    const reset = await idp('admin-reset-user-password', '--username', 'max');
    assert.equal(reset.code, 255);
    assert.equal(reset.stderr.trim(), 'An error occurred (NotAuthorizedException) when calling the AdminResetUserPassword operation: User password cannot be reset in the current state.');
  } finally {
    if (env.HOME) cleanup(env.HOME);
  }
});

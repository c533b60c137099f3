// AdminCreateUser through the AWS SDK v3 client against a real server (docs/spec.md section 9,
// "Admin user operations"): the user as Cognito answers it, its temporary password (given or made
// to the policy) and that password's expiry, the invitation through the outbox, RESEND, and every
// refusal with its exact type and message. The aws CLI's run is in adminUserChanges.test.ts.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, ListUsersCommand, type AdminCreateUserCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { KEY_A } from '../helpers/server';
import { adminUsersSuite, attrs } from '../helpers/adminUsers';
import { signRaw } from '../helpers/rawSigned';
import { checkPasswordPolicy, verifyPassword } from '../../src/domain/passwords';
import { temporaryPasswordExpired, temporaryPasswordTag } from '../../src/domain/temporaryPasswords';
import type { StoredUser } from '../../src/domain/user';

const DAY = 24 * 3600 * 1000;
const suite = adminUsersSuite('admin');
const { clock, outbox, newPool } = suite;
const create = (input: Omit<AdminCreateUserCommandInput, 'UserPoolId'> & { UserPoolId: string }, client = suite.sdk) =>
  client.send(new AdminCreateUserCommand(input));

async function stored(poolId: string, key: string): Promise<{ user?: StoredUser; temp?: { codeHash: string; expiresMs: number } }> {
  const store = await suite.server.openStore();
  try {
    const user = await store.users.findUser(KEY_A.accountId, poolId, key);
    const temp = await store.credentials.findCode({ accountId: KEY_A.accountId, poolId, usernameKey: key }, 'temporary_password');
    return { user, temp };
  } finally {
    await store.close();
  }
}

describe('AdminCreateUser', () => {
  test('the user as Cognito answers it, its password and its expiry, the invitation in the outbox', async () => {
    const poolId = await newPool();
    outbox.take();
    const at = clock.now();
    const r = await create({
      UserPoolId: poolId, Username: 'ana', TemporaryPassword: 'Temp-Pass1', DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: attrs({ email: 'ana@example.com', email_verified: 'True', given_name: 'Ana' }),
    });
    const sub = r.User!.Attributes![0].Value!;
    assert.match(sub, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(r.User, {
      Username: 'ana', Attributes: attrs({ sub, email: 'ana@example.com', email_verified: 'true', given_name: 'Ana' }),
      UserCreateDate: new Date(at), UserLastModifiedDate: new Date(at), Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD',
    });
    const got = await suite.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ana' }));
    assert.deepEqual([got.UserAttributes, got.UserStatus, got.Enabled, got.UserCreateDate], [r.User!.Attributes, 'FORCE_CHANGE_PASSWORD', true, new Date(at)]);
    const listed = await suite.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "ana@example.com"' }));
    assert.deepEqual(listed.Users, [r.User]);

    assert.deepEqual(outbox.take(), [{
      accountId: KEY_A.accountId, poolId, username: 'ana', kind: 'invitation', medium: 'EMAIL', destination: 'ana@example.com',
      subject: 'Your temporary password', body: 'Your username is ana and temporary password is Temp-Pass1.', code: 'Temp-Pass1', sentMs: at,
    }]);
    const { user, temp } = await stored(poolId, 'ana');
    assert.ok(await verifyPassword('Temp-Pass1', user!.passwordHash!), 'kept as a hash of the temporary password');
    assert.deepEqual(temp, { codeHash: temporaryPasswordTag(user!.passwordHash!), expiresMs: at + 7 * DAY, attempts: 0 });
    assert.equal(temporaryPasswordExpired(user!, temp, at + 7 * DAY - 1), false);
    assert.equal(temporaryPasswordExpired(user!, temp, at + 7 * DAY), true, 'sign-in reads the expiry here');
  });

  test('no TemporaryPassword: one made to the policy, valid TemporaryPasswordValidityDays; SMS by default; templates', async () => {
    const poolId = await newPool({
      Policies: { PasswordPolicy: { MinimumLength: 16, RequireSymbols: true, RequireNumbers: true, TemporaryPasswordValidityDays: 2 } },
      AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: 'Welcome {username}', EmailMessage: 'Hi {username}, use {####} ($&).', SMSMessage: '{username}: {####}' } },
    });
    outbox.take();
    const at = clock.now();
    await create({ UserPoolId: poolId, Username: 'bo$b', UserAttributes: attrs({ phone_number: '+12065550100', email: 'bob@example.com' }) });
    const [sms] = outbox.take();
    assert.deepEqual([sms.medium, sms.destination, sms.subject, sms.body], ['SMS', '+12065550100', undefined, `bo$b: ${sms.code}`]);
    assert.equal(sms.code!.length, 16);
    checkPasswordPolicy(sms.code!, { MinimumLength: 16, RequireSymbols: true, RequireNumbers: true, RequireLowercase: true, RequireUppercase: true });
    const { user, temp } = await stored(poolId, 'bo$b');
    assert.ok(await verifyPassword(sms.code!, user!.passwordHash!));
    assert.equal(temp!.expiresMs, at + 2 * DAY);

    await create({ UserPoolId: poolId, Username: 'cy', DesiredDeliveryMediums: ['EMAIL', 'SMS'], UserAttributes: attrs({ phone_number: '+12065550101', email: 'cy@example.com' }) });
    const both = outbox.take();
    assert.deepEqual(both.map((m) => [m.medium, m.subject, m.body]), [
      ['EMAIL', 'Welcome cy', `Hi cy, use ${both[0].code} ($&).`], ['SMS', undefined, `cy: ${both[0].code}`],
    ]);
    await create({ UserPoolId: poolId, Username: 'dee', MessageAction: 'SUPPRESS' });
    assert.deepEqual(outbox.take(), [], 'SUPPRESS sends nothing, and needs no email or phone');
  });

  test('RESEND: a new temporary password, valid from now, and the invitation again', async () => {
    const poolId = await newPool();
    await create({ UserPoolId: poolId, Username: 'eve', TemporaryPassword: 'First-Pass1', UserAttributes: attrs({ email: 'eve@example.com' }), DesiredDeliveryMediums: ['EMAIL'] });
    const created = clock.now();
    const first = await stored(poolId, 'eve');
    clock.advance(3 * DAY);
    // Signed at the server's time: a client's clock offset is fixed when it is made.
    const later = suite.server.client({ clock });
    outbox.take();
    const r = await create({ UserPoolId: poolId, Username: 'eve', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }, later);
    assert.deepEqual([r.User!.UserCreateDate, r.User!.UserLastModifiedDate, r.User!.UserStatus], [new Date(created), new Date(clock.now()), 'FORCE_CHANGE_PASSWORD']);
    const [m] = outbox.take();
    assert.equal(m.body, `Your username is eve and temporary password is ${m.code}.`);
    const { user, temp } = await stored(poolId, 'eve');
    assert.ok(await verifyPassword(m.code!, user!.passwordHash!));
    assert.equal(await verifyPassword('First-Pass1', user!.passwordHash!), false);
    assert.deepEqual(temp, { codeHash: temporaryPasswordTag(user!.passwordHash!), expiresMs: clock.now() + 7 * DAY, attempts: 0 });
    assert.equal(temporaryPasswordExpired(first.user!, temp, clock.now() + 8 * DAY), false, 'the expiry belongs to the new password only');

    clock.advance(-3 * DAY);
    await assert.rejects(create({ UserPoolId: poolId, Username: 'nobody', MessageAction: 'RESEND' }),
      { name: 'UserNotFoundException', message: 'User does not exist.' });
    await suite.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'eve', Password: 'Perm-Pass1', Permanent: true }));
    await assert.rejects(create({ UserPoolId: poolId, Username: 'eve', MessageAction: 'RESEND' }),
      { name: 'UnsupportedUserStateException', message: 'Resend not possible. eve status is not FORCE_CHANGE_PASSWORD' });
  });

  test('refusals, each with Cognito\'s type and message, nothing created', async () => {
    const poolId = await newPool({
      AliasAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false },
      Schema: [{ Name: 'level', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '9' } }],
    });
    await create({ UserPoolId: poolId, Username: 'Held', MessageAction: 'SUPPRESS', UserAttributes: attrs({ email: 'Held@Example.com', email_verified: 'true' }) });
    const refused: [Partial<AdminCreateUserCommandInput>, string, string][] = [
      [{ Username: 'held' }, 'UsernameExistsException', 'User account already exists'],
      [{ UserAttributes: attrs({ email: 'held@example.com', email_verified: 'true' }) }, 'AliasExistsException', 'An account with the given email already exists.'],
      [{ TemporaryPassword: 'short' }, 'InvalidPasswordException', 'Password does not conform to policy: Password not long enough'],
      [{ TemporaryPassword: 'alllowercase1!' }, 'InvalidPasswordException', 'Password does not conform to policy: Password must have uppercase characters'],
      [{ UserAttributes: attrs({ foo: 'x', 'custom:bar': 'y', email: 'a@b.co' }) }, 'InvalidParameterException',
        'Attributes did not conform to the schema: foo: Attribute does not exist in the schema.\ncustom:bar: Attribute does not exist in the schema.\n'],
      [{ UserAttributes: attrs({ sub: '00000000-0000-4000-8000-000000000000' }) }, 'InvalidParameterException', 'Cannot modify the non-mutable attribute sub'],
      [{ UserAttributes: attrs({ email: 'not-an-email' }) }, 'InvalidParameterException', 'Invalid email address format.'],
      [{ UserAttributes: attrs({ phone_number: '2065550100' }) }, 'InvalidParameterException', 'Invalid phone number format.'],
      [{ UserAttributes: attrs({ 'custom:level': '10' }) }, 'InvalidParameterException',
        'Attributes did not conform to the schema: custom:level: The custom:level value is greater than 9, the maximum in the user pool\'s schema.\n'],
      [{ UserAttributes: attrs({ email_verified: 'yes' }) }, 'InvalidParameterException',
        'Attributes did not conform to the schema: email_verified: The email_verified value must be true or false.\n'],
      [{ UserAttributes: attrs({ email_verified: 'true' }) }, 'InvalidParameterException', 'Email is required to verify/un-verify an email'],
      [{ MessageAction: undefined, UserAttributes: attrs({ email: 'x@example.com' }) }, 'InvalidParameterException',
        'The invitation cannot be sent: DesiredDeliveryMediums defaults to SMS and the user has no phone_number attribute. Give one, or set MessageAction to SUPPRESS.'],
    ];
    for (const [input, name, message] of refused) {
      await assert.rejects(create({ UserPoolId: poolId, Username: 'new', MessageAction: 'SUPPRESS', ...input }), { name, message }, message);
    }
    await assert.rejects(suite.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'new' })), { name: 'UserNotFoundException' });

    const byEmail = await newPool({ UsernameAttributes: ['email'] });
    await assert.rejects(create({ UserPoolId: byEmail, Username: 'frank', MessageAction: 'SUPPRESS' }),
      { name: 'InvalidParameterException', message: 'Username should be an email.' });
    const f = await create({ UserPoolId: byEmail, Username: 'frank@example.com', MessageAction: 'SUPPRESS' });
    assert.deepEqual(f.User!.Attributes!.slice(1), attrs({ email: 'frank@example.com' }), 'the username fills the attribute');

    const theirs = await newPool({}, suite.other);
    for (const id of [theirs, 'us-west-2_nonexist0']) {
      await assert.rejects(create({ UserPoolId: id, Username: 'x', MessageAction: 'SUPPRESS' }),
        { name: 'ResourceNotFoundException', message: `User pool ${id} does not exist.` });
    }
  });

  test('on the wire: __type, message and x-amzn-ErrorType as Cognito sends them', async () => {
    const poolId = await newPool();
    const body = JSON.stringify({ UserPoolId: poolId, Username: 'gil', MessageAction: 'SUPPRESS' });
    await create({ UserPoolId: poolId, Username: 'gil', MessageAction: 'SUPPRESS' });
    const req = await signRaw(suite.server.url, 'AWSCognitoIdentityProviderService.AdminCreateUser', body, { key: KEY_A, region: 'us-west-2', service: 'cognito-idp' });
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UsernameExistsException:');
    assert.deepEqual(await res.json(), { __type: 'UsernameExistsException', message: 'User account already exists' });
  });
});

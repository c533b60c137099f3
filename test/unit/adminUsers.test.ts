// The admin user operations' pure parts (docs/spec.md section 9, "Admin user operations"): codes,
// temporary passwords and their expiry, attribute checks and merges, aliases, the reset code's
// delivery and the messages' texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODE_TTL_MS, codeMatches, hashCode, newCode } from '../../src/domain/codes';
import { passwordPolicyViolation } from '../../src/domain/passwords';
import { generateTemporaryPassword, temporaryPasswordExpired, temporaryPasswordExpiresMs, temporaryPasswordTag } from '../../src/domain/temporaryPasswords';
import { aliasesOf, checkAttributes, mergeAttributes } from '../../src/domain/userAttributes';
import { recoveryDelivery } from '../../src/domain/recovery';
import { codeMessage, invitationMessage } from '../../src/messages/userMessages';
import type { StoredUser } from '../../src/domain/user';
import type { PoolSettings, StoredPool } from '../../src/domain/userPool';

const pool = (settings: PoolSettings = {}): StoredPool => ({ accountId: '1', region: 'us-west-2', id: 'us-west-2_x', name: 'p', createdMs: 0, modifiedMs: 0, settings });

test('codes: 6 digits, uniform enough, kept as SHA-256 and compared to it', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const c = newCode();
    assert.match(c, /^\d{6}$/);
    seen.add(c[0]);
  }
  assert.equal(seen.size, 10, 'every leading digit, zero included');
  assert.equal(hashCode('123456'), '8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92');
  assert.equal(codeMatches('123456', hashCode('123456')), true);
  assert.equal(codeMatches('123457', hashCode('123456')), false);
  assert.equal(codeMatches('123456', 'not hex'), false);
  assert.equal(CODE_TTL_MS, 3_600_000);
});

test('generated temporary passwords meet every policy, at least 12 long', () => {
  const policies = [undefined, { MinimumLength: 6 }, { MinimumLength: 99, RequireSymbols: true, RequireNumbers: true, RequireUppercase: true, RequireLowercase: true }];
  for (const policy of policies) {
    for (let i = 0; i < 200; i++) {
      const p = generateTemporaryPassword(policy);
      assert.equal(p.length, Math.max(policy?.MinimumLength ?? 8, 12));
      assert.equal(passwordPolicyViolation(p, { ...policy, RequireSymbols: true, RequireNumbers: true, RequireUppercase: true, RequireLowercase: true }), undefined, p);
      assert.doesNotMatch(p, /[0O1lI\s$]/);
    }
  }
});

test('a temporary password\'s expiry applies to that password only, while it is temporary', () => {
  assert.equal(temporaryPasswordExpiresMs(undefined, 1_000), 1_000 + 7 * 86_400_000);
  assert.equal(temporaryPasswordExpiresMs({ TemporaryPasswordValidityDays: 1 }, 0), 86_400_000);
  const user = { status: 'FORCE_CHANGE_PASSWORD', passwordHash: '$scrypt$a' } as StoredUser;
  const row = { codeHash: temporaryPasswordTag('$scrypt$a'), expiresMs: 100 };
  assert.equal(temporaryPasswordExpired(user, row, 99), false);
  assert.equal(temporaryPasswordExpired(user, row, 100), true);
  assert.equal(temporaryPasswordExpired({ ...user, passwordHash: '$scrypt$b' }, row, 100), false, 'another password');
  assert.equal(temporaryPasswordExpired({ ...user, status: 'CONFIRMED' }, row, 100), false, 'no longer temporary');
  assert.equal(temporaryPasswordExpired(user, undefined, 100), false);
});

test('checkAttributes: booleans lower-cased, the last of a name given twice, empty kept', () => {
  assert.deepEqual(checkAttributes(pool(), [
    { Name: 'email_verified', Value: 'TRUE' }, { Name: 'name', Value: 'a' }, { Name: 'name', Value: 'b' }, { Name: 'nickname' },
  ], 'create'), [['email_verified', 'true'], ['name', 'b'], ['nickname', '']]);
});

test('mergeAttributes: a changed contact is unverified unless the request says; removal takes its flag', () => {
  const cur: [string, string][] = [['sub', 's'], ['email', 'a@x.co'], ['email_verified', 'true'], ['phone_number', '+12065550100'], ['phone_number_verified', 'true']];
  assert.deepEqual(mergeAttributes(cur, [['email', 'a@x.co']]), cur, 'the same email changes nothing');
  assert.deepEqual(mergeAttributes(cur, [['email', 'b@x.co']]),
    [['sub', 's'], ['email', 'b@x.co'], ['email_verified', 'false'], ['phone_number', '+12065550100'], ['phone_number_verified', 'true']]);
  assert.deepEqual(mergeAttributes(cur, [['email', 'b@x.co'], ['email_verified', 'true']])[2], ['email_verified', 'true']);
  assert.deepEqual(mergeAttributes(cur, [['phone_number', ''], ['name', 'N']]),
    [['sub', 's'], ['email', 'a@x.co'], ['email_verified', 'true'], ['name', 'N']]);
});

test('aliasesOf: the import\'s rule', () => {
  const a: [string, string][] = [['email', 'A@X.co'], ['email_verified', 'true'], ['phone_number', '+1206555'], ['preferred_username', 'Pat']];
  assert.deepEqual(aliasesOf(pool({ AliasAttributes: ['email', 'phone_number', 'preferred_username'] }), a),
    [{ kind: 'email', value: 'a@x.co' }, { kind: 'preferred_username', value: 'Pat' }]);
  assert.deepEqual(aliasesOf(pool({ AliasAttributes: ['preferred_username'], UsernameConfiguration: { CaseSensitive: false } }), a),
    [{ kind: 'preferred_username', value: 'pat' }]);
  assert.deepEqual(aliasesOf(pool(), a), []);
});

test('recoveryDelivery: AccountRecoverySetting in priority order, else phone before email; verified only', () => {
  const both: [string, string][] = [['email', 'e@x.co'], ['email_verified', 'true'], ['phone_number', '+12065550100'], ['phone_number_verified', 'true']];
  assert.deepEqual(recoveryDelivery(pool(), both), { medium: 'SMS', attribute: 'phone_number', destination: '+12065550100' });
  const emailFirst = pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_phone_number', Priority: 2 }, { Name: 'verified_email', Priority: 1 }] } });
  assert.deepEqual(recoveryDelivery(emailFirst, both), { medium: 'EMAIL', attribute: 'email', destination: 'e@x.co' });
  assert.deepEqual(recoveryDelivery(emailFirst, both.slice(2)), { medium: 'SMS', attribute: 'phone_number', destination: '+12065550100' });
  assert.equal(recoveryDelivery(pool(), [['email', 'e@x.co'], ['email_verified', 'false']]), undefined);
  assert.equal(recoveryDelivery(pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] } }), both), 'admin_only');
});

test('messages: Cognito\'s default texts; placeholders replaced as text', () => {
  const c = { pool: pool(), username: 'a$&b', delivery: { medium: 'EMAIL' as const, attribute: 'email' as const, destination: 'e@x.co' }, nowMs: 5 };
  const inv = invitationMessage(c, 'P$1w');
  assert.deepEqual([inv?.subject, inv?.body], ['Your temporary password', 'Your username is a$&b and temporary password is P$1w.']);
  const sms = invitationMessage({ ...c, delivery: { medium: 'SMS', attribute: 'phone_number', destination: '+1' } }, 'x');
  assert.deepEqual([sms?.subject, sms?.body], [undefined, 'Your username is a$&b and temporary password is x']);
  assert.equal(invitationMessage({ ...c, pool: pool({ AdminCreateUserConfig: { InviteMessageTemplate: { EmailMessage: 'Welcome {username}' } } }) }, 'x'), undefined,
    'no {####}: not delivered');
  const code = codeMessage(c, 'reset_password', '012345');
  assert.deepEqual([code.kind, code.subject, code.body, code.code], ['reset_password', 'Your verification code', 'Your verification code is 012345.', '012345']);
  const custom = codeMessage({ ...c, pool: pool({ EmailVerificationSubject: 'S', EmailVerificationMessage: 'M {####}' }) }, 'reset_password', '1');
  assert.deepEqual([custom.subject, custom.body], ['S', 'M 1']);
});

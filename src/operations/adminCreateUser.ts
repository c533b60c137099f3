// AdminCreateUser: a new user in FORCE_CHANGE_PASSWORD with a temporary password (given, or made
// to the pool's policy), invited through the outbox unless MessageAction is SUPPRESS; RESEND sends
// an existing FORCE_CHANGE_PASSWORD user a new temporary password. Every rule with its source:
// docs/spec.md section 9, "Admin user operations".
import { InvalidParameterException, UnsupportedUserStateException, UsernameExistsException } from '../api/errors';
import type { AdminCreateUserRequest, AdminCreateUserResponse } from '../api/generated/cognitoIdp';
import { CODE_PURPOSES } from '../domain/codes';
import { emailProblem, PHONE_RE } from '../domain/csvFormats';
import { checkPasswordIsUnicode, checkPasswordPolicy } from '../domain/passwords';
import { generateTemporaryPassword, temporaryPasswordExpiresMs, temporaryPasswordTag } from '../domain/temporaryPasswords';
import type { Delivery } from '../domain/recovery';
import type { StoredUser } from '../domain/user';
import { aliasesOf, aliasExists, checkAttributes, checkVerifiedContacts, type Attributes } from '../domain/userAttributes';
import type { StoredPool } from '../domain/userPool';
import { invitationMessage } from '../messages/userMessages';
import type { UserRef } from '../store/credentialPorts';
import { invitationDeliveries, userRef, userToWire } from './adminUsers';
import { requirePool } from './lookups';
import type { Handler, Services } from './types';
import { poolUsernameKey, userNotFound } from './userLookup';

type S = Pick<Services, 'store' | 'clock' | 'ids' | 'passwords' | 'outbox' | 'signIn'>;

/** [AWS] localstack/localstack#4465 quotes Cognito's answer. */
export const USER_EXISTS = 'User account already exists';

export const adminCreateUser = (s: S): Handler<'AdminCreateUser'> =>
  async (input, ctx) => {
    // A malformed value is refused before anything is looked up, as the model's validation would.
    if (input.TemporaryPassword !== undefined) checkPasswordIsUnicode(input.TemporaryPassword);
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    if (input.TemporaryPassword !== undefined) checkPasswordPolicy(input.TemporaryPassword, pool.settings.Policies?.PasswordPolicy);
    return input.MessageAction === 'RESEND' ? resend(s, pool, input) : create(s, pool, input);
  };

/**
 * [AWS] In a pool whose UsernameAttributes are email and/or phone_number, Username must be one
 * ("Username should be an email.": boto/boto3#3836; the other two by analogy, moto's for either),
 * and fills that attribute when the request leaves it out. [OURS] The username stays as given
 * (Cognito makes it the sub): this server does not look users up by alias yet.
 */
function withUsernameAttribute(pool: StoredPool, username: string, attributes: Attributes): Attributes {
  const kinds = pool.settings.UsernameAttributes ?? [];
  if (!kinds.length) return attributes;
  const kind = kinds.find((k) => (k === 'email' ? emailProblem(username) === 0 : PHONE_RE.test(username)));
  if (!kind) {
    throw new InvalidParameterException(kinds.length === 2 ? 'Username should be either an email or a phone number.'
      : kinds[0] === 'email' ? 'Username should be an email.' : 'Username should be a phone number.');
  }
  return attributes.some(([n]) => n === kind) ? attributes : [...attributes, [kind, username]];
}

async function create(s: S, pool: StoredPool, input: AdminCreateUserRequest): Promise<AdminCreateUserResponse> {
  const attributes = withUsernameAttribute(pool, input.Username, checkAttributes(pool, input.UserAttributes, 'create').filter(([, v]) => v !== ''));
  checkVerifiedContacts(attributes);
  const deliveries = input.MessageAction === 'SUPPRESS' ? [] : invitationDeliveries(input.DesiredDeliveryMediums, attributes);
  const usernameKey = poolUsernameKey(pool, input.Username);
  // Asked before the password is hashed (a tenth of a second); the insert below decides.
  if (await s.store.users.findUser(pool.accountId, pool.id, usernameKey)) throw new UsernameExistsException(USER_EXISTS);
  const policy = pool.settings.Policies?.PasswordPolicy;
  const password = input.TemporaryPassword ?? generateTemporaryPassword(policy);
  const passwordHash = await s.passwords.hash(password);
  const nowMs = s.clock.now();
  const sub = s.ids.sub();
  const outcome = await s.store.userAdmin.createUser(pool.accountId, pool.id, {
    username: input.Username, usernameKey, attributes, aliases: aliasesOf(pool, attributes), status: 'FORCE_CHANGE_PASSWORD',
  }, sub, nowMs, { codeHash: temporaryPasswordTag(passwordHash), expiresMs: temporaryPasswordExpiresMs(policy, nowMs), attempts: 0 });
  if (outcome === 'exists') throw new UsernameExistsException(USER_EXISTS);
  if (outcome !== 'created') throw aliasExists(outcome.aliasTaken);
  const ref = userRef(pool, usernameKey);
  await savePassword(s, pool, ref, input.Username, password, passwordHash, nowMs);
  const user: StoredUser = {
    accountId: pool.accountId, poolId: pool.id, username: input.Username, usernameKey, sub, status: 'FORCE_CHANGE_PASSWORD',
    enabled: true, createdMs: nowMs, modifiedMs: nowMs, attributes: [['sub', sub], ...attributes],
  };
  await invite(s, pool, user, deliveries, password, nowMs);
  return { User: userToWire(user) };
}

/**
 * [AWS] RESEND: the user must exist (UserNotFoundException) and be FORCE_CHANGE_PASSWORD
 * (UnsupportedUserStateException; the wording of the emulators and the substring applications
 * match); it gets a new temporary password, valid from now, and the invitation again. The
 * request's UserAttributes are not applied ([OURS]: AdminUpdateUserAttributes changes them).
 */
async function resend(s: S, pool: StoredPool, input: AdminCreateUserRequest): Promise<AdminCreateUserResponse> {
  const user = await s.store.users.findUser(pool.accountId, pool.id, poolUsernameKey(pool, input.Username));
  if (!user) throw userNotFound();
  if (user.status !== 'FORCE_CHANGE_PASSWORD') {
    throw new UnsupportedUserStateException(`Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`);
  }
  const deliveries = invitationDeliveries(input.DesiredDeliveryMediums, user.attributes);
  const policy = pool.settings.Policies?.PasswordPolicy;
  const password = input.TemporaryPassword ?? generateTemporaryPassword(policy);
  const passwordHash = await s.passwords.hash(password);
  const nowMs = s.clock.now();
  const ref = userRef(pool, user.usernameKey);
  // The expiry first: were the server to stop between the two, the old password would keep its own.
  await s.store.credentials.putCode(ref, CODE_PURPOSES.temporaryPassword, {
    codeHash: temporaryPasswordTag(passwordHash), expiresMs: temporaryPasswordExpiresMs(policy, nowMs), attempts: 0,
  });
  await savePassword(s, pool, ref, user.username, password, passwordHash, nowMs);
  await invite(s, pool, user, deliveries, password, nowMs);
  return { User: userToWire({ ...user, modifiedMs: nowMs }) };
}

/**
 * Every new password goes through CredentialStore.savePassword with its SRP verifier, so the
 * first sign-in may be USER_SRP_AUTH (what Amplify apps use) as well as a password flow.
 */
async function savePassword(s: S, pool: StoredPool, ref: UserRef, username: string, password: string, passwordHash: string, nowMs: number): Promise<void> {
  const srp = await s.signIn.srp.makeVerifier(pool.id, username, password);
  if (!(await s.store.credentials.savePassword(ref, { passwordHash, status: 'FORCE_CHANGE_PASSWORD', srp, nowMs }))) throw userNotFound();
}

async function invite(s: S, pool: StoredPool, user: StoredUser, deliveries: Delivery[], password: string, nowMs: number): Promise<void> {
  for (const delivery of deliveries) {
    const m = invitationMessage({ pool, username: user.username, delivery, nowMs }, password);
    if (m) await s.outbox.send(m);
  }
}

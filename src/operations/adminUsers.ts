// What the admin user operations share (AdminCreateUser, AdminResetUserPassword,
// AdminUpdateUserAttributes, AdminDisableUser, AdminEnableUser): a user's reference in the
// stores, its wire form, and sending a message. docs/spec.md section 9, "Admin user operations".
import { InvalidParameterException } from '../api/errors';
import type { DeliveryMediumType, UserType } from '../api/generated/cognitoIdp';
import type { Delivery } from '../domain/recovery';
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { UserRef } from '../store/credentialPorts';
import { attributesToWire } from './userLookup';

export const userRef = (pool: StoredPool, usernameKey: string): UserRef => ({ accountId: pool.accountId, poolId: pool.id, usernameKey });

/** [AWS] AdminCreateUser's User: UserType, as AdminGetUser shows the same user (no MFAOptions). */
export const userToWire = (user: StoredUser): UserType => ({
  Username: user.username,
  Attributes: attributesToWire(user),
  UserCreateDate: new Date(user.createdMs),
  UserLastModifiedDate: new Date(user.modifiedMs),
  Enabled: user.enabled,
  UserStatus: user.status,
});

/**
 * Where an invitation goes: each of DesiredDeliveryMediums ([AWS] SMS when absent: API reference)
 * whose attribute the user has, in the request's order. [OURS] None of them:
 * InvalidParameterException saying which attribute is missing, before anything is written.
 */
export function invitationDeliveries(mediums: DeliveryMediumType[] | undefined, attributes: readonly (readonly [string, string])[]): Delivery[] {
  const wanted = [...new Set(mediums?.length ? mediums : ['SMS' as const])];
  const m = new Map(attributes);
  const out: Delivery[] = [];
  for (const medium of wanted) {
    const attribute = medium === 'EMAIL' ? 'email' : 'phone_number';
    const destination = m.get(attribute);
    if (destination) out.push({ medium, attribute, destination });
  }
  if (out.length) return out;
  const needs = wanted.map((w) => (w === 'EMAIL' ? 'email' : 'phone_number')).join(' or ');
  throw new InvalidParameterException(`The invitation cannot be sent: DesiredDeliveryMediums ${mediums?.length ? 'is' : 'defaults to'} `
    + `${wanted.join(', ')} and the user has no ${needs} attribute. Give one, or set MessageAction to SUPPRESS.`);
}

// What the Users API operations share: finding a user by the name a request gives, and the
// wire form of a user's attributes.
import { UserNotFoundException } from '../api/errors';
import type { AttributeType } from '../api/generated/cognitoIdp';
import { usernameKey, type StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import type { Scope, Store } from '../store/ports';
import { requirePool } from './lookups';

/** [AWS] Cognito's server-side message (the list in aws-amplify/amplify-js#867; moto answers the same). */
export const userNotFound = (): UserNotFoundException => new UserNotFoundException('User does not exist.');

/** Usernames compare as the pool's UsernameConfiguration says; absent means case-sensitive (spec section 4). */
export const poolUsernameKey = (pool: StoredPool, username: string): string =>
  usernameKey(username, pool.settings.UsernameConfiguration?.CaseSensitive ?? true);

/** The caller's pool (ResourceNotFoundException otherwise) and the user in it (UserNotFoundException otherwise). */
export async function requireUser(store: Store, scope: Scope, poolId: string, username: string): Promise<{ pool: StoredPool; user: StoredUser }> {
  const pool = await requirePool(store, scope, poolId);
  const user = await store.users.findUser(scope.accountId, pool.id, poolUsernameKey(pool, username));
  if (!user) throw userNotFound();
  return { pool, user };
}

/** Attributes in stored order: `sub` first, then import order. */
export const attributesToWire = (user: StoredUser): AttributeType[] => user.attributes.map(([Name, Value]) => ({ Name, Value }));

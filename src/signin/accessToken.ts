// The calls a signed-in user makes with an access token (GetUser, ChangePassword, GlobalSignOut):
// the token names the pool and the user; no signature, no client id.
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import { userNotFound } from './errors';
import type { SignInServices } from './services';
import { checkCanSignIn } from './users';
import { poolUsernameKey } from '../operations/userLookup';

export async function requireTokenUser(s: Pick<SignInServices, 'tokens' | 'store' | 'clock'>, accessToken: string): Promise<{ pool: StoredPool; user: StoredUser; clientId: string }> {
  const { pool, claims } = await s.tokens.verifyAccessToken(accessToken, s.clock.now());
  const user = await s.store.users.findUser(pool.accountId, pool.id, poolUsernameKey(pool, claims.username));
  // Another sub: the token's user was deleted and this one made under the same name since.
  if (!user || user.sub !== claims.sub) throw userNotFound();
  checkCanSignIn(user);
  return { pool, user, clientId: claims.client_id };
}

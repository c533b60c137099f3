// The calls a signed-in user makes with an access token (GetUser, ChangePassword, GlobalSignOut):
// the token names the pool and the user; no signature, no client id.
import type { StoredUser } from '../domain/user';
import type { StoredPool } from '../domain/userPool';
import { NotAuthorizedException } from '../api/errors';
import { userNotFound } from './errors';
import type { AccessTokenClaims, SignInServices } from './services';
import { checkCanSignIn } from './users';
import { poolUsernameKey } from '../operations/userLookup';

/** A pool id is `<region>_<id>` (the region it was made in: src/domain/ids.ts). */
const regionOf = (poolId: string): string => poolId.slice(0, poolId.indexOf('_'));

export async function requireTokenUser(s: Pick<SignInServices, 'tokens' | 'store' | 'clock'>, accessToken: string): Promise<{ pool: StoredPool; user: StoredUser; claims: AccessTokenClaims }> {
  const claims = await s.tokens.verifyAccessToken(accessToken, s.clock.now());
  const pool = await s.store.pools.findPool({ accountId: claims.accountId, region: regionOf(claims.poolId) }, claims.poolId);
  // The pool went after the token was issued: the token names nothing any more.
  if (!pool) throw new NotAuthorizedException('Invalid Access Token');
  const user = await s.store.users.findUser(pool.accountId, pool.id, poolUsernameKey(pool, claims.username));
  if (!user) throw userNotFound();
  checkCanSignIn(user);
  return { pool, user, claims };
}

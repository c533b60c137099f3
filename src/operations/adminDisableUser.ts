import { requirePool } from './lookups';
import { userRef } from './adminUsers';
import type { Handler, Services } from './types';
import { poolUsernameKey, userNotFound } from './userLookup';

/**
 * [AWS] Enabled becomes false: ListUsers' `status = "Disabled"` finds the user, sign-in answers
 * NotAuthorizedException "User is disabled.", and its refresh tokens are revoked (API reference:
 * "revokes all access tokens"). docs/spec.md section 9, "Admin user operations".
 */
export const adminDisableUser = (s: Pick<Services, 'store' | 'clock'>): Handler<'AdminDisableUser'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    if (!(await s.store.userAdmin.setEnabled(userRef(pool, poolUsernameKey(pool, input.Username)), false, s.clock.now()))) throw userNotFound();
    return {};
  };

import type { Handler, Services } from './types';
import { poolUsernameKey, userNotFound } from './userLookup';
import { requirePool } from './lookups';

/** Removes the user and frees its username and aliases (the store does both in one transaction). */
export const adminDeleteUser = (s: Pick<Services, 'store'>): Handler<'AdminDeleteUser'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    if (!(await s.store.users.deleteUser(ctx.scope.accountId, pool.id, poolUsernameKey(pool, input.Username)))) throw userNotFound();
    return {};
  };

import { requirePool } from './lookups';
import { userRef } from './adminUsers';
import type { Handler, Services } from './types';
import { poolUsernameKey, userNotFound } from './userLookup';

/** [AWS] Enabled becomes true again (docs/spec.md section 9, "Admin user operations"). */
export const adminEnableUser = (s: Pick<Services, 'store' | 'clock'>): Handler<'AdminEnableUser'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    if (!(await s.store.userAdmin.setEnabled(userRef(pool, poolUsernameKey(pool, input.Username)), true, s.clock.now()))) throw userNotFound();
    return {};
  };

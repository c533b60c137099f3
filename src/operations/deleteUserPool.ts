import type { Handler, Services } from './types';
import { InvalidParameterException } from '../api/errors';
import { poolNotFound, requirePool } from './lookups';

export const deleteUserPool = (s: Pick<Services, 'store' | 'uploads'>): Handler<'DeleteUserPool'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    if (pool.settings.DeletionProtection === 'ACTIVE') {
      throw new InvalidParameterException('The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
    }
    const blobs = await s.store.pools.deletePool(ctx.scope, pool.id);
    if (!blobs) throw poolNotFound(input.UserPoolId);
    await s.uploads.discard(blobs);
    // And whatever no job pointed to: leftovers of uploads a crash cut short.
    await s.uploads.discardPool(ctx.scope.accountId, pool.id);
    return {};
  };

import type { Handler, Services } from './types';
import { updatedPoolSettings } from '../domain/userPool';
import { changePool, poolBusy, RETRY_BEFORE_CONCURRENT_MODIFICATION } from './poolChange';

/**
 * As on AWS, members the request leaves out go back to their defaults (see updatedPoolSettings).
 * What an update keeps (the schema, the username settings) is taken from the pool as saved
 * (changePool), so an update racing AddCustomAttributes cannot drop the attributes it added.
 * Losing every round to other changes is the model's ConcurrentModificationException.
 */
export const updateUserPool = (s: Pick<Services, 'store' | 'clock'>): Handler<'UpdateUserPool'> =>
  async (input, ctx) => {
    await changePool(s, ctx.scope, input.UserPoolId,
      (pool) => ({ name: input.PoolName ?? pool.name, settings: updatedPoolSettings(pool.settings, input) }), RETRY_BEFORE_CONCURRENT_MODIFICATION, poolBusy);
    return {};
  };

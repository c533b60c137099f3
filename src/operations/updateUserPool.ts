import type { Handler, Services } from './types';
import { updatedPoolSettings } from '../domain/userPool';
import { poolNotFound, requirePool } from './lookups';

/** As on AWS, members the request leaves out go back to their defaults (see updatedPoolSettings). */
export const updateUserPool = (s: Pick<Services, 'store' | 'clock'>): Handler<'UpdateUserPool'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    const settings = updatedPoolSettings(pool.settings, input);
    const saved = await s.store.pools.savePool(ctx.scope, pool.id, input.PoolName ?? pool.name, settings, s.clock.now());
    if (!saved) throw poolNotFound(input.UserPoolId);
    return {};
  };

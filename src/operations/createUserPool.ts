import type { Handler, Services } from './types';
import { newPoolSettings, poolToWire, type StoredPool } from '../domain/userPool';

export const createUserPool = (s: Pick<Services, 'store' | 'clock' | 'ids'>): Handler<'CreateUserPool'> =>
  async (input, ctx) => {
    const now = s.clock.now();
    const pool: StoredPool = {
      accountId: ctx.scope.accountId, region: ctx.scope.region, id: s.ids.poolId(ctx.scope.region),
      name: input.PoolName, createdMs: now, modifiedMs: now, settings: newPoolSettings(input),
    };
    await s.store.pools.insertPool(pool);
    return { UserPool: poolToWire(pool) };
  };

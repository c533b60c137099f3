import type { Handler, Services } from './types';
import { poolToWire } from '../domain/userPool';
import { requirePool } from './lookups';

export const describeUserPool = (s: Pick<Services, 'store'>): Handler<'DescribeUserPool'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    return { UserPool: poolToWire(pool, await s.store.users.countUsers(ctx.scope.accountId, pool.id)) };
  };

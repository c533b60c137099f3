import type { Handler, Services } from './types';
import { InvalidParameterException } from '../api/errors';
import { onFreshPool, poolThrottled, RETRY_BEFORE_TOO_MANY_REQUESTS } from './poolChange';

/**
 * The pool is deleted only as it was read (onFreshPool): one whose DeletionProtection an update
 * turned on after the read is read again and refused. Losing every round is TooManyRequestsException,
 * as for AddCustomAttributes (the model lists no ConcurrentModificationException here either).
 */
export const deleteUserPool = (s: Pick<Services, 'store' | 'uploads'>): Handler<'DeleteUserPool'> =>
  async (input, ctx) => {
    const blobs = await onFreshPool(s.store, ctx.scope, input.UserPoolId, RETRY_BEFORE_TOO_MANY_REQUESTS, poolThrottled, async (pool) => {
      if (pool.settings.DeletionProtection === 'ACTIVE') {
        throw new InvalidParameterException('The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
      }
      const deleted = await s.store.pools.deletePoolIfUnchanged(ctx.scope, pool.id, pool.modifiedMs);
      return Array.isArray(deleted) ? { done: deleted } : deleted;
    });
    await s.uploads.discard(blobs);
    // And whatever no job pointed to: leftovers of uploads a crash cut short.
    await s.uploads.discardPool(ctx.scope.accountId, input.UserPoolId);
    return {};
  };

import type { Handler, Services } from './types';
import { addedCustomAttributes } from '../domain/poolSchema';
import { RETRY_BEFORE_TOO_MANY_REQUESTS, changePool, poolThrottled } from './poolChange';

/**
 * Custom attributes are appended, so GetCSVHeader lists them in creation order (spec section 2).
 * All are checked before any is stored (spec section 10): a refused request adds none. The check
 * runs against the pool as saved (changePool): of two concurrent requests adding one name, the
 * second is refused as if it came after, and concurrent requests never pass the 50-attribute limit.
 *
 * A request that loses every round to other changes is TooManyRequestsException [OURS]: the model
 * lists no ConcurrentModificationException for AddCustomAttributes, and TooManyRequestsException
 * is the listed error that says "try again" — the AWS SDKs (@smithy/core's THROTTLING_ERROR_CODES)
 * and botocore's standard retry mode retry it with backoff on their own.
 */
export const addCustomAttributes = (s: Pick<Services, 'store' | 'clock'>): Handler<'AddCustomAttributes'> =>
  async (input, ctx) => {
    await changePool(s, ctx.scope, input.UserPoolId, (pool) => {
      const schema = pool.settings.SchemaAttributes ?? [];
      const added = addedCustomAttributes(input.CustomAttributes, schema);
      return { name: pool.name, settings: { ...pool.settings, SchemaAttributes: [...schema, ...added] } };
    }, RETRY_BEFORE_TOO_MANY_REQUESTS, poolThrottled);
    return {};
  };

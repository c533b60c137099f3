import type { Handler, Services } from './types';
import { addedCustomAttributes } from '../domain/poolSchema';
import { poolNotFound, requirePool } from './lookups';

/**
 * Custom attributes are appended, so GetCSVHeader lists them in creation order (spec section 2).
 * All are checked before any is stored (spec section 10): a refused request adds none.
 */
export const addCustomAttributes = (s: Pick<Services, 'store' | 'clock'>): Handler<'AddCustomAttributes'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    const schema = pool.settings.SchemaAttributes ?? [];
    const added = addedCustomAttributes(input.CustomAttributes, schema);
    const settings = { ...pool.settings, SchemaAttributes: [...schema, ...added] };
    if (!(await s.store.pools.savePool(ctx.scope, pool.id, pool.name, settings, s.clock.now()))) throw poolNotFound(pool.id);
    return {};
  };

import type { Handler, Services } from './types';
import { customAttributesFrom } from '../domain/userPool';
import { poolNotFound, requirePool } from './lookups';

/** Custom attributes are appended, so GetCSVHeader lists them in creation order (spec section 2). */
export const addCustomAttributes = (s: Pick<Services, 'store' | 'clock'>): Handler<'AddCustomAttributes'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    const schema = pool.settings.SchemaAttributes ?? [];
    const added = customAttributesFrom(input.CustomAttributes, schema);
    const settings = { ...pool.settings, SchemaAttributes: [...schema, ...added] };
    if (!(await s.store.pools.savePool(ctx.scope, pool.id, pool.name, settings, s.clock.now()))) throw poolNotFound(pool.id);
    return {};
  };

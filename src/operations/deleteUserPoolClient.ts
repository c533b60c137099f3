import type { Handler, Services } from './types';
import { clientNotFound, poolNotFound } from './lookups';

/**
 * The client goes at once: sign-in finds a client by its id before anything else, so the sessions
 * and refresh tokens it issued are refused from then on and go with their user or pool.
 */
export const deleteUserPoolClient = (s: Pick<Services, 'store'>): Handler<'DeleteUserPoolClient'> =>
  async (input, ctx) => {
    if (!(await s.store.pools.poolExists(ctx.scope, input.UserPoolId))) throw poolNotFound(input.UserPoolId);
    if (!(await s.store.clients.deleteClient(ctx.scope, input.UserPoolId, input.ClientId))) throw clientNotFound(input.ClientId);
    return {};
  };

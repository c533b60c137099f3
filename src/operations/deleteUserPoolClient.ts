import type { Handler, Services } from './types';
import { clientNotFound, poolNotFound } from './lookups';

/**
 * The client goes at once: sign-in finds a client by its id before anything else, so its
 * sessions are refused from then on; its refresh tokens are revoked, and with them the ID and
 * access tokens of those sign-ins (GetUser and the other token calls refuse them).
 */
export const deleteUserPoolClient = (s: Pick<Services, 'store' | 'clock'>): Handler<'DeleteUserPoolClient'> =>
  async (input, ctx) => {
    if (!(await s.store.pools.poolExists(ctx.scope, input.UserPoolId))) throw poolNotFound(input.UserPoolId);
    if (!(await s.store.clients.deleteClient(ctx.scope, input.UserPoolId, input.ClientId))) throw clientNotFound(input.ClientId);
    await s.store.refreshTokens.revokeClient({ accountId: ctx.scope.accountId, poolId: input.UserPoolId }, input.ClientId, s.clock.now());
    return {};
  };

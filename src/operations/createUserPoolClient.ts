import type { Handler, Services } from './types';
import { clientSettings, clientToWire, type StoredClient } from '../domain/appClient';
import { poolNotFound, requirePool } from './lookups';

/** Spec section 9, "App clients": defaults for what the request leaves out, the secret only when asked. */
export const createUserPoolClient = (s: Pick<Services, 'store' | 'clock' | 'ids'>): Handler<'CreateUserPoolClient'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    const secret = input.GenerateSecret ? s.ids.clientSecret() : undefined;
    const settings = clientSettings(input, secret !== undefined);
    const now = s.clock.now();
    const client: StoredClient = {
      accountId: ctx.scope.accountId, region: ctx.scope.region, poolId: pool.id, clientId: s.ids.clientId(), name: input.ClientName,
      ...(secret !== undefined && { secret }), createdMs: now, modifiedMs: now, settings,
    };
    // The store writes it only while the pool exists: a pool deleted since the read above is not found.
    if (!(await s.store.clients.insertClient(client))) throw poolNotFound(input.UserPoolId);
    return { UserPoolClient: clientToWire(client) };
  };

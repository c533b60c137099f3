import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { passwordFlow, refreshFlow, srpFlow, unsupportedFlow } from '../signin/flows';
import { clientNotFound } from '../signin/errors';
import { requireClient } from '../signin/users';
import { poolNotFound } from './lookups';

/**
 * The server-side sign-in (SigV4-signed, account-scoped): ADMIN_USER_PASSWORD_AUTH (and its
 * older name ADMIN_NO_SRP_AUTH), USER_SRP_AUTH and REFRESH_TOKEN_AUTH. The client must be one
 * of the pool's.
 */
export const adminInitiateAuth = (s: SignInServices): Handler<'AdminInitiateAuth'> => async (input, ctx) => {
  if (!(await s.store.pools.poolExists(ctx.scope, input.UserPoolId))) throw poolNotFound(input.UserPoolId);
  const { client, pool } = await requireClient(s, input.ClientId);
  if (client.accountId !== ctx.scope.accountId || client.poolId !== input.UserPoolId) throw clientNotFound(input.ClientId);
  const p = input.AuthParameters ?? {};
  switch (input.AuthFlow) {
    case 'ADMIN_USER_PASSWORD_AUTH': case 'ADMIN_NO_SRP_AUTH': return passwordFlow(s, pool, client, input.AuthFlow, p);
    case 'USER_SRP_AUTH': return srpFlow(s, pool, client, input.AuthFlow, p);
    case 'REFRESH_TOKEN_AUTH': case 'REFRESH_TOKEN': return refreshFlow(s, pool, client, input.AuthFlow, p);
    default: throw unsupportedFlow();
  }
};

import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { passwordFlow, refreshFlow, srpFlow, unsupportedFlow } from '../signin/flows';
import { requireClient } from '../signin/users';

/**
 * The public sign-in call (unsigned): the client id names the pool. USER_PASSWORD_AUTH,
 * USER_SRP_AUTH and REFRESH_TOKEN_AUTH, each only if the client allows it (docs/spec.md section 9).
 * The ADMIN_ flows belong to AdminInitiateAuth; CUSTOM_AUTH and USER_AUTH need triggers and
 * passwordless sign-in, which this server does not have.
 */
export const initiateAuth = (s: SignInServices): Handler<'InitiateAuth'> => async (input) => {
  const { client, pool } = await requireClient(s, input.ClientId);
  const p = input.AuthParameters ?? {};
  switch (input.AuthFlow) {
    case 'USER_PASSWORD_AUTH': return passwordFlow(s, pool, client, input.AuthFlow, p);
    case 'USER_SRP_AUTH': return srpFlow(s, pool, client, input.AuthFlow, p);
    case 'REFRESH_TOKEN_AUTH': case 'REFRESH_TOKEN': return refreshFlow(s, pool, client, input.AuthFlow, p);
    default: throw unsupportedFlow();
  }
};

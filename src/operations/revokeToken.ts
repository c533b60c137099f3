import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { NotAuthorizedException } from '../api/errors';
import { safeEqual } from '../auth/hmac';
import { requireClient } from '../signin/users';

/**
 * Revokes a refresh token and the ID and access tokens of its sign-in (unsigned, as on AWS).
 * A client with a secret must send it. [OURS] A token that is not this client's live refresh
 * token is answered as revoked, as RFC 7009 section 2.2 asks of a revocation endpoint.
 */
export const revokeToken = (s: SignInServices): Handler<'RevokeToken'> => async (input) => {
  const { client } = await requireClient(s, input.ClientId);
  if (client.secret !== undefined && !safeEqual(input.ClientSecret ?? '', client.secret)) {
    throw new NotAuthorizedException(`Client is configured with secret but ClientSecret was not received or is invalid`);
  }
  const now = s.clock.now();
  const r = await s.tokens.findRefreshToken(input.Token, now);
  if (r?.clientId === client.clientId) await s.tokens.revokeRefreshToken(input.Token, now);
  return {};
};

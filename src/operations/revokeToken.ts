import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { UnauthorizedException, UnsupportedOperationException } from '../api/errors';
import { safeEqual } from '../auth/hmac';
import { requireClient } from '../signin/users';

/**
 * Revokes a refresh token and the ID and access tokens of its sign-in (unsigned, as on AWS).
 * A client with a secret must send it. [OURS] A token that is not this client's live refresh
 * token is answered as revoked, as RFC 7009 section 2.2 asks of a revocation endpoint.
 */
export const revokeToken = (s: SignInServices): Handler<'RevokeToken'> => async (input) => {
  const { client } = await requireClient(s, input.ClientId);
  // [OURS] messages; the types are the ones the model lists for RevokeToken.
  if (client.settings.EnableTokenRevocation === false) throw new UnsupportedOperationException('Token revocation is not enabled for this app client.');
  if (client.secret !== undefined && !safeEqual(input.ClientSecret ?? '', client.secret)) {
    throw new UnauthorizedException('Client is configured with secret but ClientSecret was not received or is invalid');
  }
  const now = s.clock.now();
  const r = await s.tokens.findRefreshToken(input.Token, now);
  if (r?.clientId === client.clientId) await s.tokens.revokeRefreshToken(input.Token, now);
  return {};
};

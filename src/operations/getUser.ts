import type { Handler } from './types';
import type { SignInServices } from '../signin/services';
import { requireTokenUser } from '../signin/accessToken';
import { readableAttributes } from '../signin/tokens';

/** The signed-in user's own record, from their access token (unsigned, as on AWS): what their client may read. */
export const getUser = (s: Pick<SignInServices, 'tokens' | 'store' | 'clock'>): Handler<'GetUser'> => async (input) => {
  const { user, clientId } = await requireTokenUser(s, input.AccessToken);
  // What the token's client may read, as its ID token says (a deleted client: no list to apply).
  const client = await s.store.clients.findClientById(clientId);
  return { Username: user.username, UserAttributes: readableAttributes(client, user).map(([Name, Value]) => ({ Name, Value })) };
};

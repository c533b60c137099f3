import type { Handler, Services } from './types';
import { clientDescription } from '../domain/appClient';
import { decodePageToken, encodePageToken } from './pageToken';
import { poolNotFound } from './lookups';

/** [OURS] The page size when the request gives no MaxResults (the model's most, 1-60). Spec section 9. */
export const DEFAULT_CLIENTS_PAGE = 60;

/** Oldest first; NextToken only when more remain (spec section 9, "App clients"). */
export const listUserPoolClients = (s: Pick<Services, 'store'>): Handler<'ListUserPoolClients'> =>
  async (input, ctx) => {
    if (!(await s.store.pools.poolExists(ctx.scope, input.UserPoolId))) throw poolNotFound(input.UserPoolId);
    // Bound to the pool: a token from another pool's list is refused rather than read as a position in this one.
    const listOf = `clients:${input.UserPoolId}`;
    const after = decodePageToken(listOf, input.NextToken, 'NextToken');
    const limit = input.MaxResults ?? DEFAULT_CLIENTS_PAGE;
    const rows = await s.store.clients.listClients(ctx.scope, input.UserPoolId, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      UserPoolClients: page.map(clientDescription),
      NextToken: rows.length > page.length ? encodePageToken(listOf, { ms: last.createdMs, id: last.clientId }) : undefined,
    };
  };

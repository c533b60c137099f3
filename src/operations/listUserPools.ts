import type { Handler, Services } from './types';
import { poolDescription } from '../domain/userPool';
import { decodePageToken, encodePageToken } from './pageToken';

export const listUserPools = (s: Pick<Services, 'store'>): Handler<'ListUserPools'> =>
  async (input, ctx) => {
    const after = decodePageToken('pools', input.NextToken, 'NextToken');
    const rows = await s.store.pools.listPools(ctx.scope, input.MaxResults + 1, after);
    const page = rows.slice(0, input.MaxResults);
    const last = page[page.length - 1];
    return {
      UserPools: page.map(poolDescription),
      NextToken: rows.length > page.length ? encodePageToken('pools', { ms: last.createdMs, id: last.id }) : undefined,
    };
  };

import type { Handler, Services } from './types';
import { csvHeader } from '../domain/userPool';
import { requirePool } from './lookups';

export const getCSVHeader = (s: Pick<Services, 'store'>): Handler<'GetCSVHeader'> =>
  async (input, ctx) => {
    const pool = await requirePool(s.store, ctx.scope, input.UserPoolId);
    return { UserPoolId: pool.id, CSVHeader: csvHeader(pool) };
  };

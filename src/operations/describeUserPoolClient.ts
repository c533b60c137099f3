import type { Handler, Services } from './types';
import { clientToWire } from '../domain/appClient';
import { requireClient } from './lookups';

export const describeUserPoolClient = (s: Pick<Services, 'store'>): Handler<'DescribeUserPoolClient'> =>
  async (input, ctx) => ({ UserPoolClient: clientToWire(await requireClient(s.store, ctx.scope, input.UserPoolId, input.ClientId)) });

import type { Handler, Services } from './types';
import { ConcurrentModificationException } from '../api/errors';
import { clientSettings, clientToWire } from '../domain/appClient';
import { requireClient } from './lookups';
import { RETRY_BEFORE_CONCURRENT_MODIFICATION } from './poolChange';

/**
 * [AWS] Cognito's words when another update of the client is in flight: a ConcurrentModificationException
 * in hashicorp/terraform-provider-aws#19794 (see POOL_BUSY_MESSAGE in poolChange.ts).
 */
export const CLIENT_BUSY_MESSAGE = 'Only one request to update user pool client can be processed at a time.';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * As on AWS, every member the request leaves out goes back to its default (spec section 9, "App
 * clients"); the id, the secret and the creation date stay, and the name when none is given
 * [OURS]. Saved with a compare-and-set on the client as read, so an update that keeps the name
 * cannot undo a rename that landed in between; losing every round is ConcurrentModificationException.
 */
export const updateUserPoolClient = (s: Pick<Services, 'store' | 'clock'>): Handler<'UpdateUserPoolClient'> =>
  async (input, ctx) => {
    const policy = RETRY_BEFORE_CONCURRENT_MODIFICATION;
    for (let round = 0; round < policy.attempts; round++) {
      if (round > 0) await pause(Math.random() * Math.min(policy.capMs, policy.baseMs * 2 ** round));
      // A client (or pool) deleted meanwhile is not found here: ResourceNotFoundException.
      const client = await requireClient(s.store, ctx.scope, input.UserPoolId, input.ClientId);
      const change = { name: input.ClientName ?? client.name, settings: clientSettings(input, client.secret !== undefined) };
      const now = s.clock.now();
      const outcome = await s.store.clients.saveClientIfUnchanged(ctx.scope, input.UserPoolId, input.ClientId, client.modifiedMs, change, now);
      // The port moves modifiedMs to max(now, as read + 1): the saved client is this.
      if (outcome === 'saved') return { UserPoolClient: clientToWire({ ...client, ...change, modifiedMs: Math.max(now, client.modifiedMs + 1) }) };
    }
    throw new ConcurrentModificationException(CLIENT_BUSY_MESSAGE);
  };

// GET /_cognito-import/v1/outbox?UserPoolId=...&Username=...: the messages the server sent
// (invitations, codes) to users of the caller's pools, as `cognito-import outbox --output json`
// lists them (docs/extensions.md). Scoped as the API scopes pools: the key's account, and the
// region the request was signed for (a pool id starts with its region).
import { listOutbox, outboxEntryJson } from '../../messages/outboxList';
import { authenticate, queryParams, sendJson, type ExtensionCall, type ExtensionDeps } from './common';

const FILTERS = ['UserPoolId', 'Username'] as const;

export async function handleOutbox(c: ExtensionCall, d: ExtensionDeps): Promise<void> {
  const scope = await authenticate(c, d);
  const q = queryParams(c.query, FILTERS);
  const messages = await listOutbox(d.outboxDir, { poolId: q.get('UserPoolId'), username: q.get('Username') });
  const own = messages.filter((m) => m.accountId === scope.accountId && m.poolId.startsWith(`${scope.region}_`));
  sendJson(c, 200, { Messages: own.map(outboxEntryJson) }, { 'Cache-Control': 'no-store' });
}

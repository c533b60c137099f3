// GET /_cognito-import/v1/outbox?UserPoolId=...&Username=...&MaxResults=...&NextToken=...: the
// messages the server sent (invitations, codes) to users of the caller's pools, as `cognito-import
// outbox --output json` lists them, a page at a time (docs/extensions.md). Scoped as the API
// scopes pools: the key's account, and the region the request was signed for (a pool id starts
// with its region). Paged as AWS's List* operations are: MaxResults (1-60, default 60), and an
// opaque NextToken bound to the scope and filters it was given for.
import { InvalidParameterException } from '../../api/errors';
import { isMessageFile, matchesFilter, outboxEntryJson, pageOutbox } from '../../messages/outboxList';
import { decodePageToken, encodePageToken } from '../../operations/pageToken';
import type { Scope } from '../../store/ports';
import { authenticate, queryParams, sendJson, type ExtensionCall, type ExtensionDeps } from './common';

const PARAMS = ['UserPoolId', 'Username', 'MaxResults', 'NextToken'] as const;
/** The most messages a page holds, and a page's size when MaxResults is not given. */
export const OUTBOX_PAGE_MAX = 60;

function maxResults(v: string | undefined): number {
  if (v === undefined) return OUTBOX_PAGE_MAX;
  const n = /^[0-9]{1,3}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= OUTBOX_PAGE_MAX)) {
    throw new InvalidParameterException(`The query parameter MaxResults is '${v}': it must be a whole number from 1 to ${OUTBOX_PAGE_MAX}.`);
  }
  return n;
}

/** The file to continue after; a token of another scope or other filters, or not one this route wrote, is refused. */
function after(token: string | undefined, listOf: string): string | undefined {
  const cursor = decodePageToken(listOf, token, 'NextToken');
  if (cursor === undefined) return undefined;
  if (!isMessageFile(cursor.id) || cursor.id.includes('/')) {
    throw new InvalidParameterException('The NextToken is not valid for this request: pass the value of NextToken from the previous page\'s answer unchanged.');
  }
  return cursor.id;
}

export async function handleOutbox(c: ExtensionCall, d: ExtensionDeps): Promise<void> {
  const scope: Scope = await authenticate(c, d);
  const q = queryParams(c.query, PARAMS);
  const filter = { poolId: q.get('UserPoolId'), username: q.get('Username') };
  const limit = maxResults(q.get('MaxResults'));
  const listOf = JSON.stringify(['outbox', scope.accountId, scope.region, filter.poolId ?? null, filter.username ?? null]);
  const inFilter = matchesFilter(filter);
  const page = await pageOutbox(d.outboxDir, {
    after: after(q.get('NextToken'), listOf), limit,
    match: (m) => m.accountId === scope.accountId && m.poolId.startsWith(`${scope.region}_`) && inFilter(m),
  });
  const body: { Messages: Record<string, string>[]; NextToken?: string } = { Messages: page.entries.map(outboxEntryJson) };
  if (page.next !== undefined) body.NextToken = encodePageToken(listOf, { ms: 0, id: page.next });
  sendJson(c, 200, body, { 'Cache-Control': 'no-store' });
}

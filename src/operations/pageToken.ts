// Opaque pagination tokens: the position after the last item, base64url, bound to what is listed
// so a token from one list is refused by another.
import { InvalidParameterException } from '../api/errors';
import type { PageCursor } from '../store/ports';

export function encodePageToken(listOf: string, c: PageCursor): string {
  return Buffer.from(JSON.stringify([listOf, c.ms, c.id])).toString('base64url');
}

export function decodePageToken(listOf: string, token: string | undefined, member: string): PageCursor | undefined {
  if (token === undefined) return undefined;
  try {
    const [l, ms, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [string, number, string];
    // Only positions a page could have written: a whole millisecond count both stores can hold
    // (PostgreSQL's bigint refuses 1e300 and 1.5) and an id without U+0000, which no pool, job or
    // username has and PostgreSQL text cannot hold. Anything else is a token nobody was given.
    if (l === listOf && Number.isSafeInteger(ms) && typeof id === 'string' && !id.includes('\u0000')) return { ms, id };
  } catch {
    // fall through to the error below
  }
  throw new InvalidParameterException(`The ${member} is not valid for this request: pass the value of ${member} from the previous page's answer unchanged.`);
}

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
    if (l === listOf && typeof ms === 'number' && typeof id === 'string') return { ms, id };
  } catch {
    // fall through to the error below
  }
  throw new InvalidParameterException(`The ${member} is not valid for this request: pass the value of ${member} from the previous page's answer unchanged.`);
}

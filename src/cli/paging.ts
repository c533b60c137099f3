// The aws CLI's automatic pagination (botocore's PageIterator): page after page until the
// service stops returning a token, the result lists joined; --max-items stops early and the
// output then ends with a NextToken that --starting-token takes back. Tokens are encoded as
// botocore encodes them (base64 of its JSON), so either tool can resume the other's listing.
import type { Paginator } from './services';
import { ParamValidationError } from './errors';

export interface Paging { startingToken?: string; pageSize?: number; maxItems?: number }

type Page = Record<string, unknown>;
type Token = Record<string, unknown>;

/** Python's json.dumps: ", " and ": " separators, non-ASCII escaped. */
function pyJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyJson(k)}: ${pyJson(x)}`).join(', ')}}`;
}

export function encodeToken(token: Token): string {
  return Buffer.from(pyJson(token), 'utf8').toString('base64');
}

export function decodeToken(text: string, paginator: Paginator): { next: Token; truncate: number } {
  let token: unknown;
  try {
    token = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    token = undefined;
  }
  if (!token || typeof token !== 'object' || !(paginator.inputToken in token)) {
    // botocore's legacy form: the service's own token, as printed by the API.
    return { next: { [paginator.inputToken]: text }, truncate: 0 };
  }
  const { boto_truncate_amount: truncate, ...next } = token as Token;
  if (truncate !== undefined && typeof truncate !== 'number') throw new ParamValidationError(`Bad starting token: ${text}`);
  return { next, truncate: (truncate as number | undefined) ?? 0 };
}

export interface PagedResult {
  /** The pages joined (json, table, yaml print this), NextToken last when --max-items stopped early. */
  full: Page;
  /** Each page's result keys (text and yaml-stream print page by page, as the aws CLI does). */
  pages: Page[];
  nextToken?: string;
}

export async function paginate(send: (params: Record<string, unknown>) => Promise<Page>, params: Record<string, unknown>,
  paginator: Paginator, paging: Paging): Promise<PagedResult> {
  const { inputToken, outputToken, limitKey, resultKeys } = paginator;
  const primary = resultKeys[0];
  const kwargs: Record<string, unknown> = { ...params };
  let next: Token = { [inputToken]: undefined };
  let startTruncation = 0;
  if (paging.startingToken !== undefined) {
    const decoded = decodeToken(paging.startingToken, paginator);
    next = decoded.next;
    startTruncation = decoded.truncate;
    inject(kwargs, next);
  }
  if (paging.pageSize !== undefined && limitKey) kwargs[limitKey] = paging.pageSize;
  const full: Page = {};
  const pages: Page[] = [];
  let total = 0;
  let first = true;
  let previous: string | undefined;
  let resume: Token | undefined;
  for (;;) {
    const page = await send({ ...kwargs });
    let truncation = 0;
    if (first) {
      first = false;
      if (startTruncation > 0) {
        truncation = startTruncation;
        const list = page[primary];
        if (Array.isArray(list)) page[primary] = list.slice(startTruncation);
        for (const k of resultKeys.slice(1)) if (Array.isArray(page[k])) page[k] = [];
      }
    }
    const items = Array.isArray(page[primary]) ? (page[primary] as unknown[]) : [];
    const over = paging.maxItems !== undefined ? total + items.length - paging.maxItems : 0;
    if (over > 0) {
      const keep = items.length - over;
      page[primary] = items.slice(0, keep);
      merge(full, page, resultKeys);
      pages.push(pick(page, resultKeys));
      resume = { ...next, boto_truncate_amount: keep + truncation };
      break;
    }
    merge(full, page, resultKeys);
    pages.push(pick(page, resultKeys));
    total += items.length;
    const token = page[outputToken];
    next = { [inputToken]: token || undefined };
    if (!token) break;
    if (paging.maxItems !== undefined && total === paging.maxItems) {
      resume = next;
      break;
    }
    if (previous !== undefined && previous === JSON.stringify(next)) throw new Error(`The same next token was received twice: ${JSON.stringify(next)}`);
    previous = JSON.stringify(next);
    inject(kwargs, next);
  }
  const nextToken = resume ? encodeToken(resume) : undefined;
  if (nextToken) full.NextToken = nextToken;
  return { full, pages, nextToken };
}

function pick(page: Page, keys: string[]): Page {
  const out: Page = {};
  for (const k of keys) if (page[k] !== undefined) out[k] = page[k];
  return out;
}

function inject(kwargs: Record<string, unknown>, token: Token): void {
  for (const [k, v] of Object.entries(token)) {
    if (v !== undefined && v !== null && v !== 'None') kwargs[k] = v;
    else delete kwargs[k];
  }
}

function merge(full: Page, page: Page, resultKeys: string[]): void {
  for (const key of resultKeys) {
    const v = page[key];
    if (v === undefined || v === null) continue;
    const existing = full[key];
    if (existing === undefined) full[key] = Array.isArray(v) ? [...v] : v;
    else if (Array.isArray(existing) && Array.isArray(v)) existing.push(...v);
    else if (typeof existing === 'number' && typeof v === 'number') full[key] = existing + v;
    else if (typeof existing === 'string' && typeof v === 'string') full[key] = existing + v;
  }
}

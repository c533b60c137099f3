// Lists the outbox folder (src/messages/fileOutbox.ts), oldest first: what `cognito-import
// outbox` prints and what an embedded server's messages() answers. Each message is read from
// its X-Cognito-Import-* headers (src/messages/eml.ts); the body is decoded too, for those who
// want it. A folder that does not exist yet is an empty outbox.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTBOX_HEADERS } from './eml';
import { parseEml } from './emlRead';

export interface OutboxEntry {
  /** When it was sent: ISO 8601, UTC, milliseconds. */
  time: string;
  accountId: string;
  poolId: string;
  username: string;
  /** invitation, forgot_password, reset_password or verification (src/messages/ports.ts). */
  kind: string;
  /** EMAIL or SMS. */
  medium: string;
  /** The email address or phone number, in full. */
  destination: string;
  /** Emails only. */
  subject?: string;
  /** The code or temporary password the body carries. */
  code?: string;
  /** The text, lines ending in "\n". */
  body: string;
  messageId?: string;
  /** The .eml file's name in the folder. */
  file: string;
}

export interface OutboxFilter {
  poolId?: string;
  username?: string;
}

/** A file the outbox wrote: `<time>-...eml`; temporary files start with "." and end in .tmp. */
export const isMessageFile = (name: string): boolean => name.endsWith('.eml') && !name.startsWith('.');

/** 20261206T162233.123Z-... -> 2026-12-06T16:22:33.123Z; else the Date header's time. */
function timeOf(file: string, date: string | undefined): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-/.exec(file);
  if (m) return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
  const ms = date === undefined ? NaN : Date.parse(date);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

/** One .eml file's entry. */
export function outboxEntry(file: string, bytes: Buffer): OutboxEntry {
  const { headers, body } = parseEml(bytes);
  const h = (name: string): string | undefined => headers.get(name.toLowerCase());
  return {
    time: timeOf(file, h('Date')),
    accountId: h(OUTBOX_HEADERS.account) ?? '',
    poolId: h(OUTBOX_HEADERS.pool) ?? '',
    username: h(OUTBOX_HEADERS.username) ?? '',
    kind: h(OUTBOX_HEADERS.kind) ?? '',
    medium: h(OUTBOX_HEADERS.medium) ?? '',
    destination: h(OUTBOX_HEADERS.destination) ?? h('To') ?? '',
    subject: h('Subject'),
    code: h(OUTBOX_HEADERS.code),
    body,
    messageId: h('Message-ID'),
    file,
  };
}

/**
 * One message as `cognito-import outbox --output json` and the server's outbox route show it:
 * the aws CLI's PascalCase, absent members left out.
 */
export function outboxEntryJson(m: OutboxEntry): Record<string, string> {
  const out: Record<string, string> = {
    Time: m.time, AccountId: m.accountId, UserPoolId: m.poolId, Username: m.username, Kind: m.kind, Medium: m.medium, Destination: m.destination,
  };
  if (m.subject !== undefined) out.Subject = m.subject;
  if (m.code !== undefined) out.Code = m.code;
  out.Body = m.body;
  out.File = m.file;
  return out;
}

const missing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** The message files in `dir`, oldest first (their names sort by time of sending); none when no folder. */
async function messageNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter(isMessageFile).sort();
  } catch (e) {
    if (missing(e)) return [];
    throw e;
  }
}

/** One file's entry; undefined when it was removed since the listing (an embedded server's reset()). */
async function readEntry(dir: string, name: string): Promise<OutboxEntry | undefined> {
  try {
    return outboxEntry(name, await readFile(join(dir, name)));
  } catch (e) {
    if (missing(e)) return undefined;
    throw e;
  }
}

/** The index of the first name after `after` in sorted `names`. */
function firstAfter(names: string[], after: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid] <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface OutboxPage {
  entries: OutboxEntry[];
  /** The file name to continue after, when the page is full and more files follow; else undefined. */
  next?: string;
}

/**
 * Up to `limit` messages that `match`, oldest first, after the file named `after`. Files are
 * read in name order until the page is full: those before `after` and after the page are not
 * read (the folder is listed, which costs its names only). A page that ends where the files do
 * has no `next`; one that fills up has it even when no later file matches (the next page is then
 * empty), since knowing would mean reading past the page.
 */
export async function pageOutbox(dir: string, o: { after?: string; limit: number; match: (m: OutboxEntry) => boolean }): Promise<OutboxPage> {
  const names = await messageNames(dir);
  const entries: OutboxEntry[] = [];
  let i = o.after === undefined ? 0 : firstAfter(names, o.after);
  for (; i < names.length && entries.length < o.limit; i++) {
    const entry = await readEntry(dir, names[i]);
    if (entry && o.match(entry)) entries.push(entry);
  }
  return { entries, next: entries.length === o.limit && i < names.length ? names[i - 1] : undefined };
}

/** Whether a message is of the pool and/or username asked for. */
export const matchesFilter = (filter: OutboxFilter) => (m: OutboxEntry): boolean =>
  (filter.poolId === undefined || m.poolId === filter.poolId) && (filter.username === undefined || m.username === filter.username);

/** The messages in `dir`, oldest first, those of one pool and/or username when asked. */
export async function listOutbox(dir: string, filter: OutboxFilter = {}): Promise<OutboxEntry[]> {
  return (await pageOutbox(dir, { limit: Infinity, match: matchesFilter(filter) })).entries;
}

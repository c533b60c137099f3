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
const isMessageFile = (name: string): boolean => name.endsWith('.eml') && !name.startsWith('.');

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

/** The messages in `dir`, oldest first, those of one pool and/or username when asked. */
export async function listOutbox(dir: string, filter: OutboxFilter = {}): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isMessageFile).sort();
  } catch (e) {
    if (missing(e)) return [];
    throw e;
  }
  const entries: OutboxEntry[] = [];
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, name));
    } catch (e) {
      if (missing(e)) continue; // removed since the listing (an embedded server's reset())
      throw e;
    }
    const entry = outboxEntry(name, bytes);
    if (filter.poolId !== undefined && entry.poolId !== filter.poolId) continue;
    if (filter.username !== undefined && entry.username !== filter.username) continue;
    entries.push(entry);
  }
  return entries;
}

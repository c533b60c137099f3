// The outbox folder: every message the server sends is one .eml file in <data dir>/outbox/
// (docs/spec.md section 9, [OURS]), written before anything else is done with it, so tests and
// people can read each code and invitation whether or not SMTP is configured.
//
// File names start with the UTC time of sending to the millisecond, then a sequence number
// (messages sent in the same millisecond, as under a test's frozen clock, keep their order), then
// random characters: `20261206T162233.123Z-000001-k3J9xQ2m.eml`. Sorting the names sorts the
// messages by time of sending.
//
// Each file is written whole under a temporary name starting with "." and renamed into place
// (rename(2) replaces or creates the name atomically): a reader listing *.eml never sees part of
// a message. Folder 0700, files 0600, whatever the umask (src/dataDir.ts).
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DIR_MODE, FILE_MODE } from '../dataDir';
import { randomChars } from '../domain/ids';
import type { Logger } from '../logger';
import { composeEml, DEFAULT_MAIL_FROM, type ComposedMessage } from './eml';
import type { Outbox, OutgoingMessage } from './ports';

/** The folder under the data dir. */
export const OUTBOX_FOLDER = 'outbox';

export interface FileOutboxOptions {
  /** The From of every message (RFC 5322 mailbox: `addr` or `Name <addr>`). Default: Cognito's own sender. */
  from?: string;
  log?: Logger;
  /** The random part of file names; tests fix it to know a name in advance. */
  random?: () => string;
}

/** What write() put in the folder. */
export interface WrittenMessage extends ComposedMessage {
  /** The file's full path. */
  path: string;
  /** Its name, without the folder. */
  name: string;
}

/** 1765038153123 -> 20251206T162233.123Z (ISO 8601 basic format, UTC). */
export function fileTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '');
}

export class FileOutbox implements Outbox {
  readonly dir: string;
  readonly from: string;
  private readonly log?: Logger;
  private readonly random: () => string;
  private lastTime = '';
  private sequence = 0;

  constructor(dir: string, options: FileOutboxOptions = {}) {
    this.dir = dir;
    this.from = options.from ?? DEFAULT_MAIL_FROM;
    this.log = options.log;
    this.random = options.random ?? (() => randomChars(8));
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.write(message);
  }

  /** Nothing is held open between messages. */
  async close(): Promise<void> {}

  /** Writes the message's .eml file; resolves once it is in place under its final name. */
  async write(message: OutgoingMessage): Promise<WrittenMessage> {
    const stem = this.nextStem(message.sentMs);
    const composed = await composeEml(message, this.from, stem);
    const name = `${stem}.eml`;
    const path = join(this.dir, name);
    await this.ensureDir();
    await writeAtomically(this.dir, name, composed.bytes);
    this.log?.info('message written to the outbox', { file: name, poolId: message.poolId, kind: message.kind, medium: message.medium });
    return { ...composed, path, name };
  }

  /** Chosen synchronously, so concurrent sends get distinct, ordered names. */
  private nextStem(sentMs: number): string {
    const time = fileTime(sentMs);
    this.sequence = time === this.lastTime ? this.sequence + 1 : 1;
    this.lastTime = time;
    return `${time}-${String(this.sequence).padStart(6, '0')}-${this.random()}`;
  }

  private async ensureDir(): Promise<void> {
    // mkdir's mode is narrowed by the umask, never widened: set it exactly when the folder is new.
    if (await mkdir(this.dir, { recursive: true, mode: DIR_MODE }) !== undefined) await chmod(this.dir, DIR_MODE);
  }
}

/**
 * `bytes` under `dir/name`, whole or not at all: written and flushed to disk under a hidden
 * temporary name, then renamed. Without the flush, a crash soon after the rename could leave the
 * final name on an empty file (the data reaches the disk after the rename on delayed-allocation
 * file systems). On any failure the temporary file is removed and the error thrown.
 */
export async function writeAtomically(dir: string, name: string, bytes: Buffer): Promise<void> {
  const temp = join(dir, `.${name}.${randomChars(6)}.tmp`);
  try {
    const file = await open(temp, 'wx', FILE_MODE);
    try {
      await file.chmod(FILE_MODE); // exactly 0600, whatever the umask took away
      await file.writeFile(bytes);
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temp, join(dir, name));
  } catch (e) {
    await rm(temp, { force: true }).catch(() => {});
    throw e;
  }
}

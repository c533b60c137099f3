// The one place that turns the settings into the server's outbox: the .eml folder in the data
// dir, and SMTP for emails when --smtp-url is set.
import { join } from 'node:path';
import type { Logger } from '../logger';
import { FileOutbox, OUTBOX_FOLDER } from './fileOutbox';
import type { Outbox } from './ports';

export interface ServerOutbox extends Outbox {
  /** The folder of .eml files. */
  readonly dir: string;
  close(): Promise<void>;
}

export function openOutbox(dataDir: string, settings: { mailFrom?: string; smtpUrl?: string }, log: Logger): ServerOutbox {
  const files = new FileOutbox(join(dataDir, OUTBOX_FOLDER), { from: settings.mailFrom, log });
  if (settings.smtpUrl === undefined) return files;
  // Loaded only when asked for: a server without --smtp-url never loads nodemailer's SMTP transport.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SmtpOutbox } = require('./smtpOutbox') as typeof import('./smtpOutbox');
  return new SmtpOutbox(files, settings.smtpUrl, log);
}

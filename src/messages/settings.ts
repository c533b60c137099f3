// The values of --smtp-url and --mail-from (read by src/config.ts, the only reader of flags and
// the environment), and the one way an SMTP URL is shown: without its password.
import { ConfigError } from '../configError';
import { DEFAULT_MAIL_FROM } from './eml';

/** A URL as it may be shown: its password replaced by ***, so no log line or error message carries it. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(not a URL)';
  }
}

/** --smtp-url: smtp:// (STARTTLS when the server offers it) or smtps:// (TLS from the start), as nodemailer takes them. */
export function smtpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Not echoed: it may hold a password.
    throw new ConfigError('--smtp-url must be a URL such as smtp://user:password@host:587 or smtps://user:password@host:465');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new ConfigError(`--smtp-url must be an smtp:// or smtps:// URL, not '${redactUrl(url)}'`);
  if (!u.hostname) throw new ConfigError(`--smtp-url has no host: '${redactUrl(url)}'`);
  return url;
}

/** --mail-from: an address, or a display name and an address in angle brackets (RFC 5322 section 3.4). */
export function mailFrom(value: string | undefined): string {
  if (value === undefined) return DEFAULT_MAIL_FROM;
  const v = value.trim();
  const address = /^[^\s@<>]+@[^\s@<>]+$/;
  const named = /^[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>$/;
  if (!address.test(v) && !named.test(v)) throw new ConfigError(`--mail-from must be an email address or "Name <address>", not '${value}'`);
  return v;
}

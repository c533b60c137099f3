// The web console's token on the zero-config local server (docs/extensions.md, "console/local-key"):
// what a request shows to be given the server's own key. Shown only in the server's output, in the
// console link's fragment. Good for one use: a link left in a browser's history, or in the command
// line of a browser started to open it (/proc/<pid>/cmdline is readable by every local user), is
// spent by the time anyone else could read it. Each use makes the next one, which the server
// prints for the next browser.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 24 random bytes, base64url: 32 characters, safe in a URL fragment and a header. */
const newToken = (): string => randomBytes(24).toString('base64url');

export class ConsoleToken {
  private token = newToken();

  /** next: told each new token, once the one before is spent. */
  constructor(private readonly next: (token: string) => void = () => {}) {}

  get current(): string {
    return this.token;
  }

  /** True once for the current token, which is then replaced; compared in constant time. */
  take(given: string | undefined): boolean {
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return false;
    this.token = newToken();
    this.next(this.token);
    return true;
  }
}

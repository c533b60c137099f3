// The zero-config local server's own key (docs/console.md, "The local server's own key"). The
// server offers it only to a request that shows the console token, which `cognito-import serve`
// prints in the console link's fragment (#token=...): the browser never sends a fragment, so the
// token reaches no log and no proxy. A token is good for one use (the server prints the next), so
// the page asks once, takes the token out of the address (a reload or a bookmark does not carry a
// spent one), and keeps what it was given in memory only, for as long as the page is open.
import { EXT_PREFIX } from './ext';

export interface LocalKey {
  AccessKeyId: string;
  SecretAccessKey: string;
  Region: string;
}

const TOKEN_FRAGMENT = /^#token=([A-Za-z0-9_-]{16,128})$/;
let consoleToken: string | undefined;
let offered: Promise<LocalKey | undefined> | undefined;

/** At load, before the router reads the fragment: a link's token is taken, and the fragment becomes the pools page's. */
export function takeConsoleToken(): void {
  const m = TOKEN_FRAGMENT.exec(location.hash);
  if (!m) return;
  consoleToken = m[1];
  history.replaceState(history.state, '', `${location.pathname}${location.search}#/`);
}

/** Whether the page was opened with a console link (the sign-in page says where to find one otherwise). */
export const hasConsoleToken = (): boolean => consoleToken !== undefined;

/**
 * The key, or undefined when the server does not offer it (the route answers 404: no token, a
 * spent one or one of another run, not loopback, a key the operator configured). Unsigned: it is how the
 * console gets a key. The header makes the browser ask a CORS preflight for any other origin,
 * which the server never grants.
 */
export function fetchLocalKey(): Promise<LocalKey | undefined> {
  // Asked once: the token is spent by the answer, which the sign-in page offers again after a sign-out.
  offered ??= consoleToken ? askLocalKey(consoleToken) : Promise.resolve(undefined);
  return offered;
}

async function askLocalKey(consoleToken: string): Promise<LocalKey | undefined> {
  try {
    const res = await fetch(`${EXT_PREFIX}/console/local-key`, { headers: { 'X-Cognito-Import-Console': consoleToken }, cache: 'no-store' });
    if (!res.ok) return undefined;
    const k = await res.json() as Partial<LocalKey>;
    return typeof k.AccessKeyId === 'string' && typeof k.SecretAccessKey === 'string' && typeof k.Region === 'string' ? k as LocalKey : undefined;
  } catch {
    return undefined;
  }
}

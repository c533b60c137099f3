// The zero-config local server's own key (docs/console.md, "The local server's own key"). The
// server offers it only to a request that shows this run's console token, which `cognito-import
// serve` prints in the console link's fragment (#token=...): the browser never sends a fragment,
// so the token reaches no log and no proxy. The page takes it out of the address at once (it is
// not kept in history or bookmarked) and keeps it in memory only, for as long as the page is open.
import { EXT_PREFIX } from './ext';

export interface LocalKey {
  AccessKeyId: string;
  SecretAccessKey: string;
  Region: string;
}

const TOKEN_FRAGMENT = /^#token=([A-Za-z0-9_-]{16,128})$/;
let consoleToken: string | undefined;

/** At load, before the router reads the fragment: a link's token is taken, and the fragment becomes the pools page's. */
export function takeConsoleToken(): void {
  const m = TOKEN_FRAGMENT.exec(location.hash);
  if (!m) return;
  consoleToken = m[1];
  history.replaceState(history.state, '', `${location.pathname}${location.search}#/`);
}

/** Whether the page was opened with a console link (the sign-in page says how to get one otherwise). */
export const hasConsoleToken = (): boolean => consoleToken !== undefined;

/**
 * The key, or undefined when the server does not offer it (the route answers 404: no token, a
 * token of another run, not loopback, a key the operator configured). Unsigned: it is how the
 * console gets a key. The header makes the browser ask a CORS preflight for any other origin,
 * which the server never grants.
 */
export async function fetchLocalKey(): Promise<LocalKey | undefined> {
  if (!consoleToken) return undefined;
  try {
    const res = await fetch(`${EXT_PREFIX}/console/local-key`, { headers: { 'X-Cognito-Import-Console': consoleToken }, cache: 'no-store' });
    if (!res.ok) return undefined;
    const k = await res.json() as Partial<LocalKey>;
    return typeof k.AccessKeyId === 'string' && typeof k.SecretAccessKey === 'string' && typeof k.Region === 'string' ? k as LocalKey : undefined;
  } catch {
    return undefined;
  }
}

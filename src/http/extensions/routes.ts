// The extension routes under /_cognito-import/v1/ (docs/extensions.md): this server's own
// additions, not AWS's, each SigV4-signed with service name `cognito-import` (console/local-key
// excepted) and scoped to the key's account as the API is. GET only. Routed here by path; each
// route is a file of its own over the narrow services in src/extensions/.
import { asServiceError, EXTENSION_PREFIX, MethodNotAllowedException, sendError, type ExtensionCall, type ExtensionDeps } from './common';
import { handleJobRows } from './jobRows';
import { handleJobSummary } from './jobSummary';
import { handleLocalKey } from './localKey';
import { handleOutbox } from './outbox';

interface Route {
  /** The metrics label (src/http/server.ts routeOf). */
  label: string;
  pattern: RegExp;
  /** False: answer as for an unknown route (the caller's 404). */
  handle(c: ExtensionCall, d: ExtensionDeps, segments: string[]): Promise<void | false> | boolean;
}

const SEGMENT = '([^/]+)';
const ROUTES: Route[] = [
  { label: 'ExtensionImportJob', pattern: new RegExp(`^user-pools/${SEGMENT}/import-jobs/${SEGMENT}$`), handle: handleJobSummary },
  { label: 'ExtensionImportJobRows', pattern: new RegExp(`^user-pools/${SEGMENT}/import-jobs/${SEGMENT}/rows\\.csv$`), handle: handleJobRows },
  { label: 'ExtensionOutbox', pattern: /^outbox$/, handle: handleOutbox },
  { label: 'ExtensionConsoleLocalKey', pattern: /^console\/local-key$/, handle: (c, d) => handleLocalKey(c, d) },
];

export interface MatchedRoute {
  route: Route;
  segments: string[];
}

/** The extension route of a path, or undefined when it names none. */
export function extensionRoute(path: string): MatchedRoute | undefined {
  if (!path.startsWith(EXTENSION_PREFIX)) return undefined;
  const rest = path.slice(EXTENSION_PREFIX.length);
  for (const route of ROUTES) {
    const m = route.pattern.exec(rest);
    if (m) return { route, segments: m.slice(1) };
  }
  return undefined;
}

export const extensionLabel = (m: MatchedRoute): string => m.route.label;

/**
 * Answers the request; false when the route is to answer as an unknown one (the caller's 404).
 * Every failure is an answer in the API's error shape, never a stack.
 */
export async function handleExtension(c: ExtensionCall, d: ExtensionDeps, m: MatchedRoute): Promise<boolean> {
  try {
    if (c.req.method !== 'GET') {
      c.req.resume();
      c.res.setHeader('Allow', 'GET');
      throw new MethodNotAllowedException(`${c.req.method} ${c.path}: the ${EXTENSION_PREFIX} routes answer GET only (docs/extensions.md).`);
    }
    return (await m.route.handle(c, d, m.segments)) !== false;
  } catch (e) {
    if (c.res.headersSent) {
      c.res.destroy();
      return true;
    }
    sendError(c, asServiceError(e, c, d.log));
    return true;
  }
}

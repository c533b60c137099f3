// The extension routes under /_cognito-import/v1/ (docs/extensions.md): this server's own
// additions, not AWS's, each SigV4-signed with service name `cognito-import` (console/local-key
// excepted) and scoped to the key's account as the API is. GET, and HEAD (the same answer without
// its body) where a route has it; console/local-key answers any other method as an unknown route
// (docs/extensions.md, "The rules every route follows"). Routed here by path; each route is a
// file of its own over the narrow services in src/extensions/.
import { asServiceError, EXTENSION_PREFIX, MethodNotAllowedException, sendError, type ExtensionCall, type ExtensionDeps } from './common';
import { handleJobRows } from './jobRows';
import { handleJobSummary } from './jobSummary';
import { handleLocalKey } from './localKey';
import { handleOutbox } from './outbox';

interface Route {
  /** The metrics label (src/http/server.ts routeOf). */
  label: string;
  pattern: RegExp;
  /**
   * The methods answered besides GET: HEAD (the handler sees it, and answers without a body), or
   * none, and then another method is answered as an unknown route, as a refused GET is.
   */
  otherMethods: 'HEAD' | 'unknown';
  /** False: answer as for an unknown route (the caller's 404). */
  handle(c: ExtensionCall, d: ExtensionDeps, segments: string[]): Promise<void | false> | boolean;
}

const SEGMENT = '([^/]+)';
const ROUTES: Route[] = [
  { label: 'ExtensionImportJob', pattern: new RegExp(`^user-pools/${SEGMENT}/import-jobs/${SEGMENT}$`), otherMethods: 'HEAD', handle: handleJobSummary },
  { label: 'ExtensionImportJobRows', pattern: new RegExp(`^user-pools/${SEGMENT}/import-jobs/${SEGMENT}/rows\\.csv$`), otherMethods: 'HEAD', handle: handleJobRows },
  { label: 'ExtensionOutbox', pattern: /^outbox$/, otherMethods: 'HEAD', handle: handleOutbox },
  // Every refusal of this route is the 404 of an unknown path, whatever the method (docs/extensions.md).
  { label: 'ExtensionConsoleLocalKey', pattern: /^console\/local-key$/, otherMethods: 'unknown', handle: (c, d) => handleLocalKey(c, d) },
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
    const method = c.req.method;
    if (method !== 'GET' && !(method === 'HEAD' && m.route.otherMethods === 'HEAD')) {
      c.req.resume();
      if (m.route.otherMethods === 'unknown') return false;
      c.res.setHeader('Allow', 'GET, HEAD');
      throw new MethodNotAllowedException(`${method} ${c.path}: this route answers GET and HEAD only (docs/extensions.md).`);
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

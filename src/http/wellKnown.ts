// What a pool publishes for token verifiers, unsigned, as Cognito serves them under its issuer:
// GET /<poolId>/.well-known/jwks.json and GET /<poolId>/.well-known/openid-configuration
// (documents made by src/auth/tokens). The issuer is <public URL>/<poolId>, so these are
// <issuer>/.well-known/..., where OIDC discovery and JWT libraries look for them.
import type { Clock } from '../domain/clock';
import type { TokenService } from '../auth/tokens';

export interface WellKnownRoute {
  poolId: string;
  document: 'jwks.json' | 'openid-configuration';
}

/** A pool id in Cognito's form (the API model's UserPoolIdType), then the document. */
const PATH = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

export function wellKnownRoute(path: string): WellKnownRoute | undefined {
  const m = PATH.exec(path);
  return m ? { poolId: m[1], document: m[2] as WellKnownRoute['document'] } : undefined;
}

export interface WellKnownDeps {
  tokens: Pick<TokenService, 'jwks' | 'openIdConfiguration'>;
  clock: Clock;
}

/** The route's metrics label, as the other routes' (server.ts routeOf). */
export const wellKnownLabel = (r: WellKnownRoute): string => (r.document === 'jwks.json' ? 'Jwks' : 'OpenIdConfiguration');

/**
 * The document, or the answer for an unknown pool: [OURS] 404 in the JSON error shape of the
 * server's other unknown routes, with the API's ResourceNotFoundException and its message.
 */
export async function wellKnownAnswer(r: WellKnownRoute, d: WellKnownDeps): Promise<{ status: number; body: unknown }> {
  // A pool's first signing key is made here when no token was issued yet (one write, once).
  const doc = r.document === 'jwks.json' ? await d.tokens.jwks(r.poolId, d.clock.now()) : await d.tokens.openIdConfiguration(r.poolId);
  return doc ? { status: 200, body: doc } : { status: 404, body: { __type: 'ResourceNotFoundException', message: `User pool ${r.poolId} does not exist.` } };
}

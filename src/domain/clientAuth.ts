// What sign-in asks of an app client: is this flow allowed, and is this SECRET_HASH right.
// Spec section 9 ("App clients" and the sign-in messages).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ExplicitAuthFlowsType } from '../api/generated/cognitoIdp';
import { DEFAULT_AUTH_FLOWS, type StoredClient } from './appClient';

/**
 * The AuthFlow values of InitiateAuth and AdminInitiateAuth that an app client gates, and the
 * ExplicitAuthFlows entries that allow each ([AWS] the ExplicitAuthFlows documentation: each
 * ALLOW_ value replaces a legacy one; REFRESH_TOKEN is the older name of REFRESH_TOKEN_AUTH).
 */
const ALLOWED_BY: Record<string, readonly ExplicitAuthFlowsType[]> = {
  USER_PASSWORD_AUTH: ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'],
  ADMIN_USER_PASSWORD_AUTH: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'],
  ADMIN_NO_SRP_AUTH: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'],
  USER_SRP_AUTH: ['ALLOW_USER_SRP_AUTH'],
  REFRESH_TOKEN_AUTH: ['ALLOW_REFRESH_TOKEN_AUTH'],
  REFRESH_TOKEN: ['ALLOW_REFRESH_TOKEN_AUTH'],
  CUSTOM_AUTH: ['ALLOW_CUSTOM_AUTH', 'CUSTOM_AUTH_FLOW_ONLY'],
  USER_AUTH: ['ALLOW_USER_AUTH'],
};

/** The client's ExplicitAuthFlows; [AWS] one made without them allows DEFAULT_AUTH_FLOWS. */
export const effectiveAuthFlows = (client: Pick<StoredClient, 'settings'>): readonly ExplicitAuthFlowsType[] =>
  client.settings.ExplicitAuthFlows ?? DEFAULT_AUTH_FLOWS;

/**
 * Whether the client allows an AuthFlow. A flow name this table does not know is not allowed:
 * the caller answers it (InvalidParameterException) before asking. Refusal message, for the
 * caller: `${flow} flow not enabled for this client` (spec section 9).
 */
export function authFlowAllowed(client: Pick<StoredClient, 'settings'>, flow: string): boolean {
  const allowedBy = Object.hasOwn(ALLOWED_BY, flow) ? ALLOWED_BY[flow] : undefined;
  if (!allowedBy) return false;
  const flows = effectiveAuthFlows(client);
  return allowedBy.some((f) => flows.includes(f));
}

/** [AWS] InvalidParameterException's message for a flow the client does not allow (spec section 9). */
export const flowNotEnabledMessage = (flow: string): string => `${flow} flow not enabled for this client`;

/**
 * [AWS] The SECRET_HASH a request to a client with a secret must carry: Base64(HMAC-SHA256(key =
 * the client secret, message = username + client id)), the developer guide's "Computing secret
 * hash values".
 */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

/**
 * What a request's SECRET_HASH is worth for this client. 'missing' and 'mismatch' are both
 * NotAuthorizedException, each with its own message below. Compared in time that does not depend
 * on where the two differ (a value of another length than a digest is refused without comparing).
 * [OURS] A client without a secret ignores a SECRET_HASH sent to it.
 */
export function checkSecretHash(client: Pick<StoredClient, 'clientId' | 'secret'>, username: string, given: string | undefined): 'not-required' | 'ok' | 'missing' | 'mismatch' {
  if (client.secret === undefined) return 'not-required';
  if (given === undefined) return 'missing';
  const expected = Buffer.from(secretHash(client.secret, username, client.clientId), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? 'ok' : 'mismatch';
}

/** [AWS] NotAuthorizedException's message when a client with a secret gets no SECRET_HASH (spec section 9). */
export const secretMissingMessage = (clientId: string): string => `Client ${clientId} is configured for secret but secret was not received`;

/** [AWS] NotAuthorizedException's message for a wrong SECRET_HASH (spec section 9). */
export const secretHashMismatchMessage = (clientId: string): string => `Unable to verify secret hash for client ${clientId}`;

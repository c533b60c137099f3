// App clients (CreateUserPoolClient...): Cognito's defaults, the rules the model cannot express,
// and the wire form. Every rule cites spec section 9, "App clients", where its source is.
import type {
  CreateUserPoolClientRequest, ExplicitAuthFlowsType, TimeUnitsType, UpdateUserPoolClientRequest,
  UserPoolClientDescription, UserPoolClientType,
} from '../api/generated/cognitoIdp';
import { InvalidParameterException } from '../api/errors';

/** What a client keeps besides its identity, as UserPoolClientType names it. */
export type ClientSettings = Omit<UserPoolClientType,
  'UserPoolId' | 'ClientName' | 'ClientId' | 'ClientSecret' | 'LastModifiedDate' | 'CreationDate'>;

export interface StoredClient {
  accountId: string;
  region: string;
  poolId: string;
  clientId: string;
  name: string;
  /** Only for a client made with GenerateSecret; kept as it is, since sign-in needs it back. */
  secret?: string;
  createdMs: number;
  modifiedMs: number;
  settings: ClientSettings;
}

/** The members Create and Update share: everything but the pool, the id, the name and GenerateSecret. */
export type ClientRequest = Omit<CreateUserPoolClientRequest & UpdateUserPoolClientRequest, 'UserPoolId' | 'ClientId' | 'ClientName' | 'GenerateSecret'>;

/** [AWS] spec section 9: the flows a client without ExplicitAuthFlows allows (the answer leaves the member out). */
export const DEFAULT_AUTH_FLOWS: readonly ExplicitAuthFlowsType[] = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

/** [AWS] Token lifetimes when the client names none: access and ID one hour, refresh 30 days (spec section 9). */
export const DEFAULT_REFRESH_TOKEN_VALIDITY = 30;
const DEFAULT_UNITS = { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' } as const;

const UNIT_SECONDS: Record<TimeUnitsType, number> = { seconds: 1, minutes: 60, hours: 3_600, days: 86_400 };

/** [AWS] The longest an access (or ID) token may be valid, in seconds: 1 day. */
export const ACCESS_TOKEN_MAX_SECONDS = 86_400;

/** [AWS] Ranges, in seconds: access and ID tokens 5 minutes to 1 day, refresh tokens 60 minutes to 10 years. */
const ACCESS_RANGE = { min: 300, max: ACCESS_TOKEN_MAX_SECONDS };
const REFRESH_RANGE = { min: 3_600, max: 315_360_000 };

/** [AWS] Cognito's words for a token lifetime out of range (spec section 9). */
export const TOKEN_VALIDITY_MESSAGE = 'Invalid range for token validity.';

/** [OURS] message; the rule is AWS's (spec section 9). */
export const MIXED_FLOWS_MESSAGE =
  'ExplicitAuthFlows values that begin with ALLOW_ cannot be used together with the legacy values ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY and USER_PASSWORD_AUTH.';
/** [OURS] message; the rule is AWS's (spec section 9). */
export const CONTEXT_DATA_MESSAGE = 'EnablePropagateAdditionalUserContextData can only be activated in an app client that has a client secret.';
/** [OURS] message; the rule is AWS's (spec section 9). */
export const DEFAULT_REDIRECT_MESSAGE = 'DefaultRedirectURI must be one of the CallbackURLs.';

const LEGACY_FLOWS = new Set<ExplicitAuthFlowsType>(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);

/** A list given empty is kept as if left out [OURS]; duplicates go, first one kept. */
const listOf = <T>(v: T[] | undefined): T[] | undefined => (v?.length ? [...new Set(v)] : undefined);

/**
 * The settings of a new client, or of an updated one: as on AWS, UpdateUserPoolClient resets
 * every member it does not name to its default (spec section 9), so both build them the same way.
 * Throws InvalidParameterException for a rule the model cannot express.
 */
export function clientSettings(r: ClientRequest, hasSecret: boolean): ClientSettings {
  const s: ClientSettings = {
    // [AWS] 0 means the default: "You can't set RefreshTokenValidity to 0" (botocore's documentation).
    RefreshTokenValidity: r.RefreshTokenValidity || DEFAULT_REFRESH_TOKEN_VALIDITY,
    AccessTokenValidity: r.AccessTokenValidity,
    IdTokenValidity: r.IdTokenValidity,
    // [AWS] Present, and empty, when the request names no unit (real answers of 2021-2025).
    TokenValidityUnits: { ...r.TokenValidityUnits },
    ReadAttributes: listOf(r.ReadAttributes),
    WriteAttributes: listOf(r.WriteAttributes),
    ExplicitAuthFlows: listOf(r.ExplicitAuthFlows),
    SupportedIdentityProviders: listOf(r.SupportedIdentityProviders),
    CallbackURLs: listOf(r.CallbackURLs),
    LogoutURLs: listOf(r.LogoutURLs),
    DefaultRedirectURI: r.DefaultRedirectURI,
    AllowedOAuthFlows: listOf(r.AllowedOAuthFlows),
    AllowedOAuthScopes: listOf(r.AllowedOAuthScopes),
    AllowedOAuthFlowsUserPoolClient: r.AllowedOAuthFlowsUserPoolClient ?? false,
    AnalyticsConfiguration: r.AnalyticsConfiguration,
    PreventUserExistenceErrors: r.PreventUserExistenceErrors,
    EnableTokenRevocation: r.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: r.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: r.AuthSessionValidity ?? 3,
  };
  checkClientRules(s, hasSecret);
  return JSON.parse(JSON.stringify(s)) as ClientSettings; // drops the undefined members
}

function checkClientRules(s: ClientSettings, hasSecret: boolean): void {
  checkTokenValidity(s);
  const flows = s.ExplicitAuthFlows ?? [];
  if (flows.some((f) => LEGACY_FLOWS.has(f)) && flows.some((f) => !LEGACY_FLOWS.has(f))) {
    throw new InvalidParameterException(MIXED_FLOWS_MESSAGE);
  }
  if (s.EnablePropagateAdditionalUserContextData && !hasSecret) throw new InvalidParameterException(CONTEXT_DATA_MESSAGE);
  if (s.DefaultRedirectURI !== undefined && !(s.CallbackURLs ?? []).includes(s.DefaultRedirectURI)) {
    throw new InvalidParameterException(DEFAULT_REDIRECT_MESSAGE);
  }
}

/** Seconds of a lifetime given in the client's unit for it. */
const seconds = (value: number, unit: TimeUnitsType): number => value * UNIT_SECONDS[unit];

/** The lifetimes a client gives its tokens, in seconds, defaults included: what sign-in will use. */
export function tokenLifetimes(s: ClientSettings): { accessSeconds: number; idSeconds: number; refreshSeconds: number } {
  const u = { ...DEFAULT_UNITS, ...s.TokenValidityUnits };
  return {
    accessSeconds: s.AccessTokenValidity === undefined ? 3_600 : seconds(s.AccessTokenValidity, u.AccessToken),
    idSeconds: s.IdTokenValidity === undefined ? 3_600 : seconds(s.IdTokenValidity, u.IdToken),
    refreshSeconds: seconds(s.RefreshTokenValidity ?? DEFAULT_REFRESH_TOKEN_VALIDITY, u.RefreshToken),
  };
}

/**
 * [AWS] Each lifetime within its range once its unit applies, and (as the console and the CDK
 * say) the access and ID tokens no longer than the refresh token. Spec section 9.
 */
function checkTokenValidity(s: ClientSettings): void {
  const t = tokenLifetimes(s);
  const inRange = (v: number, r: { min: number; max: number }): boolean => v >= r.min && v <= r.max;
  if (!inRange(t.accessSeconds, ACCESS_RANGE) || !inRange(t.idSeconds, ACCESS_RANGE) || !inRange(t.refreshSeconds, REFRESH_RANGE)
    || t.accessSeconds > t.refreshSeconds || t.idSeconds > t.refreshSeconds) {
    throw new InvalidParameterException(TOKEN_VALIDITY_MESSAGE);
  }
}

export function clientToWire(c: StoredClient): UserPoolClientType {
  return {
    UserPoolId: c.poolId,
    ClientName: c.name,
    ClientId: c.clientId,
    ClientSecret: c.secret,
    LastModifiedDate: new Date(c.modifiedMs),
    CreationDate: new Date(c.createdMs),
    ...c.settings,
  };
}

export function clientDescription(c: StoredClient): UserPoolClientDescription {
  return { ClientId: c.clientId, UserPoolId: c.poolId, ClientName: c.name };
}

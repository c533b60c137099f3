// User pools: Cognito's defaults and the wire form, enough for imports to be real. Defaults
// follow a real CreateUserPool answer of December 2024 and the aws CLI's create-user-pool
// example; the schema rules are in ./poolSchema.ts (spec section 10).
import type {
  CreateUserPoolRequest, UpdateUserPoolRequest, UserPoolType, UserPoolDescriptionType,
} from '../api/generated/cognitoIdp';
import { InvalidParameterException } from '../api/errors';
import { isCustomAttributeName, poolSchemaFrom } from './poolSchema';

export { standardAttributes } from './poolSchema';

export type PoolSettings = Omit<UserPoolType,
  'Id' | 'Name' | 'LastModifiedDate' | 'CreationDate' | 'Arn' | 'EstimatedNumberOfUsers' | 'Status'>;

export interface StoredPool {
  accountId: string;
  region: string;
  id: string;
  name: string;
  createdMs: number;
  modifiedMs: number;
  settings: PoolSettings;
}

type MutableSettings = Pick<CreateUserPoolRequest & UpdateUserPoolRequest,
  'Policies' | 'DeletionProtection' | 'LambdaConfig' | 'AutoVerifiedAttributes' | 'SmsVerificationMessage' |
  'EmailVerificationMessage' | 'EmailVerificationSubject' | 'VerificationMessageTemplate' | 'SmsAuthenticationMessage' |
  'UserAttributeUpdateSettings' | 'MfaConfiguration' | 'DeviceConfiguration' | 'EmailConfiguration' | 'SmsConfiguration' |
  'UserPoolTags' | 'AdminCreateUserConfig' | 'UserPoolAddOns' | 'AccountRecoverySetting' | 'UserPoolTier'>;

/**
 * The settings CreateUserPool and UpdateUserPool share. As on AWS, UpdateUserPool resets
 * every one it does not name to its default, so both build them the same way.
 */
function mutableSettings(r: MutableSettings): PoolSettings {
  const pp = r.Policies?.PasswordPolicy;
  const s: PoolSettings = {
    Policies: {
      PasswordPolicy: pp
        ? { MinimumLength: pp.MinimumLength ?? 8, RequireUppercase: pp.RequireUppercase ?? false,
          RequireLowercase: pp.RequireLowercase ?? false, RequireNumbers: pp.RequireNumbers ?? false,
          RequireSymbols: pp.RequireSymbols ?? false, PasswordHistorySize: pp.PasswordHistorySize,
          TemporaryPasswordValidityDays: pp.TemporaryPasswordValidityDays ?? 7 }
        : { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true,
          RequireSymbols: true, TemporaryPasswordValidityDays: 7 },
      SignInPolicy: r.Policies?.SignInPolicy,
    },
    DeletionProtection: r.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: r.LambdaConfig ?? {},
    AutoVerifiedAttributes: r.AutoVerifiedAttributes?.length ? [...new Set(r.AutoVerifiedAttributes)] : undefined,
    SmsVerificationMessage: r.SmsVerificationMessage,
    EmailVerificationMessage: r.EmailVerificationMessage,
    EmailVerificationSubject: r.EmailVerificationSubject,
    VerificationMessageTemplate: r.VerificationMessageTemplate ?? { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    SmsAuthenticationMessage: r.SmsAuthenticationMessage,
    UserAttributeUpdateSettings: r.UserAttributeUpdateSettings ?? { AttributesRequireVerificationBeforeUpdate: [] },
    MfaConfiguration: r.MfaConfiguration ?? 'OFF',
    DeviceConfiguration: r.DeviceConfiguration,
    EmailConfiguration: r.EmailConfiguration ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    SmsConfiguration: r.SmsConfiguration,
    UserPoolTags: r.UserPoolTags,
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: r.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false,
      UnusedAccountValidityDays: r.AdminCreateUserConfig?.UnusedAccountValidityDays ?? 7,
      InviteMessageTemplate: r.AdminCreateUserConfig?.InviteMessageTemplate,
    },
    UserPoolAddOns: r.UserPoolAddOns,
    AccountRecoverySetting: r.AccountRecoverySetting,
    UserPoolTier: r.UserPoolTier,
  };
  if (s.MfaConfiguration !== 'OFF' && !s.SmsConfiguration) {
    // [OURS] AWS also accepts software-token-only MFA set later with SetUserPoolMfaConfig,
    // which we do not serve; SMS configuration is the way to allow MFA here.
    throw new InvalidParameterException('SMS configuration and Auto verification for phone_number are required when MFA is required/optional');
  }
  return JSON.parse(JSON.stringify(s)) as PoolSettings; // drops the undefined members
}

export function newPoolSettings(r: CreateUserPoolRequest): PoolSettings {
  if (r.UsernameAttributes?.length && r.AliasAttributes?.length) {
    throw new InvalidParameterException('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.');
  }
  const settings = mutableSettings(r);
  settings.SchemaAttributes = poolSchemaFrom(r.Schema);
  if (r.AliasAttributes?.length) settings.AliasAttributes = [...new Set(r.AliasAttributes)];
  if (r.UsernameAttributes?.length) settings.UsernameAttributes = [...new Set(r.UsernameAttributes)];
  if (r.UsernameConfiguration) settings.UsernameConfiguration = r.UsernameConfiguration;
  return settings;
}

/** UpdateUserPool: what the request names, defaults for the rest; schema and sign-in options stay. */
export function updatedPoolSettings(current: PoolSettings, r: UpdateUserPoolRequest): PoolSettings {
  const next = mutableSettings(r);
  next.SchemaAttributes = current.SchemaAttributes;
  next.AliasAttributes = current.AliasAttributes;
  next.UsernameAttributes = current.UsernameAttributes;
  next.UsernameConfiguration = current.UsernameConfiguration;
  return JSON.parse(JSON.stringify(next)) as PoolSettings;
}

export function poolArn(p: StoredPool): string {
  return `arn:aws:cognito-idp:${p.region}:${p.accountId}:userpool/${p.id}`;
}

export function poolToWire(p: StoredPool, estimatedUsers = 0): UserPoolType {
  return {
    ...p.settings,
    Id: p.id,
    Name: p.name,
    LastModifiedDate: new Date(p.modifiedMs),
    CreationDate: new Date(p.createdMs),
    EstimatedNumberOfUsers: estimatedUsers,
    Arn: poolArn(p),
  };
}

export function poolDescription(p: StoredPool): UserPoolDescriptionType {
  return {
    Id: p.id, Name: p.name, LambdaConfig: p.settings.LambdaConfig ?? {},
    LastModifiedDate: new Date(p.modifiedMs), CreationDate: new Date(p.createdMs),
  };
}

/** GetCSVHeader (spec section 2): the fixed standard columns, then the custom attributes in creation order. */
export const STANDARD_CSV_COLUMNS = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture',
  'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
  'phone_number_verified', 'address', 'updated_at', 'cognito:mfa_enabled', 'cognito:username',
] as const;

/**
 * The import checks its header against this list too, so both always agree (spec section 10):
 * [OURS] developer-only `dev:custom:` attributes are listed (an import is an administrator's
 * write, the kind that may set them); a name with a comma, which only a pool stored before
 * such names were refused can hold, is left out, as no CSV header could name it.
 */
export function csvHeader(p: StoredPool): string[] {
  const custom = (p.settings.SchemaAttributes ?? []).map((a) => a.Name!)
    .filter((n) => isCustomAttributeName(n) && !n.includes(','));
  return [...STANDARD_CSV_COLUMNS, ...custom];
}

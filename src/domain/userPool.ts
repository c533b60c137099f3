// User pools: Cognito's defaults, schema rules and the wire form, enough for imports to be
// real (issue 2, scope 5). Defaults follow a real CreateUserPool answer of December 2024
// and the aws CLI's create-user-pool example.
import type {
  CreateUserPoolRequest, SchemaAttributeType, UpdateUserPoolRequest, UserPoolType, UserPoolDescriptionType,
} from '../api/generated/cognitoIdp';
import { InvalidParameterException } from '../api/errors';

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

const str = (name: string, min = '0', max = '2048', mutable = true, required = false): SchemaAttributeType => ({
  Name: name, AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: mutable, Required: required,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
});
const bool = (name: string): SchemaAttributeType => ({
  Name: name, AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
});

/** The 20 standard attributes, in the order DescribeUserPool lists them. */
export function standardAttributes(): SchemaAttributeType[] {
  return [
    str('sub', '1', '2048', false, true), str('name'), str('given_name'), str('family_name'), str('middle_name'),
    str('nickname'), str('preferred_username'), str('profile'), str('picture'), str('website'), str('email'),
    bool('email_verified'), str('gender'), str('birthdate', '10', '10'), str('zoneinfo'), str('locale'),
    str('phone_number'), bool('phone_number_verified'), str('address'),
    { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
      NumberAttributeConstraints: { MinValue: '0' } },
  ];
}

const STANDARD_NAMES = new Set(standardAttributes().map((a) => a.Name!));
export const MAX_CUSTOM_ATTRIBUTES = 50;

/** Turns request Schema entries into custom attributes (`custom:` prefixed), checking Cognito's rules. */
export function customAttributesFrom(entries: SchemaAttributeType[], existing: SchemaAttributeType[]): SchemaAttributeType[] {
  const names = new Set(existing.map((a) => a.Name));
  const out: SchemaAttributeType[] = [];
  for (const e of entries) {
    const bare = e.Name!.startsWith('custom:') ? e.Name!.slice(7) : e.Name!;
    const name = `custom:${bare}`;
    if (!bare) throw new InvalidParameterException('Custom attribute name must not be empty.');
    if (names.has(name)) throw new InvalidParameterException(`Existing attribute already has name ${name}.`);
    if (e.Required) throw new InvalidParameterException('Required custom attributes are not supported currently.');
    const type = e.AttributeDataType ?? 'String';
    const attr: SchemaAttributeType = {
      Name: name, AttributeDataType: type, DeveloperOnlyAttribute: e.DeveloperOnlyAttribute ?? false,
      Mutable: e.Mutable ?? true, Required: false,
    };
    if (type === 'Number' && e.NumberAttributeConstraints) attr.NumberAttributeConstraints = e.NumberAttributeConstraints;
    if (type === 'String') attr.StringAttributeConstraints = e.StringAttributeConstraints ?? {};
    checkConstraints(name, attr);
    names.add(name);
    out.push(attr);
  }
  const total = existing.filter((a) => a.Name!.startsWith('custom:')).length + out.length;
  if (total > MAX_CUSTOM_ATTRIBUTES) {
    throw new InvalidParameterException(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; this request would make ${total}.`);
  }
  return out;
}

function checkConstraints(name: string, a: SchemaAttributeType): void {
  const nums = (o: Record<string, string | undefined> | undefined, lo: string, hi: string): void => {
    if (!o) return;
    for (const k of [lo, hi]) {
      if (o[k] !== undefined && !/^-?\d+$/.test(o[k]!)) {
        throw new InvalidParameterException(`${k} of attribute ${name} must be a whole number, not '${o[k]}'.`);
      }
    }
    if (o[lo] !== undefined && o[hi] !== undefined && Number(o[lo]) > Number(o[hi])) {
      throw new InvalidParameterException(`${lo} of attribute ${name} is greater than its ${hi}.`);
    }
  };
  nums(a.StringAttributeConstraints as Record<string, string | undefined>, 'MinLength', 'MaxLength');
  nums(a.NumberAttributeConstraints as Record<string, string | undefined>, 'MinValue', 'MaxValue');
  const max = a.StringAttributeConstraints?.MaxLength;
  if (max !== undefined && Number(max) > 2048) {
    throw new InvalidParameterException(`MaxLength of attribute ${name} must be at most 2048.`);
  }
}

/** Standard attributes with the Required/Mutable changes the request's Schema asks for. */
function schemaFrom(entries: SchemaAttributeType[] | undefined): SchemaAttributeType[] {
  const std = standardAttributes();
  const custom: SchemaAttributeType[] = [];
  for (const e of entries ?? []) {
    const s = std.find((a) => a.Name === e.Name);
    if (!s) { custom.push(e); continue; }
    if (e.Name === 'sub') throw new InvalidParameterException('The sub attribute cannot be changed.');
    if (e.AttributeDataType && e.AttributeDataType !== s.AttributeDataType) {
      throw new InvalidParameterException(`${e.Name} is a standard attribute of type ${s.AttributeDataType}; its type cannot be changed.`);
    }
    if (e.Required !== undefined) s.Required = e.Required;
    if (e.Mutable !== undefined) s.Mutable = e.Mutable;
    if (e.StringAttributeConstraints && s.StringAttributeConstraints) s.StringAttributeConstraints = { ...s.StringAttributeConstraints, ...e.StringAttributeConstraints };
  }
  return [...std, ...customAttributesFrom(custom, std)];
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
  settings.SchemaAttributes = schemaFrom(r.Schema);
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

/** GetCSVHeader (spec section 2): the fixed standard columns, then custom attributes in creation order. */
export const STANDARD_CSV_COLUMNS = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture',
  'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
  'phone_number_verified', 'address', 'updated_at', 'cognito:mfa_enabled', 'cognito:username',
] as const;

export function csvHeader(p: StoredPool): string[] {
  const custom = (p.settings.SchemaAttributes ?? []).map((a) => a.Name!).filter((n) => n.startsWith('custom:'));
  return [...STANDARD_CSV_COLUMNS, ...custom];
}

export { STANDARD_NAMES };

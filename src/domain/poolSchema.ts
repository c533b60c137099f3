// A user pool's attribute schema and the rules Cognito applies to CreateUserPool's Schema and
// to AddCustomAttributes. docs/spec.md section 10 ("Pool schema validation") lists every rule
// with its message and says which are AWS's (with the trace or page that shows them) and which
// are this project's own choice. Every check runs before anything is stored, so a refused
// request changes nothing.
import type { SchemaAttributeType, StringAttributeConstraintsType, NumberAttributeConstraintsType } from '../api/generated/cognitoIdp';
import { InvalidParameterException } from '../api/errors';

/** [AWS] user-pool-settings-attributes: "You can add up to 50 custom attributes". */
export const MAX_CUSTOM_ATTRIBUTES = 50;
/** [AWS] user-pool-settings-attributes: no attribute longer than 2048 characters. */
export const MAX_STRING_LENGTH = 2048;
/** [AWS] the API model: a number constraint is "a number less than or equal to 2^1023". */
const MAX_NUMBER = 2n ** 1023n;

const str = (name: string, min = '0', max = '2048', mutable = true, required = false): SchemaAttributeType => ({
  Name: name, AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: mutable, Required: required,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
});
const bool = (name: string): SchemaAttributeType => ({
  Name: name, AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
});

/** The 20 standard attributes, in the order DescribeUserPool lists them (a real CreateUserPool answer). */
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

type Entry = SchemaAttributeType & { Name: string };

/** True for the attributes AddCustomAttributes and Schema create: `custom:x` and `dev:custom:x`. */
export function isCustomAttributeName(name: string): boolean {
  return name.startsWith('custom:') || name.startsWith('dev:custom:');
}

/**
 * [OURS] An entry without Name: the model does not mark Name required, and no trace shows
 * Cognito's answer. Said in Coral's words, as the validation layer says a missing member.
 */
function requireNames(entries: SchemaAttributeType[], member: 'schema' | 'customAttributes'): asserts entries is Entry[] {
  const missing: string[] = [];
  entries.forEach((e, i) => {
    if (e.Name === undefined) missing.push(`Value null at '${member}.${i + 1}.member.name' failed to satisfy constraint: Member must not be null`);
  });
  const n = missing.length;
  if (n > 0) throw new InvalidParameterException(`${n} validation error${n === 1 ? '' : 's'} detected: ${missing.join('; ')}`);
}

/** Only the members that are there: a constraint left out must not erase a default when merged. */
function present<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** String constraints: whole numbers of characters, at most 2048, minimum not above maximum (moto's wording). */
function stringConstraints(name: string, c: StringAttributeConstraintsType): StringAttributeConstraintsType {
  const out: StringAttributeConstraintsType = {};
  for (const k of ['MinLength', 'MaxLength'] as const) {
    const v = c[k];
    if (v === undefined) continue;
    if (!/^\d+$/.test(v)) throw new InvalidParameterException(`Invalid StringAttributeConstraints for schema attribute ${name}`);
    if (BigInt(v) > BigInt(MAX_STRING_LENGTH)) {
      throw new InvalidParameterException(`user.${name}: String attributes cannot have a length of more than ${MAX_STRING_LENGTH}`);
    }
    out[k] = v;
  }
  if (out.MinLength !== undefined && out.MaxLength !== undefined && BigInt(out.MinLength) > BigInt(out.MaxLength)) {
    throw new InvalidParameterException(`user.${name}: Max length cannot be less than min length.`);
  }
  return out;
}

/**
 * Number constraints: whole numbers within the model's 2^1023, minimum not above maximum.
 * [OURS] Negative bounds are accepted (moto refuses them; no AWS trace says either way).
 */
function numberConstraints(name: string, c: NumberAttributeConstraintsType): NumberAttributeConstraintsType {
  const out: NumberAttributeConstraintsType = {};
  for (const k of ['MinValue', 'MaxValue'] as const) {
    const v = c[k];
    if (v === undefined) continue;
    if (!/^-?\d+$/.test(v) || (BigInt(v) < 0n ? -BigInt(v) : BigInt(v)) > MAX_NUMBER) {
      throw new InvalidParameterException(`Invalid NumberAttributeConstraints for schema attribute ${name}`);
    }
    out[k] = v;
  }
  if (out.MinValue !== undefined && out.MaxValue !== undefined && BigInt(out.MinValue) > BigInt(out.MaxValue)) {
    throw new InvalidParameterException(`user.${name}: Max value cannot be less than min value.`);
  }
  return out;
}

/** [OURS] sub is the user's identifier: an entry may restate it, not change it. */
function checkSubUnchanged(e: Entry): void {
  const c = e.StringAttributeConstraints;
  if (e.Required === false || e.Mutable === true
    || (c?.MinLength !== undefined && c.MinLength !== '1') || (c?.MaxLength !== undefined && c.MaxLength !== '2048')) {
    throw new InvalidParameterException('The standard attribute sub cannot be changed: it is always required, immutable and 1 to 2048 characters long.');
  }
}

/** A Schema entry naming a standard attribute: its type and developer-only flag are fixed. */
function applyStandard(s: SchemaAttributeType, e: Entry): void {
  if ((e.AttributeDataType !== undefined && e.AttributeDataType !== s.AttributeDataType) || e.DeveloperOnlyAttribute) {
    throw new InvalidParameterException(`You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${e.Name}`);
  }
  if (e.Name === 'sub') return checkSubUnchanged(e);
  if (e.Required !== undefined) s.Required = e.Required;
  if (e.Mutable !== undefined) s.Mutable = e.Mutable;
  // A Number standard attribute keeps no string constraints and the other way round, as a real answer shows.
  if (s.StringAttributeConstraints && e.StringAttributeConstraints) {
    s.StringAttributeConstraints = stringConstraints(e.Name, { ...s.StringAttributeConstraints, ...present(e.StringAttributeConstraints) });
  }
  if (s.NumberAttributeConstraints && e.NumberAttributeConstraints) {
    s.NumberAttributeConstraints = numberConstraints(e.Name, { ...s.NumberAttributeConstraints, ...present(e.NumberAttributeConstraints) });
  }
}

/**
 * A new custom attribute: `custom:<Name>`, or `dev:custom:<Name>` when DeveloperOnlyAttribute
 * (the API model's CreateUserPool example). A Name that already starts with `custom:` is not
 * stripped: Cognito makes it `custom:custom:...` (traces in the spec).
 */
function customAttribute(e: Entry): SchemaAttributeType {
  const key = `custom:${e.Name}`;
  const name = e.DeveloperOnlyAttribute ? `dev:${key}` : key;
  if (e.Name.includes(',')) {
    // [OURS] GetCSVHeader's columns are separated by commas: an import could never name it.
    throw new InvalidParameterException(`The custom attribute name ${key} contains a comma; user import CSV headers separate columns with commas, so use a name without one.`);
  }
  if (e.AttributeDataType === undefined) {
    throw new InvalidParameterException('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
  }
  if (e.Required) throw new InvalidParameterException('Required custom attributes are not supported currently.');
  const attr: SchemaAttributeType = {
    Name: name, AttributeDataType: e.AttributeDataType, DeveloperOnlyAttribute: e.DeveloperOnlyAttribute ?? false,
    Mutable: e.Mutable ?? true, Required: false,
  };
  // Constraints of the other type are dropped, as in the API model's CreateUserPool example.
  if (e.AttributeDataType === 'String') attr.StringAttributeConstraints = stringConstraints(name, e.StringAttributeConstraints ?? {});
  if (e.AttributeDataType === 'Number' && e.NumberAttributeConstraints) {
    attr.NumberAttributeConstraints = numberConstraints(name, e.NumberAttributeConstraints);
  }
  return attr;
}

/** New custom attributes after `existing`, all checked before any is kept. */
function customAttributes(entries: Entry[], existing: SchemaAttributeType[]): SchemaAttributeType[] {
  // custom:x and dev:custom:x are one name: the key is custom:x, as the message says.
  const taken = new Map<string, string>();
  for (const a of existing) if (isCustomAttributeName(a.Name!)) taken.set(a.Name!.replace(/^dev:/, ''), a.Name!);
  const out: SchemaAttributeType[] = [];
  for (const e of entries) {
    const key = `custom:${e.Name}`;
    const held = taken.get(key);
    if (held !== undefined) throw new InvalidParameterException(`${key}: Existing attribute already has name ${held}.`);
    const attr = customAttribute(e);
    taken.set(key, attr.Name!);
    out.push(attr);
  }
  const total = existing.filter((a) => isCustomAttributeName(a.Name!)).length + out.length;
  if (total > MAX_CUSTOM_ATTRIBUTES) {
    throw new InvalidParameterException(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; this request would make ${total}.`);
  }
  return out;
}

/** CreateUserPool: the standard attributes with the changes Schema asks for, then its custom attributes. */
export function poolSchemaFrom(entries: SchemaAttributeType[] = []): SchemaAttributeType[] {
  requireNames(entries, 'schema');
  const std = standardAttributes();
  const named = new Set<string>();
  const custom: Entry[] = [];
  for (const e of entries) {
    if (!STANDARD_NAMES.has(e.Name)) {
      custom.push(e);
      continue;
    }
    // [OURS] no trace shows which of two entries for one attribute Cognito keeps.
    if (named.has(e.Name)) throw new InvalidParameterException(`The Schema names the standard attribute ${e.Name} more than once.`);
    named.add(e.Name);
    applyStandard(std.find((a) => a.Name === e.Name)!, e);
  }
  return [...std, ...customAttributes(custom, std)];
}

/** AddCustomAttributes: every entry is a custom attribute, even one named like a standard one. */
export function addedCustomAttributes(entries: SchemaAttributeType[], existing: SchemaAttributeType[]): SchemaAttributeType[] {
  requireNames(entries, 'customAttributes');
  return customAttributes(entries, existing);
}

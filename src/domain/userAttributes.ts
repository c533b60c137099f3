// The attributes an administrator sets (AdminCreateUser, AdminUpdateUserAttributes): checked
// against the pool's schema with the CSV import's own rules (csvHeader.ts attributeRule,
// csvFormats.ts), so a value the import refuses is refused here too, and merged into the user's
// attributes. Messages and the rules' sources: docs/spec.md section 9, "Admin user operations".
import { AliasExistsException, InvalidParameterException } from '../api/errors';
import type { AttributeType, SchemaAttributeType } from '../api/generated/cognitoIdp';
import {
  attributeRule, BIRTHDATE, BOOLEAN, DATETIME, EMAIL, EPOCH, NUMBER, PHONE, poolSchemaByName, type AttributeRule,
} from './csvHeader';
import { emailProblem, EPOCH_RE, isBirthdate, isDateTime, normalizeBoolean, NUMBER_RE, PHONE_RE } from './csvFormats';
import { longerThan, shorterThan } from './text';
import type { AliasKind, StoredUser } from './user';
import type { StoredPool } from './userPool';

export type Attributes = [string, string][];

/** [AWS] The frame of AdminCreateUser's (and SignUp's) schema refusals: aws-amplify/amplify-flutter#509. */
const CREATE_FRAME = 'Attributes did not conform to the schema: ';
/** [AWS] spec section 9: amazon-cognito-identity-js#316 (phone), Amplify apps' handlers (email). */
export const INVALID_EMAIL = 'Invalid email address format.';
export const INVALID_PHONE = 'Invalid phone number format.';
/** [AWS] aws-amplify/aws-sdk-ios#2203 (`email_verified`); the same words for `sub` in a restore tool's test. */
export const nonMutable = (name: string): string => `Cannot modify the non-mutable attribute ${name}`;
/** [AWS wording as cognito-local has it, unconfirmed] a verified flag with nothing to verify. */
export const EMAIL_NEEDED = 'Email is required to verify/un-verify an email';
export const PHONE_NEEDED = 'Phone Number is required to verify/un-verify a phone number';

/** [AWS] "An account with the given email already exists." (phone_number too; preferred_username by analogy, OURS). */
export const aliasExists = (kind: AliasKind): AliasExistsException => new AliasExistsException(`An account with the given ${kind} already exists.`);

type Mode = 'create' | 'update';

/** One refusal: create's lines are `name: reason`, update's `user.name: reason` (aws-amplify/amplify-flutter#1531). */
function refuse(mode: Mode, problems: { name: string; reason: string }[]): InvalidParameterException {
  const lines = problems.map((p) => `${mode === 'update' ? 'user.' : ''}${p.name}: ${p.reason}\n`).join('');
  return new InvalidParameterException(mode === 'create' ? CREATE_FRAME + lines : lines);
}

/** Why a non-empty value breaks the attribute's rule, or undefined; the same order of checks as csvRules.checkRow. */
function valueProblem(v: string, rule: AttributeRule): string | undefined {
  switch (rule.kind) {
    case EMAIL: if (emailProblem(v) !== 0) return INVALID_EMAIL; break;
    case PHONE: if (!PHONE_RE.test(v)) return INVALID_PHONE; break;
    case BIRTHDATE: if (!isBirthdate(v)) return rule.reasons.format; break;
    case EPOCH: if (!EPOCH_RE.test(v)) return rule.reasons.format; break;
    case NUMBER: if (!NUMBER_RE.test(v)) return rule.reasons.format; break;
    case DATETIME: if (!isDateTime(v)) return rule.reasons.format; break;
    case BOOLEAN: return normalizeBoolean(v) === null ? rule.reasons.format : undefined;
  }
  if (shorterThan(v, rule.minLen)) return rule.reasons.short;
  if (longerThan(v, rule.maxLen)) return rule.reasons.long;
  if (rule.hasRange && (+v < rule.minVal)) return rule.reasons.low;
  if (rule.hasRange && (+v > rule.maxVal)) return rule.reasons.high;
  return undefined;
}

/**
 * The request's attributes checked and normalized (booleans lower-cased, as the import stores
 * them), in request order, a name given twice keeping its last value. An empty or absent Value
 * is kept as '' (create: not set; update: removed). Throws InvalidParameterException: every name
 * the schema does not have, in one message; else `sub`, or an immutable attribute the user
 * already has; else the first value that breaks its rule.
 */
export function checkAttributes(pool: StoredPool, request: AttributeType[] | undefined, mode: Mode, user?: StoredUser): Attributes {
  const schema = poolSchemaByName(pool);
  const given = new Map<string, string>();
  for (const a of request ?? []) given.set(a.Name!, a.Value ?? '');
  const unknown = [...given.keys()].filter((n) => !schema.has(n));
  if (unknown.length) throw refuse(mode, unknown.map((name) => ({ name, reason: 'Attribute does not exist in the schema.' })));
  const current = new Map(user?.attributes ?? []);
  for (const name of given.keys()) {
    const attr = schema.get(name)!;
    if (name === 'sub' || (mode === 'update' && attr.Mutable === false && current.has(name))) {
      throw new InvalidParameterException(nonMutable(name));
    }
  }
  const out: Attributes = [];
  for (const [name, v] of given) {
    const attr = schema.get(name) as SchemaAttributeType;
    const rule = attributeRule(name, attr);
    const problem = v === '' ? undefined : valueProblem(v, rule);
    if (problem === INVALID_EMAIL || problem === INVALID_PHONE) throw new InvalidParameterException(problem);
    if (problem) throw refuse(mode, [{ name, reason: problem }]);
    out.push([name, rule.kind === BOOLEAN && v !== '' ? normalizeBoolean(v)! : v]);
  }
  return out;
}

/**
 * AdminUpdateUserAttributes' result: the user's attributes with the request's applied in place
 * (a new name appended, '' removing one), `sub` staying first. [AWS] A changed email (or
 * phone_number) the request does not also verify becomes unverified: `email_verified` "false"
 * (cognito-local's defaultVerifiedAttributesIfModified; the developer guide's "Verifying updates
 * to email addresses and phone numbers"). [OURS] Removing email removes email_verified with it.
 */
export function mergeAttributes(current: Attributes, changes: Attributes): Attributes {
  const next = new Map(current);
  const named = new Map(changes);
  for (const [contact, flag] of [['email', 'email_verified'], ['phone_number', 'phone_number_verified']] as const) {
    const v = named.get(contact);
    if (v === undefined || v === next.get(contact) || named.has(flag)) continue;
    changes = [...changes, [flag, v === '' ? '' : 'false']];
  }
  for (const [name, v] of changes) {
    if (v === '') next.delete(name);
    else next.set(name, v);
  }
  return [...next];
}

/** [OURS, as the import's row rule] a verified flag needs its email or phone_number. */
export function checkVerifiedContacts(attributes: Attributes): void {
  const m = new Map(attributes);
  if (m.get('email_verified') === 'true' && !m.get('email')) throw new InvalidParameterException(EMAIL_NEEDED);
  if (m.get('phone_number_verified') === 'true' && !m.get('phone_number')) throw new InvalidParameterException(PHONE_NEEDED);
}

/**
 * The sign-in aliases a user with these attributes holds, as the import decides them (csvHeader.ts
 * buildPlan, spec section 4): the pool's AliasAttributes, else its UsernameAttributes; an email or
 * phone_number only once verified; email compared lower-cased, preferred_username too in a
 * case-insensitive pool.
 */
export function aliasesOf(pool: StoredPool, attributes: Attributes): { kind: AliasKind; value: string }[] {
  const s = pool.settings;
  const kinds: AliasKind[] = s.AliasAttributes?.length ? s.AliasAttributes : (s.UsernameAttributes ?? []);
  const caseSensitive = s.UsernameConfiguration?.CaseSensitive ?? true;
  const m = new Map(attributes);
  const out: { kind: AliasKind; value: string }[] = [];
  for (const kind of kinds) {
    const v = m.get(kind);
    if (!v || (kind !== 'preferred_username' && m.get(`${kind}_verified`) !== 'true')) continue;
    out.push({ kind, value: kind === 'email' || (kind === 'preferred_username' && !caseSensitive) ? v.toLowerCase() : v });
  }
  return out;
}

// The Filter of ListUsers: `AttributeName Filter-Type "AttributeValue"`, where Filter-Type is
// `=` (exact) or `^=` (starts with), a quotation mark or backslash inside the value is escaped
// with a backslash, and an empty filter lists every user (API reference, ListUsers).
import { InvalidParameterException } from '../api/errors';
import type { UserFilter } from '../store/ports';

/** The only attributes ListUsers can search (API reference); custom attributes are not searchable. */
export const SEARCHABLE_ATTRIBUTES = [
  'username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username',
  'cognito:user_status', 'status', 'sub',
] as const;

export type SearchableAttribute = (typeof SEARCHABLE_ATTRIBUTES)[number];

/** [AWS] a filter that does not parse: the real answer in aws/aws-sdk-php#1088 and aws/aws-aspnet-cognito-identity-provider#235. */
export const FILTER_PARSE_ERROR = 'Error while parsing filter.';

/** An attribute ListUsers cannot search; the wording is moto's (getmoto/moto#4407), AWS's is unpublished. */
export const invalidSearchAttribute = (name: string): string => `Invalid search attribute: ${name}`;

const isSearchable = (name: string): name is SearchableAttribute => (SEARCHABLE_ATTRIBUTES as readonly string[]).includes(name);

/**
 * Parses a Filter. Undefined for an absent or blank filter (all users). Throws
 * InvalidParameterException for bad syntax or an attribute that cannot be searched.
 */
export function parseUserFilter(text: string | undefined): (UserFilter & { attribute: SearchableAttribute }) | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^\s*([^\s=^"\\]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/su.exec(text);
  if (!m) throw new InvalidParameterException(FILTER_PARSE_ERROR);
  const [, attribute, op, raw] = m;
  if (!isSearchable(attribute)) throw new InvalidParameterException(invalidSearchAttribute(attribute));
  return { attribute, op: op as UserFilter['op'], value: raw.replace(/\\(.)/gsu, '$1') };
}

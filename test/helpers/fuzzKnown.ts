// Values of particular shapes worth more than random ones: the fixtures' real ids and tokens
// (fuzzFixtures.ts), tokens crafted to decode but point nowhere sane, ListUsers filters and
// CloudWatch filter patterns in their grammar with hostile values inside.
import * as fc from 'fast-check';
import { ROLE_ARN, KEY_A } from './server';
import { Ref, type FuzzValue } from './fuzzValues';
import type { KnownValues } from './fuzzShapes';
import { SEARCHABLE_ATTRIBUTES } from '../../src/domain/userFilter';
import { encodeEventToken } from '../../src/domain/logs';
import { REGION, USERNAMES } from './fuzzFixtures';

const refs = (...names: string[]): fc.Arbitrary<FuzzValue> => fc.constantFrom(...names.map((n) => new Ref(n)));
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Numbers and strings a token's position may hold that no page ever wrote. */
const oddNumber = fc.constantFrom<unknown>(0, -1, 1.5, 2 ** 53 + 2, 2 ** 63, 1e300, -1e300, '1', null, true, []);
const oddText = fc.constantFrom<unknown>('', 'a', '\u0000', '\ud800', 'zzzzzzzz', '%', "'", '\\', 1, null, {});

/** A base64url JSON token of the right list with a strange position, or any JSON at all. */
function craftedToken(label: string, make: (pos: [unknown, unknown, unknown], r: (n: string) => string) => unknown): fc.Arbitrary<FuzzValue> {
  return fc.tuple(oddNumber, oddText, oddNumber).map((pos) => new Ref(`${label}(${pos.map((p) => JSON.stringify(p)).join(', ')})`, (r) => b64(make(pos, r))));
}

const anyJsonToken: fc.Arbitrary<FuzzValue> = fc.jsonValue({ maxDepth: 3 }).map((v) => b64(v));

const pageTokens: fc.Arbitrary<FuzzValue> = fc.oneof(
  refs('token.users', 'token.jobs', 'token.pools', 'token.clients'),
  craftedToken('users-token', ([ms, id], r) => [`users:${r('pool')}`, ms, id]),
  craftedToken('jobs-token', ([ms, id], r) => [`jobs:${r('pool')}`, ms, id]),
  craftedToken('pools-token', ([ms, id]) => ['pools', ms, id]),
  craftedToken('clients-token', ([ms, id], r) => [`clients:${r('pool')}`, ms, id]),
  anyJsonToken,
);

const filterValue = fc.oneof(
  fc.constantFrom('alice', 'a', '', 'u1@example.com', 'RESET_REQUIRED', 'reset_required', 'Enabled', 'Zoë', '%', '_', '\\"', '\\\\', '*', '\u0000', '\ud800', '\ud83d'),
  fc.string({ maxLength: 12 }),
  fc.tuple(fc.constantFrom('%', '_', '\\\\', 'a', '@', '.'), fc.integer({ min: 1, max: 250 })).map(([u, n]) => u.repeat(n)),
);

/** `attribute op "value"` and near misses. */
const userFilter: fc.Arbitrary<FuzzValue> = fc.tuple(
  fc.constantFrom(...SEARCHABLE_ATTRIBUTES, 'custom:tier', 'Email', 'email_verified', '', 'sub ', 'a"b'),
  fc.constantFrom('=', '^=', ' = ', '==', '!=', '^', ''),
  filterValue,
  fc.constantFrom('"', '', "'"),
).map(([a, op, v, q]) => `${a}${op}${q}${v}${q}`);

const filterTerm = fc.oneof(
  fc.constantFrom('SUCCEEDED', 'FAILED', 'Line', 'email', '[FAILED]', '"Line Number 7 -"', '"', '\\"', '%', '{', '[', '%x%', '\u0000', '\ud800', '""'),
  fc.string({ maxLength: 8 }),
  fc.tuple(fc.constantFrom('a', '"', '\\', '?', '-', ' '), fc.integer({ min: 1, max: 1100 })).map(([u, n]) => u.repeat(n)),
);

/** CloudWatch term patterns: terms, `?` alternatives, `-` exclusions, quoted phrases. */
const filterPattern: fc.Arbitrary<FuzzValue> = fc.array(fc.tuple(fc.constantFrom('', '?', '-', '?-', '-?'), filterTerm), { maxLength: 8 })
  .map((terms) => terms.map(([m, t]) => m + t).join(' '));

const eventToken = (dir: 'forward' | 'backward'): fc.Arbitrary<FuzzValue> =>
  fc.tuple(fc.constantFrom(-1, 0, 2 ** 53 - 3, 1e15), fc.constantFrom(-1, 0, 1, 2 ** 53 - 2), fc.constantFrom(0, 1))
    .map(([timestampMs, seq, stream]) => new Ref(`event-token(${dir}, ${timestampMs}, ${seq}, stream.${stream})`,
      (r) => encodeEventToken(dir, { timestampMs, seq }, { accountId: KEY_A.accountId, region: REGION }, r('group'), r(`stream.${stream}`))));

const logsTokens: fc.Arbitrary<FuzzValue> = fc.oneof(
  refs('token.events.f', 'token.events.b', 'token.filter', 'token.streams', 'token.groups'),
  eventToken('forward'), eventToken('backward'),
  craftedToken('groups-token', ([, name]) => ['logGroups', [null, null], [name]]),
  craftedToken('streams-token', ([ms, name], r) => ['logStreams', [r('group'), null, 'LogStreamName', false], [ms, name]]),
  craftedToken('filter-token', ([ms, name, seq], r) => ['logEvents', [r('group'), null, null, '', null, null], [ms, name, seq]]),
  anyJsonToken,
  fc.constantFrom('f/00000000000000000000000000000000000000000000000000000000/s', 'b/1/s', 'f//s'),
);

export const cognitoKnown: KnownValues = {
  UserPoolIdType: fc.oneof(refs('pool', 'pool.empty', 'pool.B'), fc.constant('us-west-2_doesnotexist')),
  UserImportJobIdType: fc.oneof(refs('job.uploaded', 'job.created'), fc.constant('import-doesnotexist')),
  UsernameType: fc.oneof(refs(...USERNAMES.map((_, i) => `user.${i}`)), fc.constantFrom('ALICE', 'nobody')),
  ArnType: fc.constantFrom(ROLE_ARN, 'arn:aws:iam::111111111111:role/x'),
  PaginationKeyType: pageTokens,
  PaginationKey: pageTokens,
  ClientIdType: fc.oneof(refs('client', 'client.plain'), fc.constant('doesnotexist')),
  SearchPaginationTokenType: pageTokens,
  UserFilterType: userFilter,
  AttributeNameType: fc.constantFrom('email', 'sub', 'name', 'custom:tier', 'custom:age', 'custom:nope', 'phone_number'),
  CustomAttributeNameType: fc.constantFrom('tier', 'x', 'a'.repeat(20), 'sub', 'custom:x'),
};

export const logsKnown: KnownValues = {
  LogGroupName: fc.oneof(refs('group'), fc.constantFrom('/aws/cognito/userpools/none/x', '/aws/cognito/userpools/')),
  LogGroupIdentifier: fc.oneof(refs('group', 'group.arn'), fc.constantFrom(`arn:aws:logs:eu-west-1:${KEY_A.accountId}:log-group:x`, 'arn:aws:logs:::log-group:')),
  LogGroupNamePattern: fc.constantFrom('fuzz', 'FUZZ-MAIN', '', 'userpools'),
  LogStreamName: fc.oneof(refs('stream.0', 'stream.1'), fc.constantFrom('import-', 'import-AAAAAAAAAA/none')),
  NextToken: logsTokens,
  FilterPattern: filterPattern,
};

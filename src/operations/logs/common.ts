// What the four Logs operations share: their errors, with CloudWatch's wording, and the log group
// a request names. Messages marked AWS were recorded from CloudWatch Logs (localstack's
// AWS-validated snapshots, tests/aws/services/logs/*.snapshot.json); [OURS] where AWS's is unknown.
import { InvalidParameterException, ResourceNotFoundException } from '../../api/generated/logs';
import { ServiceError } from '../../api/serviceError';
import { resolveLogGroup } from '../../domain/logs';
import type { Scope, Store } from '../../store/ports';

/** AWS: not in the Logs model, but what CloudWatch answers when both group parameters are given. */
export class ValidationException extends ServiceError {
  constructor(message: string) {
    super('ValidationException', 'client', message);
  }
}

/** AWS. */
export const groupNotFound = (): ResourceNotFoundException => new ResourceNotFoundException('The specified log group does not exist.');
/** AWS. */
export const streamNotFound = (): ResourceNotFoundException => new ResourceNotFoundException('The specified log stream does not exist.');
/** AWS (GetLogEvents and FilterLogEvents). */
export const badNextToken = (): InvalidParameterException => new InvalidParameterException('The specified nextToken is invalid.');

/**
 * The log group name a request names (logGroupName or logGroupIdentifier), or undefined when the
 * identifier is an ARN of another account or region: such a group does not exist for the caller.
 */
export function groupNameOf(scope: Scope, input: { logGroupName?: string; logGroupIdentifier?: string }): string | undefined {
  const r = resolveLogGroup(scope, input);
  if ('error' in r) {
    throw r.error === 'both'
      ? new ValidationException('LogGroup name and LogGroup ARN are mutually exclusive parameters.') // AWS
      : new InvalidParameterException('Either logGroupName or logGroupIdentifier must be specified.'); // [OURS]
  }
  return r.name;
}

/**
 * Whether a name or filter term holds U+0000. The model allows it in stream names and filter
 * patterns, but no group, stream or event message we write holds one and PostgreSQL text cannot
 * (it refuses such a query parameter): such a value matches nothing, and the operations answer
 * that without asking the store, as SQLite would answer it.
 */
export const hasNul = (s: string): boolean => s.includes('\u0000');

/**
 * startTime and endTime as the stores can compare them. The model's Timestamp is any long from 0;
 * past 2^53 ms (the year 287,396) no event can be, and both stores hold at most 2^63 - 1 (PostgreSQL
 * refuses a bigint parameter of 1e300): a later time means the same as 2^53 - 1.
 */
export const storableTime = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.min(ms, Number.MAX_SAFE_INTEGER));

/** The named group, which must exist in the caller's account and region. */
export async function requireGroup(store: Store, scope: Scope, input: { logGroupName?: string; logGroupIdentifier?: string }): Promise<string> {
  const name = groupNameOf(scope, input);
  if (name === undefined || !(await store.logs.groupExists(scope, name))) throw groupNotFound();
  return name;
}

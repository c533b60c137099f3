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

/** The named group, which must exist in the caller's account and region. */
export async function requireGroup(store: Store, scope: Scope, input: { logGroupName?: string; logGroupIdentifier?: string }): Promise<string> {
  const name = groupNameOf(scope, input);
  if (name === undefined || !(await store.logs.groupExists(scope, name))) throw groupNotFound();
  return name;
}

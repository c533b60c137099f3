// Which log group holds an import job's log stream. The engine writes a job's events to
// `/aws/cognito/userpools/<pool id>/<pool name>` with the pool's name when the job ran (spec
// section 6, src/domain/importLog.ts); UpdateUserPool can rename a pool, and the job's events stay
// under the old name's group. So, as the server's rows.csv route looks (docs/extensions.md,
// "rows.csv"), every group whose name starts with the pool's id is a candidate: the one holding
// the job's stream is the job's. The current name's group is asked first: the usual case, one call.
import { DescribeLogGroupsCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logGroupName } from '../src/domain/importLog';
import { apiError, type Api } from './aws';

/** The pool's log groups, by their names' prefix: one per name the pool ran jobs under. */
async function poolLogGroups(api: Api, poolId: string): Promise<string[]> {
  const found: string[] = [];
  let token: string | undefined;
  do {
    const r = await api.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName(poolId, ''), nextToken: token }));
    for (const g of r.logGroups ?? []) if (g.logGroupName) found.push(g.logGroupName);
    token = r.nextToken;
  } while (token);
  return found;
}

/** Whether the group has the stream; a group deleted meanwhile has none. */
async function hasStream(api: Api, group: string, stream: string): Promise<boolean> {
  try {
    const r = await api.logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: stream, limit: 1 }));
    return r.logStreams?.[0]?.logStreamName === stream;
  } catch (e) {
    if (apiError(e).type === 'ResourceNotFoundException') return false;
    throw e;
  }
}

/** The group holding the job's stream; undefined while the job has written no log. */
export async function findJobLogGroup(api: Api, poolId: string, poolName: string, stream: string): Promise<string | undefined> {
  const current = logGroupName(poolId, poolName);
  if (await hasStream(api, current, stream)) return current;
  for (const group of await poolLogGroups(api, poolId)) {
    if (group !== current && await hasStream(api, group, stream)) return group;
  }
  return undefined;
}

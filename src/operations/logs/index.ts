// The CloudWatch Logs operations we serve (spec section 6), checked by the compiler like the Cognito table.
import type { OperationName } from '../../api/generated/logs';
import type { LogsHandler, Services } from '../types';
import { describeLogGroups } from './describeLogGroups';
import { describeLogStreams } from './describeLogStreams';
import { filterLogEvents } from './filterLogEvents';
import { getLogEvents } from './getLogEvents';

export type LogsOperationTable = { [K in OperationName]: LogsHandler<K> };

export function buildLogsOperations(s: Services): LogsOperationTable {
  return {
    DescribeLogGroups: describeLogGroups(s),
    DescribeLogStreams: describeLogStreams(s),
    GetLogEvents: getLogEvents(s),
    FilterLogEvents: filterLogEvents(s),
  };
}

// The operation table. Its type lists every operation the generator was told we serve
// (scripts/codegen.ts SERVICES), so a served operation without a handler does not compile.
import type { OperationName } from '../api/generated/cognitoIdp';
import type { Handler, Services } from './types';
import { addCustomAttributes } from './addCustomAttributes';
import { createUserImportJob } from './createUserImportJob';
import { createUserPool } from './createUserPool';
import { deleteUserPool } from './deleteUserPool';
import { describeUserImportJob } from './describeUserImportJob';
import { describeUserPool } from './describeUserPool';
import { getCSVHeader } from './getCSVHeader';
import { listUserImportJobs } from './listUserImportJobs';
import { listUserPools } from './listUserPools';
import { startUserImportJob } from './startUserImportJob';
import { stopUserImportJob } from './stopUserImportJob';
import { updateUserPool } from './updateUserPool';

export type OperationTable = { [K in OperationName]: Handler<K> };

export function buildOperations(s: Services): OperationTable {
  return {
    CreateUserPool: createUserPool(s),
    DescribeUserPool: describeUserPool(s),
    ListUserPools: listUserPools(s),
    UpdateUserPool: updateUserPool(s),
    DeleteUserPool: deleteUserPool(s),
    AddCustomAttributes: addCustomAttributes(s),
    GetCSVHeader: getCSVHeader(s),
    CreateUserImportJob: createUserImportJob(s),
    DescribeUserImportJob: describeUserImportJob(s),
    ListUserImportJobs: listUserImportJobs(s),
    StartUserImportJob: startUserImportJob(s),
    StopUserImportJob: stopUserImportJob(s),
  };
}

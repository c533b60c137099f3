// The operation table. Its type lists every operation the generator was told we serve
// (scripts/codegen.ts SERVICES), so a served operation without a handler does not compile.
import * as cognito from '../api/generated/cognitoIdp';
import * as logs from '../api/generated/logs';
import type { OperationShape, ShapeTable } from '../api/shapes';
import type { Handler, RequestContext, Services } from './types';
import { buildLogsOperations } from './logs';
import { adminDeleteUser } from './adminDeleteUser';
import { adminGetUser } from './adminGetUser';
import { adminSetUserPassword } from './adminSetUserPassword';
import { adminCreateUser } from './adminCreateUser';
import { adminResetUserPassword } from './adminResetUserPassword';
import { adminUpdateUserAttributes } from './adminUpdateUserAttributes';
import { adminDisableUser } from './adminDisableUser';
import { adminEnableUser } from './adminEnableUser';
import { listUsers } from './listUsers';
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
import { initiateAuth } from './initiateAuth';
import { adminInitiateAuth } from './adminInitiateAuth';
import { respondToAuthChallenge } from './respondToAuthChallenge';
import { getUser } from './getUser';
import { changePassword } from './changePassword';
import { globalSignOut } from './globalSignOut';
import { revokeToken } from './revokeToken';
import { forgotPassword } from './forgotPassword';
import { confirmForgotPassword } from './confirmForgotPassword';
import { createUserPoolClient } from './createUserPoolClient';
import { describeUserPoolClient } from './describeUserPoolClient';
import { listUserPoolClients } from './listUserPoolClients';
import { updateUserPoolClient } from './updateUserPoolClient';
import { deleteUserPoolClient } from './deleteUserPoolClient';

export type OperationTable = { [K in cognito.OperationName]: Handler<K> };

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
    ListUsers: listUsers(s),
    AdminGetUser: adminGetUser(s),
    AdminDeleteUser: adminDeleteUser(s),
    AdminSetUserPassword: adminSetUserPassword(s),
    InitiateAuth: initiateAuth(s.signIn),
    AdminInitiateAuth: adminInitiateAuth(s.signIn),
    RespondToAuthChallenge: respondToAuthChallenge(s.signIn),
    GetUser: getUser(s.signIn),
    ChangePassword: changePassword(s.signIn),
    GlobalSignOut: globalSignOut(s.signIn),
    RevokeToken: revokeToken(s.signIn),
    ForgotPassword: forgotPassword(s.signIn),
    ConfirmForgotPassword: confirmForgotPassword(s.signIn),
    CreateUserPoolClient: createUserPoolClient(s),
    DescribeUserPoolClient: describeUserPoolClient(s),
    ListUserPoolClients: listUserPoolClients(s),
    UpdateUserPoolClient: updateUserPoolClient(s),
    DeleteUserPoolClient: deleteUserPoolClient(s),
    AdminCreateUser: adminCreateUser(s),
    AdminResetUserPassword: adminResetUserPassword(s),
    AdminUpdateUserAttributes: adminUpdateUserAttributes(s),
    AdminDisableUser: adminDisableUser(s),
    AdminEnableUser: adminEnableUser(s),
  };
}

/** One AWS JSON service on our endpoint: how requests name it, sign for it, and what it serves. */
export interface ServiceBinding {
  targetPrefix: string;
  signingName: string;
  shapes: ShapeTable;
  operations: Record<string, OperationShape>;
  handlers: Record<string, (input: never, ctx: RequestContext) => Promise<unknown>>;
}

export function buildServiceBindings(s: Services): ServiceBinding[] {
  return [
    { ...cognito.service, shapes: cognito.shapes, operations: cognito.operations, handlers: buildOperations(s) },
    { ...logs.service, shapes: logs.shapes, operations: logs.operations, handlers: buildLogsOperations(s) },
  ];
}

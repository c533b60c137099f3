// What the generator reads the models for (scripts/codegen.ts): each service's model file, its
// generated module, and the operations this server serves.

export interface ServiceSpec {
  id: string;
  file: string;
  out: string;
  served: string[];
}

// The operations the server answers. Adding one here and re-running the generator is the
// first step of serving it; src/operations/index.ts then fails to compile until it has a handler.
export const SERVICES: ServiceSpec[] = [
  {
    id: 'cognito-idp',
    file: 'cognito-identity-provider-2016-04-18.json',
    out: 'cognitoIdp.ts',
    served: [
      'CreateUserPool', 'DescribeUserPool', 'ListUserPools', 'UpdateUserPool', 'DeleteUserPool',
      'AddCustomAttributes', 'GetCSVHeader', 'CreateUserImportJob', 'DescribeUserImportJob',
      'ListUserImportJobs', 'StartUserImportJob', 'StopUserImportJob',
      'ListUsers', 'AdminGetUser', 'AdminDeleteUser', 'AdminSetUserPassword',
      'InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'GetUser', 'ChangePassword',
      'GlobalSignOut', 'RevokeToken', 'ForgotPassword', 'ConfirmForgotPassword',
      'CreateUserPoolClient', 'DescribeUserPoolClient', 'ListUserPoolClients', 'UpdateUserPoolClient', 'DeleteUserPoolClient',
      'AdminCreateUser', 'AdminResetUserPassword', 'AdminUpdateUserAttributes', 'AdminDisableUser', 'AdminEnableUser',
    ],
  },
  {
    id: 'logs',
    file: 'cloudwatch-logs-2014-03-28.json',
    out: 'logs.ts',
    served: ['DescribeLogGroups', 'DescribeLogStreams', 'GetLogEvents', 'FilterLogEvents'],
  },
];

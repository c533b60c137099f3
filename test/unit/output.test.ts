// The renderer on fixed values (spec section 7). Every expected string below
// was produced by the reference itself, not by this renderer: text, table and json by aws CLI
// v1.45's own formatters (awscli/formatter.py, text.py, table.py) on the same value; yaml and
// yaml-stream, which only v2 has, by v2's YAMLDumper logic on ruamel.yaml 0.17.21 with its
// libyaml emitter (v2 pins ruamel.yaml <= 0.17.21): sorted keys, scalars as JSON.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import * as jmespath from 'jmespath';
import { render, type RenderExtras } from '../../src/cli/output/index';
import { renderText } from '../../src/cli/output/text';
import { renderTable } from '../../src/cli/output/table';
import { renderJson } from '../../src/cli/output/json';
import { renderYaml, renderYamlStream } from '../../src/cli/output/yaml';
import { isoLocal } from '../../src/cli/output/wire';
import { pyFloatRepr, pyRepr, roundHalfEven } from '../../src/cli/output/py';
import { textLength } from '../../src/cli/output/eaw';
import { operations, shapes } from '../../src/api/generated/cognitoIdp';
import type { RenderOptions } from '../../src/cli/types';

// Wire-shaped answers, as botocore hands them to the formatter.
const job = {
  JobName: 'nightly import', JobId: 'import-TZqNQvDRnW', UserPoolId: 'us-west-2_aaaaaaaaa',
  PreSignedUrl: 'https://s3.us-west-2.amazonaws.com/xyz?X-Amz-Signature=abc',
  CreationDate: 1548271795.471, StartDate: 1548271796, CompletionDate: 1548271801.002, Status: 'Stopped',
  CloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/CognitoCloudWatchLogsRole',
  ImportedUsers: 2, SkippedUsers: 0, FailedUsers: 1, CompletionMessage: 'The Import Job was stopped by the developer.',
};
const users = { Users: [
  { Username: 'user1', Attributes: [{ Name: 'sub', Value: 'a1b2' }, { Name: 'email', Value: 'user1@example.com' }], UserCreateDate: 1548271795.471, Enabled: true, UserStatus: 'RESET_REQUIRED' },
  { Username: 'zoë', Attributes: [{ Name: 'name', Value: 'Zoë 全角' }], Enabled: false, UserStatus: 'RESET_REQUIRED' },
] };
const header = { UserPoolId: 'us-west-2_aaaaaaaaa', CSVHeader: ['name', 'given_name', 'email', 'cognito:username'] };
const pool = { UserPool: { Id: 'us-west-2_aaaaaaaaa', Name: 'pool', Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: true } },
  SchemaAttributes: [{ Name: 'sub', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } }, { Name: 'email_verified', AttributeDataType: 'Boolean' }],
  AutoVerifiedAttributes: ['email'], UserPoolTags: { team: 'identity' }, EstimatedNumberOfUsers: 0 } };
const isoJob = { UserImportJob: { ...job, CreationDate: '2019-01-23T19:29:55.471000+00:00', StartDate: '2019-01-23T19:29:56+00:00', CompletionDate: '2019-01-23T19:30:01.002000+00:00' } };
const twoJobs = { UserImportJobs: [job, { ...job, JobId: 'import-2', Status: 'Created' }] };

type Format = 'text' | 'json' | 'table' | 'yaml' | 'yaml-stream';
interface Case { name: string; format: Format; value: unknown; query?: string; title?: string; width?: number; color?: boolean }

const CASES: Case[] = [
  // text
  { name: 'text: a job is one line, scalars in alphabetical key order', format: 'text', value: { UserImportJob: job } },
  { name: 'text: a list of strings under a key prints KEY<tab>value lines', format: 'text', value: header },
  { name: 'text: a list of structures uses the scalar keys of all elements', format: 'text', value: users },
  { name: 'text: nested structures and lists follow their parent', format: 'text', value: pool },
  { name: 'text: --query list of scalars is one tab-separated line', format: 'text', value: header, query: 'CSVHeader[0:3]' },
  { name: 'text: --query list of lists is a line each', format: 'text', value: twoJobs, query: 'UserImportJobs[].[JobId, Status, ImportedUsers]' },
  { name: 'text: --query scalars are str(): True, None, 1548271795.471', format: 'text', value: { UserImportJob: job }, query: 'UserImportJob.[Status, `true`, NoSuch, CreationDate, ImportedUsers]' },
  { name: 'text: --query multiselect hash with a missing member', format: 'text', value: { UserImportJob: job }, query: 'UserImportJob.{Id: JobId, Missing: NoSuch}' },
  // json
  { name: 'json: 4 spaces, model order kept, wire numbers', format: 'json', value: { UserImportJob: job } },
  { name: 'json: non-ASCII as is, control characters escaped', format: 'json', value: { A: 'Zoë 全角 😀', B: 'tab\there "q" \\ \u0001' } },
  { name: 'json: empty list and structure members', format: 'json', value: { L: [], M: {}, N: [[], [{}]] } },
  { name: 'json: --query null', format: 'json', value: { UserImportJob: job }, query: 'UserImportJob.NoSuch' },
  { name: 'json: --query string', format: 'json', value: { UserImportJob: job }, query: 'UserImportJob.Status' },
  { name: 'json: --query float repr (1e-05)', format: 'json', value: { UserImportJob: job }, query: '`0.00001`' },
  { name: 'json: --query empty list', format: 'json', value: { UserImportJob: job }, query: 'UserImportJob.Nope[]' },
  // table
  { name: 'table: small answer, header row and values', format: 'table', value: header, title: 'GetCSVHeader' },
  { name: 'table: a job is wider than 80 columns: one-row sections turn vertical', format: 'table', value: { UserImportJob: job }, title: 'DescribeUserImportJob' },
  { name: 'table: the same job on a 300-column terminal stays horizontal', format: 'table', value: { UserImportJob: job }, title: 'DescribeUserImportJob', width: 300 },
  { name: 'table: lists of structures, nested sections, a single-key row', format: 'table', value: pool, title: 'DescribeUserPool' },
  { name: 'table: wide characters take two columns', format: 'table', value: users, title: 'ListUsers' },
  { name: 'table: --color on', format: 'table', value: header, title: 'GetCSVHeader', color: true },
  { name: 'table: --query list of lists', format: 'table', value: twoJobs, title: 'ListUserImportJobs', query: 'UserImportJobs[].[JobId, Status]' },
  { name: 'table: --query scalar: a title alone', format: 'table', value: { UserImportJob: job }, title: 'DescribeUserImportJob', query: 'UserImportJob.Status' },
  { name: 'table: --query falsy (0) prints nothing', format: 'table', value: { UserImportJob: job }, title: 'DescribeUserImportJob', query: 'UserImportJob.SkippedUsers' },
  // yaml
  { name: 'yaml: keys sorted, ISO dates quoted', format: 'yaml', value: isoJob },
  { name: 'yaml: sequences under a key are not indented', format: 'yaml', value: users },
  { name: 'yaml: nested structures, empty collections, wire numbers', format: 'yaml', value: { ...pool, Empty: [], None: {}, Wire: 1548271795.471, Whole: 1548271796, Null: null } },
  { name: 'yaml: strings that need quotes', format: 'yaml', value: { a: 'true', b: 'yes', c: '1.5', d: '0x1F', e: 'null', f: '', g: 'x: y', h: "it's", i: '- a', j: 'tab\there', k: 'emoji 😀', l: 'line1\nline2', m: ' lead', n: '2019-01-23', o: '#x', p: 'a #b', q: '@at' } },
  { name: 'yaml: long strings fold at spaces after column 80', format: 'yaml', value: { CompletionMessage: 'The user import job failed because the file contains more rows than this simulated service accepts in one job, which is fine.', Quoted: "It's a long message that must be single quoted: it has a colon and a space, and goes past eighty columns." } },
  { name: 'yaml: a list of scalars', format: 'yaml', value: ['import-1', 'import-2'] },
  { name: 'yaml: empty list', format: 'yaml', value: [] },
  { name: 'yaml: empty structure prints nothing', format: 'yaml', value: {} },
  { name: 'yaml: a string scalar is JSON', format: 'yaml', value: 'Created' },
  { name: 'yaml: a number scalar', format: 'yaml', value: 1548271795.471 },
  { name: 'yaml: null scalar', format: 'yaml', value: null },
  { name: 'yaml-stream: the answer as a one-item list', format: 'yaml-stream', value: { UserImportJob: { JobId: 'import-1', Status: 'Created' } } },
  { name: 'yaml-stream: a scalar', format: 'yaml-stream', value: 'Created' },
  { name: 'yaml-stream: an empty structure', format: 'yaml-stream', value: {} },
];

const EXPECTED: Record<string, string> = {
  "text: a job is one line, scalars in alphabetical key order": `USERIMPORTJOB\tarn:aws:iam::111111111111:role/CognitoCloudWatchLogsRole\t1548271801.002\tThe Import Job was stopped by the developer.\t1548271795.471\t1\t2\timport-TZqNQvDRnW\tnightly import\thttps://s3.us-west-2.amazonaws.com/xyz?X-Amz-Signature=abc\t0\t1548271796\tStopped\tus-west-2_aaaaaaaaa
`,
  "text: a list of strings under a key prints KEY<tab>value lines": `us-west-2_aaaaaaaaa
CSVHEADER\tname
CSVHEADER\tgiven_name
CSVHEADER\temail
CSVHEADER\tcognito:username
`,
  "text: a list of structures uses the scalar keys of all elements": `USERS\tTrue\t1548271795.471\tRESET_REQUIRED\tuser1
ATTRIBUTES\tsub\ta1b2
ATTRIBUTES\temail\tuser1@example.com
USERS\tFalse\t\tRESET_REQUIRED\tzoë
ATTRIBUTES\tname\tZoë 全角
`,
  "text: nested structures and lists follow their parent": `USERPOOL\t0\tus-west-2_aaaaaaaaa\tpool
AUTOVERIFIEDATTRIBUTES\temail
PASSWORDPOLICY\t8\tTrue
SCHEMAATTRIBUTES\tString\tsub
STRINGATTRIBUTECONSTRAINTS\t2048\t1
SCHEMAATTRIBUTES\tBoolean\temail_verified
USERPOOLTAGS\tidentity
`,
  "text: --query list of scalars is one tab-separated line": `name\tgiven_name\temail
`,
  "text: --query list of lists is a line each": `import-TZqNQvDRnW\tStopped\t2
import-2\tCreated\t2
`,
  "text: --query scalars are str(): True, None, 1548271795.471": `Stopped\tTrue\tNone\t1548271795.471\t2
`,
  "text: --query multiselect hash with a missing member": `import-TZqNQvDRnW\tNone
`,
  "json: 4 spaces, model order kept, wire numbers": `{
    "UserImportJob": {
        "JobName": "nightly import",
        "JobId": "import-TZqNQvDRnW",
        "UserPoolId": "us-west-2_aaaaaaaaa",
        "PreSignedUrl": "https://s3.us-west-2.amazonaws.com/xyz?X-Amz-Signature=abc",
        "CreationDate": 1548271795.471,
        "StartDate": 1548271796,
        "CompletionDate": 1548271801.002,
        "Status": "Stopped",
        "CloudWatchLogsRoleArn": "arn:aws:iam::111111111111:role/CognitoCloudWatchLogsRole",
        "ImportedUsers": 2,
        "SkippedUsers": 0,
        "FailedUsers": 1,
        "CompletionMessage": "The Import Job was stopped by the developer."
    }
}
`,
  "json: non-ASCII as is, control characters escaped": `{
    "A": "Zoë 全角 😀",
    "B": "tab\\there \\"q\\" \\\\ \\u0001"
}
`,
  "json: empty list and structure members": `{
    "L": [],
    "M": {},
    "N": [
        [],
        [
            {}
        ]
    ]
}
`,
  "json: --query null": `null
`,
  "json: --query string": `"Stopped"
`,
  "json: --query float repr (1e-05)": `1e-05
`,
  "json: --query empty list": `null
`,
  "table: small answer, header row and values": `---------------------------------------
|            GetCSVHeader             |
+-------------+-----------------------+
|  UserPoolId |  us-west-2_aaaaaaaaa  |
+-------------+-----------------------+
||             CSVHeader             ||
|+-----------------------------------+|
||  name                             ||
||  given_name                       ||
||  email                            ||
||  cognito:username                 ||
|+-----------------------------------+|
`,
  "table: a job is wider than 80 columns: one-row sections turn vertical": `-------------------------------------------------------------------------------------------
|                                  DescribeUserImportJob                                  |
+-----------------------------------------------------------------------------------------+
||                                     UserImportJob                                     ||
|+------------------------+--------------------------------------------------------------+|
||  CloudWatchLogsRoleArn |  arn:aws:iam::111111111111:role/CognitoCloudWatchLogsRole    ||
||  CompletionDate        |  1548271801.002                                              ||
||  CompletionMessage     |  The Import Job was stopped by the developer.                ||
||  CreationDate          |  1548271795.471                                              ||
||  FailedUsers           |  1                                                           ||
||  ImportedUsers         |  2                                                           ||
||  JobId                 |  import-TZqNQvDRnW                                           ||
||  JobName               |  nightly import                                              ||
||  PreSignedUrl          |  https://s3.us-west-2.amazonaws.com/xyz?X-Amz-Signature=abc  ||
||  SkippedUsers          |  0                                                           ||
||  StartDate             |  1548271796                                                  ||
||  Status                |  Stopped                                                     ||
||  UserPoolId            |  us-west-2_aaaaaaaaa                                         ||
|+------------------------+--------------------------------------------------------------+|
`,
  "table: the same job on a 300-column terminal stays horizontal": `-------------------------------------------------------------------------------------------
|                                  DescribeUserImportJob                                  |
+-----------------------------------------------------------------------------------------+
||                                     UserImportJob                                     ||
|+------------------------+--------------------------------------------------------------+|
||  CloudWatchLogsRoleArn |  arn:aws:iam::111111111111:role/CognitoCloudWatchLogsRole    ||
||  CompletionDate        |  1548271801.002                                              ||
||  CompletionMessage     |  The Import Job was stopped by the developer.                ||
||  CreationDate          |  1548271795.471                                              ||
||  FailedUsers           |  1                                                           ||
||  ImportedUsers         |  2                                                           ||
||  JobId                 |  import-TZqNQvDRnW                                           ||
||  JobName               |  nightly import                                              ||
||  PreSignedUrl          |  https://s3.us-west-2.amazonaws.com/xyz?X-Amz-Signature=abc  ||
||  SkippedUsers          |  0                                                           ||
||  StartDate             |  1548271796                                                  ||
||  Status                |  Stopped                                                     ||
||  UserPoolId            |  us-west-2_aaaaaaaaa                                         ||
|+------------------------+--------------------------------------------------------------+|
`,
  "table: lists of structures, nested sections, a single-key row": `-------------------------------------------------------------
|                     DescribeUserPool                      |
+-----------------------------------------------------------+
||                        UserPool                         ||
|+-------------------------+-----------------------+-------+|
|| EstimatedNumberOfUsers  |          Id           | Name  ||
|+-------------------------+-----------------------+-------+|
||  0                      |  us-west-2_aaaaaaaaa  |  pool ||
|+-------------------------+-----------------------+-------+|
|||                AutoVerifiedAttributes                 |||
||+-------------------------------------------------------+||
|||  email                                                |||
||+-------------------------------------------------------+||
|||                       Policies                        |||
||+-------------------------------------------------------+||
||||                   PasswordPolicy                    ||||
|||+-------------------------+---------------------------+|||
||||      MinimumLength      |      RequireSymbols       ||||
|||+-------------------------+---------------------------+|||
||||  8                      |  True                     ||||
|||+-------------------------+---------------------------+|||
|||                   SchemaAttributes                    |||
||+---------------------------------------+---------------+||
|||           AttributeDataType           |     Name      |||
||+---------------------------------------+---------------+||
|||  String                               |  sub          |||
||+---------------------------------------+---------------+||
||||             StringAttributeConstraints              ||||
|||+-------------------------+---------------------------+|||
||||        MaxLength        |         MinLength         ||||
|||+-------------------------+---------------------------+|||
||||  2048                   |  1                        ||||
|||+-------------------------+---------------------------+|||
|||                   SchemaAttributes                    |||
||+-----------------------------+-------------------------+||
|||      AttributeDataType      |          Name           |||
||+-----------------------------+-------------------------+||
|||  Boolean                    |  email_verified         |||
||+-----------------------------+-------------------------+||
|||                     UserPoolTags                      |||
||+---------------------+---------------------------------+||
|||  team               |  identity                       |||
||+---------------------+---------------------------------+||
`,
  "table: wide characters take two columns": `---------------------------------------------------------------
|                          ListUsers                          |
+-------------------------------------------------------------+
||                           Users                           ||
|+---------+------------------+------------------+-----------+|
|| Enabled | UserCreateDate   |   UserStatus     | Username  ||
|+---------+------------------+------------------+-----------+|
||  True   |  1548271795.471  |  RESET_REQUIRED  |  user1    ||
|+---------+------------------+------------------+-----------+|
|||                       Attributes                        |||
||+----------------+----------------------------------------+||
|||      Name      |                 Value                  |||
||+----------------+----------------------------------------+||
|||  sub           |  a1b2                                  |||
|||  email         |  user1@example.com                     |||
||+----------------+----------------------------------------+||
||                           Users                           ||
|+---------+------------------+------------------+-----------+|
|| Enabled | UserCreateDate   |   UserStatus     | Username  ||
|+---------+------------------+------------------+-----------+|
||  False  |                  |  RESET_REQUIRED  |  zoë      ||
|+---------+------------------+------------------+-----------+|
|||                       Attributes                        |||
||+----------------------+----------------------------------+||
|||         Name         |              Value               |||
||+----------------------+----------------------------------+||
|||  name                |  Zoë 全角                        |||
||+----------------------+----------------------------------+||
`,
  "table: --color on": `---------------------------------------
\x1b[0m\x1b[0m|            GetCSVHeader             |\x1b[0m\x1b[0m
\x1b[0m\x1b[0m+-------------+-----------------------+\x1b[0m\x1b[0m
\x1b[0m\x1b[0m|  \x1b[1m\x1b[34mUserPoolId\x1b[0m |  \x1b[1m\x1b[34mus-west-2_aaaaaaaaa\x1b[0m  |\x1b[0m\x1b[0m
\x1b[0m\x1b[0m+-------------+-----------------------+\x1b[0m\x1b[0m
\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|             CSVHeader             |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m
\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m+-----------------------------------+\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m
\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|  \x1b[1m\x1b[34mname\x1b[0m                             |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m
\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|  \x1b[1m\x1b[34mgiven_name\x1b[0m                       |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m
\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|  \x1b[1m\x1b[34memail\x1b[0m                            |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m
\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|  \x1b[1m\x1b[34mcognito:username\x1b[0m                 |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m
\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m+-----------------------------------+\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m
\x1b[0m`,
  "table: --query list of lists": `----------------------------------
|       ListUserImportJobs       |
+--------------------+-----------+
|  import-TZqNQvDRnW |  Stopped  |
|  import-2          |  Created  |
+--------------------+-----------+
`,
  "table: --query scalar: a title alone": `-----------------------
|DescribeUserImportJob|
+---------------------+
`,
  "table: --query falsy (0) prints nothing": ``,
  "yaml: keys sorted, ISO dates quoted": `UserImportJob:
  CloudWatchLogsRoleArn: arn:aws:iam::111111111111:role/CognitoCloudWatchLogsRole
  CompletionDate: '2019-01-23T19:30:01.002000+00:00'
  CompletionMessage: The Import Job was stopped by the developer.
  CreationDate: '2019-01-23T19:29:55.471000+00:00'
  FailedUsers: 1
  ImportedUsers: 2
  JobId: import-TZqNQvDRnW
  JobName: nightly import
  PreSignedUrl: https://s3.us-west-2.amazonaws.com/xyz?X-Amz-Signature=abc
  SkippedUsers: 0
  StartDate: '2019-01-23T19:29:56+00:00'
  Status: Stopped
  UserPoolId: us-west-2_aaaaaaaaa
`,
  "yaml: sequences under a key are not indented": `Users:
- Attributes:
  - Name: sub
    Value: a1b2
  - Name: email
    Value: user1@example.com
  Enabled: true
  UserCreateDate: 1548271795.471
  UserStatus: RESET_REQUIRED
  Username: user1
- Attributes:
  - Name: name
    Value: Zoë 全角
  Enabled: false
  UserStatus: RESET_REQUIRED
  Username: zoë
`,
  "yaml: nested structures, empty collections, wire numbers": `Empty: []
None: {}
'Null': null
UserPool:
  AutoVerifiedAttributes:
  - email
  EstimatedNumberOfUsers: 0
  Id: us-west-2_aaaaaaaaa
  Name: pool
  Policies:
    PasswordPolicy:
      MinimumLength: 8
      RequireSymbols: true
  SchemaAttributes:
  - AttributeDataType: String
    Name: sub
    StringAttributeConstraints:
      MaxLength: '2048'
      MinLength: '1'
  - AttributeDataType: Boolean
    Name: email_verified
  UserPoolTags:
    team: identity
Whole: 1548271796
Wire: 1548271795.471
`,
  "yaml: strings that need quotes": `a: 'true'
b: yes
c: '1.5'
d: '0x1F'
e: 'null'
f: ''
g: 'x: y'
h: it's
i: '- a'
j: "tab\\there"
k: "emoji \\U0001F600"
l: 'line1

  line2'
m: ' lead'
n: '2019-01-23'
o: '#x'
p: 'a #b'
q: '@at'
`,
  "yaml: long strings fold at spaces after column 80": `CompletionMessage: The user import job failed because the file contains more rows
  than this simulated service accepts in one job, which is fine.
Quoted: 'It''s a long message that must be single quoted: it has a colon and a space,
  and goes past eighty columns.'
`,
  "yaml: a list of scalars": `- import-1
- import-2
`,
  "yaml: empty list": `[]
`,
  "yaml: empty structure prints nothing": ``,
  "yaml: a string scalar is JSON": `"Created"
`,
  "yaml: a number scalar": `1548271795.471
`,
  "yaml: null scalar": `null
`,
  "yaml-stream: the answer as a one-item list": `- UserImportJob:
    JobId: import-1
    Status: Created
`,
  "yaml-stream: a scalar": `- Created
`,
  "yaml-stream: an empty structure": `- {}
`,
};

/** Formats a wire-shaped value as aws does: --query first, then the format. */
function format(c: Case): string {
  const v = c.query ? (jmespath.search(c.value, c.query) as unknown) : c.value;
  switch (c.format) {
    case 'text': return renderText(v);
    case 'json': return renderJson(v);
    case 'table': return renderTable(v, c.title ?? 'Op', c.width ?? 80, c.color ?? false);
    case 'yaml': return renderYaml(v);
    case 'yaml-stream': return renderYamlStream(v);
  }
}

describe('formats, against the reference outputs', () => {
  for (const c of CASES) test(c.name, () => assert.equal(format(c), EXPECTED[c.name]));
});

const opts = (o: Partial<RenderOptions & RenderExtras> & { outputShape: string; operationName: string }): RenderOptions & RenderExtras => ({
  format: 'json', timestampFormat: 'wire', color: false, shapes, ...o,
});
const jobOpts = { outputShape: operations.DescribeUserImportJob.output, operationName: 'DescribeUserImportJob' };

/** An SDK v3 answer: members in any order, Dates, $metadata, a member the model does not have. */
const sdkJob = () => ({
  $metadata: { httpStatusCode: 200, requestId: 'r-1', attempts: 1, totalRetryDelay: 0 },
  UserImportJob: {
    Status: 'Created', ImportedUsers: 0, Unmodelled: 'dropped', CreationDate: new Date(1548271795471), JobName: 'j', JobId: 'import-1',
    StartDate: new Date(1548271796000), SkippedUsers: 0, FailedUsers: 0, UserPoolId: 'us-west-2_aaaaaaaaa',
  },
});

describe('step 1: the SDK answer back to the wire value', () => {
  test('model order, unknown members and $metadata dropped, wire numbers (a whole second stays an integer)', () => {
    assert.equal(render(sdkJob(), opts(jobOpts)), `{
    "UserImportJob": {
        "JobName": "j",
        "JobId": "import-1",
        "UserPoolId": "us-west-2_aaaaaaaaa",
        "CreationDate": 1548271795.471,
        "StartDate": 1548271796,
        "Status": "Created",
        "ImportedUsers": 0,
        "SkippedUsers": 0,
        "FailedUsers": 0
    }
}
`);
  });

  test('an answer with nothing but $metadata prints nothing (json, text, table, yaml)', () => {
    const o = { outputShape: operations.AdminSetUserPassword.output, operationName: 'AdminSetUserPassword' };
    for (const format of ['json', 'text', 'table', 'yaml'] as const) assert.equal(render({ $metadata: {} }, opts({ ...o, format })), '', format);
  });

  test('maps keep their keys; lists of structures are shaped element by element', () => {
    const o = { outputShape: operations.DescribeUserPool.output, operationName: 'DescribeUserPool' };
    const value = { UserPool: { UserPoolTags: { b: '1', a: '2' }, Name: 'p', Id: 'us-west-2_x', SchemaAttributes: [{ Required: true, Name: 'sub', Junk: 1 }] } };
    assert.equal(render(value, opts({ ...o, format: 'text' })),
      'USERPOOL\tus-west-2_x\tp\nSCHEMAATTRIBUTES\tsub\tTrue\nUSERPOOLTAGS\t2\t1\n');
    assert.equal(render(value, opts({ ...o, query: 'keys(UserPool)' })), '[\n    "Id",\n    "Name",\n    "SchemaAttributes",\n    "UserPoolTags"\n]\n');
  });

  test('iso8601 (aws CLI v2 default): local zone from TZ, microseconds only when not zero', () => {
    const saved = process.env.TZ;
    try {
      const at = new Date(1548271795471);
      const whole = new Date(1548271796000);
      process.env.TZ = 'UTC';
      assert.equal(isoLocal(at), '2019-01-23T19:29:55.471000+00:00');
      assert.equal(isoLocal(whole), '2019-01-23T19:29:56+00:00');
      process.env.TZ = 'America/New_York';
      assert.equal(isoLocal(at), '2019-01-23T14:29:55.471000-05:00');
      assert.equal(isoLocal(new Date(Date.UTC(2019, 6, 1, 12, 0, 0, 5))), '2019-07-01T08:00:00.005000-04:00');
      process.env.TZ = 'Asia/Kolkata';
      assert.equal(isoLocal(at), '2019-01-24T00:59:55.471000+05:30');
      process.env.TZ = 'UTC';
      assert.match(render(sdkJob(), opts({ ...jobOpts, timestampFormat: 'iso8601' })), /"CreationDate": "2019-01-23T19:29:55\.471000\+00:00",\n {8}"StartDate": "2019-01-23T19:29:56\+00:00"/);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('steps 2 and 3: --query on the wire value, then the format', () => {
  test('the query sees model member names and wire numbers', () => {
    assert.equal(render(sdkJob(), opts({ ...jobOpts, query: 'UserImportJob.[JobId, CreationDate]', format: 'text' })), 'import-1\t1548271795.471\n');
    assert.equal(render(sdkJob(), opts({ ...jobOpts, query: 'UserImportJob.Unmodelled' })), 'null\n');
    assert.equal(render(sdkJob(), opts({ ...jobOpts, query: 'UserImportJob.Status', format: 'yaml' })), '"Created"\n');
  });
  test('off prints nothing', () => assert.equal(render(sdkJob(), opts({ ...jobOpts, format: 'off' })), ''));
  test('a query that does not parse throws', () => assert.throws(() => render(sdkJob(), opts({ ...jobOpts, query: 'UserImportJob.[' }))));
  test('table title is the operation name; terminalWidth decides the vertical layout', () => {
    const narrow = render(sdkJob(), opts({ ...jobOpts, format: 'table', terminalWidth: 80 }));
    const wide = render(sdkJob(), opts({ ...jobOpts, format: 'table', terminalWidth: 400 }));
    assert.match(narrow, /^-+\n\| +DescribeUserImportJob +\|\n/);
    assert.ok(narrow.split('\n').length > wide.split('\n').length);
  });
});

describe('yaml reads back as the same value', () => {
  for (const v of [users, pool, isoJob, { S: ['true', 'yes', '1.5', '', 'x: y', "it's", 'tab\t', 'emoji 😀', 'a\nb', ' x', '#x', 'a'.repeat(120) + ' b'] }]) {
    test(Object.keys(v)[0], () => assert.deepEqual(parseYaml(renderYaml(v)), v));
  }
});

describe('Python helpers', () => {
  test('repr of floats', () => {
    assert.deepEqual([1548271795.471, 0.5, 1e-5, 1.5e-7, 0.0001, 1e16, 1.5e16, 123456789012345.6, -2.5].map(pyFloatRepr),
      ['1548271795.471', '0.5', '1e-05', '1.5e-07', '0.0001', '1e+16', '1.5e+16', '123456789012345.6', '-2.5']);
  });
  test('repr of containers and str of scalars', () => {
    assert.equal(pyRepr({ a: [1, 'x', null, true, "it's"] }), `{'a': [1, 'x', None, True, "it's"]}`);
  });
  test('round half to even', () => assert.deepEqual([0.5, 1.5, 2.5, 2.4999, 2.5001].map(roundHalfEven), [0, 2, 2, 2, 3]));
  test('east asian width: wide and ambiguous count two', () => {
    assert.deepEqual(['abc', '全角', 'é', '±', '😀', ''].map(textLength), [3, 4, 2, 2, 2, 0]); // é is ambiguous (A): two
  });
});

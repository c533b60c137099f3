// argv -> request, for the command line's flags (spec section 7): every row is a command line
// as a user types it and the request it must become, or the exit code and message it must fail
// with. No server: parseCommand and checkParams are the whole of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadService, SERVICES } from '../../src/cli/services';
import { parseCommand, checkParams } from '../../src/cli/flags';
import { xformName } from '../../src/cli/names';
import { exitCodeFor } from '../../src/cli/errors';
import { encodeToken, decodeToken } from '../../src/cli/paging';
import { jsonSkeleton } from '../../src/cli/skeleton';
import type { CliService } from '../../src/cli/types';

const idp = loadService('cognito-idp') as CliService;
const logs = loadService('logs') as CliService;
const dir = mkdtempSync(join(tmpdir(), 'ci-flags-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

const OPS: Record<string, string> = {};
for (const s of [idp, logs]) for (const op of Object.keys(s.operations)) OPS[`${s.name} ${xformName(op)}`] = op;

function request(line: string[], service: CliService = idp): Record<string, unknown> {
  const [cmd, ...argv] = line;
  const op = OPS[`${service.name} ${cmd}`];
  assert.ok(op, `no command ${cmd}`);
  const parsed = parseCommand(argv, service, op, SERVICES[service.name].paginators[op]);
  checkParams(parsed.params, service.operations[op].input, service.shapes);
  return parsed.params;
}

/** The exit code and stderr message a bad line fails with. */
function failure(line: string[], service: CliService = idp): { code: number; message: string } {
  try {
    request(line, service);
  } catch (e) {
    return { code: exitCodeFor(e), message: (e as Error).message };
  }
  assert.fail(`expected ${line.join(' ')} to fail`);
}

const POOL = 'us-west-2_aaaaaaaaa';

test('command names are botocore xform_name of the operation', () => {
  const table: [string, string][] = [
    ['GetCSVHeader', 'get-csv-header'], ['DescribeUserImportJob', 'describe-user-import-job'], ['AdminGetUser', 'admin-get-user'],
    ['ListUserPools', 'list-user-pools'], ['GetLogEvents', 'get-log-events'], ['CloudWatchLogsRoleArn', 'cloud-watch-logs-role-arn'],
    ['MFAOptions', 'mfa-options'], ['SomeARNs', 'some-arns'], ['logGroupName', 'log-group-name'], ['KMSKeyID', 'kms-key-id'],
  ];
  for (const [model, cli] of table) assert.equal(xformName(model), cli, model);
});

test('argv -> request: strings, integers, booleans, lists, shorthand, JSON, abbreviations', () => {
  const table: [string[], Record<string, unknown>, CliService?][] = [
    [['describe-user-import-job', '--user-pool-id', POOL, '--job-id', 'import-TZqNQvDRnW'], { UserPoolId: POOL, JobId: 'import-TZqNQvDRnW' }],
    // --flag=value, a flag given twice (the last wins), an unambiguous prefix of a flag
    [['describe-user-import-job', `--user-pool-id=${POOL}`, '--job-id', 'a', '--job-id', 'import-b'], { UserPoolId: POOL, JobId: 'import-b' }],
    [['get-csv-header', '--user-pool', POOL], { UserPoolId: POOL }],
    [['list-user-import-jobs', '--user-pool-id', POOL, '--max-results', '10'], { UserPoolId: POOL, MaxResults: 10 }],
    [['admin-set-user-password', '--user-pool-id', POOL, '--username', 'u', '--password', 'P-1a', '--permanent'], { UserPoolId: POOL, Username: 'u', Password: 'P-1a', Permanent: true }],
    [['admin-set-user-password', '--user-pool-id', POOL, '--username', 'u', '--password', 'P-1a', '--no-permanent'], { UserPoolId: POOL, Username: 'u', Password: 'P-1a', Permanent: false }],
    // a list of scalars: the words after the flag, or one JSON list
    [['list-users', '--user-pool-id', POOL, '--attributes-to-get', 'email', 'name', '--limit', '5'], { UserPoolId: POOL, AttributesToGet: ['email', 'name'], Limit: 5 }],
    [['list-users', '--user-pool-id', POOL, '--attributes-to-get', '["email", "sub"]'], { UserPoolId: POOL, AttributesToGet: ['email', 'sub'] }],
    [['create-user-pool', '--pool-name', 'p', '--auto-verified-attributes', 'email', 'phone_number'], { PoolName: 'p', AutoVerifiedAttributes: ['email', 'phone_number'] }],
    // a list of structures in shorthand, one value per word; the model makes booleans and numbers
    [['add-custom-attributes', '--user-pool-id', POOL, '--custom-attributes', 'Name=tier,AttributeDataType=String,Mutable=true',
      'Name=score,AttributeDataType=Number,NumberAttributeConstraints={MinValue=1,MaxValue=10}'],
    { UserPoolId: POOL, CustomAttributes: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true },
      { Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '1', MaxValue: '10' } }] }],
    [['add-custom-attributes', '--user-pool-id', POOL, '--custom-attributes', '[{"Name":"tier","AttributeDataType":"String"}]'],
      { UserPoolId: POOL, CustomAttributes: [{ Name: 'tier', AttributeDataType: 'String' }] }],
    // structures: nested shorthand, integers from text, a bare list; maps; quoted values with commas
    [['create-user-pool', '--pool-name', 'p', '--policies', 'PasswordPolicy={MinimumLength=12,RequireNumbers=true,RequireSymbols=false}'],
      { PoolName: 'p', Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true, RequireSymbols: false } } }],
    [['create-user-pool', '--pool-name', 'p', '--account-recovery-setting', 'RecoveryMechanisms=[{Priority=1,Name=verified_email}]'],
      { PoolName: 'p', AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }] } }],
    [['create-user-pool', '--pool-name', 'p', '--user-pool-tags', 'team=import,note="a, b",x=\\,y'],
      { PoolName: 'p', UserPoolTags: { team: 'import', note: 'a, b', x: ',y' } }],
    [['create-user-pool', '--pool-name', 'p', '--user-pool-tags', '{"team": "import"}'], { PoolName: 'p', UserPoolTags: { team: 'import' } }],
    [['create-user-pool', '--pool-name', 'p', '--user-attribute-update-settings', 'AttributesRequireVerificationBeforeUpdate=email'],
      { PoolName: 'p', UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] } }],
    // logs: camelCase members, longs
    [['get-log-events', '--log-group-name', '/g', '--log-stream-name', 's', '--start-time', '1700000000000', '--limit', '5', '--start-from-head'],
      { logGroupName: '/g', logStreamName: 's', startTime: 1700000000000, limit: 5, startFromHead: true }, logs],
    [['filter-log-events', '--log-group-name', '/g', '--log-stream-names', 'a', 'b', '--filter-pattern', 'ERROR'],
      { logGroupName: '/g', logStreamNames: ['a', 'b'], filterPattern: 'ERROR' }, logs],
  ];
  for (const [line, expected, service] of table) assert.deepEqual(request(line, service), expected, line.join(' '));
});

test('file:// and fileb:// values, for strings, shorthand and JSON', () => {
  const name = file('name.txt', 'from a file');
  const policy = file('policy.json', '{"PasswordPolicy": {"MinimumLength": 9}}');
  const attrs = file('attrs.json', '[{"Name": "a", "AttributeDataType": "String"}]');
  const bytes = file('name.bin', Buffer.from('raw bytes'));
  assert.deepEqual(request(['create-user-pool', '--pool-name', `file://${name}`, '--policies', `file://${policy}`]),
    { PoolName: 'from a file', Policies: { PasswordPolicy: { MinimumLength: 9 } } });
  assert.deepEqual(request(['add-custom-attributes', '--user-pool-id', POOL, '--custom-attributes', `file://${attrs}`]),
    { UserPoolId: POOL, CustomAttributes: [{ Name: 'a', AttributeDataType: 'String' }] });
  assert.deepEqual(request(['create-user-pool', '--pool-name', `fileb://${bytes}`]), { PoolName: 'raw bytes' });
  assert.deepEqual(request(['create-user-pool', '--pool-name', 'p', '--user-pool-tags', `note@=file://${name}`]),
    { PoolName: 'p', UserPoolTags: { note: 'from a file' } });
  const missing = failure(['create-user-pool', '--pool-name', `file://${join(dir, 'nope.txt')}`]);
  assert.equal(missing.code, 252);
  assert.match(missing.message, /^Error parsing parameter '--pool-name': Unable to load paramfile file:\/\/.*nope\.txt: No such file or directory/);
});

test('--cli-input-json and --cli-input-yaml: inline or file://, flags on the line win, not both', () => {
  const json = `{"UserPoolId": "${POOL}", "JobName": "from-json", "CloudWatchLogsRoleArn": "arn:aws:iam::111111111111:role/R"}`;
  assert.deepEqual(request(['create-user-import-job', '--cli-input-json', json, '--job-name', 'from-flag']),
    { UserPoolId: POOL, JobName: 'from-flag', CloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/R' });
  const jsonFile = file('input.json', json);
  assert.deepEqual(request(['create-user-import-job', '--cli-input-json', `file://${jsonFile}`]),
    { UserPoolId: POOL, JobName: 'from-json', CloudWatchLogsRoleArn: 'arn:aws:iam::111111111111:role/R' });
  const yaml = file('input.yaml', `PoolName: yaml-pool\nPolicies:\n  PasswordPolicy:\n    MinimumLength: 10\n    RequireSymbols: false\nUserPoolTags:\n  team: import\n`);
  assert.deepEqual(request(['create-user-pool', '--cli-input-yaml', `file://${yaml}`, '--user-pool-tags', 'team=flag']),
    { PoolName: 'yaml-pool', Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } }, UserPoolTags: { team: 'flag' } });
  assert.deepEqual(request(['get-csv-header', '--cli-input-yaml', `UserPoolId: ${POOL}`]), { UserPoolId: POOL });

  const both = failure(['get-csv-header', '--cli-input-json', '{}', '--cli-input-yaml', 'a: 1']);
  assert.deepEqual(both, { code: 252, message: 'Only one --cli-input- parameter may be specified.' });
  assert.deepEqual(failure(['get-csv-header', '--cli-input-json', '{not json']), { code: 252, message: "Error parsing parameter 'cli-input-json': Invalid JSON received." });
  assert.deepEqual(failure(['get-csv-header', '--cli-input-yaml', 'a: [1']), { code: 252, message: "Error parsing parameter 'cli-input-yaml': Invalid YAML received." });
  // Required members still required: by the service model, checked before sending.
  assert.deepEqual(failure(['describe-user-import-job', '--cli-input-json', `{"UserPoolId": "${POOL}"}`]),
    { code: 252, message: 'Parameter validation failed:\nMissing required parameter in input: "JobId"' });
  assert.deepEqual(failure(['get-csv-header', '--cli-input-json', `{"UserPoolId": "${POOL}", "Nope": 1}`]),
    { code: 252, message: 'Parameter validation failed:\nUnknown parameter in input: "Nope", must be one of: UserPoolId' });
});

test('bad lines fail with 252 and a message naming the flag', () => {
  const table: [string[], RegExp, CliService?][] = [
    [['describe-user-import-job'], /cognito-import: error: the following arguments are required: --user-pool-id, --job-id\n$/],
    [['describe-user-import-job', '--user-pool-id', POOL], /the following arguments are required: --job-id\n$/],
    [['describe-user-import-job', '--user-pool-id', POOL, '--job-id', 'j', '--foo', 'bar'], /\nUnknown options: --foo, bar\n$/],
    [['describe-user-import-job', '--user-pool-id', '--job-id', 'j'], /argument --user-pool-id: expected one argument/],
    [['list-user-import-jobs', '--user-pool-id', POOL, '--max-results', 'ten'], /^Error parsing parameter '--max-results': expected an integer, received 'ten'$/],
    [['list-user-import-jobs', '--user-pool-id', POOL, '--max-results', '1.5'], /^Error parsing parameter '--max-results': expected an integer/],
    [['get-log-events', '--log-stream-name', 's', '--limit', 'many'], /^Error parsing parameter '--limit': expected an integer/, logs],
    [['create-user-pool', '--pool-name', 'p', '--policies', 'PasswordPolicy={MinimumLength=twelve}'], /^Error parsing parameter '--policies': invalid literal for an integer: 'twelve'$/],
    [['create-user-pool', '--pool-name', 'p', '--policies', 'PasswordPolicy'], /^Error parsing parameter '--policies': Expected: '=', received: 'EOF' for input:\nPasswordPolicy\n {14}\^$/],
    [['create-user-pool', '--pool-name', 'p', '--user-pool-tags', 'a=1,a=2'], /^Error parsing parameter '--user-pool-tags': Second instance of key "a"/],
    [['create-user-pool', '--pool-name', 'p', '--policies', '{"PasswordPolicy": '], /^Error parsing parameter '--policies': Invalid JSON: .*\nJSON received: \{"PasswordPolicy": $/],
    [['admin-set-user-password', '--user-pool-id', POOL, '--username', 'u', '--password', 'p', '--permanent=yes'], /argument --permanent: ignored explicit argument 'yes'/],
    [['admin-get-user', '--user', POOL], /ambiguous option: --user could match --user-pool-id, --username/],
    // botocore's checks: minimum values and lengths, types ('-5' is a value, not a flag)
    [['filter-log-events', '--log-group-name', '/g', '--start-time', '-5'], /^Parameter validation failed:\nInvalid value for parameter startTime, value: -5, valid min value: 0$/, logs],
    [['list-user-import-jobs', '--user-pool-id', POOL, '--max-results', '0'], /^Parameter validation failed:\nInvalid value for parameter MaxResults, value: 0, valid min value: 1$/],
    [['describe-user-import-job', '--user-pool-id', '', '--job-id', 'j'], /^Parameter validation failed:\nInvalid length for parameter UserPoolId, value: 0, valid min length: 1$/],
    // lengths in code points, as Python's len(): ten emoji are 10, not 20 UTF-16 units
    [['create-user-import-job', '--user-pool-id', POOL, '--job-name', 'j', '--cloud-watch-logs-role-arn', '\u{1F600}'.repeat(10)], /^Parameter validation failed:\nInvalid length for parameter CloudWatchLogsRoleArn, value: 10, valid min length: 20$/],
    [['add-custom-attributes', '--user-pool-id', POOL, '--custom-attributes', 'Name=a,Mutable=maybe'],
      /^Parameter validation failed:\nInvalid type for parameter CustomAttributes\[0\]\.Mutable, value: maybe, type: <class 'str'>, valid types: <class 'bool'>$/],
  ];
  for (const [line, message, service] of table) {
    const f = failure(line, service);
    assert.equal(f.code, 252, line.join(' '));
    assert.match(f.message, message, line.join(' '));
  }
});

test('--generate-cli-skeleton: input and yaml-input need no flags; output checks them; help', () => {
  const op = 'DescribeUserImportJob';
  assert.equal(parseCommand(['--generate-cli-skeleton'], idp, op).skeleton, 'input');
  assert.equal(parseCommand(['--generate-cli-skeleton', 'yaml-input'], idp, op).skeleton, 'yaml-input');
  assert.throws(() => parseCommand(['--generate-cli-skeleton', 'output'], idp, op), /the following arguments are required: --user-pool-id, --job-id/);
  assert.equal(parseCommand(['--generate-cli-skeleton', 'output', '--user-pool-id', POOL, '--job-id', 'j'], idp, op).skeleton, 'output');
  assert.throws(() => parseCommand(['--generate-cli-skeleton', 'xml'], idp, op), /Invalid choice, valid choices are:\n\ninput \| output \| yaml-input/);
  assert.equal(parseCommand(['help'], idp, op).help, true);
  assert.equal(jsonSkeleton('ListUsersRequest', idp.shapes),
    '{\n    "UserPoolId": "",\n    "AttributesToGet": [\n        ""\n    ],\n    "Limit": 0,\n    "PaginationToken": "",\n    "Filter": ""\n}\n');
});

test('paging: tokens as botocore encodes them; a hand-set token turns paging off', () => {
  const t = encodeToken({ PaginationToken: 'abc', boto_truncate_amount: 2 });
  assert.equal(Buffer.from(t, 'base64').toString(), '{"PaginationToken": "abc", "boto_truncate_amount": 2}');
  const paginator = SERVICES['cognito-idp'].paginators.ListUsers;
  assert.deepEqual(decodeToken(t, paginator), { next: { PaginationToken: 'abc' }, truncate: 2 });
  assert.equal(Buffer.from(encodeToken({ PaginationToken: undefined, boto_truncate_amount: 1 }), 'base64').toString(), '{"PaginationToken": null, "boto_truncate_amount": 1}');
  const auto = parseCommand(['--user-pool-id', POOL, '--max-items', '3', '--page-size', '2'], idp, 'ListUsers', paginator);
  assert.deepEqual([auto.manualPaging, auto.paging], [false, { maxItems: 3, pageSize: 2 }]);
  assert.equal(parseCommand(['--user-pool-id', POOL, '--limit', '2'], idp, 'ListUsers', paginator).manualPaging, true);
  assert.equal(parseCommand(['--cli-input-json', `{"UserPoolId": "${POOL}", "PaginationToken": "x"}`], idp, 'ListUsers', paginator).manualPaging, true);
});

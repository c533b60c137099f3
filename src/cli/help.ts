// `help` at each level, written from the model's structure (names, types, required members,
// constraints) in our own words; no documentation text of the model is copied.
import type { Shape, ShapeTable } from '../api/shapes';
import type { CliService } from './types';
import type { Paginator } from './services';
import { argTable } from './flags';
import { xformName } from './names';
import { supportsShorthand } from './values';

const GLOBALS: [string, string][] = [
  ['--endpoint-url URL', 'where requests go (default: the local server, http://127.0.0.1:9329 or COGNITO_IMPORT_HOST/_PORT)'],
  ['--region REGION', 'the region requests are signed for'],
  ['--profile NAME', 'a profile of ~/.aws/config and ~/.aws/credentials'],
  ['--output FORMAT', 'json, yaml, yaml-stream, text, table or off'],
  ['--query JMESPATH', 'print only what the expression selects from the answer'],
  ['--no-sign-request', 'send requests unsigned'],
  ['--debug', 'print each request and response on stderr, secrets masked'],
  ['--cli-read-timeout SECONDS', 'give up on a silent response after this long (0: never; default 60)'],
  ['--cli-connect-timeout SECONDS', 'give up connecting after this long (0: never; default 60)'],
  ['--no-paginate', 'make one call where the command would fetch every page'],
  ['--no-cli-pager', 'accepted; output is never paged'],
  ['--color on|off|auto', 'colored output (auto: on a terminal)'],
];

export const SAMPLE_VALUES: Record<string, string> = {
  UserPoolId: 'us-west-2_aaaaaaaaa', JobId: 'import-TZqNQvDRnW', JobName: 'spring-migration',
  CloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/CognitoImportLogs', Username: 'jdoe', Password: 'Example-Passw0rd!',
  PoolName: 'my-pool', MaxResults: '10', logGroupName: '/aws/cognito/userpools/us-west-2_aaaaaaaaa/my-pool',
  logStreamName: 'import-TZqNQvDRnW', logGroupIdentifier: '/aws/cognito/userpools/us-west-2_aaaaaaaaa/my-pool',
};

function pad(rows: [string, string][], indent = '  '): string {
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)}${b}`.trimEnd()).join('\n');
}

export function topHelp(services: string[]): string {
  return `cognito-import: Amazon Cognito user import jobs, self-hosted, with an aws-CLI-compatible command line.

usage: cognito-import [options] <command> <subcommand> [parameters]

Any "aws cognito-idp ..." or "aws logs ..." command line for an operation served here runs
unchanged with "aws" replaced by "cognito-import".

commands:
${pad([
    ...services.map((s): [string, string] => [s, `the ${s} API (cognito-import ${s} help)`]),
    ['import-users', 'check a CSV file, create and start an import job, follow it to the end'],
    ['failed-rows', "an ended job's failed (or skipped) rows as a CSV file to import again (cognito-import failed-rows --help)"],
    ['outbox', 'list the messages the local server sent: codes, invitations (cognito-import outbox --help)'],
    ['serve', 'run the server (cognito-import serve --help)'],
    ['signing-keys', "list, rotate or retire a pool's token signing keys (cognito-import signing-keys --help)"],
    ['--version', 'print the version'],
  ])}

global options (anywhere on the line):
${pad(GLOBALS)}
`;
}

export function serviceHelp(service: CliService): string {
  const rows = Object.keys(service.operations).map((op): [string, string] => {
    const input = service.shapes[service.operations[op].input];
    const required = input?.type === 'structure' ? input.members.filter((m) => m[2]).map((m) => `--${xformName(m[0])}`) : [];
    return [xformName(op), required.join(' ')];
  }).sort((a, b) => a[0].localeCompare(b[0]));
  return `usage: cognito-import ${service.name} <command> [parameters]

commands (required flags shown; "cognito-import ${service.name} <command> help" for the rest):
${pad(rows)}
`;
}

function typeName(shapeName: string, shapes: ShapeTable): string {
  const s = shapes[shapeName];
  if (!s) return 'value';
  switch (s.type) {
    case 'enum': return 'string';
    case 'list': return `list of ${typeName(s.member, shapes)}`;
    case 'map': return `map of ${typeName(s.key, shapes)} to ${typeName(s.value, shapes)}`;
    case 'union': return 'structure (one member)';
    default: return s.type;
  }
}

function constraints(s: Shape | undefined): string[] {
  if (!s) return [];
  const out: string[] = [];
  const range = (r: { min?: number; max?: number } | undefined, what: string): void => {
    if (!r) return;
    if (r.min !== undefined && r.max !== undefined) out.push(`${what} ${r.min} to ${r.max}`);
    else if (r.min !== undefined) out.push(`${what} at least ${r.min}`);
    else if (r.max !== undefined) out.push(`${what} at most ${r.max}`);
  };
  if (s.type === 'string') {
    range(s.length, 'length');
    if (s.pattern) out.push(`must match ${s.pattern}`);
    if (s.sensitive) out.push('sensitive: masked in --debug output');
  } else if (s.type === 'enum') out.push(`one of: ${s.values.join(', ')}`);
  else if (s.type === 'list' || s.type === 'map') range(s.length, 'entries');
  else if (s.type === 'integer' || s.type === 'long' || s.type === 'double' || s.type === 'float') range(s.range, 'value');
  else if (s.type === 'timestamp') out.push('ISO 8601 (2024-05-01T12:00:00Z) or seconds since 1970');
  return out;
}

/** The shorthand form of a structure, one level deep: Name=string,Value=string. */
function shorthandForm(shapeName: string, shapes: ShapeTable): string | undefined {
  const s = shapes[shapeName];
  if (!s) return undefined;
  if (s.type === 'list') {
    const one = shorthandForm(s.member, shapes);
    return one ? `${one} ${one}` : undefined;
  }
  if (s.type === 'map') return `KeyName1=${typeName(s.value, shapes)},KeyName2=${typeName(s.value, shapes)}`;
  if (s.type !== 'structure' && s.type !== 'union') return undefined;
  return s.members.map(([m, t]) => {
    const ts = shapes[t];
    const v = ts?.type === 'structure' ? '{...}' : ts?.type === 'list' ? `[${typeName(ts.member, shapes)},...]` : ts?.type === 'enum' ? ts.values.join('|') : typeName(t, shapes);
    return `${m}=${v}`;
  }).join(',');
}

function sample(member: string, target: string, shapes: ShapeTable): string {
  if (SAMPLE_VALUES[member]) return SAMPLE_VALUES[member];
  const s = shapes[target];
  if (!s) return 'VALUE';
  switch (s.type) {
    case 'enum': return s.values[0];
    case 'integer': case 'long': return String(s.range?.min ?? 1);
    case 'list': return supportsShorthand(s, shapes) ? `'${shorthandForm(s.member, shapes) ?? '{}'}'` : sample(member, s.member, shapes);
    case 'structure': case 'map': case 'union': return `'${shorthandForm(target, shapes) ?? '{}'}'`;
    case 'timestamp': return '2024-05-01T00:00:00Z';
    default: return `my-${xformName(member)}`;
  }
}

export function commandHelp(service: CliService, operation: string, paginator?: Paginator): string {
  const { shapes } = service;
  const cmd = xformName(operation);
  const flags = argTable(service, operation, paginator).filter((f) => !f.hidden);
  const synopsis = flags.map((f) => {
    const v = f.kind === 'boolean' ? `${f.cliName} | --no-${f.cliName.slice(2)}` : f.cliName === '--generate-cli-skeleton' ? `${f.cliName} [input|yaml-input|output]` : `${f.cliName} <value>`;
    return f.required ? `    ${v}` : `    [${v}]`;
  });
  const options: string[] = [];
  for (const f of flags) {
    if (!f.member || !f.target) continue;
    const s = shapes[f.target];
    const lines = [`  ${f.kind === 'boolean' ? `${f.cliName} | --no-${f.cliName.slice(2)}` : f.cliName} (${typeName(f.target, shapes)})${f.required ? ' [required]' : ''}`];
    lines.push(`      sets ${f.member}`);
    for (const c of constraints(s)) lines.push(`      ${c}`);
    if (s?.type === 'list' && !supportsShorthand(s, shapes)) {
      lines.push('      give the values one after another, or a JSON list');
      for (const c of constraints(shapes[s.member])) lines.push(`      each: ${c}`);
    } else if (s && supportsShorthand(s, shapes)) {
      lines.push(`      shorthand: ${shorthandForm(f.target, shapes)}`);
      lines.push('      or JSON, or file://path.json');
    }
    options.push(lines.join('\n'));
  }
  const extra: [string, string][] = [
    ['--cli-input-json JSON|file://F', 'the whole request as JSON (flags on the line win)'],
    ['--cli-input-yaml YAML|file://F', 'the whole request as YAML (not with --cli-input-json)'],
    ['--generate-cli-skeleton [input|yaml-input|output]', 'print a request template (input, yaml-input) or a sample answer (output); sends nothing'],
  ];
  if (paginator) {
    extra.push(['--max-items N', 'stop after N items; the output then ends with a NextToken']);
    extra.push(['--starting-token TOKEN', 'go on from a NextToken']);
    if (paginator.limitKey) extra.push(['--page-size N', 'items asked for per call (the command still fetches every page)']);
  }
  const input = shapes[service.operations[operation].input];
  const required = input?.type === 'structure' ? input.members.filter((m) => m[2]) : [];
  const example = [`cognito-import ${service.name} ${cmd}`, ...required.map(([m, t]) => `--${xformName(m)} ${sample(m, t, shapes)}`)].join(' \\\n    ');
  return `${cmd}

usage:
  cognito-import ${service.name} ${cmd}
${synopsis.join('\n')}

calls the ${operation} operation${paginator ? ', every page of it unless --no-paginate or a paging flag is given' : ''}.

options:
${options.join('\n\n') || '  (none)'}

${pad(extra)}

example:
  ${example}
`;
}

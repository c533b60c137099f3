// `cognito-import outbox`: the messages the local server sent (invitations, codes), oldest first,
// read from the .eml files of its data dir's outbox folder (docs/spec.md section 9); no request
// is made, so it works with the server stopped. The data dir is the one `serve` uses in the same
// environment: --data-dir, else COGNITO_IMPORT_DATA_DIR, else ./.cognito-import. A folder that
// does not exist yet (nothing sent) is an empty list.
//
// Output: --output json (the default, as the aws CLI's) prints {"Messages": [...]} with each
// message's body; text prints one tab-separated line per message, in this order: time, user pool,
// username, kind, medium, destination, subject, code (`cut -f8` gives the codes); table the same
// columns. --query applies to the JSON value, then the aws CLI's own text and table layouts.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as jmespath from 'jmespath';
import { OUTBOX_FOLDER } from '../../messages/fileOutbox';
import { listOutbox, outboxEntryJson, type OutboxEntry } from '../../messages/outboxList';
import { localDataDir } from '../config';
import { ParamValidationError } from '../errors';
import type { ParsedGlobals } from '../globals';
import { renderJson } from '../output/json';
import { renderTable } from '../output/table';
import { drawTable, Section } from '../output/tableLayout';
import { renderText } from '../output/text';
import { renderYaml, renderYamlStream } from '../output/yaml';
import type { Io, OutputFormat } from '../types';

export const OUTBOX_USAGE = `usage: cognito-import outbox [--user-pool-id ID] [--username NAME] [--data-dir DIR] [--output json|text|table]

Lists the messages the local server sent (invitations, verification and password reset codes),
oldest first, from the .eml files in <data dir>/outbox/. Each shows its time, user pool, username,
kind, medium (EMAIL or SMS), destination, subject and code; --output json adds the body.

  --user-pool-id ID   only the messages of this user pool
  --username NAME     only the messages to this user (as the pool knows the username)
  --data-dir DIR      the server's data dir (default: COGNITO_IMPORT_DATA_DIR, else ./.cognito-import)
  --output FORMAT     json (default), text (one tab-separated line per message), table, yaml
  --query JMESPATH    print only what the expression selects from the JSON value

Exit status: 0, also when there is no message; 252 bad usage; 255 the folder cannot be read.`;

export interface OutboxRequest {
  poolId?: string;
  username?: string;
  dataDir: string;
}

/** argv (global options already taken out) -> the request, or 'help'. */
export function parseOutboxArgs(argv: string[], env: NodeJS.ProcessEnv): OutboxRequest | 'help' {
  const usage = (why: string): Error => new ParamValidationError(`cognito-import outbox: error: ${why}\n\n${OUTBOX_USAGE}`);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'user-pool-id': { type: 'string' }, username: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true, allowPositionals: true,
    });
  } catch (e) {
    throw usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  // `cognito-import outbox help`, as `cognito-import <command> help` elsewhere.
  if (values.help || (positionals.length === 1 && positionals[0] === 'help')) return 'help';
  if (positionals.length > 0) throw usage(`unexpected argument '${positionals[0]}'`);
  return { poolId: values['user-pool-id'], username: values.username, dataDir: localDataDir(env, values['data-dir']) };
}

/** The columns of text and table, in order. */
const COLUMNS: [string, (m: OutboxEntry) => string][] = [
  ['Time', (m) => m.time], ['UserPoolId', (m) => m.poolId], ['Username', (m) => m.username], ['Kind', (m) => m.kind],
  ['Medium', (m) => m.medium], ['Destination', (m) => m.destination], ['Subject', (m) => m.subject ?? ''], ['Code', (m) => m.code ?? ''],
];

/** A tab or line break inside a value would break the line into wrong columns. */
const cell = (v: string): string => v.replace(/[\t\r\n]+/g, ' ');

function textLines(messages: OutboxEntry[]): string {
  return messages.map((m) => `${COLUMNS.map(([, get]) => cell(get(m))).join('\t')}\n`).join('');
}

function table(messages: OutboxEntry[], width: number, color: boolean): string {
  if (messages.length === 0) return '';
  const s = new Section();
  s.title = 'Outbox';
  s.addHeader(COLUMNS.map(([name]) => name));
  for (const m of messages) s.addRow(COLUMNS.map(([, get]) => cell(get(m))));
  return drawTable([s], width, color);
}

interface RenderSettings { format: OutputFormat; query?: string; color: boolean; width: number }

export function renderOutbox(messages: OutboxEntry[], o: RenderSettings): string {
  const value = { Messages: messages.map(outboxEntryJson) };
  if (o.format === 'off') return '';
  if (o.query === undefined) {
    if (o.format === 'text') return textLines(messages);
    if (o.format === 'table') return table(messages, o.width, o.color);
  }
  const v: unknown = o.query === undefined ? value : jmespath.search(value, o.query);
  switch (o.format) {
    case 'text': return renderText(v);
    case 'table': return renderTable(v, 'Outbox', o.width, o.color);
    case 'yaml': return renderYaml(v);
    case 'yaml-stream': return renderYamlStream(v);
    default: return renderJson(v);
  }
}

export async function outbox(argv: string[], globals: ParsedGlobals, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const request = parseOutboxArgs(argv, env);
  if (request === 'help') {
    io.stdout(`${OUTBOX_USAGE}\n`);
    return 0;
  }
  const messages = await listOutbox(join(request.dataDir, OUTBOX_FOLDER), { poolId: request.poolId, username: request.username });
  io.stdout(renderOutbox(messages, {
    format: globals.output ?? 'json',
    query: globals.query,
    color: globals.color === 'on' || (globals.color !== 'off' && io.isTTY && !env.NO_COLOR),
    width: io.isTTY && process.stdout.columns ? process.stdout.columns : 80,
  }));
  return 0;
}

// The limits bench/import compares the import engine with: the same CSV parsed the same simple
// way and the same rows written into the same users table by the fastest plain means of each
// backend. SQLite: one prepared statement, 50,000 rows a transaction. PostgreSQL: COPY FROM STDIN
// (pg-copy-streams), one statement for the whole file, parsing in this process while the server
// writes. Neither checks a row, writes a log event, a counter or a checkpoint, as the engine does.
import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../src/store/sqlite/driver';
import { migrate } from '../src/store/sqlite/sqliteStore';
import { openPostgresStore } from '../src/store/postgres/pgStore';
import { indexedValues } from '../src/store/userFilterPlan';
import { attrValue } from '../src/store/postgres/userFilters';

/** The 19 attribute columns of the bench CSV, in order (cognito:mfa_enabled and cognito:username follow). */
export const ATTRIBUTE_COLUMNS = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website',
  'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified', 'address', 'updated_at'];

const ACCOUNT = '111111111111';
const POOL = 'us-west-2_limit0000';

interface LimitRow {
  username: string;
  sub: string;
  attributes: string;
  /** The searchable attributes' values, as the users table's attr_* columns hold them (null when absent). */
  indexed: (string | null)[];
}

/** Rows of the file as the limits store them: split cells (`\,` kept in a cell), attributes as the engine stores them. */
async function* rowsOf(file: string): AsyncGenerator<LimitRow[]> {
  let carry = '';
  let header = true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const lines = (carry + (chunk as string)).split('\n');
    carry = lines.pop()!;
    const out: LimitRow[] = [];
    for (const line of lines) {
      if (header) { header = false; continue; }
      const cells = line.split(/(?<!\\),/).map((c) => c.replace(/\\,/g, ',').trim());
      const sub = randomUUID();
      const attrs: [string, string][] = [['sub', sub]];
      for (let c = 0; c < ATTRIBUTE_COLUMNS.length; c++) if (cells[c]) attrs.push([ATTRIBUTE_COLUMNS[c], cells[c]]);
      out.push({ username: cells[20], sub, attributes: JSON.stringify(attrs), indexed: indexedValues(attrs) });
    }
    if (out.length) yield out;
  }
}

/** Seconds to parse the file and insert every row into a fresh SQLite database. */
export async function sqliteLimit(file: string, dbFile: string): Promise<number> {
  const db = openDatabase(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  const ref = db.prepare('INSERT INTO pool_refs (account_id, pool_id) VALUES (?, ?) RETURNING ref').pluck().get(ACCOUNT, POOL) as number;
  const insert = db.prepare(`INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes,
    pool_ref, attr_email, attr_phone_number, attr_name, attr_given_name, attr_family_name, attr_preferred_username)
    VALUES (?, ?, ?, ?, ?, 'RESET_REQUIRED', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const flush = db.transaction((rows: LimitRow[]) => {
    const now = Date.now();
    for (const r of rows) insert.run(ACCOUNT, POOL, r.username, r.username, r.sub, now, now, r.attributes, ref, ...r.indexed);
  });
  const t0 = process.hrtime.bigint();
  let batch: LimitRow[] = [];
  for await (const rows of rowsOf(file)) {
    batch.push(...rows);
    if (batch.length >= 50_000) { flush(batch); batch = []; }
  }
  if (batch.length) flush(batch);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return seconds;
}

/** COPY's text format: tab-separated, `\` escapes for backslash, tab, newline and carriage return. */
const copyText = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

/** Seconds to parse the file and COPY every row into the users table of `databaseUrl` (migrated here, must be empty). */
export async function postgresLimit(file: string, databaseUrl: string): Promise<number> {
  await (await openPostgresStore(databaseUrl)).close(); // the same schema the server uses
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const t0 = process.hrtime.bigint();
    const now = String(Date.now());
    const lines = Readable.from((async function* () {
      for await (const rows of rowsOf(file)) {
        let text = '';
        for (const r of rows) {
          const indexed = r.indexed.map((v) => (v === null ? '\\N' : copyText(attrValue(v)))).join('\t');
          text += `${ACCOUNT}\t${POOL}\t${copyText(r.username)}\t${copyText(r.username)}\t${r.sub}\tRESET_REQUIRED\tt\t${now}\t${now}\t${copyText(r.attributes)}\t${indexed}\n`;
        }
        yield text;
      }
    })());
    await pipeline(lines, client.query(copyFrom(
      `COPY users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes,
        attr_email, attr_phone_number, attr_name, attr_given_name, attr_family_name, attr_preferred_username) FROM STDIN`,
    )));
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await client.end();
  }
}

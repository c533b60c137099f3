// import-users' local check and progress formatting, without a server: line numbers as an editor
// counts them, rows as the engine counts them, columns named, and the bar fitting its terminal.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCsvFile, formatFinding, storedPoolFrom, type Finding } from '../../src/cli/commands/importCheck';
import { checkCsv } from '../../src/domain/csvCheck';
import { ROW_TOO_LONG_REASON } from '../../src/domain/csvRules';
import { progressBar, progressLine, RateMeter, duration } from '../../src/cli/commands/importProgress';
import { isoLocal, jobJson } from '../../src/cli/commands/jobJson';
import { newPoolSettings, poolToWire, type StoredPool } from '../../src/domain/userPool';
import { csvText, userRow, STANDARD_HEADER } from '../helpers/csv';
import { cleanup, tempDir } from '../helpers/server';

const dir = tempDir('ci-import-check-');
after(() => cleanup(dir));

function pool(extra: Parameters<typeof newPoolSettings>[0] = { PoolName: 'p', AutoVerifiedAttributes: ['email'] }): StoredPool {
  return {
    accountId: '123456789012', region: 'eu-west-1', id: 'eu-west-1_abc', name: 'p', createdMs: 0, modifiedMs: 0,
    settings: newPoolSettings(extra),
  };
}

async function check(text: string | Buffer, p = pool()): Promise<{ findings: Finding[]; result: Awaited<ReturnType<typeof checkCsvFile>> }> {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, text);
  const findings: Finding[] = [];
  const result = await checkCsvFile(path, { pool: p }, (f) => findings.push(f));
  return { findings, result };
}

test('storedPoolFrom: the account and region come from the pool ARN; the settings are the rest', () => {
  const p = pool({ PoolName: 'p', AutoVerifiedAttributes: ['phone_number'], UsernameConfiguration: { CaseSensitive: false } });
  const back = storedPoolFrom(poolToWire(p) as never, { accountId: '', region: 'x' });
  assert.equal(back.accountId, '123456789012');
  assert.equal(back.region, 'eu-west-1');
  assert.equal(back.id, 'eu-west-1_abc');
  assert.deepEqual(back.settings.AutoVerifiedAttributes, ['phone_number']);
  assert.equal(back.settings.UsernameConfiguration?.CaseSensitive, false);
  assert.equal('Arn' in back.settings, false);
});

test('CRLF, blank lines and a last line without a newline: file lines for people, data rows as the log numbers them', async () => {
  const rows = csvText([userRow(1), userRow(2, { 'cognito:mfa_enabled': 'maybe' }), userRow(3)]).trimEnd().split('\n');
  const text = [rows[0], '', rows[1], '', rows[2], rows[3]].join('\r\n'); // no final newline
  const { findings, result } = await check(text);
  assert.equal(result.dataRows, 3);
  assert.deepEqual([result.okRows, result.failedRows, result.skippedRows, result.jobFails], [2, 1, 0, false]);
  assert.deepEqual(findings, [{
    line: 5, column: 'cognito:mfa_enabled', outcome: 'failed', message: 'The cognito:mfa_enabled value must be true or false.',
  }]);
  assert.deepEqual([...result.lineOfRow], [0, 3, 5, 6]);
});

// The console's pre-check reads a picked file in the browser's chunks (64 KB): a row of many
// chunks must cost its length, not its length times its chunks. 24 MB in 2 KB chunks: a second
// when linear; when each chunk searched the line so far, some 12,000 passes over 12 MB on
// average (minutes), which the test's timeout turns into a failure.
test('one very long row, in many small chunks: read in linear time, and failed as too long', { timeout: 30_000 }, async () => {
  const header = STANDARD_HEADER.join(',');
  const row = 'x'.repeat(24 * 1024 * 1024);
  const bytes = Buffer.from(`${header}\n${row}\n${csvText([userRow(2)]).split('\n')[1]}\n`);
  const open = async function* (): AsyncIterable<Uint8Array> {
    for (let at = 0; at < bytes.length; at += 2048) {
      // A turn of the event loop now and then, as a browser's file stream takes: the timeout can fire.
      if (at % (64 * 2048) === 0) await new Promise((resolve) => setImmediate(resolve));
      yield bytes.subarray(at, at + 2048);
    }
  };
  const findings: Finding[] = [];
  const result = await checkCsv(open, { pool: pool() }, (f) => findings.push(f));
  assert.deepEqual([result.dataRows, result.okRows, result.failedRows, [...result.lineOfRow]], [2, 1, 1, [0, 2, 3]]);
  assert.deepEqual(findings, [{ line: 2, column: undefined, outcome: 'failed', message: ROW_TOO_LONG_REASON }]);
});

test('row-level reasons have no column; a quoted value names its column; case-insensitive pools skip "USER1" after "user1"', async () => {
  const header = STANDARD_HEADER.join(',');
  const cells = STANDARD_HEADER.map((h) => userRow(1)[h] ?? '');
  const short = cells.slice(1).join(',');
  const quoted = STANDARD_HEADER.map((h) => (h === 'name' ? '"Doe, Jane"' : userRow(9)[h] ?? '')).join(',');
  const upper = STANDARD_HEADER.map((h) => userRow(1, { 'cognito:username': 'USER1', email: 'other@example.com' })[h] ?? '').join(',');
  const { findings } = await check([header, cells.join(','), short, quoted, upper, ''].join('\n'),
    pool({ PoolName: 'p', AutoVerifiedAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false } }));
  assert.deepEqual(findings.map((f) => [f.line, f.column, f.outcome]), [
    [3, undefined, 'failed'], [4, 'name', 'failed'], [5, 'cognito:username', 'skipped'],
  ]);
  assert.match(findings[0].message, /^The row has 20 values but the header has 21 columns/);
  assert.equal(formatFinding('u.csv', findings[0]), `u.csv:3: ${findings[0].message}`);
  assert.equal(formatFinding('u.csv', findings[1]), `u.csv:4: name: ${findings[1].message}`);
});

test('file-level problems: not UTF-8 has no line, the header has line 1, a pool with no auto-verified attribute none', async () => {
  const bad = await check(Buffer.concat([Buffer.from(csvText([userRow(1)])), Buffer.from([0xc3, 0x28, 0x0a])]));
  assert.equal(bad.result.jobFails, true);
  assert.deepEqual(bad.findings.map((f) => [f.line, f.outcome]), [[undefined, 'job']]);
  assert.match(bad.findings[0].message, /not valid UTF-8 \(in data row 2\)/);
  const header = await check('name,email\nx,y\n');
  assert.equal(header.findings[0].line, 1);
  assert.equal(header.result.dataRows, 1);
  const noAuto = await check(csvText([userRow(1)]), pool({ PoolName: 'p' }));
  assert.deepEqual(noAuto.findings.map((f) => [f.line, f.outcome]), [[undefined, 'job']]);
  assert.match(noAuto.findings[0].message, /^The user pool has no auto-verified attribute/);
});

test('line endings: a CR-only file is refused as the job refuses it; a lone CR in a row fails that row', async () => {
  const lf = csvText([userRow(1), userRow(2), userRow(3)]);
  const crOnly = await check(lf.replace(/\n/g, '\r'));
  assert.equal(crOnly.result.jobFails, true);
  assert.deepEqual(crOnly.findings, [{
    line: undefined, outcome: 'job',
    message: "The CSV file's lines end with CR only (classic Mac OS line endings). Save it with LF or CRLF line endings and upload it again.",
  }]);
  const lines = lf.trimEnd().split('\n');
  const mixed = await check(`${lines[0]}\r\n${lines[1]}\r${lines[2]}\n${lines[3]}\n`);
  assert.deepEqual([mixed.result.okRows, mixed.result.failedRows], [1, 1]);
  assert.deepEqual(mixed.findings.map((f) => [f.line, f.column, f.outcome]), [[2, undefined, 'failed']]);
  assert.match(mixed.findings[0].message, /^The row holds a carriage return \(CR\) that does not end a line/);
});

test('findings show nothing the file holds: header cells and values are named by line and column only', async () => {
  const MARK = 'Zq9Marker';
  const header = [...STANDARD_HEADER, `${MARK} colour`].join(',');
  const extra = await check(`${header}\n${STANDARD_HEADER.map(() => MARK).join(',')},${MARK}\n`);
  assert.deepEqual(extra.findings, [{
    line: 1, outcome: 'job',
    message: 'Column 22 of the CSV header is not one of the columns GetCSVHeader returns for this user pool. Remove or rename it.',
  }]);
  const rows = [
    userRow(1, { 'cognito:username': MARK, email: `${MARK}@example.com`, name: MARK }),
    userRow(2, { 'cognito:username': MARK, email: `${MARK}2@example.com` }), // skipped: same username
    userRow(3, { email: `${MARK}\u0007@example.com` }),
    userRow(4, { email: `${MARK}@example.com` }), // fails: line 2 holds this email as an alias
    userRow(5, { phone_number: MARK, name: MARK }),
    userRow(6, { 'cognito:username': `${MARK} x` }),
    userRow(7, { name: `"${MARK}, Jane"` }),
    userRow(8, { birthdate: MARK }),
    userRow(9, { 'cognito:mfa_enabled': MARK }),
  ];
  const text = csvText(rows).replace(`User 9`, `${MARK}\r${MARK}`);
  const { findings } = await check(text, pool({ PoolName: 'p', AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'] }));
  assert.equal(findings.length, 8, JSON.stringify(findings));
  for (const f of findings) assert.ok(!formatFinding('users.csv', f).includes(MARK), formatFinding('users.csv', f));
});

test('the progress bar fits its terminal: the rate goes first, then the bar, then the ETA; counters stay', () => {
  const job = { Status: 'InProgress', ImportedUsers: 123_456, SkippedUsers: 7, FailedUsers: 89 };
  const at = (width: number): string => progressBar(job, 500_000, 41_234.4, width);
  assert.equal(at(119), '[#######.......................]  123,552/500,000 24%  41,234 rows/s  ETA 0:09  imported 123,456 skipped 7 failed 89');
  assert.equal(at(100), '[###...........]  123,552/500,000 24%  41,234 rows/s  ETA 0:09  imported 123,456 skipped 7 failed 89');
  assert.equal(at(79), '[##......]  123,552/500,000 24%  ETA 0:09  imported 123,456 skipped 7 failed 89'); // 80 columns
  assert.equal(at(70), '123,552/500,000 24%  ETA 0:09  imported 123,456 skipped 7 failed 89');
  assert.equal(at(60), '123,552/500,000 24%  imported 123,456 skipped 7 failed 89');
  for (let w = 10; w < 130; w++) assert.ok(at(w).length <= w, `width ${w}`);
  assert.equal(progressBar({ Status: 'Pending' }, 10, undefined, 80), '[..............................]  0/10 0%  waiting for the import to start');
  assert.equal(progressBar({ Status: 'Stopped', ImportedUsers: 136_000 }, 200_000, 3e4, 79),
    '[#######...]  136,000/200,000 68%  imported 136,000 skipped 0 failed 0  Stopped');
  assert.equal(progressLine('import-x', { ...job, Status: 'Stopping' }, 500_000, 10.4),
    'import-x: Stopping, 123552 of 500000 rows (24%), 10 rows/s; imported 123456, skipped 7, failed 89');
  assert.equal(duration(3725), '1:02:05');
  assert.equal(duration(59.6), '1:00');
});

test('the rate is measured over a sliding window', () => {
  const m = new RateMeter(10_000);
  m.add(0, 0);
  assert.equal(m.rate(100), undefined);
  m.add(1000, 1000);
  m.add(2000, 3000);
  assert.equal(m.rate(2000), 1500);
  for (let t = 3000; t <= 20_000; t += 1000) m.add(t, 3000 + (t - 2000) * 2);
  assert.equal(m.rate(20_000), 2000); // the early slow second has left the window
});

test('the job JSON: model order, 4 spaces, wire or ISO timestamps', () => {
  const job = { Status: 'Succeeded', JobId: 'import-a', JobName: 'n', CreationDate: new Date(1548271795471), ImportedUsers: 1, StartDate: undefined };
  assert.equal(jobJson(job, 'wire'), '{\n    "UserImportJob": {\n        "JobName": "n",\n        "JobId": "import-a",\n'
    + '        "CreationDate": 1548271795.471,\n        "Status": "Succeeded",\n        "ImportedUsers": 1\n    }\n}\n');
  assert.match(isoLocal(new Date(1548271795471)), /^2019-01-2\dT\d\d:\d\d:55\.471000[+-]\d\d:\d\d$/);
});

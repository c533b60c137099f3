// What the npm package loads (scripts/pack-test.sh installs it): a server on SQLite and local
// files never loads PostgreSQL's driver or the AWS SDK's S3 client, nor without --smtp-url
// nodemailer's SMTP transport, and a missing SQLite binding
// (better-sqlite3 12 is an optional dependency) is named, with what to do, not a bare
// MODULE_NOT_FOUND. Each runs `node` in a child process with a preload module of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

test('a server on SQLite and local files, without --smtp-url, loads neither pg nor the S3 client nor an SMTP transport, in any of its threads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-modules-'));
  try {
    // Each thread appends every module it loads to a file of its own, as it loads it (a worker
    // thread ended by terminate() runs no exit handler).
    const preload = join(dir, 'preload.js');
    writeFileSync(preload, `const { threadId } = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const load = Module._load;
const out = ${JSON.stringify(dir)} + '/loaded-' + threadId + '.txt';
Module._load = function (request, parent, ...rest) {
  const m = load.call(this, request, parent, ...rest);
  try { appendFileSync(out, Module._resolveFilename(request, parent) + '\\n'); } catch {}
  return m;
};
`);
    const child = spawn(process.execPath, ['-r', preload, join(ROOT, 'bin', 'cognito-import.js'), 'serve', '--port', '0', '--data-dir', join(dir, 'data')],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const seen = (d: Buffer): void => { out += d.toString(); if (out.includes('listening on')) resolve(); };
        child.stdout.on('data', seen);
        child.stderr.on('data', seen);
        child.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${out}`)));
        setTimeout(() => reject(new Error(`serve did not listen within 30 s: ${out}`)), 30_000).unref();
      });
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    // The engine's thread has opened its store (where PostgreSQL's would be loaded) and blob store.
    const loadedAll = (): string[] => readdirSync(dir).filter((f) => f.startsWith('loaded-'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
    const engineOpened = (): boolean => readdirSync(dir).some((f) => f.startsWith('loaded-') && f !== 'loaded-0.txt'
      && /engineThread\.js$/m.test(readFileSync(join(dir, f), 'utf8')) && /blobs[\\/]files\.js$/m.test(readFileSync(join(dir, f), 'utf8')));
    for (const t0 = Date.now(); !engineOpened();) {
      if (Date.now() - t0 > 20_000) {
        child.kill('SIGKILL');
        throw new Error(`the engine's thread did not open its stores: ${readdirSync(dir).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const loaded = loadedAll();
    assert.ok(loaded.some((m) => m.includes(`${join('store', 'sqlite', 'driver.js')}`)), 'the list is of real module paths');
    assert.deepEqual(loaded.filter((m) => /[\\/]node_modules[\\/](pg|pg-[a-z-]+|@aws-sdk[\\/]client-s3|@aws-sdk[\\/]s3-request-presigner)[\\/]/.test(m)), []);
    assert.deepEqual(loaded.filter((m) => /[\\/](store[\\/]postgres|blobs[\\/]s3)/.test(m)), []);
    const smtp = (m: string): boolean => /[\\/]node_modules[\\/]nodemailer[\\/]dist[\\/]cjs[\\/](nodemailer\.js|smtp-transport|smtp-connection|smtp-pool)/.test(m)
      || /[\\/]messages[\\/]smtpOutbox\.js$/.test(m);
    assert.ok(smtp(require.resolve('nodemailer/lib/smtp-transport')) && smtp(require.resolve('nodemailer')), 'the pattern matches where nodemailer is');
    assert.deepEqual(loaded.filter(smtp), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing SQLite binding is named, with how to install it', () => {
  // Both bindings made unfindable, as on an install where the one this Node needs did not build.
  const script = `
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'better-sqlite3' || request === 'better-sqlite3-13') {
    const e = new Error("Cannot find module '" + request + "'"); e.code = 'MODULE_NOT_FOUND'; throw e;
  }
  return resolve.call(this, request, ...rest);
};
try { require(${JSON.stringify(join(ROOT, 'dist', 'src', 'store', 'sqlite', 'driver.js'))}).openDatabase(':memory:'); console.log('opened'); }
catch (e) { console.log(e.message); }
`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const major = Number(process.versions.node.split('.')[0]);
  assert.equal(r.stdout.trim(), major >= 22
    ? `SQLite on Node ${process.versions.node} needs the package better-sqlite3-13, which is not installed: install cognito-import again`
    : `SQLite on Node ${process.versions.node} needs the package better-sqlite3 (version 12), which is not installed: `
      + 'install cognito-import again without --omit=optional (its build needs a C++ compiler where no prebuilt binary fits)');
});

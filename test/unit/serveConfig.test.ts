// Serve settings (src/config.ts): the hashing bound, from the flag or the
// environment, never as many as libuv's threads; and the HTTP timeouts' documented defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, DEFAULT_HTTP_TIMEOUTS, loadServeConfig } from '../../src/config';

test('--hashing-concurrency: 2 by default, from the flag or COGNITO_IMPORT_HASHING_CONCURRENCY, the flag first', () => {
  assert.equal(loadServeConfig([], {}).hashingConcurrency, 2);
  assert.equal(loadServeConfig(['--hashing-concurrency', '1'], {}).hashingConcurrency, 1);
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_HASHING_CONCURRENCY: '3' }).hashingConcurrency, 3);
  assert.equal(loadServeConfig(['--hashing-concurrency', '1'], { COGNITO_IMPORT_HASHING_CONCURRENCY: '3' }).hashingConcurrency, 1);
});

test('--hashing-concurrency leaves at least one of libuv\'s threads (UV_THREADPOOL_SIZE, 4 by default) to file I/O', () => {
  assert.throws(() => loadServeConfig(['--hashing-concurrency', '4'], {}),
    new ConfigError("--hashing-concurrency (libuv has 4 threads) must be a whole number from 1 to 3, not '4'"));
  assert.throws(() => loadServeConfig(['--hashing-concurrency', '0'], {}), ConfigError);
  assert.throws(() => loadServeConfig(['--hashing-concurrency', 'two'], {}), ConfigError);
  assert.equal(loadServeConfig(['--hashing-concurrency', '15'], { UV_THREADPOOL_SIZE: '16' }).hashingConcurrency, 15);
  // A pool of one or two threads: the default shrinks so one stays free, but never below one.
  assert.equal(loadServeConfig([], { UV_THREADPOOL_SIZE: '2' }).hashingConcurrency, 1);
  assert.equal(loadServeConfig([], { UV_THREADPOOL_SIZE: '1' }).hashingConcurrency, 1);
});

test('HTTP timeouts: headers 15 s, API body 30 s in all and 10 s idle, an upload an hour, any connection 2 minutes idle', () => {
  assert.deepEqual(loadServeConfig([], {}).http, DEFAULT_HTTP_TIMEOUTS);
  assert.deepEqual(DEFAULT_HTTP_TIMEOUTS, { headersMs: 15_000, apiBodyMs: 30_000, apiBodyIdleMs: 10_000, uploadMs: 3_600_000, idleMs: 120_000 });
  // 100 MiB at 256 kbit/s fits in the upload's hour.
  assert.ok((100 * 1024 * 1024 * 8) / 256_000 * 1000 < DEFAULT_HTTP_TIMEOUTS.uploadMs);
});

test('--debug-event-loop-delay: off by default, on from the flag or COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY=1/true', () => {
  assert.equal(loadServeConfig([], {}).debugEventLoopDelay, false);
  assert.equal(loadServeConfig(['--debug-event-loop-delay'], {}).debugEventLoopDelay, true);
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY: '1' }).debugEventLoopDelay, true);
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY: 'true' }).debugEventLoopDelay, true);
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY: '0' }).debugEventLoopDelay, false);
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY: '' }).debugEventLoopDelay, false);
  assert.throws(() => loadServeConfig([], { COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY: 'yes' }),
    new ConfigError("COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY must be 1, true, 0 or false, not 'yes'"));
  assert.throws(() => loadServeConfig(['--debug-event-loop-delay=1'], {}), ConfigError);
});

test('--batch-size: 500 rows on SQLite (an API write waits at most for the batch in progress), 2,000 on PostgreSQL, or as given', () => {
  assert.equal(loadServeConfig([], {}).worker.batchSize, 500);
  assert.equal(loadServeConfig(['--database-url', 'postgres://u@h/db'], {}).worker.batchSize, 2000);
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_DATABASE_URL: 'postgres://u@h/db' }).worker.batchSize, 2000);
  assert.equal(loadServeConfig(['--batch-size', '1000'], {}).worker.batchSize, 1000);
  assert.equal(loadServeConfig(['--batch-size', '100', '--database-url', 'postgres://u@h/db'], {}).worker.batchSize, 100);
});

test('--worker-nice: 10 by default, from the flag or COGNITO_IMPORT_WORKER_NICE, 0 to 19', () => {
  assert.equal(loadServeConfig([], {}).worker.nice, 10);
  assert.equal(loadServeConfig(['--worker-nice', '0'], {}).worker.nice, 0);
  assert.equal(loadServeConfig([], { COGNITO_IMPORT_WORKER_NICE: '19' }).worker.nice, 19);
  assert.equal(loadServeConfig(['--worker-nice', '3'], { COGNITO_IMPORT_WORKER_NICE: '19' }).worker.nice, 3);
  assert.throws(() => loadServeConfig(['--worker-nice', '20'], {}), new ConfigError("--worker-nice must be a whole number from 0 to 19, not '20'"));
  assert.throws(() => loadServeConfig(['--worker-nice', '-1'], {}), ConfigError);
});

test('a key from the environment: each problem names its own variable; a well-known secret (LocalStack\'s test/test, the AWS docs\' example) is refused as such', () => {
  const env = (id: string, secret: string, account?: string): NodeJS.ProcessEnv =>
    ({ COGNITO_IMPORT_ACCESS_KEY_ID: id, COGNITO_IMPORT_SECRET_ACCESS_KEY: secret, ...(account ? { COGNITO_IMPORT_ACCOUNT_ID: account } : {}) });
  const ID = 'AKIAEXAMPLEKEYAAAAAA';
  assert.throws(() => loadServeConfig([], env(ID, 'short')), new ConfigError('COGNITO_IMPORT_SECRET_ACCESS_KEY must be at least 16 characters'));
  assert.throws(() => loadServeConfig([], env('test', 'secret-of-sixteen-chars')), new ConfigError('COGNITO_IMPORT_ACCESS_KEY_ID must be 16-128 upper-case letters and digits'));
  assert.throws(() => loadServeConfig([], env(ID, 'secret-of-sixteen-chars', '12')), new ConfigError('COGNITO_IMPORT_ACCOUNT_ID must be 12 digits'));
  assert.throws(() => loadServeConfig([], env('AKIAIOSFODNN7EXAMPLE', 'test')),
    new ConfigError("COGNITO_IMPORT_SECRET_ACCESS_KEY is LocalStack's default ('test'), which anyone could sign with: choose a random secret of at least 16 characters"));
  assert.throws(() => loadServeConfig([], env('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')),
    new ConfigError("COGNITO_IMPORT_SECRET_ACCESS_KEY is the AWS documentation's example ('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), which anyone could sign with: choose a random secret of at least 16 characters"));
  assert.equal(loadServeConfig([], env(ID, 'secret-of-sixteen-chars', '123456789012')).envKey?.accountId, '123456789012');
});

// jobEnding (src/domain/importJob.ts): the status and message a job ends with, whichever backend
// ends it. A stop asked while the last batch ran wins over the rows' verdict (spec section 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobEnding, MESSAGES, type JobStatus } from '../../src/domain/importJob';

test('a job still InProgress ends with the verdict the engine gives, its message as given', () => {
  assert.deepEqual(jobEnding('InProgress', { status: 'Succeeded', message: MESSAGES.succeeded }), { status: 'Succeeded', message: MESSAGES.succeeded });
  assert.deepEqual(jobEnding('InProgress', { status: 'Failed', message: 'The file is bad.', jobEvent: '[FAILED] x' }),
    { status: 'Failed', message: 'The file is bad.' });
});

test('a job a stop was asked of (Stopping) ends Stopped, whatever the verdict', () => {
  for (const end of [{ status: 'Succeeded', message: MESSAGES.succeeded }, { status: 'Failed', message: 'bad' }, { status: 'Stopped' }] as const) {
    assert.deepEqual(jobEnding('Stopping', end), { status: 'Stopped', message: MESSAGES.stopped });
  }
});

test('Stopped ends the job Stopped with Cognito\'s message, from any state the engine holds it in', () => {
  for (const current of ['InProgress', 'Pending', 'Stopping'] as JobStatus[]) {
    assert.deepEqual(jobEnding(current, { status: 'Stopped' }), { status: 'Stopped', message: MESSAGES.stopped });
  }
});

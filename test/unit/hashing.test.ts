// The hashing queue (src/domain/hashing.ts) and the worker's fault record (src/worker/faults.ts)
// on their own, with tasks the test finishes by hand: the bound, the order, the refusal when
// too many wait, that imported hashes' checks share the queue, and when a run of storage faults
// counts as stuck.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashingQueue, HashingQueueFullError, queuedPasswordHashing } from '../../src/domain/hashing';
import { hashPassword, verifyPassword } from '../../src/domain/passwords';
import { STUCK_AFTER_FAILURES, WorkerFaults } from '../../src/worker/faults';

/** A task the test ends by hand, recording when it starts. */
function manual(started: number[], id: number): { task: () => Promise<number>; finish(): void; fail(): void } {
  let finish!: () => void;
  let fail!: () => void;
  const done = new Promise<number>((resolve, reject) => {
    finish = () => resolve(id);
    fail = () => reject(new Error(`task ${id} failed`));
  });
  return { task: () => { started.push(id); return done; }, finish: () => finish(), fail: () => fail() };
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

test('at most `concurrency` tasks run at once; the others start in arrival order as slots free up', async () => {
  const q = new HashingQueue(2);
  const started: number[] = [];
  const tasks = Array.from({ length: 6 }, (_, i) => manual(started, i));
  const results = tasks.map((t) => q.run(t.task));
  for (const r of results) r.catch(() => {}); // settled and checked below
  await turn();
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(q.load, { running: 2, waiting: 4, idleWaiting: 0 });
  tasks[1].finish();
  await turn();
  assert.deepEqual(started, [0, 1, 2]);
  tasks[0].fail(); // a failed task frees its slot too
  await turn();
  assert.deepEqual(started, [0, 1, 2, 3]);
  for (const t of tasks.slice(2)) t.finish();
  await turn();
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
  const settled = await Promise.allSettled(results);
  assert.deepEqual(settled.map((s) => s.status), ['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  assert.deepEqual(q.load, { running: 0, waiting: 0, idleWaiting: 0 });
});

test('past maxWaiting a task is refused at once: TooManyRequestsException "Too many requests" through PasswordHashing', async () => {
  const q = new HashingQueue(1, 2);
  const started: number[] = [];
  const tasks = Array.from({ length: 3 }, (_, i) => manual(started, i));
  const runs = tasks.map((t) => q.run(t.task));
  const hashing = queuedPasswordHashing(q);
  await assert.rejects(hashing.hash('Corr3ct-Horse!'), { name: 'TooManyRequestsException', message: 'Too many requests' });
  for (const t of tasks) t.finish();
  await Promise.all(runs);
  assert.match(await hashing.hash('Corr3ct-Horse!'), /^\$scrypt\$ln=15,r=8,p=1\$/);
});

test('verifyImported (sign-in against an imported hash) waits for a slot in the same queue', async () => {
  const q = new HashingQueue(1);
  const started: number[] = [];
  const held = manual(started, 0);
  const run = q.run(held.task);
  const hashing = queuedPasswordHashing(q);
  // The PHP manual's password_verify() example (bcrypt, cost 7).
  const check = hashing.verifyImported('rasmuslerdorf', '$2y$07$BCryptRequires22Chrcte/VlQH0piJtjXl.0t1XkA8pw9dMXTpOq');
  await turn();
  assert.deepEqual(q.load, { running: 1, waiting: 1, idleWaiting: 0 });
  held.finish();
  await run;
  assert.equal(await check, true);
  assert.deepEqual(q.load, { running: 0, waiting: 0, idleWaiting: 0 });
});

test('a lone surrogate is never hashed, and never matches a stored hash (it would match U+FFFD)', async () => {
  await assert.rejects(hashPassword('Corr3ct-Horse\ud800'), /not valid Unicode text/);
  const stored = await hashPassword('Corr3ct-Horse\ufffd');
  assert.equal(await verifyPassword('Corr3ct-Horse\ufffd', stored), true);
  assert.equal(await verifyPassword('Corr3ct-Horse\ud800', stored), false);
});

test(`a run of storage faults is stuck from its ${STUCK_AFTER_FAILURES}rd failure in a row, cleared by a success, forgotten once no longer retried`, () => {
  const f = new WorkerFaults(10_000);
  for (let i = 1; i < STUCK_AFTER_FAILURES; i++) f.failed('job a', new Error('disk full'), 1_000 * i);
  assert.deepEqual(f.stuck(3_000), []);
  f.failed('job a', Object.assign(new Error('database or disk is full'), { name: 'SqliteError' }), 3_000);
  assert.deepEqual(f.stuck(3_000), [{ activity: 'job a', attempts: 3, sinceMs: 1_000, lastMs: 3_000, lastError: 'SqliteError: database or disk is full' }]);
  f.succeeded('job a');
  assert.deepEqual(f.stuck(3_000), []);
  for (let i = 0; i < STUCK_AFTER_FAILURES; i++) f.failed('job b', 'gone', 5_000);
  assert.equal(f.stuck(15_000).length, 1);
  assert.deepEqual(f.stuck(15_001), []); // its job was deleted or taken over: no longer retried here
});

test('the idle lane: its tasks take a slot only when no run() task waits, in arrival order, and past maxIdleWaiting are refused', async () => {
  const q = new HashingQueue(1, 8, 1);
  const started: number[] = [];
  const [a, idle1, idle2, b, c] = Array.from({ length: 5 }, (_, i) => manual(started, i));
  const runs = [q.run(a.task), q.runWhenIdle(idle1.task)];
  await assert.rejects(q.runWhenIdle(idle2.task), HashingQueueFullError);
  runs.push(q.run(b.task), q.run(c.task));
  await turn();
  assert.deepEqual(q.load, { running: 1, waiting: 2, idleWaiting: 1 });
  a.finish();
  await turn();
  b.finish();
  await turn();
  // Both requests, though they came after it, ran before the idle task.
  assert.deepEqual(started, [0, 3, 4]);
  c.finish();
  await turn();
  assert.deepEqual(started, [0, 3, 4, 1]);
  // A request arriving now waits for the idle task's slot: a running task is never interrupted.
  const d = manual(started, 5);
  runs.push(q.run(d.task));
  await turn();
  assert.deepEqual(q.load, { running: 1, waiting: 1, idleWaiting: 0 });
  idle1.finish();
  await turn();
  d.finish();
  await Promise.all(runs);
  assert.deepEqual(started, [0, 3, 4, 1, 5]);
  assert.deepEqual(q.load, { running: 0, waiting: 0, idleWaiting: 0 });
});

test('hashWhenIdle: a hash when a slot is free; undefined, not hashed, when the idle lane is full or the hash is no longer wanted', async () => {
  const q = new HashingQueue(1, 8, 1);
  const hashing = queuedPasswordHashing(q);
  const started: number[] = [];
  const held = manual(started, 0);
  const run = q.run(held.task);
  let wanted = true;
  const first = hashing.hashWhenIdle('Corr3ct-Horse!', () => wanted);
  assert.equal(await hashing.hashWhenIdle('Corr3ct-Horse!', () => true), undefined); // the lane holds one
  held.finish();
  await run;
  assert.match((await first) ?? '', /^\$scrypt\$ln=15,r=8,p=1\$/);
  const held2 = manual(started, 1);
  const run2 = q.run(held2.task);
  const dropped = hashing.hashWhenIdle('Corr3ct-Horse!', () => wanted);
  wanted = false;
  held2.finish();
  await run2;
  assert.equal(await dropped, undefined);
});

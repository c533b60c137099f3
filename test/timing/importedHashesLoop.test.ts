// Checking a password against an imported hash never holds the event loop (spec section 8;
// docs/behaviour.md: no request holds it more than ~20 ms): each algorithm's work runs on
// libuv's thread pool, so while a check of ~100 ms runs the loop keeps ticking. Measured with
// perf_hooks.monitorEventLoopDelay (test/helpers/eventLoop.ts), tried again when over budget;
// each check must itself take several times the budget, or the reading would prove nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashSync } from '@node-rs/bcrypt';
import { measureWithinBudget } from '../helpers/eventLoop';
import { verifyImportedHash } from '../../src/domain/importedHashes';
import { HASH_VECTORS } from '../helpers/hashVectors';

/** "A few ms": far under the ~20 ms a request may take, far under the check's own time. */
const BUDGET_MS = 10;

const PASSWORD = 'Corr3ct-Horse!';
const heavy = (prefix: string) => HASH_VECTORS.find((v) => v.hash.startsWith(prefix))!;
const CASES: [string, string, string][] = [
  // Made before the measurement: hashSync blocks the loop, as it says.
  ['bcrypt cost 10 (@node-rs/bcrypt)', PASSWORD, hashSync(PASSWORD, 10)],
  ...[heavy('$argon2id$v=19$m=65536'), heavy('$scrypt$ln=14'), heavy('pbkdf2_sha256$390000')]
    .map((v): [string, string, string] => [`${v.algorithm} (${v.source})`, v.password, v.hash]),
];

for (const [name, password, hash] of CASES) {
  test(`${name}: the loop keeps ticking while the check runs`, async () => {
    const start = process.hrtime.bigint();
    assert.equal(await verifyImportedHash(password, hash), true); // warm: the module and its first call
    const took = Number(process.hrtime.bigint() - start) / 1e6;
    assert.ok(took > 3 * BUDGET_MS, `the check took ${took} ms: too quick to tell`);
    const r = await measureWithinBudget(() => verifyImportedHash(password, hash), { budgetMs: BUDGET_MS });
    assert.equal(r.value, true);
    assert.ok(r.maxDelayMs <= BUDGET_MS, `the loop was held ${r.maxDelayMs} ms (tries: ${r.tries.join(', ')})`);
  });
}

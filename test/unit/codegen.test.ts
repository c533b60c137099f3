// The committed generated code is exactly what the generator makes from the models and the
// patch file: nobody edited it by hand and nobody forgot to re-run `npm run codegen`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS, generate, readPatches, ROOT, SERVICES } from '../../scripts/codegen';

for (const spec of SERVICES) {
  test(`src/api/generated/${spec.out} is up to date with ${spec.file}`, (t) => {
    if (!existsSync(join(DEFAULT_MODELS, spec.file))) return t.skip(`no model at ${DEFAULT_MODELS}`);
    const committed = readFileSync(join(ROOT, 'src', 'api', 'generated', spec.out), 'utf8');
    assert.equal(committed, generate(spec, DEFAULT_MODELS, readPatches()), 'run `npm run codegen` and commit the result');
  });
}

test('the generated module carries no documentation text from the model', () => {
  const text = readFileSync(join(ROOT, 'src', 'api', 'generated', 'cognitoIdp.ts'), 'utf8');
  assert.doesNotMatch(text, /<p>|smithy\.api#documentation/);
});

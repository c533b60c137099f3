// The committed generated code is exactly what the generator makes from the models and the
// patch file: nobody edited it by hand and nobody forgot to re-run `npm run codegen`.
// The models stay outside the repository, so on a clean clone (CI) only the header digests can
// be checked: the body against its digest, model-patches.json against the digest it was made with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS, generate, PATCHES_FILE, ROOT, SERVICES } from '../../scripts/codegen';

const GENERATED = join(ROOT, 'src', 'api', 'generated');
const REGENERATE = 'run `npm run codegen` (it needs the models outside the repository) and commit the result';

// Hashed here rather than with the generator's helper, so a broken helper is not checked against itself.
const sha256 = (text: string): string => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

/** A generated file's header digests by label, and its body: everything after the `// sha256 body:` line. */
function readGenerated(out: string): { digests: Map<string, string>; body: string | undefined } {
  const lines = readFileSync(join(GENERATED, out), 'utf8').replace(/\r\n/g, '\n').split('\n');
  const last = lines.findIndex((l) => l.startsWith('// sha256 body: '));
  const digests = new Map<string, string>();
  for (const line of lines.slice(0, last + 1)) {
    const m = /^\/\/ sha256 (.+): ([0-9a-f]{64})$/.exec(line);
    if (m) digests.set(m[1], m[2]);
  }
  return { digests, body: last < 0 ? undefined : lines.slice(last + 1).join('\n') };
}

for (const spec of SERVICES) {
  test(`src/api/generated/${spec.out}: its header digests match its body and ${PATCHES_FILE}`, () => {
    const { digests, body } = readGenerated(spec.out);
    assert.ok(body !== undefined && digests.has(PATCHES_FILE) && digests.has(spec.file), `${spec.out} has no digest header: ${REGENERATE}`);
    assert.equal(sha256(body), digests.get('body'),
      `${spec.out} was edited by hand: change ${PATCHES_FILE} or scripts/codegen.ts instead, then ${REGENERATE}`);
    assert.equal(sha256(readFileSync(join(ROOT, PATCHES_FILE), 'utf8')), digests.get(PATCHES_FILE),
      `${PATCHES_FILE} changed since ${spec.out} was generated: ${REGENERATE}`);
  });
}

for (const spec of SERVICES) {
  test(`src/api/generated/${spec.out} is up to date with ${spec.file}`, (t) => {
    if (!existsSync(join(DEFAULT_MODELS, spec.file))) {
      return t.skip(`no model at ${DEFAULT_MODELS}: only the header digest checks ran`);
    }
    const committed = readFileSync(join(GENERATED, spec.out), 'utf8');
    assert.equal(committed, generate(spec, DEFAULT_MODELS), `${spec.out} is not what the generator makes: ${REGENERATE}`);
  });
}

test('the generated module carries no documentation text from the model', () => {
  const text = readFileSync(join(GENERATED, 'cognitoIdp.ts'), 'utf8');
  assert.doesNotMatch(text, /<p>|smithy\.api#documentation/);
});

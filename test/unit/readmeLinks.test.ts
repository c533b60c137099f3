// Every relative link of the README and the docs resolves in a clone of the repository alone
// (none into ../shared, the steering files a clone does not have).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');

test('the README\'s, the CHANGELOG\'s and docs/\'s relative links resolve inside the repository', () => {
  const files = ['README.md', 'CHANGELOG.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  const broken: string[] = [];
  let links = 0;
  for (const f of files) {
    const text = readFileSync(join(REPO, f), 'utf8');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split('#')[0];
      if (!target || /^[a-z]+:/i.test(target)) continue;
      links++;
      const path = join(REPO, dirname(f), target);
      if (!path.startsWith(REPO + '/') || !existsSync(path)) broken.push(`${f}: ${m[1]}`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(links >= 2, `links checked: ${links}`);
});

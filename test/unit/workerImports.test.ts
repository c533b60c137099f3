// The import engine (src/worker) reaches nothing of the API's side (src/http), not even a type,
// through any chain of imports: it runs in a thread of its own, with its own store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = join(__dirname, '..', '..', '..', 'src');

/** Every source file a file imports (import, import type, export from), resolved. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/g)) {
    const base = resolve(dirname(file), m[1]);
    const found = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
    if (found) out.push(found);
  }
  return out;
}

/** The chain of imports from a worker file to each file under src/http it reaches. */
function reachesHttp(roots: string[]): string[][] {
  const via = new Map<string, string | undefined>(roots.map((r) => [r, undefined]));
  const queue = [...roots];
  const found: string[][] = [];
  for (let f = queue.shift(); f; f = queue.shift()) {
    if (relative(SRC, f).split(sep)[0] === 'http') {
      const chain: string[] = [];
      for (let x: string | undefined = f; x; x = via.get(x)) chain.unshift(relative(SRC, x));
      found.push(chain);
      continue;
    }
    for (const g of importsOf(f)) {
      if (via.has(g)) continue;
      via.set(g, f);
      queue.push(g);
    }
  }
  return found;
}

test('nothing under src/worker imports from src/http, directly or through another module', () => {
  const roots = readdirSync(join(SRC, 'worker')).filter((f) => f.endsWith('.ts')).map((f) => join(SRC, 'worker', f));
  assert.ok(roots.length > 5, 'the worker sources are found');
  assert.deepEqual(reachesHttp(roots), []);
  // The check itself sees an import of http when there is one.
  assert.ok(reachesHttp([join(SRC, 'app.ts')]).length > 0, 'src/app.ts reaches src/http');
});

// toWire() (src/protocol/awsJson.ts) encodes through one encoder per shape, made once. This checks
// it against the plain walk of the shape table it replaced, over random values of every output
// shape of every operation served: members in model order, absent ones dropped, null list items,
// maps, timestamps as epoch seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ShapeTable } from '../../src/api/shapes';
import { toWire } from '../../src/protocol/awsJson';
import { buildServiceBindings } from '../../src/operations';
import type { Services } from '../../src/operations/types';

/** The walk toWire() did before (reference). */
function walk(shapes: ShapeTable, shapeName: string, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  const s = shapes[shapeName];
  switch (s.type) {
    case 'structure': case 'union': {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, target] of s.members) {
        const w = walk(shapes, target, src[name]);
        if (w !== undefined) out[name] = w;
      }
      return out;
    }
    case 'list': return (v as unknown[]).map((x) => walk(shapes, s.member, x));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(shapes, s.value, x);
      return out;
    }
    case 'timestamp': return (v as Date).getTime() / 1000;
    default: return v;
  }
}

/** A random value of a shape, with members absent, null or present, in a random order. */
function randomValue(shapes: ShapeTable, shapeName: string, depth: number): unknown {
  const s = shapes[shapeName];
  const r = Math.random();
  switch (s.type) {
    case 'structure': case 'union': {
      const out: Record<string, unknown> = { NotInTheModel: 'dropped' };
      const members = [...s.members].sort(() => Math.random() - 0.5);
      for (const [name, target] of members) {
        const p = Math.random();
        if (p < 0.2 || depth > 4) continue;
        out[name] = p < 0.3 ? null : p < 0.35 ? undefined : randomValue(shapes, target, depth + 1);
      }
      return out;
    }
    case 'list': return Array.from({ length: Math.floor(r * 3) }, (_, i) => (i === 1 && Math.random() < 0.3 ? null : randomValue(shapes, s.member, depth + 1)));
    case 'map': return Object.fromEntries(Array.from({ length: Math.floor(r * 3) }, (_, i) => [`k${i}`, randomValue(shapes, s.value, depth + 1)]));
    case 'timestamp': return new Date(1_700_000_000_000 + Math.floor(r * 1e9));
    case 'integer': case 'long': return Math.floor(r * 1000);
    case 'double': case 'float': return r;
    case 'boolean': return r < 0.5;
    case 'enum': return s.values[0];
    default: return `s${Math.floor(r * 100)}`;
  }
}

test('toWire() gives what the plain walk of the shape table gives, for every output shape served', () => {
  const bindings = buildServiceBindings({} as unknown as Services);
  let checked = 0;
  for (const b of bindings) {
    for (const [name, op] of Object.entries(b.operations)) {
      for (let i = 0; i < 30; i++) {
        const v = randomValue(b.shapes, op.output, 0);
        assert.equal(JSON.stringify(toWire(b.shapes, op.output, v)), JSON.stringify(walk(b.shapes, op.output, v)), `${name}: ${JSON.stringify(v)}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 300, `only ${checked} values checked`);
});

// Values to try a pattern with (test/unit/patterns.test.ts): values made to match it (drawn
// from its parsed form), near misses (those values changed by one character), random strings
// over the characters the pattern names and a pool of awkward ones (line terminators Java and
// JavaScript disagree on, non-ASCII letters, an astral symbol, a lone surrogate...).
import { parseJavaPattern, type Node } from '../../scripts/javaRegex';

/** A small seeded generator, so a failure can be reproduced. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWKWARD = [
  ' ', '\t', '\n', '\r', '\x0B', '\f', '\x85', '\xA0', '\u2028', '\u2029', '\u3000', '\u180E', '\uFEFF',
  'a', 'Z', '0', '9', '_', '-', 'é', 'ß', 'Ω', 'ª', 'Ǆ', '東', '٣', '€', '¡', '\u0301', '😀', '𝔸', '\ud800', '\udc00', '\u0000',
];

/** Every printable ASCII character the pattern's source names, and the awkward pool. */
export function alphabet(javaPattern: string): string[] {
  const chars = new Set(AWKWARD);
  for (const c of javaPattern) if (c >= '!' && c <= '~' && c !== '\\') chars.add(c);
  return [...chars];
}

/** One value the parsed pattern accepts (usually: lookarounds are not honoured). */
function draw(node: Node, pool: string[], next: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  switch (node.t) {
    case 'seq': return node.items.map((n) => draw(n, pool, next)).join('');
    case 'alt': return draw(pick(node.alts), pool, next);
    case 'one': {
      const re = new RegExp(`^${node.js}$`, 'u');
      const fits = pool.filter((c) => re.test(c));
      return fits.length ? pick(fits) : '';
    }
    case 'zero': case 'look': return '';
    case 'atomic': return draw(node.body, pool, next);
    case 'rep': {
      const n = node.min + Math.floor(next() * (Math.min(node.max, node.min + 6) - node.min + 1));
      let out = '';
      for (let i = 0; i < n; i++) out += draw(node.body, pool, next);
      return out;
    }
  }
}

export function samples(javaPattern: string, seed: number, extra: string[] = []): string[] {
  const next = rng(seed);
  const pool = alphabet(javaPattern);
  const node = parseJavaPattern(javaPattern);
  const out = new Set<string>(['', ...pool, ...extra]);
  const made: string[] = [...extra];
  for (let i = 0; i < 40; i++) made.push(draw(node, pool, next));
  for (const m of made) {
    out.add(m);
    const cps = [...m];
    for (let j = 0; j < 3; j++) { // near misses: one character replaced, inserted or removed
      const at = Math.floor(next() * (cps.length + 1));
      const c = pool[Math.floor(next() * pool.length)];
      const changed = [...cps];
      if (j === 0) changed.splice(at, 1, c);
      else if (j === 1) changed.splice(at, 0, c);
      else changed.splice(at, 1);
      out.add(changed.join(''));
    }
  }
  for (let i = 0; i < 40; i++) {
    let s = '';
    for (let n = Math.floor(next() * 10); n > 0; n--) s += pool[Math.floor(next() * pool.length)];
    out.add(s);
  }
  return [...out];
}

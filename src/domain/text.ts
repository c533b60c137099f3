// What "characters" means wherever a rule counts them (spec section 3's 16,000 characters a row,
// the 128 of a username, the 2048 of an attribute value, a schema's MinLength and MaxLength): one
// definition, Unicode code points, as the model's length traits count strings (Smithy: "the
// number of Unicode code points"). JavaScript's .length counts UTF-16 units, and an emoji is two.
//
// Defined here, in the lowest layer, so the CSV rules and protocol/validate.ts share it.

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Length in code points: a surrogate pair counts once, a lone surrogate once; [...v].length without the array. */
export function codePoints(v: string): number {
  // Most text has no surrogate at all: the regular expression answers that in native code
  // (1 MiB in ~0.01 ms once compiled, where the loop below takes 3-6 ms).
  if (!HIGH_SURROGATE.test(v)) return v.length;
  let n = v.length;
  for (let i = 0; i < v.length - 1; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// The two bounds below are asked once per cell of up to 500,000 rows: a string has at least
// half as many code points as UTF-16 units and at most as many, so most answers need no count.

/** More than `max` code points. */
export function longerThan(v: string, max: number): boolean {
  if (v.length <= max) return false;
  return v.length > 2 * max || codePoints(v) > max;
}

/** Fewer than `min` code points. */
export function shorterThan(v: string, min: number): boolean {
  if (v.length < min) return true;
  return v.length < 2 * min && codePoints(v) < min;
}

/**
 * The least text above every text that starts with p, in code point order (SQLite's BINARY and
 * PostgreSQL's "C" compare UTF-8 bytes, which sort the same): p with its last code point below
 * U+10FFFF raised by one, the ones after it
 * dropped; undefined when there is none (p empty, or U+10FFFF only).
 */
export function prefixEnd(p: string): string | undefined {
  const cps = [...p];
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // The surrogates are no characters: the code point after U+D7FF is U+E000.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return cps.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

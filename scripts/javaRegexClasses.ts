// The character sets of Java's regex dialect (java.util.regex.Pattern), for a JavaScript RegExp
// with the 'u' flag. Java's \s, \w, \d and POSIX classes are ASCII-only unless the pattern sets
// UNICODE_CHARACTER_CLASS, which no model does (the translator refuses it), so they are spelled
// out here rather than left to JavaScript's wider \s.
// Source: the Pattern javadoc, "Predefined character classes", "POSIX character classes
// (US-ASCII only)", "java.lang.Character classes" and "Classes for Unicode scripts, blocks,
// categories and binary properties".
//
// Why 'u' and not 'v' (which nests classes as Java does): on Node 20 (V8 11.3) a 'v' RegExp runs
// a simple class loop over 1 MiB 4 to 8 times slower than the same 'u' one, and [^]* matches
// nothing under 'v'. Java's nested classes, intersections and negated shorthands inside classes
// are written with (?=...) and (?!...) instead, each still matching exactly one code point.

/** A set of code points. `flat` items are the inside of one 'u'-flag class: a, a-z, \d, \p{L}... */
export type CharSet =
  | { k: 'flat'; neg: boolean; items: string[] }
  | { k: 'or'; parts: CharSet[] }
  | { k: 'and'; parts: CharSet[] }
  | { k: 'not'; of: CharSet };

export const flat = (...items: string[]): CharSet => ({ k: 'flat', neg: false, items });
const notFlat = (...items: string[]): CharSet => ({ k: 'flat', neg: true, items });

/** Java's \s: [ \t\n\x0B\f\r]. JavaScript's \s would also take U+00A0, U+2028, U+FEFF... */
const SPACE = ['\\t', '\\n', '\\x0B', '\\f', '\\r', ' '];
const HSPACE = [' ', '\\t', '\\xA0', '\\u1680', '\\u180E', '\\u2000-\\u200A', '\\u202F', '\\u205F', '\\u3000'];
const VSPACE = ['\\n', '\\x0B', '\\f', '\\r', '\\x85', '\\u2028', '\\u2029'];

/** Shorthand escapes (the letter after the backslash). */
export const SHORTHANDS: Record<string, CharSet> = {
  d: flat('\\d'), D: flat('\\D'), w: flat('\\w'), W: flat('\\W'),
  s: flat(...SPACE), S: notFlat(...SPACE), h: flat(...HSPACE), H: notFlat(...HSPACE), v: flat(...VSPACE), V: notFlat(...VSPACE),
};

const POSIX: Record<string, CharSet> = {
  Lower: flat('a-z'), Upper: flat('A-Z'), ASCII: flat('\\x00-\\x7F'), Alpha: flat('a-z', 'A-Z'), Digit: flat('0-9'),
  Alnum: flat('a-z', 'A-Z', '0-9'), Punct: flat('!-\\/', ':-@', '\\[-`', '\\{-~'), Graph: flat('!-~'), Print: flat(' -~'),
  Blank: flat(' ', '\\t'), Cntrl: flat('\\x00-\\x1F', '\\x7F'), XDigit: flat('0-9', 'a-f', 'A-F'), Space: flat(...SPACE),
};

const JAVA_CHARACTER: Record<string, CharSet> = {
  javaLowerCase: flat('\\p{Lowercase}'), javaUpperCase: flat('\\p{Uppercase}'), javaTitleCase: flat('\\p{Lt}'),
  javaAlphabetic: flat('\\p{Alphabetic}'), javaIdeographic: flat('\\p{Ideographic}'), javaLetter: flat('\\p{L}'),
  javaDigit: flat('\\p{Nd}'), javaLetterOrDigit: flat('\\p{L}', '\\p{Nd}'), javaSpaceChar: flat('\\p{Z}'),
  javaMirrored: flat('\\p{Bidi_Mirrored}'), javaISOControl: flat('\\x00-\\x1F', '\\x7F-\\x9F'), javaDefined: flat('\\P{Cn}'),
  // Character.isWhitespace: the space separators except the no-break ones, and \t-\r, \x1C-\x1F.
  javaWhitespace: { k: 'and', parts: [flat('\\t-\\r', '\\x1C-\\x1F', '\\p{Z}'), notFlat('\\xA0', '\\u2007', '\\u202F')] },
};

/** Java's binary properties (\p{IsAlphabetic}...), by the name after "Is". */
const BINARY: Record<string, CharSet> = {
  Alphabetic: flat('\\p{Alphabetic}'), Ideographic: flat('\\p{Ideographic}'), Letter: flat('\\p{L}'),
  Lowercase: flat('\\p{Lowercase}'), Uppercase: flat('\\p{Uppercase}'), Titlecase: flat('\\p{Lt}'),
  Punctuation: flat('\\p{P}'), Control: flat('\\p{Cc}'), White_Space: flat('\\p{White_Space}'), WhiteSpace: flat('\\p{White_Space}'),
  Digit: flat('\\p{Nd}'), Hex_Digit: flat('\\p{Hex_Digit}'), HexDigit: flat('\\p{Hex_Digit}'), Join_Control: flat('\\p{Join_Control}'),
  JoinControl: flat('\\p{Join_Control}'), Noncharacter_Code_Point: flat('\\p{Noncharacter_Code_Point}'), Assigned: flat('\\P{Cn}'),
  Emoji: flat('\\p{Emoji}'),
};

const CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'LC', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So',
  'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co', 'Cn',
]);

/** \p{name} (negated: \P{name}); throws for what JavaScript cannot say (blocks). */
export function propertyClass(name: string, negated: boolean): CharSet {
  const set = positiveProperty(name);
  return negated ? { k: 'not', of: set } : set;
}

function positiveProperty(name: string): CharSet {
  if (CATEGORIES.has(name)) return flat(`\\p{${name}}`);
  if (POSIX[name]) return POSIX[name];
  if (JAVA_CHARACTER[name]) return JAVA_CHARACTER[name];
  const eq = name.indexOf('=');
  if (eq > 0) {
    const key = name.slice(0, eq).toLowerCase();
    const value = name.slice(eq + 1);
    if ((key === 'gc' || key === 'general_category') && CATEGORIES.has(value)) return flat(`\\p{${value}}`);
    if (key === 'sc' || key === 'script') return checkedScript(value);
    throw new Error(`\\p{${name}}: Unicode blocks and other keyed properties have no JavaScript equivalent`);
  }
  if (name.startsWith('Is')) {
    const rest = name.slice(2);
    if (CATEGORIES.has(rest)) return flat(`\\p{${rest}}`);
    if (BINARY[rest]) return BINARY[rest];
    return checkedScript(rest);
  }
  if (name.startsWith('In')) throw new Error(`\\p{${name}}: Unicode blocks have no JavaScript equivalent`);
  throw new Error(`\\p{${name}}: not a property this translator knows`);
}

/** Java takes script names in any case (IsLATIN); JavaScript wants its canonical spelling. */
function checkedScript(name: string): CharSet {
  const canonical = name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
  for (const candidate of [name, canonical]) {
    try {
      new RegExp(`\\p{Script=${candidate}}`, 'u');
      return flat(`\\p{Script=${candidate}}`);
    } catch {
      // try the next spelling
    }
  }
  throw new Error(`\\p{Is${name}}: not a script JavaScript knows`);
}

export interface Flags { i: boolean; m: boolean; s: boolean; d: boolean; x: boolean }

export function withFlags(f: Flags, on: string, off: string, src: string): Flags {
  const out = { ...f };
  for (const [letters, value] of [[on, true], [off, false]] as const) {
    for (const l of letters) {
      // UNICODE_CASE and UNICODE_CHARACTER_CLASS change \w, \s and case folding: none of the models use them.
      if (l === 'u' || l === 'U') throw new Error(`pattern ${JSON.stringify(src)}: flag ${l} is not translated`);
      out[l as keyof Flags] = value;
    }
  }
  return out;
}

/** Java's CASE_INSENSITIVE without UNICODE_CASE folds ASCII letters only. */
export function otherAsciiCase(cp: number): number | undefined {
  if (cp >= 0x41 && cp <= 0x5a) return cp + 32;
  if (cp >= 0x61 && cp <= 0x7a) return cp - 32;
  return undefined;
}

export function otherCaseRanges(start: number, end: number): string[] {
  const out: string[] = [];
  for (const [lo, hi, shift] of [[0x41, 0x5a, 32], [0x61, 0x7a, -32]]) {
    const a = Math.max(start, lo);
    const b = Math.min(end, hi);
    if (a <= b) out.push(`${literal(a + shift, true)}-${literal(b + shift, true)}`);
  }
  return out;
}

/** These need a backslash under the 'u' flag (SyntaxCharacter and '/'), and '-' in a class; no other escape is allowed. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const CLASS_SYNTAX = new Set('^$\\.*+?()[]{}|/-');

/** One code point as a 'u'-flag literal: printable ASCII as itself (escaped where needed), the rest as \u{...}. */
export function literal(cp: number, inClass: boolean): string {
  if (cp < 0x20 || cp > 0x7e) return `\\u{${cp.toString(16).toUpperCase()}}`;
  const c = String.fromCharCode(cp);
  return (inClass ? CLASS_SYNTAX : SYNTAX).has(c) ? `\\${c}` : c;
}

/** A class body, when the set can be one 'u'-flag class. */
function asFlat(cs: CharSet): { neg: boolean; items: string[] } | undefined {
  switch (cs.k) {
    case 'flat': return cs;
    case 'not': {
      const f = asFlat(cs.of);
      return f && { neg: !f.neg, items: f.items };
    }
    case 'or': case 'and': {
      if (cs.parts.length === 1) return asFlat(cs.parts[0]);
      if (cs.k === 'and') return undefined;
      const parts = cs.parts.map(asFlat);
      return parts.every((f) => f && !f.neg) ? { neg: false, items: parts.flatMap((f) => f!.items) } : undefined;
    }
  }
}

/** 'u'-flag source matching exactly one code point of the set; one atom, so a quantifier applies to all of it. */
export function emitSet(cs: CharSet): string {
  const f = asFlat(cs);
  if (f) return f.neg && f.items.length === 0 ? '[\\s\\S]' : `[${f.neg ? '^' : ''}${f.items.join('')}]`;
  switch (cs.k) {
    case 'or': return `(?:${cs.parts.map(emitSet).join('|')})`;
    case 'and': return `(?:${cs.parts.slice(0, -1).map((p) => `(?=${emitSet(p)})`).join('')}${emitSet(cs.parts[cs.parts.length - 1])})`;
    default: return `(?:(?!${emitSet((cs as { of: CharSet }).of)})[\\s\\S])`;
  }
}

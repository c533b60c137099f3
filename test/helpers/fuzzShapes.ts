// fast-check arbitraries for request bodies, made from the generated shape tables
// (src/api/generated/*.ts) so every member of every served operation is covered and a new
// operation or member is fuzzed without touching the test. Each member gets, at random:
//   - a value of its type: inside or just outside its constraints, matching its pattern or not,
//     the fixtures' real ids, and type-right but hostile strings (repeated '@', '.', '-', '{##',
//     lone surrogates, control characters, a megabyte of text) that reach its regular expression;
//   - a value of another JSON type (string, number, boolean, null, object, list), numbers no
//     encoder writes (1e400), deep nesting, long lists;
// and structures get unknown members now and then. The whole body is sometimes not an object.
import * as fc from 'fast-check';
import type { Shape, ShapeTable } from '../../src/api/shapes';
import { bigString, Obj, Raw, type FuzzValue } from './fuzzValues';

/** Bodies over MAX_API_BODY (1 MiB) are refused unread: a few go over, most stay under. */
const BIG = 1024 * 1024;

/** Repeated to make strings that are hard for regular expressions and parsers. */
const HOSTILE_UNITS = [
  '@', '.', '-', '_', ' ', '\t', '\n', '{', '}', '{##', '##}', '{####}', '#', ':', '*', '/', '\\', '"', "'", '%', '^=', '=',
  '\u0000', '\u001f', '\u007f', '\u200b', '\ufeff', '\ud800', '\udc00', '\ud83d\ude00', 'é', 'e\u0301', 'a', 'A1', '+', ',',
  'a@', '@.', 'a.', '-a', 'import-', 'arn:', 'us-east-1_', '\\"', '?', '[', ']', '%s', '${x}',
];

const hostileString: fc.Arbitrary<FuzzValue> = fc.tuple(
  fc.constantFrom('', 'a', 'x@', 'arn:aws:iam::111111111111:role/', '{####}', 'import-'),
  fc.constantFrom(...HOSTILE_UNITS),
  fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 70 }) }, { weight: 3, arbitrary: fc.integer({ min: 71, max: 5000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 5001, max: 270_000 }) }),
  fc.constantFrom('', 'a', '@', '!', '{####}', '\ud800'),
).map(([prefix, unit, n, suffix]) => {
  const s = prefix + unit.repeat(n) + suffix;
  return s.length > 200 ? bigString(s, `${JSON.stringify(prefix)} + ${JSON.stringify(unit)} x ${n} + ${JSON.stringify(suffix)}`) : s;
});

/** Plain random strings: any code unit (lone surrogates too), control characters, text. */
const randomString: fc.Arbitrary<FuzzValue> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 10 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 4 }),
);

const hugeString: fc.Arbitrary<FuzzValue> = fc.tuple(fc.constantFrom('x', 'é', '\ud83d\ude00', '\u0001', '\\'), fc.integer({ min: 10_000, max: BIG + 16 }))
  .map(([unit, bytes]) => {
    const n = Math.max(1, Math.floor(bytes / Buffer.byteLength(JSON.stringify(unit))));
    return bigString(unit.repeat(n), `${JSON.stringify(unit)} x ${n}`);
  });

/** Numbers as JSON text no encoder writes: JSON.parse makes them Infinity, -0, a rounded integer. */
const rawNumber: fc.Arbitrary<FuzzValue> = fc.constantFrom('1e400', '-1e400', '-0', '1.0', '1E2', '0.5e1', '123456789012345678901234567890', '1e-400', '9007199254740993')
  .map((t) => new Raw(t, t));

const deepNesting: fc.Arbitrary<FuzzValue> = fc.tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 10, max: 300_000 }))
  .map(([open, n]) => {
    const close = open === '[' ? ']' : '}';
    return new Raw(`${open.repeat(n)}1${close.repeat(n)}`, `${open} nested ${n} deep`);
  });

/** Lists long enough to cost something to validate, of members of every type. */
const longList: fc.Arbitrary<FuzzValue> = fc.tuple(fc.constantFrom('"a"', '1', 'null', '{}', '[]', '{"Name":"a"}', '"email"'), fc.integer({ min: 50, max: 250_000 }))
  .map(([item, n]) => new Raw(`[${Array(n).fill(item).join(',')}]`, `[${item} x ${n}]`));

const oddKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__type', '', ' ', '\u0000', '\ud800', 'a.b', '1'),
  fc.string({ maxLength: 12 }),
);

/** Any JSON value, and the ones above: what a member of the wrong type gets. */
export const wrongValue: fc.Arbitrary<FuzzValue> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<FuzzValue>(null, true, false, 0, -1, 0.5, -1e300, 2 ** 53 + 2, '', '0', 'true', 'null', [], [null], new Obj([])) },
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<FuzzValue> },
  { weight: 2, arbitrary: rawNumber },
  // Large values cost the most time to send and check: rarer, so a run stays within seconds.
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: longList },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: fc.array(fc.tuple(oddKey, fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<FuzzValue>), { maxLength: 3 }).map((e) => new Obj(e)) },
);

/** A whole body that is not a JSON object, or not JSON: text or bytes. */
export const wrongBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom<string | Buffer>('', ' ', 'null', '[]', '"x"', '1', 'true', '{', '{"a":}', '{"a":1,}', 'nul', '\ufeff{}', '{}x', '{}{}',
    '{"UserPoolId":"a","UserPoolId":1}', Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), Buffer.from('{"UserPoolId":"\xc3\x28"}', 'latin1'),
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])),
  deepNesting.map((r) => (r as Raw).json),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** Fixture values (real ids, tokens, filters) by shape name, offered alongside the generated ones. */
export type KnownValues = Partial<Record<string, fc.Arbitrary<FuzzValue>>>;

/** The model's patterns are unanchored Java regexes applied to the whole value (as the validator reads them). */
function patternArb(pattern: string): fc.Arbitrary<FuzzValue> | undefined {
  for (const flags of ['u', '']) {
    try {
      const re = new RegExp(`^(?:${pattern})$`, flags);
      const arb = fc.stringMatching(re);
      fc.sample(arb, { numRuns: 1, seed: 1 }); // some patterns parse as RegExp but not for fast-check
      return arb;
    } catch {
      // Java syntax JavaScript lacks ((?s), possessive quantifiers): no generator from it.
    }
  }
  return undefined;
}

/** The characters a pattern asks for literally ('@' of an email, '_' of a pool id, '{####}'). */
export function literalChars(pattern: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const e = pattern[++i];
      if (e === 'p' || e === 'P') i = pattern.indexOf('}', i);
      else if (e !== undefined && !/[a-zA-Z0-9]/.test(e)) out.add(e);
    } else if (c === '[') {
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i))) {
      i = pattern.indexOf('}', i);
    } else if (!'()?*+|^$.'.includes(c)) {
      out.add(c);
    }
  }
  return [...out];
}

/**
 * Strings built from a pattern's own literals, repeated, then a character the pattern refuses:
 * what makes a backtracking regular expression slow ('@' x 80,000 + ' ' against the email pattern).
 */
function patternHostile(pattern: string): fc.Arbitrary<FuzzValue> | undefined {
  const literals = literalChars(pattern);
  if (!literals.length) return undefined;
  return fc.tuple(
    fc.constantFrom('', 'a', 'a@'), fc.constantFrom(...literals, literals.join('')),
    fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 2, arbitrary: fc.integer({ min: 101, max: 50_000 }) }),
    fc.constantFrom('', ' ', '\u0000', '\ud800', 'a', '\n'),
  ).map(([prefix, unit, n, suffix]) => {
    const v = prefix + unit.repeat(n) + suffix;
    return v.length > 200 ? bigString(v, `${JSON.stringify(prefix)} + ${JSON.stringify(unit)} x ${n} + ${JSON.stringify(suffix)}`) : v;
  });
}

const around = (n: number | undefined): number[] => (n === undefined ? [] : [n - 1, n, n + 1].filter((x) => x >= 0));

/**
 * 'chaos': any of the above. 'valid': values meant to pass validation (known values, strings
 * from the member's pattern, enum values, numbers and lengths in range, required members
 * present, no unknown members), so the request reaches the operation with whatever content the
 * model allows; strings without a pattern still get hostile content.
 */
export type FuzzMode = 'chaos' | 'valid';

export class ShapeArbitraries {
  private readonly made = new Map<string, fc.Arbitrary<FuzzValue>>();

  constructor(private readonly shapes: ShapeTable, private readonly known: KnownValues = {}, private readonly mode: FuzzMode = 'chaos') {}

  /** A member's value: mostly of its shape, sometimes (chaos) of the wrong type. */
  member(shapeName: string): fc.Arbitrary<FuzzValue> {
    if (this.mode === 'valid') return this.typed(shapeName);
    return fc.oneof({ weight: 6, arbitrary: this.typed(shapeName) }, { weight: 1, arbitrary: wrongValue });
  }

  /** A value of the shape's JSON type, inside or just outside its constraints; known values first. */
  typed(shapeName: string): fc.Arbitrary<FuzzValue> {
    let a = this.made.get(shapeName);
    if (a) return a;
    // Placeholder first, so a shape that contains itself ends in a wrong value instead of looping.
    this.made.set(shapeName, wrongValue);
    const shape = this.shapes[shapeName];
    const generated = this.mode === 'valid' ? this.validForShape(shape) : this.forShape(shape);
    const known = this.known[shapeName];
    const knownWeight = this.mode === 'valid' ? 6 : 2;
    a = known ? fc.oneof({ weight: knownWeight, arbitrary: known }, { weight: 3, arbitrary: generated }) : generated;
    this.made.set(shapeName, a);
    return a;
  }

  private forShape(s: Shape): fc.Arbitrary<FuzzValue> {
    switch (s.type) {
      case 'structure': case 'union': return this.structure(s.members);
      case 'list': {
        const max = s.length?.max !== undefined ? Math.min(s.length.max + 1, 60) : 6;
        return fc.oneof(
          { weight: 5, arbitrary: fc.array(this.member(s.member), { maxLength: Math.min(max, 6) }) },
          { weight: 1, arbitrary: fc.array(this.member(s.member), { minLength: Math.max(0, max - 2), maxLength: max }) },
        );
      }
      case 'map':
        return fc.array(fc.tuple(fc.oneof(this.typed(s.key).filter((k): k is string => typeof k === 'string'), oddKey), this.member(s.value)), { maxLength: 5 })
          .map((e) => new Obj(e));
      case 'string': {
        const lengths = [...around(s.length?.min), ...around(s.length?.max)].filter((n) => n <= BIG);
        const options: fc.WeightedArbitrary<FuzzValue>[] = [
          { weight: 6, arbitrary: hostileString }, { weight: 4, arbitrary: randomString },
          { weight: 1, arbitrary: hugeString },
        ];
        if (lengths.length) {
          options.push({ weight: 2, arbitrary: fc.constantFrom(...lengths).map((n) => (n > 200 ? bigString('a'.repeat(n), `'a' x ${n}`) : 'a'.repeat(n))) });
        }
        const matching = s.pattern !== undefined ? patternArb(s.pattern) : undefined;
        if (matching) options.push({ weight: 8, arbitrary: matching });
        const hostile = s.pattern !== undefined ? patternHostile(s.pattern) : undefined;
        if (hostile) options.push({ weight: 4, arbitrary: hostile });
        return fc.oneof(...options);
      }
      case 'enum':
        return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.values) },
          { weight: 1, arbitrary: fc.constantFrom(...s.values).map((v) => v.toLowerCase() + ' ') }, { weight: 1, arbitrary: hostileString });
      case 'integer': case 'long': case 'double': case 'float': {
        const min = s.range?.min ?? -(2 ** 31);
        const max = s.range?.max ?? 2 ** 31;
        const edges = [...around(s.range?.min), ...around(s.range?.max), -1, 0, 2 ** 31, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 63, 1e21, 1e300];
        const options: fc.WeightedArbitrary<FuzzValue>[] = [
          { weight: 4, arbitrary: fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }) },
          { weight: 2, arbitrary: fc.constantFrom(...edges) }, { weight: 1, arbitrary: rawNumber },
        ];
        if (s.type === 'double' || s.type === 'float') options.push({ weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) });
        else options.push({ weight: 1, arbitrary: fc.constantFrom(0.5, -0.25, 1.0000001) });
        return fc.oneof(...options);
      }
      case 'boolean':
        return fc.boolean();
      case 'timestamp':
        return fc.oneof(fc.integer({ min: 0, max: 4_102_444_800 }), fc.constantFrom(-1, 1e300, 8.64e15, 0.5), rawNumber);
      default:
        return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<FuzzValue>;
    }
  }

  private validForShape(s: Shape): fc.Arbitrary<FuzzValue> {
    switch (s.type) {
      case 'structure': case 'union': return this.structure(s.members);
      case 'list': {
        const min = s.length?.min ?? 0;
        return fc.array(this.member(s.member), { minLength: min, maxLength: Math.min(s.length?.max ?? 6, Math.max(min, 6)) });
      }
      case 'map':
        return fc.array(fc.tuple(this.typed(s.key).filter((k): k is string => typeof k === 'string'), this.member(s.value)), { maxLength: 4 })
          .map((e) => new Obj(e));
      case 'string': {
        const matching = s.pattern !== undefined ? patternArb(s.pattern) : undefined;
        const minLength = s.length?.min ?? 0;
        const maxLength = Math.min(s.length?.max ?? 300, 300);
        if (matching) return matching.filter((v) => typeof v === 'string' && v.length >= minLength && v.length <= maxLength);
        return fc.oneof(fc.string({ minLength, maxLength: Math.min(maxLength, 40), unit: 'binary' }),
          fc.tuple(fc.constantFrom(...HOSTILE_UNITS), fc.integer({ min: 1, max: maxLength })).map(([u, n]) => u.repeat(Math.ceil(n / u.length)).slice(0, n))
            .filter((v) => v.length >= minLength));
      }
      case 'enum':
        return fc.constantFrom(...s.values);
      case 'integer': case 'long': case 'double': case 'float': {
        const min = s.range?.min ?? -(2 ** 31);
        const max = s.range?.max ?? (s.type === 'long' ? 2 ** 53 - 1 : 2 ** 31);
        return fc.oneof(fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }), fc.constantFrom(...[min, max].filter(Number.isFinite)));
      }
      case 'timestamp':
        return fc.integer({ min: 0, max: 4_102_444_800 });
      default:
        return this.forShape(s);
    }
  }

  /**
   * Required members are nearly always there; optional ones now and then (absent first, so a
   * shrunk counterexample keeps only the members it needs); unknown members sometimes.
   */
  private structure(members: [string, string, boolean][]): fc.Arbitrary<FuzzValue> {
    const parts = members.map(([name, target, required]) => {
      const value = required && this.mode === 'valid' ? this.member(target) : required
        ? fc.oneof({ weight: 12, arbitrary: this.member(target) }, { weight: 1, arbitrary: fc.constant(undefined) })
        : fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: this.member(target) });
      return value.map((v): [string, FuzzValue] => [name, v]);
    });
    const names = members.map(([n]) => n);
    const unknownName = names.length
      ? fc.oneof(oddKey, fc.constantFrom(...names).map((n) => n.charAt(0).toLowerCase() + n.slice(1)), fc.constantFrom(...names).map((n) => `${n} `))
      : oddKey;
    const unknown = fc.oneof(
      { weight: 6, arbitrary: fc.constant([] as [string, FuzzValue][]) },
      { weight: 1, arbitrary: fc.array(fc.tuple(unknownName, wrongValue), { minLength: 1, maxLength: 3 }) },
    );
    if (this.mode === 'valid') return fc.tuple(...parts).map((known) => new Obj(known));
    return fc.tuple(fc.tuple(...parts), unknown).map(([known, extra]) => new Obj([...known, ...extra]));
  }
}

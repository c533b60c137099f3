// The Java-to-JavaScript pattern translator (scripts/javaRegex.ts) on the constructs of Java's
// dialect the models do not use yet, each checked against java.util.regex itself; and what it
// refuses to translate, rather than translate to something that means otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAGS, jsPattern } from '../../scripts/patternSource';
import { askJava, noJava } from '../helpers/javaRegex';
import { samples } from '../helpers/patternSamples';

/** Java patterns the translator must render with the same meaning, one construct or two each. */
const TRANSLATED = [
  // inline flags, at the start and inside groups, and their scope (to the group's end, across |)
  '(?i)straße', '(?i)[a-f]+x', '(?i)[^a]', 'a(?i)b|c', '(a(?i)b|c)d', '(?i:ab)c', '(?-i:a)', '(?s).*', '(?s:.).', '(?m)^a$', '(?m)a$\\n^b',
  '(?x) a b # comment\n c', '(?x)[ a]b', '(?d).+', '(?md)^a$', '(?is)A.B',
  // possessive quantifiers and atomic groups
  'a*+a', 'a++b', 'a?+a', '[ab]{1,3}+b', '(?>a|ab)c', '(?>a+)b', 'x(?>[ab]*)b|xa',
  // classes: Java-only names, POSIX (ASCII) classes, shorthands Java and JavaScript read differently
  '\\p{Alnum}+', '\\p{Punct}', '\\p{Graph}*', '\\p{Print}', '\\p{Blank}', '\\p{Cntrl}', '\\p{XDigit}+', '\\p{Space}', '\\p{Lower}\\p{Upper}',
  '\\p{ASCII}', '\\p{Alpha}', '\\p{Digit}', '\\P{Alnum}', '\\p{javaLowerCase}', '\\p{javaUpperCase}', '\\p{javaWhitespace}', '\\p{javaLetterOrDigit}',
  '\\p{javaDigit}', '\\p{javaISOControl}', '\\p{IsAlphabetic}', '\\p{IsLatin}', '\\p{IsGreek}+', '\\p{script=Han}', '\\p{gc=Lu}', '\\p{IsLu}', '\\pL\\PN',
  '\\s', '\\S', '[\\s]', '[\\S]', '[^\\s]', '[a\\S]', '[^a\\S]', '\\h', '\\H', '\\v', '\\V', '\\R', '\\w\\W\\d\\D', '.',
  // class algebra
  '[a-z&&[^aeiou]]+', '[^a-z&&[^c]]', '[a[b-d]]', '[^a[b]]', '[&&a]', '[a&&]', '[a-c&&b-d&&c]', '[\\w&&[^\\d]]', '[\\p{L}&&\\p{IsLatin}]',
  '[]a]', '[^]a]', '[a-]', '[-a]', '[\\w-_]', '[\\d-z]', '[&]', '[a&b]',
  // escapes
  '\\-', '[\\-]', '\\Q.*[]\\E+', '[\\Q]-\\E]', '\\Qab', '\\x41\\x{1F600}', '[\\x{1F600}-\\x{1F602}]', '\\u00e9', '\\uD83D\\uDE00', '\\0101', '\\cA', '\\t\\n\\e\\a',
  '\\{####\\}', 'a}', 'a]', '\\/',
  // anchors and boundaries
  '\\Aab\\z', 'a\\Z', '^a$', 'a$\\n', '\\ba\\b', 'a\\Bb',
  // the rest
  '(a|b)+c', 'a{2}', 'a{2,}', 'a{1,3}?', '(?:ab)*', '(?<name>a)b', '(?=a)a', '(?!b).', '(?<=a)b', 'a(?<!a)', 'a(?=b)*', 'x|', '|x',
];

/**
 * Patterns Java compiles that have no JavaScript spelling, or that Java reads oddly (it ignores a
 * second {n} after a quantifier: a{2}{3} matches 'aa'): the translator must stop, not guess.
 */
const REFUSED = ['a{2}{3}', 'a*{2}', '\\p{InGreek}', '\\p{block=Greek}', '(a)\\1', '(?<n>a)\\k<n>', '(?u)a', '(?U)\\w', '(?i)\\p{Lu}', '\\G', '\\X', '\\N{LATIN SMALL LETTER A}', '(?<=(?>a))b'];

/** Patterns Java refuses: so must the translator. */
const INVALID = ['a{', '{', '*a', 'a**', 'a{2}*', 'x{2,1}', '[a-\\d]', '[z-a]', '(a', 'a)', '[a', '\\'];

test('every construct the translator handles means in JavaScript what it means in java.util.regex', (t) => {
  const why = noJava();
  if (why) return t.skip(why);
  const cases = TRANSLATED.map((pattern, i) => ({ pattern, values: samples(pattern, 100 + i) }));
  const answers = askJava(cases);
  const disagreements: string[] = [];
  cases.forEach((c, i) => {
    const a = answers[i];
    assert.ok('matches' in a, `Java refuses ${c.pattern}: ${'error' in a ? a.error : ''}`);
    const re = new RegExp(jsPattern(c.pattern), FLAGS);
    c.values.forEach((v, j) => {
      if (re.test(v) !== a.matches[j]) disagreements.push(`${JSON.stringify(c.pattern)} -> /${re.source}/ on ${JSON.stringify(v)}: Java ${a.matches[j]}`);
    });
  });
  assert.deepEqual(disagreements.slice(0, 20), []);
});

test('what JavaScript cannot say, the translator refuses (Java accepts these)', (t) => {
  for (const p of REFUSED) assert.throws(() => jsPattern(p), Error, p);
  const why = noJava();
  if (why) return t.skip(why);
  askJava(REFUSED.map((pattern) => ({ pattern, values: [] }))).forEach((a, i) => assert.ok('matches' in a, `Java refuses ${REFUSED[i]}`));
});

test('what Java refuses, the translator refuses', (t) => {
  for (const p of INVALID) assert.throws(() => jsPattern(p), Error, p);
  const why = noJava();
  if (why) return t.skip(why);
  askJava(INVALID.map((pattern) => ({ pattern, values: [] }))).forEach((a, i) => assert.ok('error' in a, `Java accepts ${INVALID[i]}`));
});

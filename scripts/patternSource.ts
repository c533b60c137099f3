// The JavaScript source the validator runs for one model pattern (scripts/codegen.ts writes it
// into the shape table): the Java pattern translated (scripts/javaRegex.ts), applied to the whole
// value as AWS does (spec section 1), for the 'u' flag, rewritten where backtracking is quadratic.
//
// Why a rewrite: lengths are checked before patterns (src/protocol/validate.ts), so a value over
// its maximum never reaches one, but EmailAddressType has no maximum and the email templates
// allow 20,000 characters, long enough for X+@X+ (with @ in X) or Y*\{####\}Y* to backtrack for
// seconds on a value that almost matches ('@@@...@ '). Not V8's linear engine: it needs a
// command-line flag (--enable-experimental-regexp-engine) and refuses lookbehind, which
// S3BucketType uses; not RE2 (the re2 package): a native build for every user, and no lookbehind.
//
// The rewrite ("fixed strings in order"): a pattern made only of loops over one set C with fixed
// strings between them, C{a0,} L1 C{a1,} L2 ... Lk C{ak,}, where every character of every Li is
// in C, accepts exactly the values whose characters are all in C and in which L1..Lk occur in
// this order, without overlapping, with at least ai characters before, between and after them.
// Taking each Li at its first possible place is never worse than any other choice (it leaves the
// most room for the rest), so the check needs no backtracking: each place is found with a lazy
// scan inside (?=(...))\n, JavaScript's way to write an atomic group. The value is then read
// once more by C*. Both passes are linear. EmailAddressType, the {####} and {##...##} templates
// and SmsVerificationMessageType are of this shape. test/unit/patterns.test.ts checks every
// pattern against Java and times every pattern of both models on adversarial values.
import { parseJavaPattern, type Node } from './javaRegex';

export function jsPattern(javaPattern: string): string {
  const node = parseJavaPattern(javaPattern);
  return `^(?:${fixedStringsInOrder(node) ?? emit(node)})$`;
}

/** The flag the validator compiles jsPattern() output with. */
export const FLAGS = 'u';

const ANY = '[\\s\\S]';
const atLeast = (n: number): string => (n === 0 ? '' : n === 1 ? ANY : `${ANY}{${n}}`);

function inSet(setSource: string, cp: number): boolean {
  return new RegExp(`^${setSource}$`, FLAGS).test(String.fromCodePoint(cp));
}

type Loop = Extract<Node, { t: 'rep' }> & { body: Extract<Node, { t: 'one' }> };
const isOpenLoop = (n: Node): n is Loop => n.t === 'rep' && n.body.t === 'one' && n.max === Infinity;
const isFixed = (n: Node): n is Extract<Node, { t: 'one' }> & { lit: number } => n.t === 'one' && n.lit !== undefined;

/** The rewritten source (see above), or undefined when the pattern is not of that shape. */
export function fixedStringsInOrder(root: Node): string | undefined {
  if (root.t !== 'seq') return undefined;
  const loops: Loop[] = [];
  const strings: Node[][] = []; // strings[i] comes after loops[i]
  for (const item of root.items) {
    if (isOpenLoop(item)) {
      if (loops.length !== strings.length) return undefined; // two loops in a row
      loops.push(item);
    } else if (isFixed(item) && loops.length > 0) {
      if (strings.length < loops.length) strings.push([]);
      strings[loops.length - 1].push(item);
    } else {
      return undefined;
    }
  }
  if (strings.length === 0 || loops.length !== strings.length + 1) return undefined;
  const set = loops[0].body.js;
  if (loops.some((l) => l.body.js !== set)) return undefined;
  if (strings.some((s) => s.some((n) => !inSet(set, (n as { lit: number }).lit)))) return undefined;
  const places = strings.map((s, i) => `(?=(${atLeast(loops[i].min)}${ANY}*?${s.map((n) => emit(n)).join('')}))\\${i + 1}`);
  return `(?=${places.join('')}${atLeast(loops[loops.length - 1].min)})${set}*`;
}

/** JavaScript source for the 'u' flag. Atomic groups become (?=(X))\k, the usual emulation. */
export function emit(node: Node, captures = { n: 0 }): string {
  switch (node.t) {
    case 'seq': return node.items.map((n) => (n.t === 'alt' ? `(?:${emit(n, captures)})` : emit(n, captures))).join('');
    case 'alt': return node.alts.map((n) => emit(n, captures)).join('|');
    case 'one': case 'zero': return node.js;
    case 'look':
      if (node.op.startsWith('?<') && JSON.stringify(node.body).includes('"atomic"')) throw new Error('atomic group inside a lookbehind');
      return `(${node.op}${emit(node.body, captures)})`;
    case 'atomic': {
      const k = ++captures.n;
      return `(?:(?=(${emit(node.body, captures)}))\\${k})`;
    }
    case 'rep': {
      const b = node.body;
      const atom = b.t === 'one' || b.t === 'atomic' ? emit(b, captures) : `(?:${emit(b, captures)})`;
      const q = node.min === 0 && node.max === Infinity ? '*' : node.min === 1 && node.max === Infinity ? '+'
        : node.min === 0 && node.max === 1 ? '?' : node.max === Infinity ? `{${node.min},}`
          : node.min === node.max ? `{${node.min}}` : `{${node.min},${node.max}}`;
      return atom + q + (node.lazy ? '?' : '');
    }
  }
}

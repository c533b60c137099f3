// Translates the models' patterns, written for java.util.regex (AWS validates with Java), into
// JavaScript RegExp source for the 'u' flag with the same meaning, once, in the generator.
// Why by hand: none of the npm packages we looked at translates Java's dialect (inline flags, possessive
// quantifiers, atomic groups, ASCII-only \s and POSIX classes, class intersections) to JS.
// Every construct Java has and this file does not translate exactly throws, so the generator
// stops rather than emit a pattern that means something else. test/unit/patterns.test.ts
// checks the translation against Java itself (test/helpers/JavaRegexOracle.java).
import {
  emitSet, flat, literal, otherAsciiCase, otherCaseRanges, propertyClass, SHORTHANDS, withFlags, type CharSet, type Flags,
} from './javaRegexClasses';

/** A parsed pattern. `one` matches exactly one code point; `lit` is set when that is one fixed code point. */
export type Node =
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'one'; js: string; lit?: number }
  | { t: 'zero'; js: string }
  | { t: 'look'; op: '?=' | '?!' | '?<=' | '?<!'; body: Node }
  | { t: 'atomic'; body: Node }
  | { t: 'rep'; body: Node; min: number; max: number; lazy: boolean };

// Java's line terminators without UNIX_LINES (Pattern javadoc, "Line terminators").
const TERMINATOR = '[\\n\\r\\x85\\u2028\\u2029]';
/** Java's $ (and \Z): at the end, or before a final line terminator, never between \r and \n. */
const END_OR_FINAL_TERMINATOR = `(?=(?:\\r\\n|${TERMINATOR})?$)(?!(?<=\\r)\\n)`;

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation({ i: false, m: false, s: false, d: false, x: false });
    if (this.pos < this.src.length) this.fail('unmatched )');
    return node;
  }

  private fail(why: string): never {
    throw new Error(`pattern ${JSON.stringify(this.src)}: ${why} at index ${this.pos}`);
  }

  private peek(offset = 0): string {
    return this.src.charAt(this.pos + offset);
  }

  private codePoint(): number {
    const cp = this.src.codePointAt(this.pos);
    if (cp === undefined) this.fail('unexpected end');
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** In comments mode (?x), white space and #-comments are not part of the pattern, in classes too. */
  private skipComments(f: Flags): void {
    while (f.x && this.pos < this.src.length) {
      const c = this.peek();
      if (/[ \t\n\x0B\f\r]/.test(c)) this.pos++;
      else if (c === '#') while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
      else return;
    }
  }

  /** Flags set by (?i) inside a group last to the group's end, across its alternatives. */
  private alternation(outer: Flags): Node {
    const f = { ...outer };
    const alts: Node[] = [this.sequence(f)];
    while (this.peek() === '|') {
      this.pos++;
      alts.push(this.sequence(f));
    }
    return alts.length === 1 ? alts[0] : { t: 'alt', alts };
  }

  private sequence(f: Flags): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipComments(f);
      const c = this.peek();
      if (c === '' || c === '|' || c === ')') break;
      if (c === '\\' && this.peek(1) === 'Q') {
        // \Q..\E is a run of literals: a quantifier after it applies to the last one only.
        this.pos++;
        const literals = this.quoted().map((cp) => this.literalNode(cp, f));
        const last = literals.pop();
        items.push(...literals);
        if (last) items.push(this.quantified(last, f));
        continue;
      }
      const atom = this.atom(f);
      if (atom) items.push(this.quantified(atom, f));
    }
    return items.length === 1 ? items[0] : { t: 'seq', items };
  }

  /** One quantifier at most: Java refuses a second one (a**, a{2}{3}) as a dangling meta character. */
  private quantified(atom: Node, f: Flags): Node {
    this.skipComments(f);
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') [min, max] = this.braces();
    else return atom;
    if (c !== '{') this.pos++;
    const lazy = this.peek() === '?';
    const possessive = this.peek() === '+';
    if (lazy || possessive) this.pos++;
    const rep: Node = { t: 'rep', body: atom, min, max, lazy };
    return possessive ? { t: 'atomic', body: rep } : rep;
  }

  private braces(): [number, number] {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m) this.fail('Illegal repetition');
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min) this.fail('Illegal repetition range');
    return [min, max];
  }

  /** One atom, or undefined for an inline flag group (?i) that only changes the flags. */
  private atom(f: Flags): Node | undefined {
    const c = this.peek();
    switch (c) {
      case '(': return this.group(f);
      case '[': return { t: 'one', js: emitSet(this.charClass(f)) };
      // (?s). is any code point; [\s\S] rather than [^], which V8 11.3 (Node 20) mishandles under 'v'.
      case '.': this.pos++; return { t: 'one', js: f.s ? '[\\s\\S]' : f.d ? '[^\\n]' : `[^${TERMINATOR.slice(1, -1)}]` };
      case '^': this.pos++; return { t: 'zero', js: !f.m ? '^' : f.d ? '(?:^|(?<=\\n)(?!$))' : `(?:^|(?<=[\\n\\x85\\u2028\\u2029]|\\r(?!\\n))(?!$))` };
      case '$': this.pos++; return { t: 'zero', js: f.d ? (f.m ? '(?=\\n|$)' : '(?=\\n?$)') : f.m ? `(?=${TERMINATOR}|$)(?!(?<=\\r)\\n)` : END_OR_FINAL_TERMINATOR };
      case '*': case '+': case '?': return this.fail(`Dangling meta character '${c}'`);
      case '{': return this.fail('Illegal repetition');
      case '\\': return this.escape(f);
      default: return this.literalNode(this.codePoint(), f);
    }
  }

  private literalNode(cp: number, f: Flags): Node {
    const other = f.i ? otherAsciiCase(cp) : undefined;
    if (other === undefined) return { t: 'one', js: literal(cp, false), lit: cp };
    return { t: 'one', js: `[${literal(cp, true)}${literal(other, true)}]` };
  }

  private group(f: Flags): Node | undefined {
    this.pos++; // (
    const m = /^\?(?::|=|!|<=|<!|>|<[a-zA-Z][a-zA-Z0-9]*>|([idmsuxU]*)(?:-([idmsuxU]*))?(:|\)))/.exec(this.src.slice(this.pos));
    let inner = f;
    let kind = 'plain';
    if (this.peek() === '?') {
      if (!m) this.fail('unknown group construct');
      this.pos += m[0].length;
      if (m[3] !== undefined) {
        // Inline flags: (?i) changes this group's flags from here on, (?i:X) only X's.
        const changed = withFlags(f, m[1] ?? '', m[2] ?? '', this.src);
        if (m[3] === ')') {
          Object.assign(f, changed);
          return undefined;
        }
        inner = changed;
      } else {
        kind = m[0].slice(1);
      }
    }
    const body = this.alternation(inner);
    if (this.peek() !== ')') this.fail('unclosed group');
    this.pos++;
    if (kind === '>') return { t: 'atomic', body };
    if (kind === '=' || kind === '!' || kind === '<=' || kind === '<!') return { t: 'look', op: `?${kind}` as '?=', body };
    return body; // capturing, named and (?:) groups alike: captures mean nothing to a test()
  }

  private escape(f: Flags): Node {
    this.pos++; // backslash
    const c = this.peek();
    // Java's \b follows \w from Java 19 on (JDK-8264160); JavaScript's \b is that ASCII boundary.
    const zero: Record<string, string> = { A: '^', z: '$', Z: f.d ? '(?=\\n?$)' : END_OR_FINAL_TERMINATOR, b: '\\b', B: '\\B' };
    if (zero[c] !== undefined) {
      this.pos++;
      return { t: 'zero', js: zero[c] };
    }
    if (c === 'R') {
      this.pos++;
      return { t: 'alt', alts: [{ t: 'seq', items: [{ t: 'one', js: '\\r', lit: 13 }, { t: 'one', js: '\\n', lit: 10 }] }, { t: 'one', js: emitSet(SHORTHANDS.v) }] };
    }
    const item = this.escapeItem(f, false);
    return typeof item === 'number' ? this.literalNode(item, f) : { t: 'one', js: emitSet(item) };
  }

  /** \Q...\E: every character up to \E (or the end) is literal. */
  private quoted(): number[] {
    this.pos++; // Q
    const end = this.src.indexOf('\\E', this.pos);
    const text = this.src.slice(this.pos, end < 0 ? undefined : end);
    this.pos = end < 0 ? this.src.length : end + 2;
    return [...text].map((ch) => ch.codePointAt(0)!);
  }

  /** After a backslash: a code point (number) or a set. */
  private escapeItem(f: Flags, inClass: boolean): number | CharSet {
    const c = this.peek();
    if (SHORTHANDS[c]) {
      this.pos++;
      return SHORTHANDS[c];
    }
    if (c === 'p' || c === 'P') {
      this.pos++;
      let name: string;
      if (this.peek() === '{') {
        const close = this.src.indexOf('}', this.pos);
        if (close < 0) this.fail('unclosed \\p{');
        name = this.src.slice(this.pos + 1, close);
        this.pos = close + 1;
      } else {
        name = this.src.charAt(this.pos++);
      }
      // Under (?i) Java also matches a character whose other case is in the class: no JS spelling.
      if (f.i) this.fail('\\p{...} under (?i)');
      return propertyClass(name, c === 'P');
    }
    const simple: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, a: 7, e: 27 };
    if (simple[c] !== undefined) {
      this.pos++;
      return simple[c];
    }
    const hex = /^(?:x([0-9a-fA-F]{2})|x\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|0([0-3][0-7]{2}|[0-7]{1,2})|c([\s\S]))/.exec(this.src.slice(this.pos));
    if (hex) {
      this.pos += hex[0].length;
      if (hex[5] !== undefined) return hex[5].charCodeAt(0) ^ 64;
      const cp = hex[4] !== undefined ? parseInt(hex[4], 8) : parseInt(hex[1] ?? hex[2] ?? hex[3], 16);
      // \uD83D\uDE00: Java joins an escaped surrogate pair into one code point.
      const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(this.src.slice(this.pos));
      if (cp >= 0xd800 && cp <= 0xdbff && low) {
        this.pos += low[0].length;
        return 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
      }
      return cp;
    }
    if (/[a-zA-Z0-9]/.test(c) || c === '') this.fail(`\\${c} is not an escape this translator knows${inClass ? ' in a class' : ''}`);
    return this.codePoint(); // \- \. \{ ... : the character itself
  }

  /** A Java class: unions of characters, ranges and nested classes, && intersections of those, maybe negated. */
  private charClass(f: Flags): CharSet {
    this.pos++; // [
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const operands: CharSet[][] = [];
    let union: CharSet[] = [];
    let first = true;
    for (;;) {
      this.skipComments(f);
      const c = this.peek();
      if (c === '') this.fail('Unclosed character class');
      if (c === ']' && !first) { // Java takes a ] right after [ or [^ as a character
        this.pos++;
        break;
      }
      first = false;
      if (c === '[') {
        union.push(this.charClass(f));
      } else if (c === '&' && this.peek(1) === '&') {
        this.pos += 2;
        operands.push(union);
        union = [];
      } else {
        union.push(this.classRange(f));
      }
    }
    operands.push(union);
    // Java ignores an empty side of &&: [&&a] is [a].
    const sets: CharSet[] = operands.filter((o) => o.length > 0).map((parts) => ({ k: 'or', parts }));
    const set: CharSet = sets.length === 1 ? sets[0] : sets.length === 0 ? flat() : { k: 'and', parts: sets };
    return negated ? { k: 'not', of: set } : set;
  }

  /** One class member: a character, a range a-z, or a set; under (?i) with the other ASCII case added. */
  private classRange(f: Flags): CharSet {
    const start = this.classAtom(f);
    if (typeof start !== 'number') return start;
    let end = start;
    if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '[' && this.peek(1) !== '') {
      this.pos++;
      const e = this.classAtom(f);
      if (typeof e !== 'number' || e < start) this.fail('Illegal character range');
      end = e;
    }
    const items = [start === end ? literal(start, true) : `${literal(start, true)}-${literal(end, true)}`];
    if (f.i) items.push(...otherCaseRanges(start, end));
    return flat(...items);
  }

  private classAtom(f: Flags): number | CharSet {
    if (this.peek() !== '\\') return this.codePoint();
    this.pos++;
    const c = this.peek();
    if (c === 'Q') {
      // \Q..\E in a class: its characters join the class.
      return flat(...this.quoted().flatMap((cp) => [literal(cp, true), ...(f.i ? otherCaseRanges(cp, cp) : [])]));
    }
    if (c === 'b' || c === 'B' || c === 'R' || c === 'A' || c === 'z' || c === 'Z') this.fail(`\\${c} in a class`);
    return this.escapeItem(f, true);
  }
}

export function parseJavaPattern(pattern: string): Node {
  return new Parser(pattern).parse();
}

// A port of the parts of libyaml's emitter (src/emitter.c) that a JSON-like value reaches
// through ruamel.yaml's safe dumper with default settings (block style, indent 2, width 80,
// unicode allowed): block mappings with sorted keys, indentless sequences under a key, `[]`
// and `{}` for empty collections, plain / single-quoted / double-quoted scalars chosen as
// yaml_emitter_select_scalar_style does and folded at spaces past column 80 as its writers do.
import { cmpStr, isObj, pyFloatRepr } from './py';
import { analyzeScalar, isBreak, isPrintable, plainIsString } from './yamlScalar';

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

interface Ctx { mapping: boolean; simpleKey: boolean }

/** ruamel's `YAML(typ='safe').dump(value)` of a list or structure. */
export function emitYaml(value: unknown): string {
  const e = new Emitter();
  e.node(value, { mapping: false, simpleKey: false });
  e.writeIndent(); // document end
  return e.out;
}

class Emitter {
  out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private indents: number[] = [];

  private put(c: string): void {
    this.out += c;
    this.column += 1;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak();
    else { this.out += c; this.column = 0; }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private indicator(text: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(' ');
    for (const c of text) this.put(c);
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  node(v: unknown, ctx: Ctx): void {
    if (Array.isArray(v)) this.sequence(v, ctx);
    else if (isObj(v)) this.mapping(v);
    else this.scalar(v, ctx);
  }

  /** An empty list or structure: libyaml's flow style, `[]` or `{}`, with nothing inside. */
  private emptyFlow(open: string, close: string): void {
    this.indicator(open, true, true, false);
    this.indicator(close, false, false, false);
  }

  private sequence(items: unknown[], ctx: Ctx): void {
    if (items.length === 0) return this.emptyFlow('[', ']');
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.indicator('-', true, false, true);
      this.node(item, { mapping: false, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  private mapping(m: Record<string, unknown>): void {
    const keys = Object.keys(m).sort(cmpStr);
    if (keys.length === 0) return this.emptyFlow('{', '}');
    this.increaseIndent(false, false);
    for (const k of keys) {
      this.writeIndent();
      const a = analyzeScalar(k);
      if (!a.multiline && a.length <= 128) {
        this.scalar(k, { mapping: true, simpleKey: true });
        this.indicator(':', false, false, false);
      } else {
        this.indicator('?', true, false, true);
        this.scalar(k, { mapping: true, simpleKey: false });
        this.writeIndent();
        this.indicator(':', true, false, true);
      }
      this.node(m[k], { mapping: true, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  private scalar(v: unknown, ctx: Ctx): void {
    let text: string;
    let style: 'plain' | 'single' | 'double' = 'plain';
    if (typeof v === 'string') {
      text = v;
      const a = analyzeScalar(v);
      if (ctx.simpleKey && a.multiline) style = 'double';
      if (style === 'plain') {
        if (!a.blockPlain) style = 'single'; // every scalar is in block context: flow is only ever [] or {}
        if (a.length === 0 && ctx.simpleKey) style = 'single';
        if (!plainIsString(v)) style = 'single';
      }
      if (style === 'single' && !a.single) style = 'double';
    } else {
      text = scalarText(v);
    }
    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    if (style === 'plain') this.plain(text, allowBreaks);
    else if (style === 'single') this.singleQuoted(text, allowBreaks);
    else this.doubleQuoted(text, allowBreaks);
    this.indent = this.indents.pop()!;
  }

  private plain(s: string, allowBreaks: boolean): void {
    const ch = [...s];
    if (!this.whitespace && ch.length > 0) this.put(' ');
    let spaces = false;
    let breaks = false;
    ch.forEach((c, i) => {
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && ch[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(s: string, allowBreaks: boolean): void {
    const ch = [...s];
    this.indicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    ch.forEach((c, i) => {
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== ch.length - 1 && ch[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    if (breaks) this.writeIndent();
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(s: string, allowBreaks: boolean): void {
    const ch = [...s];
    this.indicator('"', true, false, false);
    let spaces = false;
    ch.forEach((c, i) => {
      const n = c.codePointAt(0)!;
      if (!isPrintable(c) || n === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\');
        const esc = ESCAPES[n];
        if (esc !== undefined) this.put(esc);
        else {
          const [letter, width] = n <= 0xff ? ['x', 2] : n <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter);
          for (const d of n.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
        }
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== ch.length - 1) {
          this.writeIndent();
          if (ch[i + 1] === ' ') this.put('\\');
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    });
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }
}

/** SafeRepresenter's text for a non-string scalar: null, true/false, int, repr(float).lower(). */
function scalarText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return pyFloatRepr(v).toLowerCase();
  }
  return String(v);
}

// How libyaml (the emitter behind aws CLI v2's ruamel.yaml safe dumper) judges a string:
// yaml_emitter_analyze_scalar's flags, and the YAML 1.2 implicit resolvers of ruamel.yaml
// 0.17 that decide whether a plain string would read back as something else (true, 1.5,
// null, 2019-01-23...) and so must be quoted.

export interface Analysis {
  length: number; // UTF-8 bytes, as libyaml counts for simple keys
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  single: boolean;
}

export const isBreak = (c: string): boolean => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankz = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\0' || isBreak(c);

/** libyaml's IS_PRINTABLE: LF, 0x20-0x7E, U+A0-U+D7FF, U+E000-U+FFFD but not the BOM. */
export function isPrintable(c: string): boolean {
  const n = c.codePointAt(0)!;
  return n === 0x0a || (n >= 0x20 && n <= 0x7e) || (n >= 0xa0 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff);
}

export function analyzeScalar(s: string): Analysis {
  const length = Buffer.byteLength(s, 'utf8');
  if (s.length === 0) return { length, multiline: false, flowPlain: false, blockPlain: true, single: true };
  const ch = [...s];
  let blockInd = s.startsWith('---') || s.startsWith('...');
  let flowInd = blockInd;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
  let precededByWs = true;
  for (let i = 0; i < ch.length; i++) {
    const c = ch[i];
    const followedByWs = isBlankz(ch[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) { flowInd = true; blockInd = true; }
      if (c === '?' || c === ':') { flowInd = true; if (followedByWs) blockInd = true; }
      if (c === '-' && followedByWs) { flowInd = true; blockInd = true; }
    } else {
      if (',?[]{}'.includes(c)) flowInd = true;
      if (c === ':') { flowInd = true; if (followedByWs) blockInd = true; }
      if (c === '#' && precededByWs) { flowInd = true; blockInd = true; }
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === ch.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === ch.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  let flowPlain = true, blockPlain = true, single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) { flowPlain = false; blockPlain = false; }
  if (breakSpace) { flowPlain = false; blockPlain = false; single = false; }
  if (spaceBreak || special) { flowPlain = false; blockPlain = false; single = false; }
  if (lineBreaks) { flowPlain = false; blockPlain = false; }
  if (flowInd) flowPlain = false;
  if (blockInd) blockPlain = false;
  return { length, multiline: lineBreaks, flowPlain, blockPlain, single };
}

// ruamel.yaml's YAML 1.2 implicit resolvers, each tried when the first character fits.
const RESOLVERS: [string, RegExp][] = [
  ['tTfF', /^(?:true|True|TRUE|false|False|FALSE)$/],
  ['-+0123456789.', /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/],
  ['-+0123456789', /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/],
  ['<', /^(?:<<)$/],
  ['~nN', /^(?:~|null|Null|NULL|)$/],
  ['0123456789', /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/],
  ['=', /^(?:=)$/],
  ['!&*', /^(?:!|&|\*)$/],
];

/** True when a plain `s` reads back as a string (ruamel's resolve(..., (True, False)) is str). */
export function plainIsString(s: string): boolean {
  if (s === '') return false; // the null resolver
  // Python's `$` also matches before a final newline.
  const t = s.endsWith('\n') ? s.slice(0, -1) : s;
  for (const [first, re] of RESOLVERS) if (first.includes(s[0]) && re.test(t)) return false;
  return true;
}

// What the benchmarks' option parsers share: a whole-number option within bounds, refused with
// the bench's own usage text.

export function wholeOption(usage: string, name: string, v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, not '${v}'\n\n${usage}`);
  return n;
}

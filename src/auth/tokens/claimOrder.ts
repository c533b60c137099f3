// The order of a token's claims, as Cognito writes them. Cognito's tokens list their claims in
// the iteration order of a java.util.HashMap built as a copy of the claims: every real token
// published (docs/spec.md section 9 lists the ones checked) has its claims in ascending bucket
// order of a table sized as HashMap(Map) sizes it, tableSizeFor(n / 0.75 + 1) (11 claims: 16
// buckets; 12 to 23: 32; 24: 64), and claims that share a bucket in the order they were put in
// (claims.ts). Nothing reads the order, but a decoded token then reads as Cognito's does.

/** java.lang.String.hashCode: over UTF-16 code units, 32-bit wrapping. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap's table size for a copy of a map of n entries (HashMap.putMapEntries, tableSizeFor). */
function tableSize(n: number): number {
  const wanted = Math.floor(n / 0.75 + 1);
  let size = 1;
  while (size < wanted) size *= 2;
  return size;
}

/** The entries in the order a HashMap of them iterates, given the order they were put in. */
export function hashMapOrder<T>(entries: [string, T][]): [string, T][] {
  const mask = tableSize(entries.length) - 1;
  const bucket = (key: string): number => {
    const h = javaHash(key);
    return (h ^ (h >>> 16)) & mask;
  };
  // Array.prototype.sort is stable: within a bucket, insertion order stays (HashMap's bucket lists).
  return entries.map((e, i) => ({ e, b: bucket(e[0]), i })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.e);
}

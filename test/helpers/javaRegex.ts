// Asks java.util.regex (test/helpers/JavaRegexOracle.java, run by the local `java`) whether
// values match patterns: AWS validates with Java, so Java is the reference the pattern
// translator (scripts/javaRegex.ts) is checked against.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ORACLE = join(__dirname, '..', '..', '..', 'test', 'helpers', 'JavaRegexOracle.java');

/** Why the Java tests cannot run here, or false when they can. */
export function noJava(): string | false {
  const r = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return r.status === 0 ? false : 'no `java` on this machine (Java 11 or later runs the oracle)';
}

const hex = (s: string): string => {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
};

export type JavaAnswer = { error: string } | { matches: boolean[] };

/** One JVM for all the patterns: compile each, then match each of its values against the whole value. */
export function askJava(cases: { pattern: string; values: string[] }[]): JavaAnswer[] {
  const lines: string[] = [];
  for (const c of cases) {
    lines.push(`P ${hex(c.pattern)}`);
    for (const v of c.values) lines.push(`S ${hex(v)}`);
  }
  const r = spawnSync('java', [ORACLE], { input: lines.join('\n') + '\n', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`java failed: ${r.stderr}`);
  const out = r.stdout.split('\n');
  let k = 0;
  return cases.map((c) => {
    const head = out[k++];
    const matches = c.values.map(() => out[k++] === '1');
    return head === 'ok' ? { matches } : { error: head.replace(/^error /, '') };
  });
}

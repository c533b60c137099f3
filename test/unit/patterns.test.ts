// Every pattern of both models, as the generator translates it (scripts/javaRegex.ts,
// scripts/patternSource.ts): it compiles, it accepts the models' own examples, it agrees with
// java.util.regex (what AWS runs) on made-up values, and no value makes it slow. The models are
// read where the generator reads them; without them these tests skip, saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MODELS, displayPattern, loadModel, readPatches, SERVICES, type Model } from '../../scripts/codegen';
import { parseJavaPattern, type Node } from '../../scripts/javaRegex';
import { emit, FLAGS, fixedStringsInOrder, jsPattern } from '../../scripts/patternSource';
import { askJava, noJava } from '../helpers/javaRegex';
import { alphabet, rng, samples } from '../helpers/patternSamples';
import type { TimerMessage, TimingCase } from '../helpers/patternTimer';

const MiB = 1024 * 1024;
const available = SERVICES.filter((s) => existsSync(join(DEFAULT_MODELS, s.file)));
const NO_MODELS = available.length < SERVICES.length ? `no models at ${DEFAULT_MODELS}` : false;
const models: Model[] = NO_MODELS ? [] : SERVICES.map((spec) => loadModel(spec, DEFAULT_MODELS, readPatches()));

interface Patterned { id: string; java: string; re: RegExp; min?: number; max?: number }

/** Every string shape with a pattern, in both models, model-patches.json applied. */
const patterned = new Map<string, Patterned>();
for (const m of models) {
  for (const [id, s] of Object.entries(m.shapes)) {
    const p = s.traits?.['smithy.api#pattern'] as string | undefined;
    if (p === undefined) continue;
    const java = displayPattern(p);
    const length = s.traits?.['smithy.api#length'] as { min?: number; max?: number } | undefined;
    patterned.set(id, { id, java, re: new RegExp(jsPattern(java), FLAGS), min: length?.min, max: length?.max });
  }
}

/** Strings the service accepts for a shape, by where they are: the models' examples and smoke tests. */
function documentedValues(): { id: string; where: string; value: string }[] {
  const out: { id: string; where: string; value: string }[] = [];
  const walk = (m: Model, target: string, v: unknown, where: string): void => {
    const s = m.shapes[target];
    if (!s || v === null || v === undefined) return;
    if (s.type === 'string' && typeof v === 'string') out.push({ id: target, where, value: v });
    else if ((s.type === 'list' || s.type === 'set') && Array.isArray(v)) v.forEach((x, i) => walk(m, s.member!.target, x, `${where}[${i}]`));
    else if (s.type === 'map' && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as object)) {
        walk(m, s.key!.target, k, `${where} key`);
        walk(m, s.value!.target, x, `${where}.${k}`);
      }
    } else if (s.members && typeof v === 'object') {
      for (const [name, member] of Object.entries(s.members)) walk(m, member.target, (v as Record<string, unknown>)[name], `${where}.${name}`);
    }
  };
  for (const m of models) {
    for (const [id, s] of Object.entries(m.shapes)) {
      if (s.type !== 'operation') continue;
      const examples = (s.traits?.['smithy.api#examples'] ?? []) as { title: string; input?: unknown; output?: unknown }[];
      for (const e of examples) {
        if (s.input) walk(m, s.input.target, e.input, `${id} example "${e.title}" input`);
        if (s.output) walk(m, s.output.target, e.output, `${id} example "${e.title}" output`);
      }
      const smoke = (s.traits?.['smithy.test#smokeTests'] ?? []) as { id: string; params?: unknown; expect: { success?: unknown } }[];
      for (const t of smoke.filter((x) => x.expect.success !== undefined)) if (s.input) walk(m, s.input.target, t.params, `${id} smoke test ${t.id}`);
    }
  }
  return out;
}

const COGNITO = 'com.amazonaws.cognitoidentityprovider#';
/** Values AWS accepts that no example in the model carries (spec section 11). */
const ACCEPTED_BY_AWS = [
  { id: `${COGNITO}SmsVerificationMessageType`, value: 'Your verification code is {####}.' },
  { id: `${COGNITO}SmsInviteMessageType`, value: 'Your username is {username} and temporary password is {####}.' },
  { id: `${COGNITO}SmsInviteMessageType`, value: 'Your username is {username}\nand temporary password is {####}.' },
];

test('every pattern of both models compiles as the generator writes it', (t) => {
  if (NO_MODELS) return t.skip(NO_MODELS);
  assert.ok(patterned.size > 50, `${patterned.size} patterns`);
  for (const p of patterned.values()) assert.equal(p.re.flags, 'u', p.id);
});

test('the models\' own examples, and values AWS accepts, match their shapes\' patterns', (t) => {
  if (NO_MODELS) return t.skip(NO_MODELS);
  const values = [...documentedValues(), ...ACCEPTED_BY_AWS.map((a) => ({ ...a, where: 'accepted by AWS' }))];
  const checked = values.filter((v) => patterned.has(v.id));
  const refused = checked.filter((v) => !patterned.get(v.id)!.re.test(v.value)).map((v) => `${v.where}: ${JSON.stringify(v.value)} !~ ${patterned.get(v.id)!.java}`);
  assert.deepEqual(refused, []);
  assert.ok(checked.length >= 30, `only ${checked.length} values checked: the walk missed the examples`);
  for (const shape of ['SmsVerificationMessageType', 'SmsInviteMessageType', 'EmailAddressType', 'EmailVerificationMessageType', 'ArnType']) {
    assert.ok(checked.some((v) => v.id === COGNITO + shape && v.where !== 'accepted by AWS'), `no example reached ${shape}`);
  }
  // The SMS verification template must still hold the code, as AWS requires.
  assert.equal(patterned.get(`${COGNITO}SmsVerificationMessageType`)!.re.test('Your verification code is 1234.'), false);
});

test('every pattern accepts exactly what java.util.regex accepts, on made-up values', (t) => {
  if (NO_MODELS) return t.skip(NO_MODELS);
  const why = noJava();
  if (why) return t.skip(why);
  const documented = documentedValues();
  const cases = [...patterned.values()].map((p, i) => ({
    p, pattern: p.java, values: samples(p.java, i + 1, documented.filter((d) => d.id === p.id).map((d) => d.value)),
  }));
  const answers = askJava(cases);
  const disagreements: string[] = [];
  cases.forEach((c, i) => {
    const a = answers[i];
    assert.ok('matches' in a, `${c.p.id}: Java refuses ${c.pattern}: ${'error' in a ? a.error : ''}`);
    c.values.forEach((v, j) => {
      if (c.p.re.test(v) !== a.matches[j]) disagreements.push(`${c.p.id} ${c.pattern} on ${JSON.stringify(v)}: Java ${a.matches[j]}`);
    });
  });
  assert.deepEqual(disagreements.slice(0, 20), []);
});

/** The plain translation, without the rewrite: what the rewritten source must agree with. */
const plain = (java: string): RegExp => new RegExp(`^(?:${emit(parseJavaPattern(java))})$`, FLAGS);

test('the fixed-strings rewrite accepts exactly what the plain translation accepts (every short string)', (t) => {
  if (NO_MODELS) return t.skip(NO_MODELS);
  const rewritten = [...patterned.values()].filter((p) => fixedStringsInOrder(parseJavaPattern(p.java)) !== undefined);
  assert.ok(rewritten.some((p) => p.id.endsWith('#EmailAddressType')), 'EmailAddressType is rewritten');
  assert.ok(rewritten.some((p) => p.id.endsWith('#EmailVerificationMessageByLinkType')), 'the link template is rewritten');
  for (const p of rewritten) {
    const reference = plain(p.java);
    // The pattern's fixed characters, a letter of its set, and characters outside some sets.
    const alpha = [...new Set([...p.java].filter((c) => '{}#@'.includes(c))), 'a', '\u0000', '\n'];
    const agree = (s: string): void => assert.equal(p.re.test(s), reference.test(s), `${p.id} on ${JSON.stringify(s)}`);
    const maxLength = Math.floor(Math.log(100_000) / Math.log(alpha.length));
    const grow = (s: string): void => {
      agree(s);
      if (s.length < maxLength) for (const c of alpha) grow(s + c);
    };
    grow('');
    const next = rng(11);
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let n = 7 + Math.floor(next() * 10); n > 0; n--) s += alpha[Math.floor(next() * alpha.length)];
      agree(s);
    }
  }
});

/** Units to repeat into long values: the pattern's fixed strings and characters, and values it accepts. */
function units(java: string): string[] {
  const out = new Set<string>();
  const visit = (n: Node): void => {
    if (n.t === 'seq') {
      let run = '';
      for (const item of n.items) {
        if (item.t === 'one' && item.lit !== undefined) run += String.fromCodePoint(item.lit);
        else if (run) out.add(run), (run = '');
        visit(item);
      }
      if (run) out.add(run);
    } else if (n.t === 'alt') n.alts.forEach(visit);
    else if (n.t === 'rep' || n.t === 'atomic' || n.t === 'look') visit(n.body);
    else if (n.t === 'one' && n.lit !== undefined) out.add(String.fromCodePoint(n.lit));
  };
  visit(parseJavaPattern(java));
  for (const c of alphabet(java).filter((x) => '@:{}#_-./ a0é東😀'.includes(x))) out.add(c);
  for (const s of samples(java, 7).filter((x) => x.length > 1).slice(0, 3)) out.add(s);
  return [...out].slice(0, 16);
}

/**
 * The bound: linear in the value, at most 200 ns a character plus 1 ms. Measured on an idle
 * 2-core machine: under 1 ms for every shape with a maximum (0.6 ms for the 20,000-character
 * templates); 1 to 30 ms for a 1 MiB value of a shape without one, the most for two-byte text
 * against the widest Unicode classes ([\p{L}\p{M}\p{S}\p{N}\p{P}], EmailAddressType), which
 * V8 tests at 15-30 ns a character; several times that when the machine is loaded. A quadratic
 * pattern is far outside: X+@X+ took 0.9 s on 20,000 characters and 10 s on 80,000, and would
 * take hours on 1 MiB, so the worker is stopped after 20 s without progress.
 */
const budget = (length: number): number => 1 + length * 200e-6;

test('no pattern of either model is slow on long adversarial values (the shape\'s maximum length, or 1 MiB)', { timeout: 300_000 }, async (t) => {
  if (NO_MODELS) return t.skip(NO_MODELS);
  const cases: TimingCase[] = [...patterned.values()].map((p) => {
    const length = Math.min(p.max ?? MiB, MiB);
    return { name: p.id, source: p.re.source, flags: FLAGS, length, units: units(p.java), budget: budget(length) };
  });
  const slow: string[] = [];
  let worst = { ms: 0, at: '' };
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(join(__dirname, '..', 'helpers', 'patternTimer.js'), { workerData: { patternTimer: true, cases } });
    let last = 'nothing yet';
    let timer = setTimeout(() => void 0, 0);
    const watch = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`no answer in 20 s: ${last}`));
      }, 20_000);
    };
    watch();
    worker.on('message', (m: TimerMessage) => {
      watch();
      if (m.kind === 'start') last = `${m.name} on ${m.value}`;
      if (m.kind === 'time') {
        const c = cases.find((x) => x.name === m.name)!;
        if (m.ms > worst.ms) worst = { ms: m.ms, at: `${m.name} (${c.length} characters) on ${m.value}` };
        if (m.ms > c.budget) slow.push(`${m.name} on ${m.value}: ${m.ms.toFixed(1)} ms (bound ${c.budget.toFixed(1)} ms)`);
      }
      if (m.kind === 'end') {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve());
      }
    });
    worker.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  t.diagnostic(`slowest: ${worst.ms.toFixed(2)} ms, ${worst.at}`);
  assert.deepEqual(slow, []);
});

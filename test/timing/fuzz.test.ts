// Property-based fuzzing of every served operation at the wire (house rule: never a 500, never
// a stack trace; docs/behaviour.md: no request holds the event loop more than ~20 ms). Bodies are
// made from the generated shape tables (test/helpers/fuzzShapes.ts): values of each member's type
// inside and outside its constraints, values of the wrong type, unknown members, bodies that are
// not JSON. They are sent SigV4-signed, raw (an SDK would refuse or re-encode them), to one server
// holding real pools, jobs, users and import logs (test/helpers/fuzzFixtures.ts), so they get
// past the signature check to decoding, validation and the operation. For each: the status is
// not 5xx, the body is AWS JSON (an error has __type and message), and the event loop's longest
// delay while it ran stayed within budget (test/helpers/eventLoop.ts). Afterwards the server
// still answers /health and a plain call.
//
// Seeded and bounded: FUZZ_SEED and FUZZ_RUNS override the defaults (a failure prints both, and
// fast-check's shrunk counterexample with the operation, the body and the answer).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as cognito from '../../src/api/generated/cognitoIdp';
import * as logs from '../../src/api/generated/logs';
import type { ShapeTable } from '../../src/api/shapes';
import { cleanup, KEY_A, KEY_B, startTestServer, type TestServer } from '../helpers/server';
import { callApi } from '../helpers/signing';
import { LOOP_BUDGET_MS, measureWithinBudget } from '../helpers/eventLoop';
import { signRaw, type RawAnswer } from '../helpers/rawSigned';
import { ThreadClient } from '../helpers/fetchWorker';
import { ShapeArbitraries, wrongBody, type KnownValues } from '../helpers/fuzzShapes';
import { encode, show, type FuzzValue } from '../helpers/fuzzValues';
import { cognitoKnown, logsKnown } from '../helpers/fuzzKnown';
import { FuzzFixtures, REGION } from '../helpers/fuzzFixtures';
import type { Store } from '../../src/store/ports';
import { MAX_API_BODY } from '../../src/http/apiHandler';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
/**
 * FUZZ_SURVEY=1: do not stop at the first failure; run every request, then list each distinct
 * failure (operation and cause) once with its smallest body, and fail if there were any.
 */
const SURVEY = process.env.FUZZ_SURVEY === '1';

/** A 200 from these may have removed a fixture: repaired before the next request. */
const DESTRUCTIVE = new Set(['DeleteUserPool', 'AdminDeleteUser', 'DeleteUserPoolClient']);

interface Service {
  targetPrefix: string;
  signingName: string;
  shapes: ShapeTable;
  operations: Record<string, { input: string }>;
  known: KnownValues;
}

const SERVICES: Service[] = [
  { ...cognito.service, shapes: cognito.shapes, operations: cognito.operations, known: cognitoKnown },
  { ...logs.service, shapes: logs.shapes, operations: logs.operations, known: logsKnown },
];

/** Who signs: mostly account A in the fixtures' region, sometimes account B or another region. */
const CALLERS = [
  { name: 'A', key: KEY_A, region: REGION }, { name: 'B', key: KEY_B, region: REGION }, { name: 'A@eu-west-1', key: KEY_A, region: 'eu-west-1' },
];

/** A whole body that is not an object: sent as is. */
class WholeBody {
  constructor(readonly bytes: string | Buffer) {}
  [fc.toStringMethod](): string {
    return typeof this.bytes === 'string' ? `body ${show(this.bytes)}` : `body bytes ${this.bytes.toString('hex')}`;
  }
}

interface Call {
  service: Service;
  operation: string;
  caller: (typeof CALLERS)[number];
  body: FuzzValue | WholeBody;
}

function callsOf(service: Service): fc.Arbitrary<Call>[] {
  const chaos = new ShapeArbitraries(service.shapes, service.known, 'chaos');
  const valid = new ShapeArbitraries(service.shapes, service.known, 'valid');
  return Object.entries(service.operations).map(([operation, op]) => fc.record({
    body: fc.oneof({ weight: 10, arbitrary: chaos.typed(op.input) as fc.Arbitrary<FuzzValue | WholeBody> },
      { weight: 6, arbitrary: valid.typed(op.input) as fc.Arbitrary<FuzzValue | WholeBody> },
      { weight: 1, arbitrary: wrongBody.map((b) => new WholeBody(b)) }),
    caller: fc.oneof({ weight: 12, arbitrary: fc.constant(CALLERS[0]) }, { weight: 1, arbitrary: fc.constantFrom(CALLERS[1], CALLERS[2]) }),
  }).map(({ body, caller }) => Object.assign({ service, operation, caller, body }, {
    // What fast-check prints for a counterexample: the call, not the service's shape table.
    [fc.toStringMethod]: () => `${operation} as ${caller.name}: ${body instanceof WholeBody ? body[fc.toStringMethod]() : show(body)}`,
  })));
}

let server: TestServer;
let store: Store;
let fixtures: FuzzFixtures;
/** Requests go out from another thread, so the loop measured is the server's alone. */
let client: ThreadClient;
/** The server's error log lines by request id: the stack behind a 500, for the failure message. */
const serverErrors = new Map<string, string>();
const statuses = new Map<string, number>();
/** Requests read over budget at first: printed, to watch how noisy the machine is. */
const retried: string[] = [];

before(async () => {
  server = await startTestServer({
    log: { info: () => {}, error: (msg, f) => serverErrors.set(String(f?.requestId), `${msg}: ${String(f?.error ?? '')}`) },
  });
  store = await server.openStore();
  fixtures = new FuzzFixtures(server, store);
  await fixtures.build();
  client = new ThreadClient();
});
after(async () => {
  await client?.close();
  await store?.close();
  await server?.close();
  if (server) cleanup(server.dataDir);
});

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}... (${s.length} chars)` : s);

/** Every answer is AWS JSON below 500; an error names its __type and has a message. */
function checkAnswer(call: Call, sent: Buffer, a: RawAnswer): void {
  const problem = ((): string | undefined => {
    if (a.status >= 500) return `answered ${a.status}`;
    if (a.contentType !== 'application/x-amz-json-1.1') return `answered with Content-Type ${a.contentType}`;
    let body: unknown;
    try {
      body = JSON.parse(a.text);
    } catch {
      return 'answered a body that is not JSON';
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'answered JSON that is not an object';
    const { __type, message } = body as Record<string, unknown>;
    if (a.status !== 200 && (typeof __type !== 'string' || !__type || typeof message !== 'string')) return `answered ${a.status} without __type and message`;
    return undefined;
  })();
  if (!problem) return;
  const log = a.requestId ? serverErrors.get(a.requestId) : undefined;
  throw new Error([
    `${call.service.targetPrefix}.${call.operation} ${problem}`,
    `  sent (${sent.length} bytes): ${cut(sent.toString(), 400)}`,
    `  answer: ${cut(a.text, 600)}`,
    ...(log ? [`  server log: ${cut(log, 1500)}`] : []),
  ].join('\n'));
}

const CONNECTION_RESET: RawAnswer = { status: 413, contentType: null, requestId: null, text: '{"__type":"(connection reset while sending)"}' };

async function send(call: Call): Promise<void> {
  const body = call.body instanceof WholeBody ? call.body.bytes : encode(call.body, fixtures.resolve);
  const sent = typeof body === 'string' ? Buffer.from(body) : body;
  const target = `${call.service.targetPrefix}.${call.operation}`;
  const req = await signRaw(server.url, target, sent, { key: call.caller.key, region: call.caller.region, service: call.service.signingName });
  const reading = await measureWithinBudget(async () => {
    let a: RawAnswer;
    try {
      a = await client.send(req);
    } catch (e) {
      // A body over the limit is refused unread and the connection closed (src/http/apiHandler.ts):
      // a client still writing a body of megabytes may see the reset before it reads the 413.
      if (sent.length > MAX_API_BODY) return CONNECTION_RESET;
      throw e;
    }
    checkAnswer(call, sent, a);
    return a;
  });
  const type = reading.value.status === 200 ? '200' : (/"__type":"(\w+)"/.exec(reading.value.text)?.[1] ?? String(reading.value.status));
  const key = `${call.operation} ${type}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
  if (reading.tries.length > 1 && reading.maxDelayMs <= LOOP_BUDGET_MS) retried.push(`${call.operation} (${sent.length} bytes): ${reading.tries.join(', ')} ms`);
  if (reading.maxDelayMs > LOOP_BUDGET_MS) {
    throw new Error(`${target} held the event loop ${reading.tries.join(' ms, ')} ms in ${reading.tries.length} tries (budget ${LOOP_BUDGET_MS} ms)\n`
      + `  answer (${reading.value.status}): ${cut(reading.value.text, 300)}\n  sent (${sent.length} bytes): ${cut(sent.toString(), 300)}`);
  }
  // Whatever the last try answered: a call re-sent for holding the loop may have deleted a
  // fixture on its first try and found nothing on the next (DeleteUserPool 200, then 400).
  if (DESTRUCTIVE.has(call.operation)) await fixtures.repair();
}

/** Failures seen in survey mode, one per operation and cause, with the shortest message. */
const survey = new Map<string, string>();

function surveyKey(call: Call, message: string): string {
  const log = /server log: [^\n]*?(\w*Error: [^\n]*?)(?:\n|\s+at |$)/.exec(message)?.[1];
  const frame = /\n\s+at [^\n]*?\((?:[^)]*\/)?([^/)]+:\d+):\d+\)/.exec(message)?.[1] ?? '';
  const what = log ? `${log.replace(/'[^']*'/g, "'…'").slice(0, 120)} ${frame}` : message.split('\n')[0].replace(/[\d.]+ ms/g, 'N ms');
  const bytes = Number(/sent \((\d+) bytes\)/.exec(message)?.[1] ?? 0);
  const size = bytes > MAX_API_BODY ? 'over 1 MiB' : bytes > 100_000 ? '100 kB-1 MiB' : bytes > 10_000 ? '10-100 kB' : 'under 10 kB';
  return `${call.operation}: ${what} [body ${size}]`;
}

async function surveyed(call: Call): Promise<void> {
  try {
    await send(call);
  } catch (e) {
    const message = (e as Error).message;
    const key = surveyKey(call, message);
    const seen = survey.get(key);
    if (seen === undefined || message.length < seen.length) survey.set(key, `${message}\n  call: ${(call as unknown as { [fc.toStringMethod](): string })[fc.toStringMethod]()}`);
  }
}

test(`fuzz: random and type-wrong values for every member of every served operation (seed ${SEED}, ${RUNS} runs)`, { timeout: 300_000 }, async (t) => {
  const calls = SERVICES.flatMap(callsOf);
  t.diagnostic(`seed ${SEED}, ${RUNS} runs over ${calls.length} operations; reproduce with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);
  const started = Date.now();
  // Shrinking re-sends each smaller body (three times when it holds the loop): bounded, so a
  // failure is reported in seconds. The error (operation, answer, server log) goes in the report.
  const call = fc.limitShrink(fc.oneof(...calls), 60);
  await fc.assert(fc.asyncProperty(call, SURVEY ? surveyed : send), { seed: SEED, numRuns: RUNS, includeErrorInReport: true });
  t.diagnostic(`${RUNS} runs in ${Date.now() - started} ms; answers: ${[...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}`);
  t.diagnostic(`read over budget at first, then within: ${retried.length ? retried.join('; ') : 'none'}`);
  if (SURVEY) assert.equal(survey.size, 0, `${survey.size} kinds of failure:\n\n${[...survey].sort().map(([k, m]) => `== ${k}\n${m}`).join('\n\n')}`);

  // The server is alive and still itself.
  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200, await health.text());
  const pools = await callApi(server.url, 'ListUserPools', { MaxResults: 60 }, { key: KEY_A, region: REGION });
  assert.equal(pools.status, 200, pools.text);
  const described = await callApi(server.url, 'DescribeUserPool', { UserPoolId: fixtures.resolve('pool') }, { key: KEY_A, region: REGION });
  assert.equal(described.status, 200, described.text);
});

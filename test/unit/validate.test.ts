// Length constraints count code points, as [...value].length does (src/protocol/validate.ts):
// codePoints() must agree with it for every kind of string, lone surrogates included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePoints } from '../../src/protocol/validate';
import type { ShapeTable } from '../../src/api/shapes';
import { MAX_ECHO, MAX_LISTED_VIOLATIONS, validateInput } from '../../src/protocol/validate';
import { decodeBody, MAX_JSON_DEPTH, MAX_JSON_VALUES, toWire } from '../../src/protocol/awsJson';
import { SERVICES } from '../../scripts/codegen';
import { operations as cognitoOperations, shapes as cognitoShapes } from '../../src/api/generated/cognitoIdp';
import { operations as logsOperations, shapes as logsShapes } from '../../src/api/generated/logs';

test('codePoints() counts as [...value].length does', () => {
  const samples = ['', 'a', 'us-east-1_abcdefghi', 'été', '東京', '🎉', 'a🎉b', '🎉🎉', '\ud800', '\udc00', '\udc00\ud800', 'x\ud83c', '\ud83c\ud83c\udf89', '\ud83c\udf89\udf89', 'a'.repeat(2048) + '🎉'];
  for (const v of samples) assert.equal(codePoints(v), [...v].length, JSON.stringify(v));
  for (let i = 0; i < 2000; i++) {
    let v = '';
    for (let j = 0; j < 8; j++) v += String.fromCharCode([0x61, 0xe9, 0xd83c, 0xdf89, 0xd800, 0xdfff][Math.floor(Math.random() * 6)]);
    assert.equal(codePoints(v), [...v].length, JSON.stringify(v));
  }
});

// The validator and the decoder on shape tables made for the test: what the served operations
// do not reach yet (unions, timestamps, longs, floats) must be as safe as what they do.

const table: ShapeTable = {
  Input: { type: 'structure', members: [['Choice', 'Choice', false], ['Int', 'Int', false], ['Long', 'Long', false], ['Float', 'Float', false], ['When', 'When', false], ['Tags', 'Tags', false], ['Names', 'Names', false]] },
  Choice: { type: 'union', members: [['A', 'Str', false], ['B', 'Int', false]] },
  Str: { type: 'string', length: { max: 3 }, pattern: '[a-z]+', regex: '^(?:[a-z]+)$' },
  Int: { type: 'integer' },
  Long: { type: 'long' },
  Float: { type: 'float' },
  When: { type: 'timestamp' },
  Tags: { type: 'map', key: 'Any', value: 'Any' },
  Any: { type: 'string' },
  Names: { type: 'list', member: 'Str' },
};

const refusedWith = (input: unknown, name: string, message: string | RegExp): void => {
  assert.throws(() => validateInput(table, 'Input', input), (e: Error & { wireName?: string }) => {
    assert.equal(e.wireName, name);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
};

test('a union holds exactly one known member', () => {
  assert.deepEqual(validateInput(table, 'Input', { Choice: { A: 'ab' } }), { Choice: { A: 'ab' } });
  const message = "The value at 'choice' must set exactly one of: A, B.";
  for (const choice of [{}, { A: 'ab', B: 1 }, { A: 'ab', C: 1 }, { C: 1 }, { A: null }]) refusedWith({ Choice: choice }, 'SerializationException', message);
});

test('numbers a Java int, long or float cannot hold, and dates past a Date\'s range, are SerializationException', () => {
  const range = (path: string, what: string): string => `The value at '${path}' cannot be read as ${what}: the number is out of its range.`;
  assert.deepEqual(validateInput(table, 'Input', { Int: -(2 ** 31), Long: 9223372036854775807, Float: 1e38 }), { Int: -(2 ** 31), Long: 2 ** 63, Float: 1e38 });
  refusedWith({ Int: 2 ** 31 }, 'SerializationException', range('int', 'a 32-bit integer'));
  refusedWith({ Int: -(2 ** 31) - 1 }, 'SerializationException', range('int', 'a 32-bit integer'));
  refusedWith({ Long: 2 ** 64 }, 'SerializationException', range('long', 'a 64-bit integer'));
  refusedWith({ Float: Infinity }, 'SerializationException', range('float', 'a number'));
  refusedWith({ Long: 1.5 }, 'SerializationException', "The value at 'long' cannot be read as a whole number: found a number.");
  assert.deepEqual(validateInput(table, 'Input', { When: 1548271795.471 }), { When: new Date(1548271795471) });
  refusedWith({ When: 1e300 }, 'SerializationException', range('when', 'a timestamp'));
  refusedWith({ When: '2019-01-23' }, 'SerializationException', "The value at 'when' cannot be read as a timestamp in epoch seconds: found a string.");
});

test('a value over its maximum length is not matched against its pattern; one under its minimum is', () => {
  refusedWith({ Names: ['abcd!'] }, 'InvalidParameterException',
    "1 validation error detected: Value '[abcd!]' at 'names' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 3]");
  refusedWith({ Names: ['ab!'] }, 'InvalidParameterException',
    "1 validation error detected: Value '[ab!]' at 'names' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: [a-z]+]");
});

test('map keys __proto__ and constructor stay entries, through validation and encoding', () => {
  const tags = JSON.parse('{"__proto__":"ab","constructor":"cd"}') as Record<string, string>;
  const valid = validateInput<{ Tags: Record<string, string> }>(table, 'Input', { Tags: tags });
  assert.deepEqual(Object.entries(valid.Tags), [['__proto__', 'ab'], ['constructor', 'cd']]);
  assert.equal(Object.getPrototypeOf(valid.Tags), Object.prototype);
  assert.equal(JSON.stringify(toWire(table, 'Input', valid)), '{"Tags":{"__proto__":"ab","constructor":"cd"}}');
});

test(`past ${MAX_LISTED_VIOLATIONS} violations, the count is exact and the rest are summed up`, () => {
  const wide: ShapeTable = { In: { type: 'structure', members: Array.from({ length: 250 }, (_, i) => [`M${i}`, 'S', true] as [string, string, boolean]) }, S: { type: 'string' } };
  assert.throws(() => validateInput(wide, 'In', {}), (e: Error) => {
    assert.match(e.message, /^250 validation errors detected: Value null at 'm0' failed to satisfy constraint: Member must not be null; .*; and 150 more$/);
    assert.equal(e.message.split('Member must not be null').length - 1, MAX_LISTED_VIOLATIONS);
    return true;
  });
});

test(`decodeBody: ${MAX_JSON_DEPTH} levels are read, one more is refused; brackets in strings do not count`, () => {
  const nested = (depth: number): Buffer => Buffer.from(`{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`);
  assert.deepEqual(Object.keys(decodeBody(nested(MAX_JSON_DEPTH))), ['a']);
  assert.throws(() => decodeBody(nested(MAX_JSON_DEPTH + 1)), { name: 'SerializationException' });
  assert.deepEqual(decodeBody(Buffer.from(`{"a":"\\\\\\"${'['.repeat(300)}"}`)), { a: `\\"${'['.repeat(300)}` });
  assert.throws(() => decodeBody(Buffer.from([0x7b, 0x22, 0xc3, 0x22, 0x3a, 0x31, 0x7d])), { name: 'SerializationException', message: 'The request body is not valid UTF-8.' });
});

test(`every served operation's input nests far less than ${MAX_JSON_DEPTH} levels`, () => {
  const depth = (shapes: ShapeTable, name: string, seen: string[]): number => {
    const s = shapes[name];
    if (seen.includes(name)) return Infinity; // a shape that contains itself: no bound
    const next = [...seen, name];
    if (s.type === 'structure' || s.type === 'union') return 1 + Math.max(0, ...s.members.map((m) => depth(shapes, m[1], next)));
    if (s.type === 'list') return 1 + depth(shapes, s.member, next);
    if (s.type === 'map') return 1 + depth(shapes, s.value, next);
    return 0;
  };
  assert.equal(SERVICES.length, 2);
  const deepest = Math.max(
    ...Object.values(cognitoOperations).map((o) => depth(cognitoShapes, o.input, [])),
    ...Object.values(logsOperations).map((o) => depth(logsShapes, o.input, [])),
  );
  assert.ok(deepest <= 6, `deepest input: ${deepest} levels`);
  assert.ok(deepest >= 4, `deepest input: ${deepest} levels: the walk missed the nesting`);
});

test(`decodeBody: ${MAX_JSON_VALUES} values are read, one more is refused; commas and brackets in strings do not count`, () => {
  // '{"a":[' opens two values; each item after the first adds a comma.
  const list = (items: number): Buffer => Buffer.from(`{"a":[${Array.from({ length: items }, () => '1').join(',')}]}`);
  assert.equal((decodeBody(list(MAX_JSON_VALUES - 1)).a as unknown[]).length, MAX_JSON_VALUES - 1);
  assert.throws(() => decodeBody(list(MAX_JSON_VALUES)), { name: 'SerializationException', message: /more than 5000 JSON values/ });
  const commasInStrings = Buffer.from(JSON.stringify({ a: ','.repeat(50_000), b: '[{'.repeat(20_000) }));
  assert.equal(String(decodeBody(commasInStrings).a).length, 50_000);
  // Small objects, the shape JSON.parse is slowest at, are refused before it runs.
  const objects = Buffer.from(`{"x":[${Array.from({ length: 20_000 }, () => '{}').join(',')}]}`);
  assert.throws(() => decodeBody(objects), { name: 'SerializationException' });
});

test(`a value over ${MAX_ECHO} characters is echoed cut, ending with '...', never split inside a surrogate pair`, () => {
  const shapes: ShapeTable = {
    In: { type: 'structure', members: [['Name', 'NameType', false]] },
    NameType: { type: 'string', length: { max: 10 } },
  } as unknown as ShapeTable;
  for (const value of ['x'.repeat(1_000_000), 'x'.repeat(MAX_ECHO - 1) + '\u{1F600}'.repeat(10)]) {
    const err = (() => { try { validateInput(shapes, 'In', { Name: value }); } catch (e) { return e as Error; } return undefined; })();
    assert.ok(err, 'refused');
    const echoed = /Value '([^]*)' at 'name'/.exec(err.message)?.[1] ?? '';
    assert.ok(echoed.endsWith('...'), echoed.slice(-10));
    assert.ok(echoed.length <= MAX_ECHO + 3, String(echoed.length));
    assert.equal(echoed.slice(0, -3), value.slice(0, echoed.length - 3));
    assert.ok(!/[\ud800-\udbff]$/.test(echoed.slice(0, -3)), 'ends on a whole character');
  }
  // A value within the cap is echoed whole, as Coral does.
  assert.throws(() => validateInput(shapes, 'In', { Name: 'y'.repeat(11) }), { message: new RegExp(`Value '${'y'.repeat(11)}' at 'name'`) });
});

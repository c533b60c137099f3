// Length constraints count code points, as [...value].length does (src/protocol/validate.ts):
// codePoints() must agree with it for every kind of string, lone surrogates included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePoints } from '../../src/protocol/validate';

test('codePoints() counts as [...value].length does', () => {
  const samples = ['', 'a', 'us-east-1_abcdefghi', 'été', '東京', '🎉', 'a🎉b', '🎉🎉', '\ud800', '\udc00', '\udc00\ud800', 'x\ud83c', '\ud83c\ud83c\udf89', '\ud83c\udf89\udf89', 'a'.repeat(2048) + '🎉'];
  for (const v of samples) assert.equal(codePoints(v), [...v].length, JSON.stringify(v));
  for (let i = 0; i < 2000; i++) {
    let v = '';
    for (let j = 0; j < 8; j++) v += String.fromCharCode([0x61, 0xe9, 0xd83c, 0xdf89, 0xd800, 0xdfff][Math.floor(Math.random() * 6)]);
    assert.equal(codePoints(v), [...v].length, JSON.stringify(v));
  }
});

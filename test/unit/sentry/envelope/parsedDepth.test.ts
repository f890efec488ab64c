import { strict as assert } from 'node:assert';
import { deeperThan, parseJsonObjectThenDepth } from '../../../../src/sentry/envelope/parsedDepth';

describe('parseJsonObjectThenDepth', () => {
  it('parses an object within the depth', () => {
    const r = parseJsonObjectThenDepth('{"a":[{"b":1}]}', 3, 'item');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { a: [{ b: 1 }] });
  });

  it('refuses deeper nesting, bad JSON and what is not an object, each with its reason', () => {
    assert.deepEqual(parseJsonObjectThenDepth('{"a":[{"b":1}]}', 2, 'item'), { ok: false, reason: 'item: JSON nested deeper than 2 levels' });
    const r = parseJsonObjectThenDepth('{"a":', 2, 'item');
    assert.ok(!r.ok && /^item: not valid JSON/.test(r.reason));
    assert.deepEqual(parseJsonObjectThenDepth('null', 2, 'item'), { ok: false, reason: 'item: must be a JSON object, not null' });
    assert.deepEqual(parseJsonObjectThenDepth('"x"', 2, 'item'), { ok: false, reason: 'item: must be a JSON object, not string' });
  });

  it('measures a nesting far deeper than the stack allows without recursion', () => {
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    assert.deepEqual(parseJsonObjectThenDepth(deep, 128, 'item'), { ok: false, reason: 'item: JSON nested deeper than 128 levels' });
    assert.equal(deeperThan({ a: [1, { b: [] }] }, 4), false);
    assert.equal(deeperThan({ a: [1, { b: [] }] }, 3), true);
  });
});

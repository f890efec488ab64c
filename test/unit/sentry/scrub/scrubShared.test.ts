import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createScrubber, defaultScrubber, FILTERED, type Scrubber } from '../../../../src/sentry/scrub/scrub';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES);

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? jsonFiles(p) : f.endsWith('.json') ? [p] : [];
  });
}

function shared(s: Scrubber): <T>(e: T) => T {
  assert.ok(s.shared, 'scrubbers made by createScrubber have a sharing variant');
  return s.shared;
}

describe('scrubbing: the sharing variant', () => {
  it('gives the same result as the copying scrubber on every fixture, and never changes its input', () => {
    const files = jsonFiles(fixtures);
    assert.ok(files.length > 10);
    let identical = 0;
    for (const f of files) {
      const input = JSON.parse(readFileSync(f, 'utf8')) as unknown;
      const before = JSON.stringify(input);
      const out = shared(defaultScrubber)(input);
      assert.equal(JSON.stringify(input), before, f);
      assert.deepEqual(out, defaultScrubber(input), f);
      assert.equal(JSON.stringify(out), JSON.stringify(defaultScrubber(input)), f);
      if (out === input) identical++;
    }
    assert.ok(identical > 0, 'some fixtures have nothing to filter');
  });

  it('returns its input itself when nothing is filtered', () => {
    const input = { message: 'user 17 not found', tags: [['env', 'prod']], exception: { values: [{ type: 'Error', stacktrace: { frames: [{ filename: 'a.js', lineno: 3, context_line: 'const x = y;' }] } }] } };
    assert.equal(shared(defaultScrubber)(input), input);
  });

  it('copies only the path to what it filters and shares the rest', () => {
    const input = { extra: { password: 'hunter2', keep: { a: 1 } }, contexts: { os: { name: 'Linux' } }, tags: [['token', 'abc'], ['env', 'prod']] };
    const out = shared(defaultScrubber)(input);
    assert.notEqual(out, input);
    assert.notEqual(out.extra, input.extra);
    assert.equal(out.extra.password, FILTERED);
    assert.equal(out.extra.keep, input.extra.keep);
    assert.equal(out.contexts, input.contexts);
    assert.deepEqual(out.tags, [['token', FILTERED], ['env', 'prod']]);
    assert.equal(out.tags[1], input.tags[1]);
    assert.equal(input.extra.password, 'hunter2');
    assert.equal(input.tags[0]![1], 'abc');
  });

  it('keeps the safety rules: cycles, depth, __proto__ keys, Dates, functions, extra patterns', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    assert.deepEqual(shared(defaultScrubber)({ extra: a }), defaultScrubber({ extra: a }));
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    assert.deepEqual(shared(defaultScrubber)(deep), defaultScrubber(deep));
    const proto = JSON.parse('{"extra":{"__proto__":{"polluted":true,"password":"x"}}}') as { extra: Record<string, unknown> };
    const out = shared(defaultScrubber)(proto);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(JSON.stringify(out), '{"extra":{"__proto__":{"polluted":true,"password":"[Filtered]"}}}');
    const odd = { extra: { at: new Date(0), fn: () => 1, big: 10n, u: undefined } };
    assert.deepEqual(shared(defaultScrubber)(odd), defaultScrubber(odd));
    const custom = createScrubber({ extraPatterns: ['TENANT-\\d+'] });
    assert.ok(custom.ok);
    const t = { message: 'for TENANT-42 only' };
    assert.deepEqual(shared(custom.value)(t), { message: `for ${FILTERED} only` });
    assert.equal(shared(custom.value)({ message: 'no tenant' }).message, 'no tenant');
  });

  it('filters name=value text exactly when a sensitive name ends before a separator (also from the string cache)', () => {
    const cases: Array<[string, string]> = [
      ['a=1 password=hunter2', `a=1 password=${FILTERED}`],
      ['dsn : http://x', `dsn : ${FILTERED}`],
      ['token\u00a0=abc', `token\u00a0=${FILTERED}`],
      ['import { x } from "node:fs"', 'import { x } from "node:fs"'],
      ['at 12:30:01 the mypassword', 'at 12:30:01 the mypassword'],
      ['a=password=x', `a=password=${FILTERED}`],
      ['ab=password=x', 'ab=password=x'],
      ['-password=x', '-password=x'],
    ];
    for (const [input, expected] of cases) {
      // twice: the second answer comes from the string cache
      for (let i = 0; i < 2; i++) {
        assert.equal(defaultScrubber({ extra: { v: input } }).extra.v, expected, input);
        assert.equal(shared(defaultScrubber)({ extra: { v: input } }).extra.v, expected, input);
      }
    }
  });
});

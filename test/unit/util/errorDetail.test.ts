import { strict as assert } from 'node:assert';
import { errorDetail } from '../../../src/util/errorDetail';

describe('errorDetail', () => {
  it('names the error, its code and every cause, then where the deepest one started', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const outer = new TypeError('fetch failed', { cause: root });
    const text = errorDetail(outer);
    const [first, ...frames] = text.split('\n');
    assert.equal(first, 'TypeError: fetch failed <- caused by: Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:9');
    assert.ok(frames.length > 0 && frames.every((l) => l.trim().startsWith('at ')), text);
    assert.match(frames[0]!, /errorDetail\.test\.ts/);
  });

  it('says what was thrown when it is not an Error', () => {
    assert.equal(errorDetail('boom'), 'thrown string: boom');
    assert.equal(errorDetail({ status: 500 }), 'thrown object: {"status":500}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(errorDetail(cyclic), 'thrown object: [object Object]');
  });

  it('lists the errors inside an AggregateError', () => {
    const text = errorDetail(new AggregateError([new Error('a'), new RangeError('b')], '2 failed'));
    assert.match(text, /^AggregateError: 2 failed \(Error: a; RangeError: b\)/);
  });

  it('keeps DSN keys, sentry_key values and bearer tokens out of the text', () => {
    const e = new Error('GET https://abc123def456@o1.ingest.sentry.io/api/1/envelope/?sentry_key=abc123def456 failed; Authorization: Bearer sntrys_0123456789abcdef');
    const text = errorDetail(e);
    assert.ok(!text.includes('abc123def456'), text);
    assert.ok(!text.includes('sntrys_0123456789abcdef'), text);
    assert.match(text, /https:\/\/\[Filtered\]@o1\.ingest\.sentry\.io/);
    assert.match(text, /sentry_key=\[Filtered\]/);
    assert.match(text, /Bearer \[Filtered\]/);
  });

  it('stops after a few causes (a cause chain can loop)', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const first = errorDetail(b).split('\n')[0]!;
    assert.equal(first.split(' <- caused by: ').length, 5);
  });
});

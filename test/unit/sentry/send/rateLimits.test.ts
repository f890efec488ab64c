import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RateLimiter, updateRateLimits, isRateLimited, disabledUntil, parseRetryAfter } from '../../../../src/sentry/send/rateLimits';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = path.join(SHARED_FIXTURES);

interface Vector {
  request_response: { statusCode: number; headers: { 'x-sentry-rate-limits'?: string; 'retry-after'?: string } };
  now_ms: number;
  js_sdk_updateRateLimits_result_ms_epoch: Record<string, number>;
}

describe('rate limits', () => {
  const vectors = (JSON.parse(readFileSync(path.join(fixtures, 'rate-limits/rate-limits.test-vectors.json'), 'utf8')) as { cases: Vector[] }).cases;

  it('has the shared test vectors', () => assert.ok(vectors.length >= 8));

  vectors.forEach((v, i) => {
    it(`vector ${i}: ${v.request_response.statusCode} ${JSON.stringify(v.request_response.headers)}`, () => {
      assert.deepEqual(updateRateLimits({}, v.request_response, v.now_ms), v.js_sdk_updateRateLimits_result_ms_epoch);
    });
  });

  it('keeps the longest limit per category, as the spec says (the JS SDK would overwrite)', () => {
    const now = 1_000_000;
    const one = updateRateLimits({}, { statusCode: 429, headers: { 'x-sentry-rate-limits': '2700:error:organization, 60:error:key' } }, now);
    assert.equal(one.error, now + 2_700_000);
    const two = updateRateLimits(one, { statusCode: 429, headers: { 'x-sentry-rate-limits': '10:error:key' } }, now + 1000);
    assert.equal(two.error, now + 2_700_000);
  });

  it('prefers X-Sentry-Rate-Limits over Retry-After, ignores unreadable entries and non-custom metric namespaces', () => {
    const l = updateRateLimits({}, { statusCode: 429, headers: { 'x-sentry-rate-limits': 'abc:error:key, 30:metric_bucket:org:reason:spans, 20:transaction', 'retry-after': '999' } }, 0);
    assert.deepEqual(l, { transaction: 20_000 });
  });

  it('parses Retry-After as seconds, dates, or 60 s', () => {
    assert.equal(parseRetryAfter('1.5', 0), 1500);
    assert.equal(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0), 60_000);
    assert.equal(parseRetryAfter('soon', 0), 60_000);
    assert.equal(parseRetryAfter(undefined, 0), 60_000);
  });

  it('answers per category, "all" covering every one', () => {
    const l = { all: 500, transaction: 2000 };
    assert.equal(disabledUntil(l, 'error'), 500);
    assert.equal(disabledUntil(l, 'transaction'), 2000);
    assert.equal(isRateLimited(l, 'error', 499), true);
    assert.equal(isRateLimited(l, 'error', 500), false);
  });

  it('RateLimiter remembers limits until they pass', () => {
    let t = 10_000;
    const r = new RateLimiter(() => t);
    assert.equal(r.check('error'), undefined);
    r.update({ statusCode: 429, headers: { 'x-sentry-rate-limits': '60:error;default:project' } });
    assert.deepEqual(r.check('error'), { retryAfterMs: 60_000, categories: ['error'] });
    assert.equal(r.check('transaction'), undefined);
    t += 59_000;
    assert.deepEqual(r.check('error'), { retryAfterMs: 1000, categories: ['error'] });
    t += 1000;
    assert.equal(r.check('error'), undefined);
    r.update({ statusCode: 429, headers: { 'retry-after': '5' } });
    assert.deepEqual(r.check('error'), { retryAfterMs: 5000, categories: ['all'] });
    assert.deepEqual(Object.keys(r.snapshot()), ['all']);
  });
});

import { strict as assert } from 'node:assert';
import { backoffDelay } from '../../../src/api/backoff';

describe('api/backoff', () => {
  const opts = { baseMs: 1000, maxMs: 60_000 };

  it('doubles per attempt without jitter', () => {
    const r = () => 0;
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, { ...opts, random: r })), [1000, 2000, 4000, 8000]);
  });

  it('is capped at maxMs plus the jitter fraction', () => {
    assert.equal(backoffDelay(30, { ...opts, random: () => 0 }), 60_000);
    assert.equal(backoffDelay(30, { ...opts, random: () => 1 }), 90_000);
  });

  it('adds jitter above the exponential delay, never below the base', () => {
    for (const r of [0, 0.25, 0.5, 0.99]) {
      const d = backoffDelay(3, { ...opts, random: () => r });
      assert.ok(d >= 4000 && d <= 6000, `${d}`);
    }
    assert.equal(backoffDelay(1, { ...opts, random: () => 0.5 }), 1250);
  });

  it('treats attempt 0 or less like the first attempt and clamps odd random values', () => {
    assert.equal(backoffDelay(0, { ...opts, random: () => 0 }), 1000);
    assert.equal(backoffDelay(1, { ...opts, random: () => 7 }), 1500);
  });
});

import { strict as assert } from 'node:assert';
import { LogBuffer } from '../../../../src/capture/logs/logBuffer';
import type { StoredLog } from '../../../../src/capture/recordKinds';

const line = (n: number): StoredLog => ({ timestamp: n, level: n % 2 ? 'info' : 'error', body: `line ${n}`, traceId: null, spanId: null, attributes: {}, receivedAt: n });

describe('LogBuffer', () => {
  it('lists newest first, filtered, up to a limit', () => {
    const b = new LogBuffer(10);
    b.apply([1, 2, 3, 4, 5].map(line));
    assert.deepEqual(
      b.newestFirst(2).map((l) => l.timestamp),
      [5, 4],
    );
    assert.deepEqual(
      b.newestFirst(10, (l) => l.level === 'error').map((l) => l.timestamp),
      [4, 2],
    );
  });

  it('is bounded, the oldest line going first, across many wraps', () => {
    const b = new LogBuffer(3);
    assert.equal(b.apply([1, 2].map(line)), 0);
    assert.equal(b.apply([3, 4, 5, 6, 7].map(line)), 4);
    assert.equal(b.size, 3);
    assert.deepEqual(
      b.newestFirst(10).map((l) => l.timestamp),
      [7, 6, 5],
    );
  });

  it('keeps the newest lines when the bound changes, and grows again after', () => {
    const b = new LogBuffer(4);
    b.apply([1, 2, 3, 4, 5, 6].map(line));
    assert.equal(b.setBound(2), 2);
    assert.deepEqual(
      b.newestFirst(10).map((l) => l.timestamp),
      [6, 5],
    );
    b.setBound(5);
    b.apply([7, 8, 9, 10].map(line));
    assert.deepEqual(
      b.newestFirst(10).map((l) => l.timestamp),
      [10, 9, 8, 7, 6],
    );
    b.clear();
    assert.equal(b.size, 0);
  });
});

import { strict as assert } from 'node:assert';
import { buildWaterfall } from '../../../../../src/capture/kinds/traces/waterfall';
import { hex, span } from './spanFactory';

const T = hex(7, 32);

describe('buildWaterfall', () => {
  it('places each span after its parent, siblings by start, with depth, offset and width on the trace axis', () => {
    const w = buildWaterfall([
      span(T, 'c', 'a', 10.5, 10.6),
      span(T, 'b', 'a', 10.1, 10.3),
      span(T, 'a', null, 10, 11),
      span(T, 'd', 'b', 10.15, 10.2),
    ]);
    assert.deepEqual(
      w.rows.map((r) => [r.span.spanId, r.depth, Math.round(r.offsetMs), Math.round(r.widthMs), r.orphan]),
      [
        ['a', 0, 0, 1000, false],
        ['b', 1, 100, 200, false],
        ['d', 2, 150, 50, false],
        ['c', 1, 500, 100, false],
      ],
    );
    assert.equal(w.totalMs, 1000);
    assert.equal(w.maxDepth, 2);
  });

  it('keeps spans whose parent never arrived, at the top level and marked, after the roots', () => {
    const w = buildWaterfall([span(T, 'x', 'missing', 1, 2), span(T, 'y', 'x', 1.1, 1.2), span(T, 'r', null, 1.5, 3)]);
    assert.deepEqual(
      w.rows.map((r) => [r.span.spanId, r.depth, r.orphan]),
      [
        ['r', 0, false],
        ['x', 0, true],
        ['y', 1, false],
      ],
    );
  });

  it('survives a parent cycle and a 10,000-deep chain', () => {
    const cyc = buildWaterfall([span(T, 'a', 'b', 1, 2), span(T, 'b', 'a', 1, 2)]);
    assert.equal(cyc.rows.length, 2);
    const chain = Array.from({ length: 10_000 }, (_, i) => span(T, hex(i + 1, 16), i ? hex(i, 16) : null, i, 20_000 - i));
    const w = buildWaterfall(chain);
    assert.equal(w.rows.length, 10_000);
    assert.equal(w.maxDepth, 9_999);
  });

  it('is empty for no spans', () => {
    assert.deepEqual(buildWaterfall([]), { startTimestamp: 0, totalMs: 0, rows: [], maxDepth: 0 });
  });
});

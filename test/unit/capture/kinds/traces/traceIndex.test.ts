import { strict as assert } from 'node:assert';
import { TraceIndex } from '../../../../../src/capture/kinds/traces/traceIndex';
import { rootSpanOf, summarizeTrace } from '../../../../../src/capture/kinds/traces/traceSummary';
import { hex, span } from './spanFactory';

const T1 = hex(1, 32);
const T2 = hex(2, 32);
const T3 = hex(3, 32);

describe('TraceIndex', () => {
  it('groups spans by trace id and keeps a span sent twice once', () => {
    const ix = new TraceIndex(10);
    ix.apply([span(T1, hex(1, 16), null, 10, 11), span(T2, hex(2, 16), null, 20, 21), span(T1, hex(3, 16), hex(1, 16), 10.2, 10.5)]);
    ix.apply([span(T1, hex(3, 16), hex(1, 16), 10.2, 10.6)]);
    assert.equal(ix.size, 2);
    assert.equal(ix.spanCount, 3);
    assert.equal(ix.get(T1)!.spans.size, 2);
    assert.equal(ix.get(T1)!.spans.get(hex(3, 16))!.timestamp, 10.6);
  });

  it('is bounded by traces, the trace first seen going first, even when it got spans later', () => {
    const ix = new TraceIndex(2);
    ix.apply([span(T1, hex(1, 16), null, 1, 2, { receivedAt: 1 })]);
    ix.apply([span(T2, hex(2, 16), null, 1, 2, { receivedAt: 2 })]);
    ix.apply([span(T1, hex(4, 16), hex(1, 16), 1, 2, { receivedAt: 3 })]);
    const c = ix.apply([span(T3, hex(3, 16), null, 1, 2, { receivedAt: 4 })]);
    assert.deepEqual(c.evicted, [T1]);
    assert.deepEqual(c.touched, [T3]);
    assert.equal(ix.spanCount, 2);
    assert.deepEqual(ix.setBound(1), [T2]);
    assert.ok(ix.has(T3));
  });
});

describe('trace summary', () => {
  it('names the trace after its root, counts every span (the root too), spans from the first start to the last end', () => {
    const ix = new TraceIndex(10);
    ix.apply([
      span(T1, hex(2, 16), hex(1, 16), 100.5, 100.7),
      span(T1, hex(1, 16), null, 100, 101, { name: 'checkout', op: 'http.server', isSegment: true }),
      span(T1, hex(3, 16), hex(2, 16), 100.9, 101.25),
    ]);
    assert.deepEqual(summarizeTrace(ix.get(T1)!, 2), {
      traceId: T1,
      rootName: 'checkout',
      rootOp: 'http.server',
      startTimestamp: 100,
      durationMs: 1250,
      spanCount: 3,
      errorCount: 2,
    });
  });

  it('takes the earliest orphan as the root when the root never arrived', () => {
    const ix = new TraceIndex(10);
    ix.apply([span(T1, hex(2, 16), hex(9, 16), 5, 6, { name: 'late' }), span(T1, hex(3, 16), hex(8, 16), 4, 6, { name: 'early' }), span(T1, hex(4, 16), hex(3, 16), 4.5, 5)]);
    assert.equal(rootSpanOf(ix.get(T1)!.spans)!.name, 'early');
  });
});

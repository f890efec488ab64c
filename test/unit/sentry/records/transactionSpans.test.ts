import { strict as assert } from 'node:assert';
import { transactionSpans } from '../../../../src/sentry/records/transactionSpans';

// As python-sentry-sdk 1.9.10 sends `start_transaction("nightly-report")` with one child (RFC 3339 times).
const tx = {
  type: 'transaction',
  transaction: 'nightly-report',
  contexts: { trace: { trace_id: '2f9f44553de841498ad2169923a4d992', span_id: '905336dd1310d354', parent_span_id: null, op: 'task', description: null } },
  tags: { region: 'eu' },
  timestamp: '2026-11-29T13:47:17.270712Z',
  start_timestamp: '2026-11-29T13:47:17.096662Z',
  spans: [
    { trace_id: '2f9f44553de841498ad2169923a4d992', span_id: 'b3bf7ac29c72d766', parent_span_id: '905336dd1310d354', op: 'db', description: 'select *', start_timestamp: '2026-11-29T13:47:17.096751Z', timestamp: '2026-11-29T13:47:17.106863Z' },
  ],
  event_id: 'ed6b9a7f41c241b6bf86f5d0801e62aa',
};

describe('transactionSpans', () => {
  it('makes the root span from contexts.trace (named after the transaction) and keeps its children', () => {
    const d = transactionSpans(tx, 'ed6b9a7f41c241b6bf86f5d0801e62aa');
    assert.deepEqual(d.dropped, []);
    assert.equal(d.records.length, 2);
    const [root, child] = d.records;
    assert.equal(root!.name, 'nightly-report');
    assert.equal(root!.op, 'task');
    assert.equal(root!.parentSpanId, null);
    assert.equal(root!.isSegment, true);
    assert.equal(root!.transactionId, 'ed6b9a7f41c241b6bf86f5d0801e62aa');
    assert.equal(root!.attributes.region, 'eu');
    assert.equal(root!.startTimestamp, Date.parse('2026-11-29T13:47:17.096662Z') / 1000);
    assert.equal(child!.name, 'select *');
    assert.equal(child!.op, 'db');
    assert.equal(child!.parentSpanId, '905336dd1310d354');
    assert.equal(child!.transactionId, 'ed6b9a7f41c241b6bf86f5d0801e62aa');
  });

  it('drops a bad child alone; a child without a trace id takes the transaction’s', () => {
    const d = transactionSpans({ ...tx, spans: [{ span_id: 'zz', start_timestamp: 1, timestamp: 2 }, { span_id: 'b3bf7ac29c72d767', start_timestamp: 1, timestamp: 2, op: 'x' }] }, undefined);
    assert.equal(d.records.length, 2);
    assert.equal(d.records[1]!.traceId, '2f9f44553de841498ad2169923a4d992');
    assert.equal(d.dropped.length, 1);
    assert.match(d.dropped[0]!, /transaction nightly-report, span 0: span_id/);
  });

  it('drops a transaction without a trace context, saying so', () => {
    assert.match(transactionSpans({ ...tx, contexts: {} }, undefined).dropped[0]!, /transaction: contexts.trace/);
    assert.match(transactionSpans({ ...tx, contexts: { trace: { trace_id: 'x', span_id: 'y' } } }, undefined).dropped[0]!, /32-hex trace_id/);
  });
});

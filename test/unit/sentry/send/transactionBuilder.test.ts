import { strict as assert } from 'node:assert';
import { buildTransaction, isTransactionPayload, type TransactionInput } from '../../../../src/sentry/send/transactionBuilder';
import { transactionSpans } from '../../../../src/sentry/records/transactionSpans';

const END = Date.parse('2026-01-02T03:04:05.000Z');
let nextSpan = 0;
const ctx = {
  sdkName: 'sentry-lens',
  sdkVersion: '0.1.0',
  now: () => new Date(END),
  randomId: () => '123e4567-E89B-12d3-a456-426614174000',
  randomSpanId: () => (++nextSpan).toString(16).padStart(16, 'a'),
};

const input: TransactionInput = {
  name: 'GET /items',
  op: 'http.server',
  durationMs: 1000,
  spans: [
    { op: 'db', description: 'SELECT 1', startMs: 10, durationMs: 100 },
    { op: 'function', description: 'render', startMs: 200, durationMs: 700, status: 'internal_error' },
    { op: 'template', description: 'partial', startMs: 250, durationMs: 600, parent: 1, data: { rows: 3 } },
  ],
  environment: 'staging',
  tags: { region: 'eu' },
};

describe('buildTransaction', () => {
  beforeEach(() => (nextSpan = 0));

  it('builds a transaction event: root span in contexts.trace, children in spans with parent ids and times', () => {
    const t = buildTransaction(input, ctx);
    assert.equal(t.type, 'transaction');
    assert.equal(t.event_id, '123e4567e89b12d3a456426614174000');
    assert.equal(t.transaction, 'GET /items');
    assert.equal(t.timestamp, END / 1000);
    assert.equal(t.start_timestamp, (END - 1000) / 1000);
    assert.equal(t.environment, 'staging');
    assert.deepEqual(t.tags, { region: 'eu' });
    assert.equal(t.platform, 'other');
    const trace = t.contexts.trace;
    assert.match(trace.trace_id, /^[0-9a-f]{32}$/);
    assert.notEqual(trace.trace_id, t.event_id, 'the trace id is not the event id');
    assert.equal(trace.op, 'http.server');
    assert.equal(t.spans.length, 3);
    for (const s of t.spans) assert.equal(s.trace_id, trace.trace_id);
    assert.equal(t.spans[0]!.parent_span_id, trace.span_id);
    assert.equal(t.spans[1]!.parent_span_id, trace.span_id);
    assert.equal(t.spans[2]!.parent_span_id, t.spans[1]!.span_id, 'a nested span names its parent span');
    assert.equal(t.spans[2]!.start_timestamp, (END - 1000 + 250) / 1000);
    assert.equal(t.spans[2]!.timestamp, (END - 1000 + 850) / 1000);
    assert.deepEqual(t.spans[2]!.data, { rows: 3 });
    assert.equal(t.spans[1]!.status, 'internal_error');
    assert.equal(t.spans[0]!.status, 'ok');
    assert.equal('data' in t.spans[0]!, false);
    assert.equal(new Set([trace.span_id, ...t.spans.map((s) => s.span_id)]).size, 4, 'span ids are distinct');
  });

  it('is read back by the listener as the same span tree', () => {
    const t = buildTransaction(input, ctx);
    const d = transactionSpans(t as unknown as Record<string, unknown>, t.event_id);
    assert.deepEqual(d.dropped, []);
    assert.equal(d.records.length, 4);
    const root = d.records[0]!;
    assert.equal(root.name, 'GET /items');
    assert.equal(root.parentSpanId, null);
    const byName = new Map(d.records.map((r) => [r.name, r]));
    assert.equal(byName.get('partial')!.parentSpanId, byName.get('render')!.spanId);
    assert.equal(byName.get('SELECT 1')!.parentSpanId, root.spanId);
  });

  it('random ids by default: 16-hex span ids, a new trace each time', () => {
    const a = buildTransaction(input, { sdkName: 'a', sdkVersion: '1' });
    const b = buildTransaction(input, { sdkName: 'a', sdkVersion: '1' });
    assert.match(a.contexts.trace.span_id, /^[0-9a-f]{16}$/);
    for (const s of a.spans) assert.match(s.span_id, /^[0-9a-f]{16}$/);
    assert.notEqual(a.contexts.trace.trace_id, b.contexts.trace.trace_id);
    assert.notEqual(a.event_id, b.event_id);
  });

  it('refuses a parent that is not an earlier span, and a span that runs past the end', () => {
    assert.throws(() => buildTransaction({ ...input, spans: [{ op: 'a', description: 'a', startMs: 0, durationMs: 1, parent: 0 }] }, ctx), /span 0 \(a\) names parent 0, which is not an earlier span/);
    assert.throws(() => buildTransaction({ ...input, spans: [{ op: 'a', description: 'a', startMs: 900, durationMs: 200 }] }, ctx), /does not fit in the transaction's 1000 ms/);
  });

  it('tells a transaction payload from an event', () => {
    assert.equal(isTransactionPayload(buildTransaction(input, ctx)), true);
    assert.equal(isTransactionPayload({ message: 'x' }), false);
    assert.equal(isTransactionPayload({ type: 'error' }), false);
  });
});

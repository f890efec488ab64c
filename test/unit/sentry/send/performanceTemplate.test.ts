import { strict as assert } from 'node:assert';
import type { EventInput } from '../../../../src/sentry/send/eventBuilder';
import { buildTemplatePayload, templateById, templates } from '../../../../src/sentry/send/templates';
import { PERFORMANCE_TRANSACTION_NAME, SLOW_SPAN, performanceTemplate, performanceTransaction } from '../../../../src/sentry/send/performanceTemplate';
import { defaultScrubber } from '../../../../src/sentry/scrub/scrub';
import type { SentryTransactionPayload } from '../../../../src/sentry/send/transactionBuilder';
import { transactionSpans } from '../../../../src/sentry/records/transactionSpans';

const ctx = { sdkName: 'sentry-lens', sdkVersion: '0.1.0' };

function sendPerformance(input: EventInput): SentryTransactionPayload {
  return buildTemplatePayload(performanceTemplate, input, ctx) as SentryTransactionPayload;
}

describe('the performance template', () => {
  it('is offered last, asks no level, and pre-fills the transaction name', () => {
    assert.equal(templates.at(-1), performanceTemplate);
    assert.equal(performanceTemplate.hasLevel, false);
    assert.match(performanceTemplate.messagePrompt!, /transaction name/);
    assert.deepEqual(performanceTemplate.build(), { message: PERFORMANCE_TRANSACTION_NAME });
  });

  it('sends a transaction with child spans, one of them a slow DB query nested under a function span', () => {
    const t = sendPerformance({ message: 'GET /checkout', environment: 'production', platform: 'node', release: 'shop@1.0.0', tags: { team: 'web' }, extra: { cart: 3 } });
    assert.equal(t.type, 'transaction');
    assert.equal(t.transaction, 'GET /checkout');
    assert.equal(t.contexts.trace.op, 'http.server');
    assert.equal(t.environment, 'production');
    assert.equal(t.platform, 'node');
    assert.equal(t.release, 'shop@1.0.0');
    assert.deepEqual(t.tags, { team: 'web' });
    assert.deepEqual(t.extra, { cart: 3 });
    assert.ok(t.spans.length >= 4);
    const durationMs = (s: { start_timestamp: number; timestamp: number }) => Math.round((s.timestamp - s.start_timestamp) * 1000);
    const slow = t.spans.filter((s) => durationMs(s) >= 1000 && s.op.startsWith('db'));
    assert.equal(slow.length, 1, 'exactly one slow DB span');
    assert.equal(slow[0]!.description, SLOW_SPAN.description);
    assert.equal(durationMs(slow[0]!), SLOW_SPAN.durationMs);
    const parent = t.spans.find((s) => s.span_id === slow[0]!.parent_span_id);
    assert.ok(parent, 'the slow span is nested under another span, not the root');
    assert.equal(parent.parent_span_id, t.contexts.trace.span_id);
    const others = t.spans.filter((s) => s !== slow[0] && s !== parent);
    for (const s of others) assert.ok(durationMs(s) < SLOW_SPAN.durationMs / 4, `${s.description} is fast`);
    for (const s of t.spans) {
      assert.ok(s.start_timestamp >= t.start_timestamp && s.timestamp <= t.timestamp, `${s.description} lies within the transaction`);
    }
  });

  it('takes the name from the message, and falls back to the default for an empty one', () => {
    assert.equal(performanceTransaction({ message: '  POST /pay ' }).name, 'POST /pay');
    assert.equal(performanceTransaction({ message: '' }).name, PERFORMANCE_TRANSACTION_NAME);
  });

  it('is scrubbed like an event: secrets in tags and extra go, span and trace ids stay', () => {
    const t = sendPerformance({ message: 'GET /checkout', tags: { api_key: 'k1' }, extra: { password: 'hunter2', note: 'card 4111 1111 1111 1111' } });
    const s = defaultScrubber(structuredClone(t));
    assert.equal(s.tags!.api_key, '[Filtered]');
    assert.equal(s.extra!.password, '[Filtered]');
    assert.ok(!JSON.stringify(s).includes('4111 1111'));
    assert.deepEqual(s.spans, t.spans);
    assert.deepEqual(s.contexts.trace, t.contexts.trace);
    const d = transactionSpans(s as unknown as Record<string, unknown>, s.event_id);
    assert.deepEqual(d.dropped, []);
    assert.equal(d.records.length, t.spans.length + 1);
  });
});

describe('templateById', () => {
  it('finds each template by id, in any case', () => {
    for (const t of templates) assert.equal(templateById(t.id.toUpperCase()).ok && templateById(t.id).ok, true);
    const r = templateById(' Performance ');
    assert.equal(r.ok && r.value, performanceTemplate);
  });

  it('names the known templates for an unknown one', () => {
    const r = templateById('perf');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'unknown template "perf": use one of exception, validation, context, message, performance');
  });
});

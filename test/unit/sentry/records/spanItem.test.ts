import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope } from '../../../../src/sentry/envelope/envelopeParser';
import { SPAN_V2_CONTENT_TYPE, decodeSpanItem } from '../../../../src/sentry/records/spanItem';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES, 'envelopes/spotlight');
const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const TRACE = '6cf173d587eb48568a9b2e12dcfbea52';

// The span v2 payload of develop.sentry.dev "Span Protocol", as @sentry/node 11 sends it.
const v2 = {
  version: 2,
  items: [
    {
      trace_id: TRACE,
      span_id: '438f40bd3b4a41ee',
      name: 'GET /users',
      status: 'ok',
      is_segment: true,
      start_timestamp: 1742921669.158209,
      end_timestamp: 1742921669.180536,
      attributes: { 'sentry.op': { value: 'http.server', type: 'string' }, 'http.response.status_code': { value: 200, type: 'integer' } },
    },
    {
      trace_id: TRACE,
      parent_span_id: '438f40bd3b4a41ee',
      span_id: 'f9d5e8c4a2b1c3d4',
      name: 'app.handle',
      status: 'error',
      is_segment: false,
      start_timestamp: 1742921669.178306,
      end_timestamp: 1742921669.180484,
      attributes: { 'code.filepath': { value: '/app/users.js', type: 'string' }, 'code.lineno': { value: 12, type: 'integer' } },
    },
  ],
};

describe('decodeSpanItem', () => {
  it('reads a span v2 container: ids, parent, op from sentry.op, times, status, attributes as plain values', () => {
    const d = decodeSpanItem(bytes(v2), SPAN_V2_CONTENT_TYPE, 128);
    assert.deepEqual(d.dropped, []);
    assert.equal(d.records.length, 2);
    const [root, child] = d.records;
    assert.deepEqual(
      { ...root, attributes: { ...root!.attributes } },
      {
        traceId: TRACE,
        spanId: '438f40bd3b4a41ee',
        parentSpanId: null,
        op: 'http.server',
        name: 'GET /users',
        startTimestamp: 1742921669.158209,
        timestamp: 1742921669.180536,
        status: 'ok',
        isSegment: true,
        attributes: { 'sentry.op': 'http.server', 'http.response.status_code': 200 },
      },
    );
    assert.equal(child!.parentSpanId, '438f40bd3b4a41ee');
    assert.equal(child!.status, 'error');
    assert.equal(child!.op, '');
    assert.equal(child!.attributes['code.lineno'], 12);
  });

  it('drops a malformed span alone, saying which and why', () => {
    const bad = { version: 2, items: [{ ...v2.items[0], span_id: 'nothex' }, v2.items[1], { trace_id: TRACE, span_id: '438f40bd3b4a41ef' }] };
    const d = decodeSpanItem(bytes(bad), SPAN_V2_CONTENT_TYPE, 128);
    assert.deepEqual(
      d.records.map((r) => r.spanId),
      ['f9d5e8c4a2b1c3d4'],
    );
    assert.equal(d.dropped.length, 2);
    assert.match(d.dropped[0]!, /span 0: span_id: must be 16 hexadecimal digits/);
    assert.match(d.dropped[1]!, /span 2: .*start_timestamp/);
  });

  it('drops a whole item that is not JSON or has no items array, with the reason', () => {
    assert.match(decodeSpanItem(bytes('{nope'), SPAN_V2_CONTENT_TYPE, 128).dropped[0]!, /span item: not valid JSON/);
    assert.match(decodeSpanItem(bytes({ items: 'x' }), SPAN_V2_CONTENT_TYPE, 128).dropped[0]!, /span item: items: /);
    assert.match(decodeSpanItem(bytes(`{"items":[${'['.repeat(200)}${']'.repeat(200)}]}`), SPAN_V2_CONTENT_TYPE, 128).dropped[0]!, /nested deeper than 128/);
  });

  it('reads the legacy standalone span item Spotlight recorded (v1 fields: description, op, timestamp)', () => {
    const env = parseEnvelope(readFileSync(join(fixtures, 'envelope_with_only_span.txt')));
    assert.ok(env.ok);
    assert.equal(env.value.recordItems.length, 1);
    const item = env.value.recordItems[0]!;
    const d = decodeSpanItem(item.payload, item.contentType, 128);
    assert.deepEqual(d.dropped, []);
    assert.equal(d.records.length, 1);
    const s = d.records[0]!;
    assert.equal(s.traceId, 'b99011b43059c992d5dab0b8281f519b');
    assert.equal(s.spanId, 'ae2cb2899baf38a4');
    assert.equal(s.parentSpanId, '8044e7503e635f42');
    assert.equal(s.op, 'ui.interaction.click');
    assert.equal(s.name, 'body > div#sentry-spotlight-root');
    assert.ok(Math.abs(s.timestamp - s.startTimestamp - 5.576) < 1e-6);
    assert.equal(s.isSegment, true);
    assert.equal(s.attributes['sentry.op'], 'ui.interaction.click');
  });
});

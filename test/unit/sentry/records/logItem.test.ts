import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope } from '../../../../src/sentry/envelope/envelopeParser';
import { decodeLogItem } from '../../../../src/sentry/records/logItem';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES, 'envelopes/spotlight');
const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

describe('decodeLogItem', () => {
  it('reads the log container Spotlight recorded from @sentry/nextjs: levels, bodies, trace, attributes as plain values', () => {
    const env = parseEnvelope(readFileSync(join(fixtures, 'log_envelope.txt')));
    assert.ok(env.ok);
    const item = env.value.recordItems.find((i) => i.type === 'log');
    assert.ok(item);
    assert.equal(item.contentType, 'application/vnd.sentry.items.log+json');
    const d = decodeLogItem(item.payload, 128);
    assert.deepEqual(d.dropped, []);
    assert.equal(d.records.length, 7);
    assert.deepEqual(
      d.records.map((l) => l.level),
      ['error', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'],
    );
    const cache = d.records.find((l) => l.body === 'Cache miss for user');
    assert.ok(cache);
    assert.equal(cache.level, 'debug');
    assert.equal(cache.traceId, '7785a46fea044fee82f899fc602ba9e8');
    assert.equal(cache.attributes.userId, 123);
    assert.equal(cache.severityNumber, 5);
    const rate = d.records.find((l) => l.body === 'Rate limit reached for endpoint');
    assert.equal(rate?.attributes.isEnterprise, false);
    assert.equal(rate?.level, 'warn');
  });

  it('takes the span from span_id, else from sentry.trace.parent_span_id (what @sentry/node 11 sends)', () => {
    const d = decodeLogItem(
      bytes({
        version: 2,
        items: [
          { timestamp: 1, level: 'info', body: 'a', trace_id: '8b3e7abe8a23438a853854770229d5ac', attributes: { 'sentry.trace.parent_span_id': { value: '81f0a168f7e2cd80', type: 'string' } } },
          { timestamp: 2, level: 'warning', body: 'b', span_id: 'AAAAAAAAAAAAAAAA' },
        ],
      }),
      128,
    );
    assert.deepEqual(d.dropped, []);
    assert.equal(d.records[0]!.spanId, '81f0a168f7e2cd80');
    assert.equal(d.records[1]!.spanId, 'aaaaaaaaaaaaaaaa');
    assert.equal(d.records[1]!.level, 'warn');
    assert.equal(d.records[1]!.traceId, null);
  });

  it('drops a bad line alone, and a bad item whole, each with the reason', () => {
    const d = decodeLogItem(bytes({ items: [{ level: 'info', body: 'no time' }, { timestamp: 'yesterday', level: 'info', body: 'x' }, { timestamp: 3, level: 'info', body: 'kept' }] }), 128);
    assert.deepEqual(
      d.records.map((l) => l.body),
      ['kept'],
    );
    assert.equal(d.dropped.length, 2);
    assert.match(d.dropped[0]!, /log 0: timestamp/);
    assert.match(d.dropped[1]!, /log 1: timestamp must be seconds/);
    assert.match(decodeLogItem(bytes('[1]'), 128).dropped[0]!, /log item: must be a JSON object/);
    assert.match(decodeLogItem(bytes({}), 128).dropped[0]!, /log item: items/);
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../../../../src/capture/kinds/durableTelemetryStore';
import { EventStore } from '../../../../../src/capture/kinds/events/eventStore';
import { batchedLogLines, linesOf } from '../../../../../src/capture/kinds/logs/logBatch';
import { logItemToKeep } from '../../../../../src/capture/ingest/logItemIngest';
import { type LogBatchRecord, logKind } from '../../../../../src/capture/kinds/logs/logKind';
import { encodeDataLines } from '../../../../../src/capture/store/recordFormat';
import { parseEnvelope } from '../../../../../src/sentry/envelope/envelopeParser';
import { decodeLogItem } from '../../../../../src/sentry/records/logItem';
import { defaultScrubber } from '../../../../../src/sentry/scrub/scrub';
import { silentLogger } from '../../../../../src/util/logger';
import { SHARED_FIXTURES } from '../../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES, 'envelopes/spotlight');
const walkOnly = { maxJsonDepth: 128, scrub: defaultScrubber.shared! };
const withText = { ...walkOnly, scrubText: defaultScrubber.text! };
const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const line = (body: string, attributes: Record<string, unknown> = {}) => ({ timestamp: 1_700_000_000.5, level: 'info', body, trace_id: 'a'.repeat(32), attributes });

function fixtureItem(): Uint8Array {
  const env = parseEnvelope(readFileSync(join(fixtures, 'log_envelope.txt')));
  assert.ok(env.ok);
  return env.value.recordItems.find((i) => i.type === 'log')!.payload;
}

describe('log batches: a log item kept as one record, decoded when read', () => {
  it('keeps an item with nothing to scrub as the text it came as, and reads back the lines decodeLogItem gives', () => {
    const payload = fixtureItem();
    const kept = logItemToKeep(payload, withText);
    assert.deepEqual(kept.dropped, []);
    assert.equal(kept.item!.count, 7);
    assert.equal(kept.item!.text, Buffer.from(payload).toString('utf8'));
    const batch: LogBatchRecord = { id: 'b1', receivedAt: 42, count: 7, item: kept.item!.text };
    const want = decodeLogItem(payload, 128).records.map((l) => ({ ...l, receivedAt: 42 }));
    assert.deepEqual(linesOf(batch), want);
    assert.equal(linesOf(batch), linesOf(batch), 'decoded once, then remembered');
  });

  it('scrubs the whole item before it is kept: a sensitive attribute, a card number in a body', () => {
    const kept = logItemToKeep(bytes({ items: [line('paid with 4111 1111 1111 1111'), line('login', { 'user.password': { value: 'hunter2', type: 'string' }, region: { value: 'eu', type: 'string' } })] }), withText);
    assert.ok(kept.item);
    assert.ok(!kept.item.text.includes('hunter2') && !kept.item.text.includes('4111'), kept.item.text);
    const lines = linesOf({ id: 'b', receivedAt: 1, count: kept.item.count, item: kept.item.text });
    assert.deepEqual(lines.map((l) => l.body), ['paid with [Filtered]', 'login']);
    assert.deepEqual({ ...lines[1]!.attributes }, { 'user.password': '[Filtered]', region: 'eu' });
    assert.equal(lines[1]!.traceId, 'a'.repeat(32), 'the trace id is an identifier, left alone');
  });

  it('keeps the same lines whether the item is scrubbed as text (the plain form) or parsed and walked', () => {
    const items = [
      { items: [line('plain'), line('also plain', { region: { value: 'eu', type: 'string' } })] },
      { items: [line('paid with 4111 1111 1111 1111'), line('auth', { Authorization: { value: 'Bearer abcdefgh12345678', type: 'string' } })] },
      { items: [line('card as a number', { card: { value: 4111111111111111, type: 'integer' }, n: { value: 4111111111111111, type: 'integer' } })] },
      { items: [{ ...line('severity'), severity_number: 4111111111111111 }, line('next')] },
      { version: 2, items: [line('token=abc123 sent'), line('dsn https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1')] },
    ];
    let walks = 0;
    const counted = { ...withText, scrub: <T>(r: T): T => (walks++, withText.scrub(r)) };
    for (const item of items) {
      const payload = bytes(item);
      const fast = logItemToKeep(payload, counted);
      const walked = logItemToKeep(payload, walkOnly);
      const read = (k: typeof fast) => (k.item ? linesOf({ id: 'b', receivedAt: 1, count: k.item.count, item: k.item.text }) : []);
      assert.deepEqual(read(fast), read(walked), JSON.stringify(item));
      assert.equal(fast.item?.count, walked.item?.count);
      assert.deepEqual(fast.dropped, walked.dropped);
    }
    // Only the filtered severity number leaves the plain form (a string where a number must be): that item alone is walked.
    assert.equal(walks, 1);
  });

  it('drops a bad line with its reason and keeps the others; a malformed item is dropped whole with the reason', () => {
    const kept = logItemToKeep(bytes({ items: [line('ok 1'), { level: 'info', body: 'no time' }, line('ok 2')] }), withText);
    assert.equal(kept.item!.count, 2);
    assert.match(kept.dropped[0]!, /log item, log 1: timestamp/);
    assert.deepEqual(linesOf({ id: 'b', receivedAt: 1, count: 2, item: kept.item!.text }).map((l) => l.body), ['ok 1', 'ok 2']);
    assert.match(logItemToKeep(bytes('{"items": [1,'), withText).dropped[0]!, /log item: not valid JSON/);
    assert.match(logItemToKeep(bytes('[1]'), withText).dropped[0]!, /log item: must be a JSON object, not an array/);
    assert.match(logItemToKeep(bytes({ items: [line('x', { deep: { value: [[[[1]]]], type: 'array' } })] }), { ...withText, maxJsonDepth: 4 }).dropped[0]!, /nested deeper than 4 levels/);
    const none = logItemToKeep(bytes({ items: [{ body: 1 }] }), withText);
    assert.equal(none.item, undefined);
    assert.equal(none.dropped.length, 1);
  });

  it('writes an item as its JSON text inside the record and reads the record back, as text or as the parsed object', () => {
    const text = JSON.stringify({ items: [line('a'), line('b')] });
    const batch: LogBatchRecord = { id: 'b1', receivedAt: 5, count: 2, item: text };
    const written = encodeDataLines(logKind, [batch]);
    assert.ok(written.includes(`"item":${text}}`), 'not escaped into a string');
    const back = logKind.schema.parse((JSON.parse(written) as { e: unknown }).e) as LogBatchRecord;
    assert.deepEqual(linesOf(back), linesOf(batch));
    // A record from a store before batches: one line, read as a batch of one.
    const old = logKind.schema.parse({ id: 'l1', receivedAt: 3, timestamp: 2, level: 'warn', body: 'old', traceId: null, spanId: null, attributes: { a: 1 } }) as LogBatchRecord;
    assert.equal(old.count, 1);
    assert.deepEqual(linesOf(old), [{ receivedAt: 3, timestamp: 2, level: 'warn', body: 'old', traceId: null, spanId: null, attributes: { a: 1 } }]);
    assert.equal(logKind.weight!(batch), 2);
  });

  it('reads at most the bound of lines, the newest, though the store keeps whole batches', () => {
    const batches: LogBatchRecord[] = [3, 2, 1].map((n) => ({ id: `b${n}`, receivedAt: n, count: 2, item: JSON.stringify({ items: [line(`${n}a`), line(`${n}b`)] }) }));
    const lines = batchedLogLines({ weight: 6, bound: 5, list: () => batches });
    assert.equal(lines.size, 5);
    assert.deepEqual(lines.newestFirst(100).map((l) => l.body), ['3b', '3a', '2b', '2a', '1b']);
    assert.deepEqual(lines.newestFirst(2, (l) => l.body.endsWith('a')).map((l) => l.body), ['3a', '2a']);
  });

  it("reads a trace's lines without decoding the batches whose text cannot hold its id", () => {
    const T = 'ab'.repeat(16);
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    const batches: LogBatchRecord[] = [
      { id: 'b3', receivedAt: 3, count: 2, item: JSON.stringify({ items: [{ ...line('upper, dashed'), trace_id: 'ABABABAB-ABAB-ABAB-ABAB-ABABABABABAB' }, line('other')] }) },
      // not JSON: reading it would say so in the log
      { id: 'b2', receivedAt: 2, count: 1, item: '{"items": [' },
      { id: 'b1', receivedAt: 1, count: 1, item: JSON.stringify({ items: [{ ...line('plain'), trace_id: T }] }) },
    ];
    const lines = batchedLogLines({ weight: 4, bound: 10, list: () => batches }, log);
    assert.deepEqual(lines.ofTrace(T).map((l) => l.body), ['upper, dashed', 'plain']);
    assert.deepEqual(warnings, [], 'the batch without the id was not decoded');
    lines.newestFirst(10);
    assert.equal(warnings.length, 1);
  });

  describe('in the durable store', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sentry-lens-logbatch-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const open = async (maxLogs: number) => {
      const bounds = { maxTraces: 10, maxLogs };
      const store = await EventStore.open(dir, { maxEvents: 10, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
      return { store, telemetry: new DurableTelemetryStore(store.records, bounds) };
    };

    it('keeps items across a reopen, bounded by lines (oldest batches go), and tells listeners the lines added', async () => {
      const a = await open(5);
      const heard: string[] = [];
      a.telemetry.onDidChange((c) => heard.push(...c.logs.map((l) => l.body)));
      const item = (n: number) => ({ text: JSON.stringify({ items: [line(`${n}a`), line(`${n}b`)] }), count: 2 });
      for (let n = 1; n <= 4; n++) await a.telemetry.appendLogItems([item(n)], n);
      assert.deepEqual(heard, ['1a', '1b', '2a', '2b', '3a', '3b', '4a', '4b']);
      assert.equal(a.telemetry.logs.size, 5);
      assert.deepEqual(a.telemetry.logs.newestFirst(100).map((l) => l.body), ['4b', '4a', '3b', '3a', '2b']);
      a.telemetry.dispose();
      await a.store.close();

      const b = await open(5);
      assert.deepEqual(b.telemetry.logs.newestFirst(100).map((l) => [l.body, l.receivedAt]), [['4b', 4], ['4a', 4], ['3b', 3], ['3a', 3], ['2b', 2]]);
      b.telemetry.dispose();
      await b.store.close();
    });
  });
});

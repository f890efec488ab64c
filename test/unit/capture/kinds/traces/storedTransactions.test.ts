import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../../../../src/capture/kinds/durableTelemetryStore';
import { EventStore } from '../../../../../src/capture/kinds/events/eventStore';
import { eventGroupKey, lazyStoredEvent } from '../../../../../src/capture/kinds/events/lazyEvent';
import type { StoredEvent } from '../../../../../src/capture/kinds/events/storedEvent';
import { isStoredTransaction, moveStoredTransactions } from '../../../../../src/capture/kinds/traces/storedTransactions';
import { buildTransaction } from '../../../../../src/sentry/send/transactionBuilder';
import { recordingLogger } from '../../../../integration/helpers/strictReceiver';
import { SHARED_FIXTURES } from '../../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES);
const bounds = { maxTraces: 100, maxLogs: 100 };

/** The transaction item of a real Python SDK envelope (Spotlight's fixture). */
function pythonTransactionText(): string {
  const lines = readFileSync(join(fixtures, 'envelopes/spotlight/envelope_python.txt'), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.startsWith('{"type":"transaction"') && l.includes('"length"'));
  return lines[i + 1]!;
}

const ERROR_ID = 'e'.repeat(32);
const PY_ID = '34e68240171743b9bef9f9f99b8538c5';

/**
 * A store as an earlier version wrote it: opened with the event kind only,
 * transactions kept as events (as its listener stored every event item), one
 * as its lazy text, one as a parsed object.
 */
async function writeOldStore(dir: string): Promise<{ builtTraceId: string; builtId: string }> {
  const built = buildTransaction(
    { name: 'nightly-report', op: 'task', durationMs: 500, spans: [{ op: 'db', description: 'SELECT 1', startMs: 10, durationMs: 300 }, { op: 'fn', description: 'inner', startMs: 20, durationMs: 100, parent: 0 }] },
    { sdkName: 'sentry.python', sdkVersion: '2.0.0' },
  );
  const old = await EventStore.open(dir, { maxEvents: 100 });
  const error = lazyStoredEvent({ id: ERROR_ID, receivedAt: 1000, source: 'envelope', projectId: '1' }, JSON.stringify({ event_id: ERROR_ID, level: 'error', exception: { values: [{ type: 'TypeError', value: 'x is undefined' }] } }));
  const python = lazyStoredEvent({ id: PY_ID, receivedAt: 2000, source: 'envelope', projectId: '1' }, pythonTransactionText());
  const plain: StoredEvent = { id: built.event_id, receivedAt: 3000, source: 'store', groupKey: eventGroupKey(built as unknown as Record<string, unknown>), event: built as unknown as Record<string, unknown> };
  await old.append([error, python, plain]);
  await old.close();
  return { builtTraceId: built.contexts.trace.trace_id, builtId: built.event_id };
}

describe('transactions stored as events by earlier versions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sentry-lens-old-tx-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells a stored transaction from an error, lazy or parsed', () => {
    const lazyTx = lazyStoredEvent({ id: PY_ID, receivedAt: 1, source: 'envelope' }, pythonTransactionText());
    const lazyError = lazyStoredEvent({ id: ERROR_ID, receivedAt: 1, source: 'envelope' }, '{"message":"type: transaction"}');
    const nested = lazyStoredEvent({ id: ERROR_ID, receivedAt: 1, source: 'envelope' }, '{"extra":{"type":"transaction"},"message":"m"}');
    assert.equal(isStoredTransaction(lazyTx), true);
    assert.equal(isStoredTransaction(lazyError), false);
    assert.equal(isStoredTransaction(nested), false, 'a nested "type" is not the event type');
    assert.equal(isStoredTransaction({ id: 'a', receivedAt: 1, source: 'store', groupKey: 'g', event: { type: 'transaction' } }), true);
    assert.equal(isStoredTransaction({ id: 'a', receivedAt: 1, source: 'store', groupKey: 'g', event: { type: 'error' } }), false);
  });

  it('are moved into the traces when the store is opened: the errors keep only errors, durably', async () => {
    const { builtTraceId, builtId } = await writeOldStore(dir);
    const log = recordingLogger();

    const store = await EventStore.open(dir, { maxEvents: 100, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
    assert.equal(store.size, 3, 'the old store holds the transactions as events');
    assert.equal(await moveStoredTransactions(store, log), 2);
    assert.deepEqual(store.list().map((e) => e.id), [ERROR_ID]);
    assert.ok(log.lines.some((l) => /^info moved 2 transaction\(s\) an earlier version stored as errors to the traces \(\d+ span\(s\)\)$/.test(l)), log.lines.join('\n'));

    const telemetry = new DurableTelemetryStore(store.records, bounds);
    const py = telemetry.traces.get('af9d553862794b38ad88b4b9c8159714');
    assert.ok(py, 'the Python transaction is a trace');
    const root = [...py.spans.values()].find((s) => s.isSegment);
    assert.equal(root?.name, '/api/0/organizations/{organization_slug}/');
    assert.equal(root?.transactionId, PY_ID);
    assert.ok(py.spans.size > 1, 'with its child spans');
    const ours = telemetry.traces.get(builtTraceId)!;
    assert.equal(ours.spans.size, 3);
    const spans = [...ours.spans.values()];
    const top = spans.find((s) => s.parentSpanId === null)!;
    assert.equal(top.name, 'nightly-report');
    assert.equal(top.transactionId, builtId);
    const db = spans.find((s) => s.name === 'SELECT 1')!;
    assert.equal(db.parentSpanId, top.spanId);
    assert.equal(spans.find((s) => s.name === 'inner')!.parentSpanId, db.spanId);
    assert.equal(db.receivedAt, 3000, 'the spans keep the time the transaction arrived');
    telemetry.dispose();
    await store.close();

    const again = await EventStore.open(dir, { maxEvents: 100, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
    assert.deepEqual(again.list().map((e) => e.id), [ERROR_ID], 'still gone after reopening');
    assert.equal(await moveStoredTransactions(again, log), 0, 'nothing left to move');
    const t2 = new DurableTelemetryStore(again.records, bounds);
    assert.ok(t2.traces.has(builtTraceId) && t2.traces.has('af9d553862794b38ad88b4b9c8159714'), 'the traces are on disk');
    t2.dispose();
    await again.close();
  });

  it('drops a stored transaction that cannot be a trace, with a line in the log', async () => {
    const old = await EventStore.open(dir, { maxEvents: 100 });
    await old.append([lazyStoredEvent({ id: PY_ID, receivedAt: 1, source: 'store' }, '{"type":"transaction","transaction":"old","timestamp":2}')]);
    await old.close();
    const store = await EventStore.open(dir, { maxEvents: 100, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
    const log = recordingLogger();
    assert.equal(await moveStoredTransactions(store, log), 1);
    assert.equal(store.size, 0);
    assert.ok(log.lines.some((l) => l.startsWith(`warn stored transaction ${PY_ID}: dropped transaction: `)), log.lines.join('\n'));
    await store.close();
  });
});

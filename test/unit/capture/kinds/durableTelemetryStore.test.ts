import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../../../src/capture/kinds/durableTelemetryStore';
import { EventStore } from '../../../../src/capture/kinds/events/eventStore';
import type { StoredLog } from '../../../../src/capture/kinds/logs/storedLog';
import { hex, span } from './traces/spanFactory';

const log = (n: number, traceId: string | null = null): StoredLog => ({ timestamp: n, level: 'info', body: `line ${n}`, traceId, spanId: null, attributes: { n }, receivedAt: n });

describe('DurableTelemetryStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sentry-lens-telemetry-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = async (maxTraces: number, maxLogs: number) => {
    const bounds = { maxTraces, maxLogs };
    const store = await EventStore.open(dir, { maxEvents: 100, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
    return { store, telemetry: new DurableTelemetryStore(store.records, bounds) };
  };

  it('keeps spans and logs across a reopen, as events are kept', async () => {
    const a = await open(10, 100);
    const T = hex(1, 32);
    await a.telemetry.appendSpans([span(T, hex(1, 16), null, 1, 2, { name: 'root', receivedAt: 5 }), span(T, hex(2, 16), hex(1, 16), 1.2, 1.5, { receivedAt: 5 })]);
    await a.telemetry.appendLogs([log(1, T), log(2)]);
    a.telemetry.dispose();
    await a.store.close();

    const b = await open(10, 100);
    assert.equal(b.telemetry.traces.size, 1);
    assert.equal(b.telemetry.traces.get(T)!.spans.size, 2);
    assert.equal(b.telemetry.traces.get(T)!.spans.get(hex(1, 16))!.name, 'root');
    assert.deepEqual(
      b.telemetry.logs.newestFirst(10).map((l) => [l.body, l.traceId, l.attributes.n]),
      [
        ['line 2', null, 2],
        ['line 1', T, 1],
      ],
    );
    b.telemetry.dispose();
    await b.store.close();
  });

  it('bounds traces (the first seen goes first, its spans deleted from the store) and logs (oldest first)', async () => {
    const a = await open(2, 3);
    for (let i = 1; i <= 3; i++) await a.telemetry.appendSpans([span(hex(i, 32), hex(i, 16), null, i, i + 1, { receivedAt: i })]);
    await a.telemetry.appendLogs([1, 2, 3, 4, 5].map((n) => log(n)));
    assert.deepEqual([...a.telemetry.traces.entries()].map((t) => t.traceId), [hex(2, 32), hex(3, 32)]);
    assert.deepEqual(a.telemetry.logs.newestFirst(10).map((l) => l.timestamp), [5, 4, 3]);
    a.telemetry.dispose();
    await a.store.close();

    // Reopened with a larger bound: the evicted trace does not come back.
    const b = await open(10, 10);
    assert.deepEqual([...b.telemetry.traces.entries()].map((t) => t.traceId).sort(), [hex(2, 32), hex(3, 32)]);
    b.telemetry.dispose();
    await b.store.close();
  });
});

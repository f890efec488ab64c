import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { eventKind } from '../../../../src/capture/kinds/events/eventKind';
import type { KindChange } from '../../../../src/capture/store/memoryState';
import type { KeptRecord, RecordKind } from '../../../../src/capture/store/recordKind';
import { EVENT_LOG_FILE, RecordStore, STATE_LOG_FILE } from '../../../../src/capture/store/recordStore';
import type { StoredEvent } from '../../../../src/capture/kinds/events/storedEvent';
import { waitFor } from '../../../helpers/waitFor';

interface LogLine extends KeptRecord {
  body: string;
}
const logKind: RecordKind<LogLine> = { name: 'log', defaultBound: 100_000, schema: z.object({ id: z.string(), receivedAt: z.number(), body: z.string() }) };
const traceKind: RecordKind<LogLine> = { name: 'trace', defaultBound: 2_000, schema: z.object({ id: z.string(), receivedAt: z.number(), body: z.string() }) };
const line = (n: number): LogLine => ({ id: `l${n}`, receivedAt: 1_700_000_000_000 + n, body: `line ${n}` });
const ev = (n: number): StoredEvent => ({
  id: n.toString(16).padStart(32, '0'),
  receivedAt: 1_700_000_000_000 + n,
  source: 'envelope',
  groupKey: 'g',
  event: { message: `event ${n}` },
});
const lines = (dir: string, file: string) => {
  const buf = readFileSync(join(dir, file));
  const end = buf.indexOf(0);
  return buf.subarray(0, end < 0 ? buf.length : end).toString('utf8').split('\n').filter(Boolean);
};

describe('RecordStore (kinds of record with a bound each)', () => {
  let dir: string;
  const open: RecordStore[] = [];
  const openStore = async (kinds: Array<RecordKind<KeptRecord>>, extra: { bounds?: Record<string, number>; follow?: boolean } = {}) => {
    const s = await RecordStore.open(dir, { kinds, pollIntervalMs: 50, ...extra });
    open.push(s);
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sentry-lens-records-'));
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps kinds apart, each within its own bound, across a reopen', async () => {
    const s = await openStore([eventKind, logKind, traceKind], { bounds: { log: 3 } });
    assert.equal(s.kind(logKind).bound, 3);
    assert.equal(s.kind(traceKind).bound, 2_000);
    assert.equal(s.kind(eventKind).bound, 10_000);
    await s.kind(logKind).append([1, 2, 3, 4, 5].map(line));
    await s.kind(eventKind).append([ev(1)]);
    await s.kind(traceKind).append([line(1)]);
    assert.deepEqual(s.kind(logKind).list().map((r) => r.id), ['l5', 'l4', 'l3']);
    await s.close();
    // the event's record is written as before kinds existed; the others name their kind
    const data = lines(dir, EVENT_LOG_FILE);
    assert.ok(data.some((l) => l.startsWith('{"t":"e","e":{"id":"')));
    assert.equal(data.filter((l) => l.startsWith('{"t":"e","kind":"log","e":')).length, 5);
    const again = await openStore([eventKind, logKind, traceKind], { bounds: { log: 3 } });
    assert.deepEqual(again.kind(logKind).list().map((r) => r.id), ['l5', 'l4', 'l3']);
    assert.deepEqual(again.kind(traceKind).get('l1'), line(1));
    assert.equal(again.kind(eventKind).size, 1);
  });

  it('deletes, clears and marks per kind, and tells each kind\'s listeners only of their kind', async () => {
    const s = await openStore([eventKind, logKind]);
    const logChanges: KindChange[] = [];
    const eventChanges: KindChange[] = [];
    s.kind(logKind).onDidChange((c) => logChanges.push(c));
    s.kind(eventKind).onDidChange((c) => eventChanges.push(c));
    await s.kind(logKind).append([line(1), line(2)]);
    await s.kind(eventKind).append([ev(1)]);
    await s.kind(logKind).delete(['l1']);
    await s.kind(logKind).setResolved(['k'], true);
    await s.kind(logKind).clear();
    assert.equal(s.kind(logKind).size, 0);
    assert.equal(s.kind(eventKind).size, 1, 'clearing logs leaves events');
    assert.equal(eventChanges.length, 1);
    assert.deepEqual(logChanges.map((c) => [c.added.length, c.removed.length, c.cleared]), [
      [2, 0, false],
      [0, 1, false],
      [0, 0, false],
      [0, 1, true],
    ]);
    assert.ok(lines(dir, STATE_LOG_FILE).every((l) => l.includes('"kind":"log"')));
  });

  it('refuses a kind it was not opened with, a kind given twice and a bad kind name', async () => {
    const s = await openStore([eventKind]);
    assert.throws(() => s.kind(logKind), /not opened with the 'log' kind/);
    await assert.rejects(RecordStore.open(dir, { kinds: [logKind, logKind] }), /given once/);
    await assert.rejects(RecordStore.open(dir, { kinds: [{ ...logKind, name: 'Log Lines' }] }), /lowercase letters/);
  });

  it('keeps records of a kind it was not opened with, through its own compaction, for a store that knows the kind', async () => {
    const newer = await openStore([eventKind, logKind]);
    await newer.kind(logKind).append([line(1), line(2)]);
    await newer.close();
    const older = await openStore([eventKind], { bounds: { event: 5 } });
    for (let i = 0; i < 1100; i += 100) await older.kind(eventKind).append(Array.from({ length: 100 }, (_, j) => ev(i + j)));
    await older.close(); // compaction (1,100 event records > 1,005) ran; closing waits for it
    assert.ok(lines(dir, EVENT_LOG_FILE).length < 20, 'compacted');
    const again = await openStore([eventKind, logKind]);
    assert.deepEqual(again.kind(logKind).list().map((r) => r.id), ['l2', 'l1']);
  });

  it('lets a follower apply a large write a slice at a time, telling listeners after each and letting the event loop run between', async () => {
    const writer = await openStore([eventKind, logKind], { bounds: { log: 20_000 } });
    const reader = await openStore([eventKind, logKind], { bounds: { log: 20_000 } });
    const batches: number[] = [];
    reader.kind(logKind).onDidChange((c) => batches.push(c.added.length));
    await writer.kind(logKind).append(Array.from({ length: 10_000 }, (_, i) => line(i)));
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    try {
      await reader.refresh();
    } finally {
      clearInterval(ticker);
    }
    assert.equal(reader.kind(logKind).size, 10_000);
    assert.equal(batches.reduce((a, b) => a + b, 0), 10_000);
    assert.ok(batches.length > 1, `applied in ${batches.length} slice(s)`);
    assert.ok(turns > 0, 'timers ran while the records were applied');
  });

  it('compacts the state log too: many marks and deletions become what is still true, for every reader', async () => {
    // 1,200 marks written by someone before: more lines than the state log is let grow to
    const marks = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ t: 'r', w: 'someone', at: i, k: [`g${i % 3}`], v: i % 2 === 0 }));
    writeFileSync(join(dir, STATE_LOG_FILE), marks.join('\n') + '\n');
    const s = await openStore([eventKind], { follow: true });
    const reader = await openStore([eventKind], { follow: true });
    await s.kind(eventKind).append([ev(1), ev(2)]);
    await s.kind(eventKind).delete([ev(1).id]);
    await s.kind(eventKind).append([ev(3)]); // the writer compacts after a write once the state log is past 1,000 lines
    await waitFor(() => lines(dir, STATE_LOG_FILE).length < 10, 5000, 20);
    // g0: last set at i=1197 (false); g1: at i=1198 (true); g2: at i=1199 (false)
    assert.deepEqual(['g0', 'g1', 'g2'].map((k) => s.kind(eventKind).isResolved(k)), [false, true, false]);
    await waitFor(() => reader.kind(eventKind).size === 2, 5000, 20);
    assert.deepEqual(['g0', 'g1', 'g2'].map((k) => reader.kind(eventKind).isResolved(k)), [false, true, false]);
    // a state write from the reader goes to the new file and reaches the writer
    await reader.kind(eventKind).setResolved(['g2'], true);
    await waitFor(() => s.kind(eventKind).isResolved('g2'), 5000, 20);
    await s.close();
    await reader.close();
    const again = await openStore([eventKind]);
    assert.deepEqual(again.kind(eventKind).list().map((e) => e.id), [ev(3).id, ev(2).id]);
    assert.deepEqual(['g0', 'g1', 'g2'].map((k) => again.kind(eventKind).isResolved(k)), [false, true, true]);
    assert.equal(again.skipped, 0);
  });
});

import { strict as assert } from 'node:assert';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, EVENT_LOG_FILE, WRITER_LOCK_FILE } from '../../../../../src/capture/kinds/events/eventStore';
import type { StoreChange, StoredEvent } from '../../../../../src/capture/kinds/events/storedEvent';
import { waitFor } from '../../../../helpers/waitFor';

const ev = (n: number, extra: Partial<StoredEvent> = {}): StoredEvent => ({
  id: n.toString(16).padStart(32, '0'),
  receivedAt: 1_700_000_000_000 + n,
  source: 'envelope',
  projectId: '1',
  groupKey: `g${n % 3}`,
  event: { event_id: n.toString(16).padStart(32, '0'), message: `event ${n}`, nested: { a: [1, 2, { b: 'c' }] } },
  ...extra,
});

/** The log's records: the lines before the preallocated zero tail. */
function logLines(dir: string): string[] {
  const buf = readFileSync(join(dir, EVENT_LOG_FILE));
  const end = buf.indexOf(0);
  return buf.subarray(0, end < 0 ? buf.length : end).toString('utf8').split('\n').filter(Boolean);
}

const until = (cond: () => boolean): Promise<void> => waitFor(cond, 5000, 10);

describe('EventStore', () => {
  let dir: string;
  const open: EventStore[] = [];
  const openStore = async (opts: { maxEvents?: number; follow?: boolean } = {}) => {
    const s = await EventStore.open(dir, { maxEvents: opts.maxEvents ?? 100, follow: opts.follow ?? false, pollIntervalMs: 50 });
    open.push(s);
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sentry-lens-store-'));
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps appended events across a reopen, newest first, unchanged', async () => {
    const s = await openStore();
    await s.append([ev(1), ev(2)]);
    await s.append([ev(3)]);
    assert.deepEqual(s.list().map((e) => e.id), [ev(3).id, ev(2).id, ev(1).id]);
    await s.close();
    const again = await openStore();
    assert.equal(again.size, 3);
    assert.deepEqual(again.get(ev(2).id), ev(2));
    assert.deepEqual(again.list({ limit: 1 }).map((e) => e.id), [ev(3).id]);
    assert.deepEqual(again.list({ filter: (e) => e.id === ev(1).id }).length, 1);
  });

  it('accepts many concurrent appends and keeps every one', async () => {
    const s = await openStore({ maxEvents: 1000 });
    await Promise.all(Array.from({ length: 200 }, (_, i) => s.append([ev(i)])));
    assert.equal(s.size, 200);
    assert.equal(logLines(dir).length, 200);
  });

  it('drops the oldest events beyond maxEvents and reports them removed', async () => {
    const s = await openStore({ maxEvents: 3 });
    const changes: StoreChange[] = [];
    s.onDidChange((c) => changes.push(c));
    await s.append([ev(1), ev(2), ev(3)]);
    await s.append([ev(4)]);
    assert.deepEqual(s.list().map((e) => e.id), [ev(4).id, ev(3).id, ev(2).id]);
    assert.deepEqual(changes[1]!.removed, [ev(1).id]);
    await s.close();
    assert.equal((await openStore({ maxEvents: 3 })).size, 3);
  });

  it('compacts the log atomically once it holds many more records than events', async () => {
    const s = await openStore({ maxEvents: 5 });
    for (let i = 0; i < 1100; i += 50) await s.append(Array.from({ length: 50 }, (_, j) => ev(i + j)));
    await s.close(); // compaction runs in the background; closing waits for it
    const lines = logLines(dir);
    assert.ok(lines.length < 1006, `log still has ${lines.length} records`);
    const again = await openStore({ maxEvents: 5 });
    assert.deepEqual(again.list().map((e) => e.id), [1099, 1098, 1097, 1096, 1095].map((n) => ev(n).id));
  });

  it('ignores a torn last line on load and keeps every complete record', async () => {
    const s = await openStore();
    await s.append([ev(1), ev(2)]);
    await s.close();
    // a crash in the middle of a write: part of a record at the end of the data, zeros after it
    const torn = JSON.stringify({ t: 'e', e: ev(3) }).slice(0, 40);
    const file = join(dir, EVENT_LOG_FILE);
    const buf = readFileSync(file);
    const fd = openSync(file, 'r+');
    writeSync(fd, torn, buf.indexOf(0));
    closeSync(fd);
    const again = await openStore();
    assert.deepEqual(again.list().map((e) => e.id), [ev(2).id, ev(1).id]);
    // the next write closes the torn line off, so it never swallows a new record
    await again.append([ev(4)]);
    await again.close();
    const third = await openStore();
    assert.deepEqual(third.list().map((e) => e.id), [ev(4).id, ev(2).id, ev(1).id]);
    assert.equal(third.skipped, 1);
  });

  it('skips garbage and records of unknown shape in the middle of the log', async () => {
    writeFileSync(
      join(dir, EVENT_LOG_FILE),
      [JSON.stringify({ t: 'e', w: 'a', e: ev(1) }), 'garbage', '{"t":"zz"}', JSON.stringify({ t: 'e', w: 'a', e: { id: 5 } }), JSON.stringify({ t: 'e', w: 'a', e: ev(2) }), ''].join('\n'),
    );
    const s = await openStore();
    assert.equal(s.size, 2);
    assert.equal(s.skipped, 3);
  });

  it('deletes, clears and tracks resolved groups durably', async () => {
    const s = await openStore();
    await s.append([ev(1), ev(2), ev(3)]);
    await s.delete([ev(2).id, 'unknown']);
    await s.setResolved(['g1', 'g2'], true);
    await s.setResolved(['g2'], false);
    await s.close();
    const again = await openStore();
    assert.deepEqual(again.list().map((e) => e.id), [ev(3).id, ev(1).id]);
    assert.equal(again.isResolved('g1'), true);
    assert.equal(again.isResolved('g2'), false);
    const changes: StoreChange[] = [];
    again.onDidChange((c) => changes.push(c));
    await again.clear();
    assert.equal(again.size, 0);
    assert.equal(again.isResolved('g1'), false);
    assert.equal(changes[0]!.cleared, true);
    await again.close();
    assert.equal((await openStore()).size, 0);
  });

  it('lets a following store see events, deletes and resolved flags written by another instance', async () => {
    const writer = await openStore({ follow: true });
    const reader = await openStore({ follow: true });
    const seen: StoreChange[] = [];
    reader.onDidChange((c) => seen.push(c));
    await writer.append([ev(1), ev(2)]);
    await until(() => reader.size === 2);
    assert.deepEqual(reader.get(ev(1).id), ev(1));
    await reader.delete([ev(1).id]);
    await reader.setResolved(['g2'], true);
    await until(() => writer.size === 1 && writer.isResolved('g2'));
    assert.ok(seen.some((c) => c.added.length === 2));
  });

  it('lets a follower notice a compaction by another instance and reload', async () => {
    const writer = await openStore({ maxEvents: 3, follow: true });
    const reader = await openStore({ maxEvents: 3, follow: true });
    const before = statSync(join(dir, EVENT_LOG_FILE)).ino;
    for (let i = 0; i < 1010; i += 101) await writer.append(Array.from({ length: 101 }, (_, j) => ev(i + j)));
    await until(() => statSync(join(dir, EVENT_LOG_FILE)).ino !== before); // compaction runs in the background
    await until(() => reader.list()[0]?.id === ev(1009).id);
    assert.deepEqual(reader.list().map((e) => e.id), writer.list().map((e) => e.id));
    // and a state change from the reader reaches the writer through the new file
    await reader.delete([ev(1009).id]);
    await until(() => writer.get(ev(1009).id) === undefined);
  });

  it('keeps a crashed writer\'s leftovers past the last record out of the log', async () => {
    const s = await openStore();
    await s.append([ev(1)]);
    await s.close();
    // a crashed writer: a dead pid in the lock, garbage after a zero gap
    writeFileSync(join(dir, WRITER_LOCK_FILE), '999999999 deadbeef\n');
    const file = join(dir, EVENT_LOG_FILE);
    const end = readFileSync(file).indexOf(0);
    const fd = openSync(file, 'r+');
    writeSync(fd, '\n' + JSON.stringify({ t: 'e', e: ev(9) }) + '\n', end + 100);
    closeSync(fd);
    const again = await openStore();
    assert.equal(again.size, 1, 'data behind a zero gap is not part of the log');
    await again.append([ev(2)]);
    await again.append([ev(4)]);
    await again.close();
    assert.equal(existsSync(join(dir, WRITER_LOCK_FILE)), false, 'the lock is let go on close');
    const third = await openStore();
    assert.deepEqual(third.list().map((e) => e.id), [ev(4).id, ev(2).id, ev(1).id]);
  });

  it('takes a new bound at once: a lower one drops the oldest (reported) and compacts the log, a higher one keeps more', async () => {
    const s = await openStore({ maxEvents: 2000 });
    for (let b = 0; b < 15; b++) await s.append(Array.from({ length: 100 }, (_, k) => ev(b * 100 + k + 1)));
    const changes: StoreChange[] = [];
    s.onDidChange((c) => changes.push(c));
    s.setMaxEvents(100);
    assert.equal(s.maxEvents, 100);
    assert.equal(s.size, 100);
    assert.deepEqual(s.list({ limit: 2 }).map((e) => e.id), [ev(1500).id, ev(1499).id]);
    assert.equal(s.get(ev(1400).id), undefined);
    assert.deepEqual(changes.at(-1)?.removed, Array.from({ length: 1400 }, (_, i) => ev(i + 1).id));
    // 1,500 records in the log, more than the compaction threshold for 100 (1,100): the writer compacts it
    await until(() => logLines(dir).length === 100);
    s.setMaxEvents(150);
    await s.append(Array.from({ length: 60 }, (_, k) => ev(1501 + k)));
    assert.equal(s.size, 150);
    assert.throws(() => s.setMaxEvents(0), /positive whole number/);
    await s.close();
    // reopened: what the compaction kept and what came after, nothing it dropped
    const again = await openStore({ maxEvents: 1000 });
    assert.equal(again.size, 160);
    assert.equal(again.get(ev(1400).id), undefined);
    assert.equal(again.list({ limit: 1 })[0]!.id, ev(1560).id);
  });

  it('breaks a dead writer\'s lock only while no one else is breaking it, and clears a break file its breaker left behind', async () => {
    const lock = join(dir, WRITER_LOCK_FILE);
    const breakFile = `${lock}.break`;
    writeFileSync(lock, '999999999 deadbeef\n');
    // someone else is breaking the lock: this store waits for them
    writeFileSync(breakFile, '999999998 someone\n');
    const s = await openStore();
    let stored = false;
    const appended = s.append([ev(1)]).then(() => (stored = true));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(stored, false, 'no takeover while the break file is held');
    assert.equal(readFileSync(lock, 'utf8'), '999999999 deadbeef\n', 'the dead lock is left to the breaker');
    rmSync(breakFile);
    await appended;
    assert.match(readFileSync(lock, 'utf8'), new RegExp(`^${process.pid} `), 'taken over once the breaker is done');
    assert.equal(existsSync(breakFile), false);
    await s.close();

    // a breaker that died holding the break file: the file is old, and removed
    writeFileSync(lock, '999999999 deadbeef\n');
    writeFileSync(breakFile, '999999998 someone\n');
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(breakFile, old, old);
    const t = await openStore();
    await t.append([ev(2)]);
    assert.match(readFileSync(lock, 'utf8'), new RegExp(`^${process.pid} `));
    assert.equal(existsSync(breakFile), false);
    assert.deepEqual(t.list().map((e) => e.id), [ev(2).id, ev(1).id]);
  });

  it('stores events through the state log while another live process holds the writer lock', async () => {
    writeFileSync(join(dir, WRITER_LOCK_FILE), `${process.ppid} someone-else\n`);
    const s = await openStore();
    const reader = await openStore({ follow: true });
    await s.append([ev(1)]);
    await s.append([ev(2)]);
    assert.deepEqual(s.list().map((e) => e.id), [ev(2).id, ev(1).id]);
    assert.equal(logLines(dir).length, 0, 'nothing written to the events log without the lock');
    await until(() => reader.size === 2);
    await s.delete([ev(1).id]);
    await s.close();
    const again = await openStore();
    assert.deepEqual(again.list().map((e) => e.id), [ev(2).id]);
    assert.equal(readFileSync(join(dir, WRITER_LOCK_FILE), 'utf8'), `${process.ppid} someone-else\n`, 'the other process keeps its lock');
  });

  it('lets two stores of one process take turns writing', async function () {
    this.timeout(8000);
    const a = await openStore({ follow: true });
    const b = await openStore({ follow: true });
    await a.append([ev(1)]);
    await b.append([ev(2)]); // waits until a lets go of the lock (idle)
    await a.append([ev(3)]);
    await until(() => a.size === 3 && b.size === 3);
    await a.close();
    await b.close();
    const c = await openStore();
    assert.deepEqual(c.list().map((e) => e.id), [ev(3).id, ev(2).id, ev(1).id]);
  });

  it('refuses a nonsensical maxEvents', async () => {
    await assert.rejects(EventStore.open(dir, { maxEvents: 0 }), /maxEvents must be a positive integer/);
  });
});

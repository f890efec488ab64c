import { strict as assert } from 'node:assert';
import { mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, EVENT_LOG_FILE } from '../../../../../src/capture/kinds/events/eventStore';
import type { StoredEvent } from '../../../../../src/capture/kinds/events/storedEvent';
import { eventGroupKey, lazyStoredEvent } from '../../../../../src/capture/kinds/events/lazyEvent';

const ev = (n: number, event: Record<string, unknown> = { message: `event ${n}` }): StoredEvent => ({
  id: n.toString(16).padStart(32, '0'),
  receivedAt: 1_700_000_000_000 + n,
  source: 'envelope',
  projectId: '1',
  groupKey: `g${n % 3}`,
  event,
});

/** The log's bytes up to the preallocated zero tail, read through a file descriptor of its own (as another process would). */
function logText(dir: string): string {
  const fd = openSync(join(dir, EVENT_LOG_FILE), 'r');
  try {
    const buf = Buffer.alloc(64 * 1024 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const end = buf.subarray(0, n).indexOf(0);
    return buf.subarray(0, end < 0 ? n : end).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

describe('EventStore durability and encoding', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sentry-lens-store-dur-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const durability of ['write', 'fsync'] as const) {
    it(`with durability '${durability}', has an appended event in the file when append resolves, and keeps concurrent appends`, async () => {
      const s = await EventStore.open(dir, { maxEvents: 1000, durability });
      try {
        await s.append([ev(1)]);
        // what a kill -9 right now would leave: the kernel's view of the file
        assert.match(logText(dir), new RegExp(ev(1).id));
        await Promise.all(Array.from({ length: 200 }, (_, i) => s.append([ev(i + 2)])));
        const text = logText(dir);
        for (let i = 2; i < 202; i++) assert.ok(text.includes(ev(i).id), `event ${i} is not in the log`);
      } finally {
        await s.close();
      }
      const again = await EventStore.open(dir, { maxEvents: 1000 });
      try {
        assert.equal(again.size, 201);
      } finally {
        await again.close();
      }
    });
  }

  it('refuses an unknown durability or sync interval', async () => {
    await assert.rejects(EventStore.open(dir, { maxEvents: 10, durability: 'sometimes' as 'write' }), /durability must be 'write' or 'fsync'/);
    await assert.rejects(EventStore.open(dir, { maxEvents: 10, syncIntervalMs: -1 }), /syncIntervalMs must be from 0 to 60000/);
  });

  it('writes a lazy event\'s JSON text as received, and reads it back as the same event', async () => {
    const text = '{ "message" : "as sent",\r"nested": {"x": [1, {}]}, "n": 1.50, "s": "caf\\u00e9" }';
    const event = JSON.parse(text) as Record<string, unknown>;
    const { groupKey: _, event: __, ...fields } = ev(1);
    const s = await EventStore.open(dir, { maxEvents: 10 });
    try {
      await s.append([lazyStoredEvent(fields, text), ev(2)]);
      const lines = logText(dir).split('\n').filter(Boolean);
      assert.equal(lines.length, 2);
      assert.ok(lines[0]!.endsWith(`"event":${text}}}`), lines[0]);
      assert.ok(!lines[0]!.includes('"groupKey"'), 'a lazy event\'s record leaves out its group key');
      assert.equal(lines[1], JSON.stringify({ t: 'e', e: ev(2) }));
    } finally {
      await s.close();
    }
    const again = await EventStore.open(dir, { maxEvents: 10 });
    try {
      assert.deepEqual(again.get(ev(1).id), { ...fields, groupKey: eventGroupKey(event), event });
      assert.deepEqual(again.get(ev(2).id), ev(2));
      assert.equal(again.skipped, 0);
    } finally {
      await again.close();
    }
  });

  it('serialises a lazy event instead when its text has a line break (one record per line)', async () => {
    const text = '{\n  "message": "pretty"\n}';
    const { groupKey: _, event: __, ...fields } = ev(1);
    const s = await EventStore.open(dir, { maxEvents: 10 });
    try {
      await s.append([lazyStoredEvent(fields, text)]);
      const event = { message: 'pretty' };
      assert.equal(logText(dir).trim(), JSON.stringify({ t: 'e', e: { ...fields, groupKey: eventGroupKey(event), event } }));
    } finally {
      await s.close();
    }
  });

  it('loads a log larger than one read, with records spanning reads', async function () {
    this.timeout(30_000);
    const big = 'x'.repeat(900 * 1024);
    const s = await EventStore.open(dir, { maxEvents: 100 });
    try {
      for (let i = 0; i < 12; i++) await s.append([ev(i, { message: `big ${i}`, pad: big })]);
    } finally {
      await s.close();
    }
    assert.ok(readFileSync(join(dir, EVENT_LOG_FILE)).length > 10 * 1024 * 1024);
    const again = await EventStore.open(dir, { maxEvents: 100 });
    try {
      assert.equal(again.size, 12);
      assert.equal(again.skipped, 0);
      for (let i = 0; i < 12; i++) assert.equal(again.get(ev(i).id)!.event.message, `big ${i}`);
    } finally {
      await again.close();
    }
  });
});

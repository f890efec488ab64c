import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_LOG_FILE, EventStore, encodeRecords } from '../../../../../src/capture/kinds/events/eventStore';
import { eventGroupKey, eventJsonOf, lazyStoredEvent } from '../../../../../src/capture/kinds/events/lazyEvent';
import { viewEvent } from '../../../../../src/sentry/event/eventView';
import { groupKey } from '../../../../../src/sentry/event/grouping';

const text = `{"event_id":"${'ab'.repeat(16)}","level":"error","exception":{"values":[{"type":"TypeError","value":"x is undefined","stacktrace":{"frames":[{"filename":"app.js","function":"run","lineno":3,"in_app":true}]}}]},"__proto__":{"polluted":true}}`;
const fields = { id: 'ab'.repeat(16), receivedAt: 1_700_000_000_000, source: 'envelope' as const, projectId: '7' };

describe('lazy stored events', () => {
  it('parse their text on first read of `event`, once, and keep `__proto__` a plain key', () => {
    const e = lazyStoredEvent(fields, text);
    const first = e.event;
    assert.equal(e.event, first, 'parsed once, then kept');
    assert.equal(Object.getPrototypeOf(first), Object.prototype);
    assert.deepEqual(Object.keys(first), ['event_id', 'level', 'exception', '__proto__']);
    assert.deepEqual(first.__proto__, { polluted: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(JSON.stringify(first), text);
  });

  it('derive the group key the listener used to compute up front, on first read', () => {
    const e = lazyStoredEvent(fields, text);
    assert.equal(e.groupKey, groupKey(viewEvent(JSON.parse(text) as Record<string, unknown>)));
    assert.equal(e.groupKey, eventGroupKey(e.event));
    e.groupKey = 'set by hand';
    assert.equal(e.groupKey, 'set by hand');
  });

  it('give the plain stored event to JSON.stringify, and claim their text only while it is theirs', () => {
    const e = lazyStoredEvent(fields, text);
    const json = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), ['event', 'groupKey', 'id', 'projectId', 'receivedAt', 'source']);
    assert.deepEqual(json.event, JSON.parse(text));
    assert.equal(json.groupKey, e.groupKey);
    assert.equal(eventJsonOf(e), text);
    // a plain object with the same fields is not a lazy event: the store serialises its `event`
    const copy = { id: e.id, receivedAt: e.receivedAt, source: e.source, groupKey: e.groupKey, event: e.event };
    assert.equal(eventJsonOf(copy), undefined);
    const withoutProject = JSON.parse(JSON.stringify(lazyStoredEvent({ id: fields.id, receivedAt: 1, source: 'store' }, text))) as Record<string, unknown>;
    assert.equal('projectId' in withoutProject, false);
  });

  it('give up their text once `event` is assigned, so the store writes the new event', () => {
    const e = lazyStoredEvent(fields, text);
    e.event = { message: 'replaced' };
    assert.equal(eventJsonOf(e), undefined);
    const line = JSON.parse(encodeRecords([e])) as { e: { event: unknown } };
    assert.deepEqual(line.e.event, { message: 'replaced' });
  });

  it('are written with their text as it is and without a group key, and a reopened store computes the same key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentry-lens-lazy-'));
    try {
      const e = lazyStoredEvent(fields, text);
      const s = await EventStore.open(dir, { maxEvents: 10 });
      await s.append([e]);
      await s.close();
      const log = readFileSync(join(dir, EVENT_LOG_FILE), 'utf8').replace(/\0+$/, '');
      const line = log.split('\n').find((l) => l.includes(fields.id))!;
      assert.ok(line.includes(`"event":${text}}}`), 'the event text is in the record byte for byte');
      assert.ok(!line.includes('"groupKey"'), 'no group key in the record');
      const again = await EventStore.open(dir, { maxEvents: 10 });
      try {
        const back = again.get(fields.id)!;
        assert.deepEqual(back.event, JSON.parse(text));
        assert.equal(back.groupKey, groupKey(viewEvent(JSON.parse(text) as Record<string, unknown>)));
        assert.equal(back.projectId, '7');
        assert.equal(back.receivedAt, fields.receivedAt);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

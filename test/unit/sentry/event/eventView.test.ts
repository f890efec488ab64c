import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { viewEvent, topFrame, normalizeLevel, normalizeFrame, frameLocation } from '../../../../src/sentry/event/eventView';
import { groupKey } from '../../../../src/sentry/event/grouping';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES);
const load = (rel: string) => JSON.parse(readFileSync(join(fixtures, rel), 'utf8')) as Record<string, unknown>;

describe('viewEvent', () => {
  it('reads a modern SDK event (python-modern sample)', () => {
    const v = viewEvent(load('samples/python-modern.json'));
    assert.equal(v.type, 'error');
    assert.ok(v.exceptions.length >= 1);
    const primary = v.exceptions[v.exceptions.length - 1]!;
    assert.ok(primary.type, 'exception type');
    assert.ok(primary.frames.length > 0, 'frames kept');
    assert.equal(v.title.startsWith(primary.type!), true);
    assert.equal(v.environment, 'production');
    const top = topFrame(v);
    assert.ok(top && top.inApp, 'top frame is in-app');
  });

  it('reads legacy sentry.interfaces.* aliases (java sample: 57 frames, module = class)', () => {
    const v = viewEvent(load('samples/java.json'));
    const frames = v.exceptions.flatMap((e) => e.frames);
    assert.equal(frames.length >= 57, true);
    const withModule = frames.filter((f) => f.module);
    assert.ok(withModule.length > 0);
    for (const f of withModule.slice(0, 5)) assert.equal(f.filename?.includes('/'), false, 'filename is a basename');
    assert.ok(v.message, 'legacy Message interface read');
  });

  it('reads the legacy javascript sample with frames after source-map processing', () => {
    const v = viewEvent(load('samples/javascript.json'));
    assert.ok(v.exceptions.length >= 1);
    assert.ok(v.exceptions[0]!.frames.some((f) => f.lineno !== undefined && (f.absPath || f.filename)));
  });

  it('reads a REST API event (camelCase entries, context pairs)', () => {
    const raw = load('api/example-issue-event-latest.json');
    const v = viewEvent(raw);
    assert.equal(v.eventId, String(raw.eventID).toLowerCase());
    const frames = v.exceptions.flatMap((e) => e.frames);
    assert.ok(frames.length > 0, 'frames from entries[].data.values');
    const withContext = frames.find((f) => f.contextLine !== undefined);
    assert.ok(withContext, 'context pairs become contextLine');
    assert.ok(frames.some((f) => f.absPath && f.lineno !== undefined));
    assert.ok(v.timestamp && v.timestamp > 1e12, 'dateCreated read as ms');
  });

  it('takes the message and the crashed thread stack for a message event', () => {
    const v = viewEvent({
      event_id: 'AB'.repeat(16),
      level: 'warn',
      logentry: { formatted: 'disk almost full\nsecond line' },
      threads: { values: [{ id: 1, stacktrace: { frames: [{ filename: 'a.py', lineno: 1 }] } }, { id: 2, crashed: true, stacktrace: { frames: [{ filename: 'b.py', lineno: 9, in_app: true }] } }] },
    });
    assert.equal(v.eventId, 'ab'.repeat(16));
    assert.equal(v.level, 'warning');
    assert.equal(v.title, 'disk almost full');
    assert.equal(topFrame(v)?.filename, 'b.py');
    assert.equal(v.culprit, 'b.py');
  });

  it('names transactions by their transaction and tolerates garbage', () => {
    assert.equal(viewEvent({ type: 'transaction', transaction: 'GET /users' }).title, 'GET /users');
    const junk = viewEvent('not an event');
    assert.equal(junk.title, '<no message>');
    assert.deepEqual(junk.exceptions, []);
    assert.deepEqual(normalizeFrame(42), {});
  });

  it('normalises levels and tags in every shape', () => {
    assert.equal(normalizeLevel('CRITICAL'), 'fatal');
    assert.equal(normalizeLevel('nonsense'), 'error');
    assert.deepEqual(viewEvent({ tags: [['a', '1'], { key: 'b', value: 2 }] }).tags, [['a', '1'], ['b', '2']]);
    assert.deepEqual(viewEvent({ tags: { c: 'x' } }).tags, [['c', 'x']]);
    assert.equal(frameLocation({ filename: 'x.ts', lineno: 3, colno: 4 }), 'x.ts:3:4');
  });
});

describe('groupKey', () => {
  const err = (value: string, fn = 'handler') =>
    viewEvent({ exception: { values: [{ type: 'KeyError', value, stacktrace: { frames: [{ filename: 'app.py', function: fn, lineno: 3, in_app: true }] } }] } });

  it('groups the same exception type at the same frame regardless of the message', () => {
    assert.equal(groupKey(err('a')), groupKey(err('b')));
    assert.notEqual(groupKey(err('a')), groupKey(err('a', 'other')));
  });

  it('honours fingerprints, including {{ default }}', () => {
    const a = viewEvent({ message: 'x', fingerprint: ['payments'] });
    const b = viewEvent({ message: 'y', fingerprint: ['payments'] });
    assert.equal(groupKey(a), groupKey(b));
    const c = viewEvent({ ...{ exception: { values: [{ type: 'E' }] } }, fingerprint: ['{{ default }}', 'eu'] });
    const d = viewEvent({ ...{ exception: { values: [{ type: 'E' }] } }, fingerprint: ['{{ default }}', 'us'] });
    assert.notEqual(groupKey(c), groupKey(d));
  });

  it('folds numbers in messages so "user 17" and "user 18" group', () => {
    assert.equal(groupKey(viewEvent({ message: 'user 17 not found' })), groupKey(viewEvent({ message: 'user 18 not found' })));
    assert.notEqual(groupKey(viewEvent({ message: 'user 17 not found' })), groupKey(viewEvent({ message: 'order 17 not found' })));
  });
});

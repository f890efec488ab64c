import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IssueIndex } from '../../../../../src/capture/kinds/events/issueGroups';
import { parseQuery } from '../../../../../src/capture/kinds/events/query';
import type { StoredEvent } from '../../../../../src/capture/kinds/events/storedEvent';
import { viewEvent } from '../../../../../src/sentry/event/eventView';
import { groupKey } from '../../../../../src/sentry/event/grouping';
import { SHARED_FIXTURES } from '../../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES);
const load = (rel: string) => JSON.parse(readFileSync(join(fixtures, rel), 'utf8')) as Record<string, unknown>;

let seq = 0;
/** A stored event as the capture path makes it: the group key from the event's view. */
function stored(event: Record<string, unknown>, at: number, patch: Record<string, unknown> = {}): StoredEvent {
  const id = (++seq).toString(16).padStart(32, '0');
  const ev = { ...event, ...patch, event_id: id, timestamp: at / 1000 };
  return { id, receivedAt: at, source: 'envelope', groupKey: groupKey(viewEvent(ev)), event: ev };
}
const query = (text: string) => {
  const r = parseQuery(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

const T = Date.UTC(2026, 0, 1);
const python = load('samples/python-modern.json');
const java = load('samples/java.json');
const message = (text: string) => ({ message: text, level: 'info', platform: 'other' });

describe('IssueIndex', () => {
  it('groups the same exception at the same frame into one issue, others apart', () => {
    const idx = new IssueIndex();
    const d = idx.add([stored(python, T), stored(python, T + 1000, { environment: 'staging', release: 'r2' }), stored(java, T + 500)]);
    assert.equal(d.added.length, 2);
    const issues = idx.issues();
    assert.equal(issues.length, 2);
    const py = issues[0]!;
    assert.equal(py.count, 2);
    assert.equal(py.title, 'Exception: This is an example Python exception');
    assert.equal(py.lastSeen, T + 1000);
    assert.equal(py.firstSeen, T);
    assert.deepEqual(py.environments, ['production', 'staging']);
    assert.equal(py.topFrame?.function, viewEvent(python).exceptions.at(-1)!.frames.at(-1)!.function);
    assert.equal(issues[1]!.count, 1);
    assert.equal(issues[1]!.platform, 'java');
  });

  it('groups by the SDK fingerprint when one is set, whatever the exception', () => {
    const idx = new IssueIndex();
    idx.add([stored(python, T, { fingerprint: ['payments-down'] }), stored(java, T + 1, { fingerprint: ['payments-down'] }), stored(java, T + 2)]);
    const issues = idx.issues();
    assert.deepEqual(issues.map((i) => i.count).sort(), [1, 2]);
  });

  it('groups messages with numbers folded, different messages apart', () => {
    const idx = new IssueIndex();
    idx.add([stored(message('user 17 not found'), T), stored(message('user 18 not found'), T + 1), stored(message('cache cold'), T + 2)]);
    const issues = idx.issues();
    assert.equal(issues.length, 2);
    assert.deepEqual(issues.map((i) => [i.title, i.count]), [['cache cold', 1], ['user 18 not found', 2]]);
    assert.equal(issues[1]!.level, 'info');
  });

  it('reports which issues an update added, changed or removed', () => {
    const idx = new IssueIndex();
    const a = stored(python, T);
    const b = stored(java, T + 1);
    assert.deepEqual(idx.add([a, b]), { added: [a.groupKey, b.groupKey], changed: [], removed: [] });
    const a2 = stored(python, T + 2, { level: 'fatal' });
    assert.deepEqual(idx.add([a2]), { added: [], changed: [a.groupKey], removed: [] });
    assert.equal(idx.summary(a.groupKey)!.level, 'fatal');
    assert.equal(idx.summary(a.groupKey)!.latestEventId, a2.id);
    assert.deepEqual(idx.remove([a2.id]), { added: [], changed: [a.groupKey], removed: [] });
    assert.equal(idx.summary(a.groupKey)!.level, 'error');
    assert.deepEqual(idx.remove([a.id, 'unknown']), { added: [], changed: [], removed: [a.groupKey] });
    assert.deepEqual(idx.clear(), { added: [], changed: [], removed: [b.groupKey] });
    assert.equal(idx.size, 0);
  });

  it('applies store changes, counting resolved-state changes as changed issues', () => {
    const a = stored(python, T);
    const idx = new IssueIndex({ list: () => [a] });
    const b = stored(java, T + 1);
    const d = idx.apply({ added: [b], removed: [], cleared: false, resolvedChanged: [a.groupKey, 'gone'] });
    assert.deepEqual(d, { added: [b.groupKey], changed: [a.groupKey], removed: [] });
    const c = idx.apply({ added: [a], removed: [], cleared: true, resolvedChanged: [] });
    assert.deepEqual(c, { added: [a.groupKey], changed: [], removed: [b.groupKey] });
  });

  it('filters with a query (any event of the issue) and the local resolved state; sorts by last seen; limits', () => {
    const idx = new IssueIndex();
    const p = stored(python, T + 10);
    const j = stored(java, T + 20);
    const m = stored(message('disk almost full'), T + 30, { level: 'warning' });
    idx.add([p, j, m]);
    assert.deepEqual(idx.issues().map((i) => i.latestEventId), [m.id, j.id, p.id]);
    assert.deepEqual(idx.issues({ limit: 2 }).map((i) => i.latestEventId), [m.id, j.id]);
    assert.deepEqual(idx.issues({ query: query('level:warning') }).map((i) => i.groupKey), [m.groupKey]);
    assert.deepEqual(idx.issues({ query: query('platform:java') }).map((i) => i.groupKey), [j.groupKey]);
    const isResolved = (k: string) => k === j.groupKey;
    assert.deepEqual(idx.issues({ query: query('is:resolved'), isResolved }).map((i) => i.groupKey), [j.groupKey]);
    assert.deepEqual(idx.issues({ query: query('is:unresolved'), isResolved }).map((i) => i.groupKey), [m.groupKey, p.groupKey]);
  });

  it('answers field-only queries from the cheap fields exactly as from the full view', () => {
    const idx = new IssueIndex();
    const list = [stored(python, T), stored(java, T + 1, { environment: 'staging' }), stored(message('x'), T + 2, { level: 'warning', tags: { browser: 'Firefox' } }), stored(python, T + 3, { release: 'r9', platform: 'python' }), stored(message('numeric'), T + 4, { release: 42, environment: 7 })];
    idx.add(list);
    for (const text of ['release:42', 'environment:7', 'has:environment', 'level:error', 'environment:production', '!environment:staging', 'release:r9', 'platform:java', 'has:release', 'browser:Fire*', 'level:[warning,fatal]', `id:${list[1]!.id}`]) {
      // "message:*" matches every event but forces the full view.
      const light = idx.issues({ query: query(text) }).map((i) => i.groupKey);
      const full = idx.issues({ query: query(`${text} message:*`) }).map((i) => i.groupKey);
      assert.deepEqual(light, full, text);
    }
    assert.deepEqual(idx.issues({ query: query('level:warning') }).map((i) => i.title), ['x']);
    assert.deepEqual(idx.issues({ query: query('release:42') }).map((i) => i.title), ['numeric'], 'a numeric release, as the event view reads it');
  });

  it('lists an issue’s events newest first and caches each event’s view', () => {
    const idx = new IssueIndex();
    const a = stored(python, T);
    const b = stored(python, T + 5);
    idx.add([a, b]);
    assert.deepEqual(idx.eventsOf(a.groupKey).map((e) => e.id), [b.id, a.id]);
    assert.deepEqual(idx.eventsOf('nope'), []);
    const v1 = idx.viewOf(a);
    assert.equal(idx.viewOf(a), v1);
    assert.equal(v1.eventId, a.id);
  });
});

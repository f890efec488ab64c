import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueListSchema } from '../../../../src/api/schemas';
import { toApiIssue } from '../../../../src/api/apiIssue';
import { EventStore } from '../../../../src/capture/kinds/events/eventStore';
import { parseQuery } from '../../../../src/capture/kinds/events/query';
import type { StoredEvent } from '../../../../src/capture/kinds/events/storedEvent';
import { SentryError } from '../../../../src/sentry/errors';
import { viewEvent } from '../../../../src/sentry/event/eventView';
import { groupKey } from '../../../../src/sentry/event/grouping';
import { Emitter } from '../../../../src/util/emitter';
import { silentLogger } from '../../../../src/util/logger';
import type { ApiHealth, ApiIssueEntry, ApiIssuesSource } from '../../../../src/ui/common/contracts';
import { type ErrorNode, nodeId } from '../../../../src/ui/events/errorNodes';
import { ErrorTreeModel, PAGE_SIZE } from '../../../../src/ui/errors/errorTreeModel';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = path.join(SHARED_FIXTURES);
const load = (rel: string) => JSON.parse(readFileSync(path.join(fixtures, rel), 'utf8')) as Record<string, unknown>;
const T0 = 1_750_000_000_000;
let seq = 0;

/** A stored event as the listener would keep it: a fresh id, the event's own timestamp, its real group key. */
function stored(event: Record<string, unknown>, at: number): StoredEvent {
  const id = (++seq).toString(16).padStart(32, '0');
  const e = { ...event, event_id: id, timestamp: at / 1000 };
  return { id, receivedAt: at, source: 'envelope', groupKey: groupKey(viewEvent(e)), event: e };
}

/** The REST API side as the views see it, serving Sentry's published examples. */
class ExampleApi implements ApiIssuesSource {
  enabled = false;
  issues: ApiIssueEntry[] = [];
  health: ApiHealth = { state: 'ok', lastPollAt: T0 };
  latest: () => Promise<Record<string, unknown>> = async () => load('api/example-issue-event-latest.json');
  readonly changes = new Emitter<{ changedIds: string[]; newIds: string[] }>();
  readonly onDidChange = this.changes.event as unknown as ApiIssuesSource['onDidChange'];
  latestEvent(): Promise<Record<string, unknown>> {
    return this.latest();
  }
  setVisible(): void {}
  refresh(): void {}
}

/** Manually driven batching timers: the test decides when a burst ends. */
function manualTimers() {
  const pending: Array<() => void> = [];
  return {
    timers: { set: (fn: () => void) => pending.push(fn), clear: () => {} },
    flush: () => {
      for (const fn of pending.splice(0)) fn();
    },
  };
}

async function walk(model: ErrorTreeModel, node: ErrorNode | undefined, out: ErrorNode[], depth = 0): Promise<void> {
  if (depth > 8) return;
  for (const child of await model.children(node)) {
    out.push(child);
    if (child.kind !== 'showMore') await walk(model, child, out, depth + 1);
  }
}

describe('ErrorTreeModel over the real event store', () => {
  let dir: string;
  let store: EventStore;
  let api: ExampleApi;
  let model: ErrorTreeModel;
  let timers: ReturnType<typeof manualTimers>;
  let query: ReturnType<typeof parseQuery> | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sentry-lens-tree-'));
    store = await EventStore.open(dir, { maxEvents: 20_000 });
    api = new ExampleApi();
    timers = manualTimers();
    query = undefined;
    model = new ErrorTreeModel({
      store: async () => store,
      api,
      log: silentLogger,
      query: () => (query && query.ok ? query.value : undefined),
      organization: () => 'the-interstellar-jurisdiction',
      apiProjects: () => [],
      batchMs: 100,
      timers: timers.timers,
    });
  });

  afterEach(async () => {
    model.dispose();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns no roots when nothing is stored, so the welcome views show', async () => {
    assert.deepEqual(await model.children(), []);
  });

  it('shows issues newest first, events newest first, the raised exception first and frames innermost first, with unique stable ids', async () => {
    const py = load('samples/python-modern.json');
    const js = load('samples/javascript.json');
    await store.append([stored(py, T0), stored(js, T0 + 1000), stored(py, T0 + 2000)]);
    const roots = await model.children();
    assert.deepEqual(roots.map((r) => r.kind), ['issue', 'issue']);
    const [first, second] = roots as Array<Extract<ErrorNode, { kind: 'issue' }>>;
    assert.equal(first!.summary.count, 2, 'the two Python events group together and were seen last');
    assert.equal(second!.summary.count, 1);

    const events = await model.children(first);
    assert.equal(events.length, 2);
    const [newest, older] = events as Array<Extract<ErrorNode, { kind: 'event' }>>;
    assert.ok(newest!.receivedAt > older!.receivedAt);

    const exceptions = await model.children(newest);
    const view = viewEvent(store.get(newest!.eventId)!.event);
    assert.equal(exceptions.length, view.exceptions.length);
    const raised = exceptions[0] as Extract<ErrorNode, { kind: 'exception' }>;
    assert.equal(raised.index, view.exceptions.length - 1);
    assert.ok(raised.raised);

    const frames = await model.children(raised);
    const flat: number[] = [];
    for (const f of frames) {
      if (f.kind === 'frame') flat.push(f.frameIndex);
      else if (f.kind === 'library') flat.push(...f.frames.map((x) => x.index));
    }
    assert.deepEqual(flat, [...raised.exception.frames.keys()].reverse(), 'every frame, innermost first');

    const all: ErrorNode[] = [];
    await walk(model, undefined, all);
    const ids = all.map(nodeId);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    const again: ErrorNode[] = [];
    await walk(model, undefined, again);
    assert.deepEqual(again.map(nodeId), ids, 'ids are stable');
  });

  it('pages the roots: 200 issues and a "Show more" node, then 400', async () => {
    const events: StoredEvent[] = [];
    // Grouping folds numbers in messages, so the messages differ in words.
    const word = (n: number) => String.fromCharCode(103 + (n % 20)) + String.fromCharCode(103 + Math.floor(n / 20));
    for (let i = 0; i < 450; i++) events.push(stored({ message: `failure kind ${word(i)}` }, T0 + i));
    await store.append(events);
    const keys = new Set(events.map((e) => e.groupKey));
    assert.ok(keys.size > 2 * PAGE_SIZE, `needs more than ${2 * PAGE_SIZE} issues, made ${keys.size}`);
    let roots = await model.children();
    assert.equal(roots.length, PAGE_SIZE + 1);
    assert.equal(roots[PAGE_SIZE]!.kind, 'showMore');
    const fired: Array<ErrorNode[] | undefined> = [];
    model.onDidChange((n) => fired.push(n));
    model.showMore();
    assert.deepEqual(fired, [undefined], 'Show more re-renders the roots');
    roots = await model.children();
    assert.equal(roots.length, 2 * PAGE_SIZE + 1);
  });

  it('batches a burst and fires only the changed issue node; a new issue re-renders the roots', async () => {
    const py = load('samples/python-modern.json');
    const js = load('samples/javascript.json');
    await store.append([stored(py, T0), stored(js, T0 + 1000)]);
    const roots = await model.children();
    const jsNode = roots[0]!;
    const fired: Array<ErrorNode[] | undefined> = [];
    const received: string[][] = [];
    model.onDidChange((n) => fired.push(n));
    model.onDidReceiveEvents((levels) => received.push(levels));

    // Three more events of the JavaScript issue in one burst: it stays on top, so only its node re-renders, once.
    await store.append([stored(js, T0 + 2000)]);
    await store.append([stored(js, T0 + 3000), stored(js, T0 + 4000)]);
    assert.deepEqual(fired, [], 'nothing fires before the burst ends');
    timers.flush();
    assert.equal(fired.length, 1);
    assert.deepEqual(fired[0], [jsNode], 'the same node object, so VS Code can find it');
    assert.equal((jsNode as Extract<ErrorNode, { kind: 'issue' }>).summary.count, 4);
    assert.deepEqual(received, [['error'], ['error', 'error']]);

    // A Python event now moves the other issue to the top: the order changed, so the roots re-render.
    await store.append([stored(py, T0 + 5000)]);
    timers.flush();
    assert.deepEqual(fired[1], undefined);
    assert.equal(fired.length, 2);

    // Resolving changes the issue in place.
    await model.children();
    const top = (await model.children())[0] as Extract<ErrorNode, { kind: 'issue' }>;
    await store.setResolved([top.groupKey], true);
    timers.flush();
    assert.deepEqual(fired[2], [top]);
    assert.equal(top.resolved, true);
  });

  it('applies the filter in Sentry search syntax', async () => {
    await store.append([stored({ message: 'disk almost full', level: 'warning' }, T0), stored({ message: 'boom', level: 'error' }, T0 + 1)]);
    query = parseQuery('level:warning');
    assert.ok(query.ok);
    const roots = (await model.children()) as Array<Extract<ErrorNode, { kind: 'issue' }>>;
    assert.deepEqual(roots.map((r) => r.summary.title), ['disk almost full']);
    query = parseQuery('level:fatal');
    const none = await model.children();
    assert.deepEqual(none.map(nodeId), ['message:noMatch'], 'a filter that hides everything says so instead of showing the welcome');
  });

  it('shows REST API issues under <org>/<project>, their latest event on expand, and a failure as one error node', async () => {
    api.enabled = true;
    api.issues = issueListSchema.parse(load('api/example-list-org-issues.json')).map((raw) => {
      const i = toApiIssue(raw);
      return { ...i, firstSeen: i.firstSeen ?? '', lastSeen: i.lastSeen ?? '' };
    });
    const roots = await model.children();
    assert.deepEqual(roots.map(nodeId), ['apiProject:the-interstellar-jurisdiction/pump-station']);
    const issues = await model.children(roots[0]);
    assert.equal(issues[0]!.kind, 'apiIssue');
    assert.equal(nodeId(issues[0]!), 'apiIssue:1');
    const fetched: string[] = [];
    model.onDidFetchLatestEvent(({ issue }) => fetched.push(issue.id));
    const exceptions = await model.children(issues[0]);
    assert.ok(exceptions.length >= 1);
    assert.equal(exceptions[0]!.kind, 'exception');
    assert.deepEqual(fetched, ['1']);
    const frames = await model.children(exceptions[0]);
    assert.ok(frames.some((f) => f.kind === 'frame' || f.kind === 'library'));

    api.issues = api.issues.map((i) => ({ ...i, lastSeen: '2026-01-01T00:00:00Z' }));
    api.latest = async () => {
      throw new SentryError('auth', 'the auth token is invalid or expired', { status: 401 });
    };
    const failed = await model.children((await model.children(roots[0]))[0]);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.kind, 'message');
    assert.match((failed[0] as Extract<ErrorNode, { kind: 'message' }>).text, /invalid or expired/);
  });

  it('narrows the REST API issues shown with the same filter, and says when it hides them all', async () => {
    api.enabled = true;
    api.issues = issueListSchema.parse(load('api/example-list-org-issues.json')).map((raw) => {
      const i = toApiIssue(raw);
      return { ...i, firstSeen: i.firstSeen ?? '', lastSeen: i.lastSeen ?? '' };
    });
    const [project] = await model.children();
    const all = await model.children(project);
    assert.ok(all.length >= 1 && all.every((n) => n.kind === 'apiIssue'));
    const first = (all[0] as Extract<ErrorNode, { kind: 'apiIssue' }>).issue;
    query = parseQuery(`issue:${first.shortId} OR (project:pump-station timesSeen:>100000000)`);
    assert.ok(query.ok);
    assert.deepEqual((await model.children(project)).map(nodeId), [`apiIssue:${first.id}`]);
    query = parseQuery(`title:"${first.title.slice(0, 12)}" is:${first.status === 'resolved' ? 'resolved' : 'unresolved'} level:${first.level}`);
    assert.ok((await model.children(project)).some((n) => nodeId(n) === `apiIssue:${first.id}`));
    query = parseQuery('context.payment.provider:stripe');
    const none = await model.children(project);
    assert.equal(none.length, 1);
    assert.match((none[0] as Extract<ErrorNode, { kind: 'message' }>).text, /None of \d+ issues matches the filter/);
  });

  it('keeps the API issues visible when the store cannot be opened, and reports the failure', async () => {
    const logged: string[] = [];
    const broken = new ErrorTreeModel({
      store: async () => {
        throw new Error('EACCES: permission denied, open events.log');
      },
      api,
      log: { ...silentLogger, error: (m: string) => logged.push(m) },
      query: () => undefined,
      organization: () => 'org',
      apiProjects: () => ['web'],
    });
    try {
      await assert.rejects(broken.children(), /permission denied/);
      api.enabled = true;
      const errors: Array<string | undefined> = [];
      broken.onDidReportError((m) => errors.push(m));
      const roots = await broken.children();
      assert.deepEqual(roots.map(nodeId), ['apiProject:org/web']);
      assert.ok(errors[0], 'the failure goes to the view message');
      assert.ok(logged.some((l) => /permission denied/.test(l)), 'the detail goes to the log');
    } finally {
      broken.dispose();
    }
  });
});

import { IssueIndex } from '../../capture/kinds/events/issueGroups';
import type { Query, SearchableEvent } from '../../capture/kinds/events/query';
import { searchableIssue } from '../../sentry/search/issueSummary';
import type { EventStoreApi, StoreChange, StoredEvent } from '../../capture/kinds/events/storedEvent';
import { logDetailOf, userMessageOf } from '../../sentry/errors';
import { type EventView, type Level, normalizeLevel, viewEvent } from '../../sentry/event/eventView';
import { DisposableBase, toDisposable } from '../../util/disposable';
import { Emitter } from '../../util/emitter';
import type { Logger } from '../../util/logger';
import type { ApiIssueEntry, ApiIssuesSource } from '../common/contracts';
import { ChangeBatcher } from './changeBatcher';
import type { ApiIssueNode, ApiProjectNode, ErrorNode, EventNode, EventOwner, IssueNode } from '../events/errorNodes';
import { exceptionsRaisedFirst, frameSegments } from '../events/frameSegments';

export const PAGE_SIZE = 200;
const MAX_EVENTS_PER_ISSUE = 100;
const BATCH_MS = 100;

export interface ErrorTreeModelOptions {
  store(): Promise<EventStoreApi>;
  api: ApiIssuesSource;
  log: Logger;
  /** The active filter, if any. */
  query(): Query | undefined;
  /** The organization slug of the REST API settings (project nodes read `<org>/<project>`). */
  organization(): string;
  /** Project slugs configured for the REST API (shown even before they have issues). */
  apiProjects(): readonly string[];
  /** Batching window for store changes (ms) and its timers (tests pass their own). */
  batchMs?: number;
  timers?: { set(fn: () => void, ms: number): unknown; clear(h: unknown): void };
}

/**
 * What the "Errors" tree shows, without VS Code: captured issues (grouped by
 * IssueIndex over the store), paged, then one node per REST API project. Node
 * objects are kept per id so a change can name exactly the nodes it touched;
 * bursts of store changes are batched.
 */
export class ErrorTreeModel extends DisposableBase {
  private readonly changeEmitter = this._register(new Emitter<ErrorNode[] | undefined>((e) => this.listenerFailed(e)));
  /** The nodes to re-render, or undefined for the roots (order or membership changed). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly newEventsEmitter = this._register(new Emitter<Level[]>((e) => this.listenerFailed(e)));
  /** Levels of events that arrived (captured or new API issues), for the badge. */
  readonly onDidReceiveEvents = this.newEventsEmitter.event;
  private readonly errorEmitter = this._register(new Emitter<string | undefined>((e) => this.listenerFailed(e)));
  /** A transient failure to show as the view's message (undefined clears it). */
  readonly onDidReportError = this.errorEmitter.event;
  private readonly latestFetchedEmitter = this._register(new Emitter<{ issue: ApiIssueEntry; view: EventView }>((e) => this.listenerFailed(e)));
  /** An API issue's latest event was fetched (the Problems panel shows its top frame). */
  readonly onDidFetchLatestEvent = this.latestFetchedEmitter.event;

  private readonly index = new IssueIndex();
  private storeRef: EventStoreApi | undefined;
  private loading: Promise<EventStoreApi> | undefined;
  private readonly issueNodes = new Map<string, IssueNode>();
  private rootKeys: string[] = [];
  private pages = 1;
  private readonly apiIssueNodes = new Map<string, ApiIssueNode>();
  private readonly apiProjectNodes = new Map<string, ApiProjectNode>();
  private readonly apiSearchables = new Map<string, { key: string; event: SearchableEvent }>();
  private apiProjectKeys = '';
  private readonly latest = new Map<string, { lastSeen: string; result: Promise<EventView | Error> }>();
  private readonly batcher: ChangeBatcher<string>;

  constructor(private readonly opts: ErrorTreeModelOptions) {
    super();
    this.batcher = this._register(new ChangeBatcher<string>(opts.batchMs ?? BATCH_MS, (keys, all) => this.flush(keys, all), opts.timers));
    this._register(opts.api.onDidChange((c) => this.onApiChange(c.changedIds, c.newIds)));
  }

  private listenerFailed(e: unknown): void {
    this.opts.log.error(`a listener of the Errors tree failed: ${logDetailOf(e)}`);
  }

  /** The store, loaded into the index on first use. Rejects with the store's failure. */
  async ensureStore(): Promise<EventStoreApi> {
    if (this.storeRef) return this.storeRef;
    this.loading ??= (async () => {
      const store = await this.opts.store();
      if (this.isDisposed) throw new Error('the Errors view was closed');
      this.index.add(store.list());
      const sub = store.onDidChange((c) => this.onStoreChange(store, c));
      this._register(toDisposable(() => sub.dispose()));
      this.storeRef = store;
      return store;
    })();
    try {
      return await this.loading;
    } catch (e) {
      this.loading = undefined;
      throw e;
    }
  }

  get store(): EventStoreApi | undefined {
    return this.storeRef;
  }

  getParent(node: ErrorNode): ErrorNode | undefined {
    if (node.kind === 'event') return this.issueNodes.get(node.groupKey);
    if (node.kind === 'apiIssue') return this.apiProjectNodes.get(`${this.opts.organization()}/${node.issue.project.slug}`);
    return undefined;
  }

  /** The children of a node (the roots without one). Rejects when the store cannot be read. */
  async children(node?: ErrorNode): Promise<ErrorNode[]> {
    return this.childrenOf(node);
  }

  /** Reports (or clears) a transient failure for the view's message. */
  reportError(message: string | undefined): void {
    this.errorEmitter.fire(message);
  }

  private async childrenOf(node?: ErrorNode): Promise<ErrorNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'issue':
        return this.eventsOf(node.groupKey);
      case 'event': {
        const store = await this.ensureStore();
        const stored = store.get(node.eventId);
        if (!stored) return [{ kind: 'message', id: `${node.eventId}/gone`, text: 'This event was deleted', error: false }];
        return this.exceptionNodes({ source: 'captured', eventId: node.eventId }, this.index.viewOf(stored));
      }
      case 'exception':
        return frameSegments(node.exception.frames).map((s) =>
          s.kind === 'frame'
            ? { kind: 'frame', owner: node.owner, exceptionIndex: node.index, frameIndex: s.index, frame: s.frame, inApp: s.inApp, platform: node.platform }
            : { kind: 'library', owner: node.owner, exceptionIndex: node.index, frames: s.frames, platform: node.platform },
        );
      case 'library':
        return node.frames.map(({ frame, index }) => ({
          kind: 'frame',
          owner: node.owner,
          exceptionIndex: node.exceptionIndex,
          frameIndex: index,
          frame,
          inApp: false,
          platform: node.platform,
        }));
      case 'apiProject':
        return this.apiIssuesOf(node);
      case 'apiIssue': {
        const view = await this.latestEvent(node.issue);
        if (view instanceof Error) return [{ kind: 'message', id: `${node.issue.id}/error`, text: `Could not load the latest event: ${userMessageOf(view)}`, tooltip: userMessageOf(view), error: true }];
        const nodes = this.exceptionNodes({ source: 'api', issueId: node.issue.id }, view);
        return nodes.length ? nodes : [{ kind: 'message', id: `${node.issue.id}/nostack`, text: 'The latest event has no stack trace', error: false }];
      }
      default:
        return [];
    }
  }

  private exceptionNodes(owner: EventOwner, view: EventView): ErrorNode[] {
    const platform = view.platform;
    if (!view.exceptions.length) {
      if (!view.messageFrames.length) return [];
      return [{ kind: 'exception', owner, index: -1, exception: { frames: view.messageFrames }, raised: true, platform }];
    }
    return exceptionsRaisedFirst(view.exceptions).map(({ exception, index }, i) => ({ kind: 'exception', owner, index, exception, raised: i === 0, platform }));
  }

  private async roots(): Promise<ErrorNode[]> {
    let captured: ErrorNode[] = [];
    let failure: unknown;
    try {
      captured = this.capturedRoots(await this.ensureStore());
    } catch (e) {
      failure = e;
    }
    const api = this.apiProjectRoots();
    // A store that cannot be opened still leaves the API issues visible; the failure goes to the view's message.
    if (failure !== undefined && !api.length) throw failure;
    if (failure !== undefined) {
      this.opts.log.error(`the event store could not be read: ${logDetailOf(failure)}`);
      this.errorEmitter.fire(userMessageOf(failure));
    }
    return [...captured, ...api];
  }

  private capturedRoots(store: EventStoreApi): ErrorNode[] {
    const list = this.issuesPage(store);
    const roots: ErrorNode[] = [];
    const more = list.length > PAGE_SIZE * this.pages;
    const shown = more ? list.slice(0, PAGE_SIZE * this.pages) : list;
    const seen = new Set<string>();
    for (const s of shown) {
      seen.add(s.groupKey);
      const resolved = store.isResolved(s.groupKey);
      let n = this.issueNodes.get(s.groupKey);
      if (n) {
        n.summary = s;
        n.resolved = resolved;
      } else {
        n = { kind: 'issue', groupKey: s.groupKey, summary: s, resolved };
        this.issueNodes.set(s.groupKey, n);
      }
      roots.push(n);
    }
    for (const k of [...this.issueNodes.keys()]) if (!seen.has(k)) this.issueNodes.delete(k);
    this.rootKeys = shown.map((s) => s.groupKey);
    if (more) roots.push({ kind: 'showMore', shown: shown.length });
    // Events stored but none matching: say so, rather than leave the welcome text ("nothing captured") showing.
    if (!roots.length && store.size > 0 && this.opts.query()) {
      roots.push({ kind: 'message', id: 'noMatch', text: 'No captured issue matches the filter. Click to clear it.', error: false, command: 'sentry.clearFilter' });
    }
    return roots;
  }

  private issuesPage(store: EventStoreApi) {
    const query = this.opts.query();
    return this.index.issues({
      ...(query ? { query } : {}),
      isResolved: (k: string) => store.isResolved(k),
      limit: PAGE_SIZE * this.pages + 1,
    });
  }

  private apiProjectRoots(): ApiProjectNode[] {
    const api = this.opts.api;
    if (!api.enabled) {
      this.apiProjectKeys = '';
      return [];
    }
    const org = this.opts.organization();
    const slugs = new Set<string>(this.opts.apiProjects());
    for (const i of api.issues) slugs.add(i.project.slug);
    const out: ApiProjectNode[] = [];
    for (const slug of [...slugs].sort()) {
      const key = `${org}/${slug}`;
      let n = this.apiProjectNodes.get(key);
      if (!n) {
        n = { kind: 'apiProject', org, slug };
        this.apiProjectNodes.set(key, n);
      }
      out.push(n);
    }
    this.apiProjectKeys = out.map((n) => n.slug).join('\n');
    return out;
  }

  private apiIssuesOf(project: ApiProjectNode): ErrorNode[] {
    const all = this.opts.api.issues.filter((i) => i.project.slug === project.slug);
    // Sentry evaluated sentry.api.query; the tree's filter narrows what it sent, with the same evaluator as captured events.
    const query = this.opts.query();
    const issues = query ? all.filter((i) => query.test(this.searchableApiIssue(i))) : all;
    if (!issues.length && all.length) {
      return [{ kind: 'message', id: `${project.org}/${project.slug}/noMatch`, text: `None of ${all.length} issues matches the filter. Click to clear it.`, error: false, command: 'sentry.clearFilter' }];
    }
    if (!issues.length) {
      const h = this.opts.api.health;
      const text = h.state === 'error' || h.state === 'degraded' ? h.reason : 'No issues match the API query';
      return [{ kind: 'message', id: `${project.org}/${project.slug}/empty`, text, error: h.state === 'error' }];
    }
    return issues.map((issue) => {
      let n = this.apiIssueNodes.get(issue.id);
      if (n) n.issue = issue;
      else {
        n = { kind: 'apiIssue', issue };
        this.apiIssueNodes.set(issue.id, n);
      }
      return n;
    });
  }

  private searchableApiIssue(issue: ApiIssueEntry): SearchableEvent {
    const key = `${issue.id}\n${issue.lastSeen}\n${issue.status}\n${issue.count}`;
    let s = this.apiSearchables.get(issue.id);
    if (!s || s.key !== key) this.apiSearchables.set(issue.id, (s = { key, event: searchableIssue(issue) }));
    return s.event;
  }

  /**
   * The newest captured events as queries read them (fields cached with the
   * index), for the filter's suggestions; empty before the store is open.
   */
  recentSearchables(limit: number): SearchableEvent[] {
    const store = this.storeRef;
    return store ? store.list({ limit }).map((e) => this.index.searchableOf(e)) : [];
  }

  /** The latest event of an API issue, fetched once per `lastSeen`; failures are returned, not thrown. */
  latestEvent(issue: ApiIssueEntry): Promise<EventView | Error> {
    const cached = this.latest.get(issue.id);
    if (cached && cached.lastSeen === issue.lastSeen) return cached.result;
    const result = this.opts.api.latestEvent(issue.id).then(
      (raw) => {
        const view = viewEvent(raw);
        this.latestFetchedEmitter.fire({ issue, view });
        return view;
      },
      (e: unknown) => {
        this.latest.delete(issue.id);
        this.opts.log.warn(`latest event of ${issue.shortId}: ${logDetailOf(e)}`);
        return e instanceof Error ? e : new Error(userMessageOf(e));
      },
    );
    this.latest.set(issue.id, { lastSeen: issue.lastSeen, result });
    return result;
  }

  /** The raw latest event of an API issue (for the details view). */
  async latestRawEvent(issue: ApiIssueEntry): Promise<Record<string, unknown>> {
    return this.opts.api.latestEvent(issue.id);
  }

  private async eventsOf(groupKey: string): Promise<ErrorNode[]> {
    await this.ensureStore();
    const events = this.index.eventsOf(groupKey);
    const nodes: ErrorNode[] = events.slice(0, MAX_EVENTS_PER_ISSUE).map(
      (e): EventNode => ({ kind: 'event', eventId: e.id, groupKey, receivedAt: e.receivedAt, level: normalizeLevel(e.event.level) }),
    );
    if (events.length > MAX_EVENTS_PER_ISSUE) nodes.push({ kind: 'message', id: `${groupKey}/more`, text: `${events.length - MAX_EVENTS_PER_ISSUE} older events not shown`, error: false });
    return nodes;
  }

  /** Events of an issue, newest first (for commands on issue nodes). */
  storedEventsOf(groupKey: string): StoredEvent[] {
    return this.index.eventsOf(groupKey);
  }

  /** Recent unresolved captured issues (for the Problems panel). */
  recentIssues(limit: number) {
    const store = this.storeRef;
    if (!store) return [];
    return this.index.issues({ isResolved: (k: string) => store.isResolved(k), limit }).filter((s) => !store.isResolved(s.groupKey));
  }

  showMore(): void {
    this.pages++;
    this.changeEmitter.fire(undefined);
  }

  /** Re-render the roots as they are (relative times age). */
  rerender(): void {
    this.changeEmitter.fire(undefined);
  }

  /** Re-render everything from the first page (filter changed, settings changed). */
  refreshAll(): void {
    this.pages = 1;
    this.changeEmitter.fire(undefined);
  }

  private onStoreChange(store: EventStoreApi, c: StoreChange): void {
    const delta = this.index.apply(c);
    if (c.added.length) {
      this.newEventsEmitter.fire(c.added.filter((e) => !store.isResolved(e.groupKey)).map((e) => normalizeLevel(e.event.level)));
    }
    // Added and removed issues change the roots' order; flush() notices and fires the roots.
    this.batcher.add([...delta.changed, ...delta.added, ...delta.removed], c.cleared);
  }

  private flush(keys: Set<string>, all: boolean): void {
    const store = this.storeRef;
    if (!store || all) {
      this.changeEmitter.fire(undefined);
      return;
    }
    const list = this.issuesPage(store).slice(0, PAGE_SIZE * this.pages);
    const order = list.map((s) => s.groupKey);
    if (order.length !== this.rootKeys.length || order.some((k, i) => k !== this.rootKeys[i])) {
      this.changeEmitter.fire(undefined);
      return;
    }
    const changed: ErrorNode[] = [];
    for (const s of list) {
      if (!keys.has(s.groupKey)) continue;
      const n = this.issueNodes.get(s.groupKey);
      if (!n) continue;
      n.summary = s;
      n.resolved = store.isResolved(s.groupKey);
      changed.push(n);
    }
    if (changed.length) this.changeEmitter.fire(changed);
  }

  private onApiChange(changedIds: string[], newIds: string[]): void {
    const byId = new Map(this.opts.api.issues.map((i) => [i.id, i]));
    if (newIds.length) {
      this.newEventsEmitter.fire(newIds.map((id) => normalizeLevel(byId.get(id)?.level)));
    }
    const before = this.apiProjectKeys;
    const slugs = new Set<string>(this.opts.apiProjects());
    for (const i of this.opts.api.issues) slugs.add(i.project.slug);
    const after = this.opts.api.enabled ? [...slugs].sort().join('\n') : '';
    if (!changedIds.length || before !== after) {
      this.changeEmitter.fire(undefined);
      return;
    }
    const projects = new Set<ApiProjectNode>();
    const changed: ErrorNode[] = [];
    for (const id of changedIds) {
      const issue = byId.get(id);
      const node = this.apiIssueNodes.get(id);
      // An issue that appeared, moved or went away changes its project's list.
      if (!issue || !node) {
        const org = this.opts.organization();
        const slug = issue?.project.slug ?? node?.issue.project.slug;
        const p = slug ? this.apiProjectNodes.get(`${org}/${slug}`) : undefined;
        if (p) projects.add(p);
        else {
          this.changeEmitter.fire(undefined);
          return;
        }
        if (!issue) this.apiIssueNodes.delete(id);
        continue;
      }
      node.issue = issue;
      changed.push(node);
    }
    const nodes = [...projects, ...changed];
    if (nodes.length) this.changeEmitter.fire(nodes);
  }

}

import { type EventView, eventFields, type FrameView, LEVELS, type Level, topFrame, viewEvent } from '../../../sentry/event/eventView';
import { type EventIssueStats, SearchableEvent } from '../../../sentry/search/searchableEvent';
import type { StoreChange, StoredEvent } from './storedEvent';
import { type Query, usesIssueStats } from './query';

/** One issue of the tree: the events that share a group key (see sentry/event/grouping.ts). */
export interface IssueSummary {
  groupKey: string;
  /** Title and culprit of the latest event. */
  title: string;
  culprit: string;
  /** The most severe level among the issue's events. */
  level: Level;
  count: number;
  /** Milliseconds since the epoch: the event's own timestamp, or when it was received. */
  firstSeen: number;
  lastSeen: number;
  environments: string[];
  releases: string[];
  platform?: string;
  latestEventId: string;
  /** The innermost in-app frame of the latest event. */
  topFrame?: FrameView;
  projectId?: string;
}

/** Which issues an update touched: `added` are new issues, `changed` existing ones that gained or lost events, `removed` issues left empty. */
export interface IssueDelta {
  added: string[];
  changed: string[];
  removed: string[];
}

interface Entry {
  stored: StoredEvent;
  time: number;
  level: Level;
  environment?: string;
  release?: string;
  platform?: string;
  view?: EventView;
  /** The event as queries read it (fields derived on first read, shared with `view`). */
  search?: SearchableEvent;
}

interface Group {
  key: string;
  entries: Map<string, Entry>;
  /** The newest entry, kept up to date on add (recomputed on remove), so sorting needs no summaries. */
  latest?: Entry;
  summary?: IssueSummary;
}

const SEVERITY = new Map<Level, number>(LEVELS.map((l, i) => [l, LEVELS.length - i]));

/**
 * Groups stored events into issues, incrementally: each update says which
 * issues changed so a tree re-renders only those. Only the few fields grouping
 * needs are read from every event; the full `viewEvent` runs lazily (for the
 * latest event of an issue, or when a query needs it) and is cached per event.
 */
export class IssueIndex {
  private groups = new Map<string, Group>();
  private byId = new Map<string, Group>();

  constructor(store?: { list(): StoredEvent[] }) {
    if (store) this.add(store.list());
  }

  get size(): number {
    return this.byId.size;
  }

  add(events: StoredEvent[]): IssueDelta {
    const added = new Set<string>();
    const changed = new Set<string>();
    for (const stored of events) {
      const existing = this.byId.get(stored.id);
      if (existing) {
        // The same id again (a retry, a webhook for an event we captured): keep the newer copy.
        existing.entries.set(stored.id, entryOf(stored));
        existing.latest = newestOf(existing);
        existing.summary = undefined;
        if (!added.has(existing.key)) changed.add(existing.key);
        continue;
      }
      let group = this.groups.get(stored.groupKey);
      if (!group) {
        group = { key: stored.groupKey, entries: new Map() };
        this.groups.set(group.key, group);
        added.add(group.key);
      } else if (!added.has(group.key)) changed.add(group.key);
      const entry = entryOf(stored);
      group.entries.set(stored.id, entry);
      if (!group.latest || byTimeDesc(entry, group.latest) < 0) group.latest = entry;
      group.summary = undefined;
      this.byId.set(stored.id, group);
    }
    return { added: [...added], changed: [...changed], removed: [] };
  }

  remove(ids: string[]): IssueDelta {
    const changed = new Set<string>();
    const removed: string[] = [];
    for (const id of ids) {
      const group = this.byId.get(id);
      if (!group) continue;
      this.byId.delete(id);
      const gone = group.entries.get(id);
      group.entries.delete(id);
      if (gone === group.latest) group.latest = newestOf(group);
      group.summary = undefined;
      changed.add(group.key);
    }
    for (const key of [...changed]) {
      if (this.groups.get(key)!.entries.size === 0) {
        this.groups.delete(key);
        changed.delete(key);
        removed.push(key);
      }
    }
    return { added: [], changed: [...changed], removed };
  }

  clear(): IssueDelta {
    const removed = [...this.groups.keys()];
    this.groups.clear();
    this.byId.clear();
    return { added: [], changed: [], removed };
  }

  /** Applies a store change (wire it to `EventStoreApi.onDidChange`); resolved-state changes count as changed issues. */
  apply(change: StoreChange): IssueDelta {
    const out: IssueDelta = change.cleared ? this.clear() : { added: [], changed: [], removed: [] };
    const r = this.remove(change.removed);
    const a = this.add(change.added);
    const removed = new Set([...out.removed, ...r.removed]);
    const added = new Set(a.added);
    // An issue cleared and re-added in one change is reported as added.
    for (const k of added) removed.delete(k);
    const changed = new Set([...r.changed, ...a.changed, ...change.resolvedChanged.filter((k) => this.groups.has(k))]);
    for (const k of added) changed.delete(k);
    for (const k of removed) changed.delete(k);
    return { added: [...added], changed: [...changed], removed: [...removed] };
  }

  /** Issues, most recently seen first. With a query, an issue is listed when any of its events matches. Summaries are built only for the issues returned. */
  issues(opts: { query?: Query; isResolved?: (groupKey: string) => boolean; limit?: number } = {}): IssueSummary[] {
    const q = opts.query && opts.query.ast.root ? opts.query : undefined;
    const stats = q && usesIssueStats(q);
    const groups: Group[] = [];
    for (const g of this.groups.values()) {
      if (q && !this.groupMatches(g, q, opts.isResolved?.(g.key) ?? false, stats ? memo(() => statsOf(g)) : undefined)) continue;
      groups.push(g);
    }
    groups.sort((a, b) => byTimeDesc(a.latest!, b.latest!) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = opts.limit !== undefined ? groups.slice(0, opts.limit) : groups;
    return page.map((g) => this.summaryOf(g));
  }

  summary(groupKey: string): IssueSummary | undefined {
    const g = this.groups.get(groupKey);
    return g ? this.summaryOf(g) : undefined;
  }

  /** The issue's events, newest first. */
  eventsOf(groupKey: string): StoredEvent[] {
    const g = this.groups.get(groupKey);
    if (!g) return [];
    return [...g.entries.values()].sort(byTimeDesc).map((e) => e.stored);
  }

  /** The cached view of a stored event (computed on first use). */
  viewOf(event: StoredEvent): EventView {
    const entry = this.byId.get(event.id)?.entries.get(event.id);
    if (!entry || entry.stored !== event) return viewEvent(event.event);
    return (entry.view ??= viewEvent(entry.stored.event));
  }

  /** The event as a query reads it, cached with the entry (the full view is built only if a query needs it, and shared). */
  searchableOf(event: StoredEvent): SearchableEvent {
    const entry = this.byId.get(event.id)?.entries.get(event.id);
    if (!entry || entry.stored !== event) return new SearchableEvent(event, { receivedAt: event.receivedAt });
    return searchable(entry);
  }

  private groupMatches(g: Group, q: Query, resolved: boolean, stats: (() => EventIssueStats) | undefined): boolean {
    for (const e of g.entries.values()) {
      const s = searchable(e);
      s.resolved = resolved;
      s.issueStats = stats;
      if (q.test(s)) return true;
    }
    return false;
  }

  private summaryOf(g: Group): IssueSummary {
    if (g.summary) return g.summary;
    let latest: Entry | undefined;
    let first = Infinity;
    let level: Level = 'debug';
    const envs = new Set<string>();
    const releases = new Set<string>();
    for (const e of g.entries.values()) {
      if (!latest || byTimeDesc(e, latest) < 0) latest = e;
      if (e.time < first) first = e.time;
      if (SEVERITY.get(e.level)! > SEVERITY.get(level)!) level = e.level;
      if (e.environment) envs.add(e.environment);
      if (e.release) releases.add(e.release);
    }
    const view = (latest!.view ??= viewEvent(latest!.stored.event));
    const s: IssueSummary = {
      groupKey: g.key,
      title: view.title,
      culprit: view.culprit,
      level,
      count: g.entries.size,
      firstSeen: first,
      lastSeen: latest!.time,
      environments: [...envs].sort(),
      releases: [...releases].sort(),
      latestEventId: latest!.stored.id,
    };
    if (view.platform) s.platform = view.platform;
    const top = topFrame(view);
    if (top) s.topFrame = top;
    if (latest!.stored.projectId) s.projectId = latest!.stored.projectId;
    g.summary = s;
    return s;
  }
}

function newestOf(g: Group): Entry | undefined {
  let latest: Entry | undefined;
  for (const e of g.entries.values()) if (!latest || byTimeDesc(e, latest) < 0) latest = e;
  return latest;
}

function searchable(e: Entry): SearchableEvent {
  return (e.search ??= new SearchableEvent(e.stored, { receivedAt: e.stored.receivedAt, view: () => (e.view ??= viewEvent(e.stored.event)) }));
}

function statsOf(g: Group): EventIssueStats {
  let first = Infinity;
  for (const e of g.entries.values()) if (e.time < first) first = e.time;
  return { firstSeen: first, lastSeen: g.latest?.time ?? first, count: g.entries.size };
}

function memo<T>(f: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v;
  };
}

function byTimeDesc(a: Entry, b: Entry): number {
  return b.time - a.time || b.stored.receivedAt - a.stored.receivedAt || (a.stored.id < b.stored.id ? 1 : a.stored.id > b.stored.id ? -1 : 0);
}

/** Reads only what grouping needs, without building the full view (the same values the view has: eventFields). */
function entryOf(stored: StoredEvent): Entry {
  const f = eventFields(stored.event);
  const e: Entry = { stored, time: f.timestamp ?? stored.receivedAt, level: f.level };
  if (f.environment) e.environment = f.environment;
  if (f.release) e.release = f.release;
  if (f.platform) e.platform = f.platform;
  return e;
}


import type { SearchAst, SearchResult } from '../../../sentry/search/ast';
import { type CompiledSearch, compileSearch } from '../../../sentry/search/compile';
import { eventKeyTable } from '../../../sentry/search/eventKeys';
import { formatSearch } from '../../../sentry/search/format';
import { type EventIssueStats, SearchableEvent } from '../../../sentry/search/searchableEvent';
import type { StoredEvent } from './storedEvent';

/**
 * The query language over captured events: Sentry's search syntax
 * (src/sentry/search/) with the event keys, for the tree filter,
 * `GET /errors?query=` and the CLI. A query is compiled when it is parsed;
 * relative dates (`timestamp:-24h`) are read against the clock then, so a
 * caller that keeps a query for long parses it again (it is cheap).
 */
export interface Query extends CompiledSearch<SearchableEvent> {
  text: string;
}

export function parseQuery(text: string, now: number = Date.now()): SearchResult<Query> {
  const r = compileSearch(text.trim(), eventKeyTable, { now });
  if (!r.ok) {
    const by = offsetOf(text);
    return { ...r, start: r.start + by, end: r.end + by, reason: shift(r.reason, by), ...(r.fix ? { fix: { ...r.fix, start: r.fix.start + by, end: r.fix.end + by } } : {}) };
  }
  const by = offsetOf(text);
  const notes = by ? r.value.notes.map((n) => ({ message: shift(n.message, by), start: n.start + by, end: n.end + by })) : r.value.notes;
  return { ok: true, value: { ...r.value, notes, text: text.trim() } };
}

/** Leading spaces trimmed before parsing still count in positions. */
function offsetOf(text: string): number {
  return text.length - text.trimStart().length;
}

function shift(reason: string, by: number): string {
  return by ? reason.replace(/position (\d+)/g, (_, n: string) => `position ${Number(n) + by}`) : reason;
}

export function matchesQuery(q: Query, e: SearchableEvent): boolean {
  return q.test(e);
}

/** The query in canonical form, for the view's description. */
export function formatQuery(q: Query): string {
  return formatSearch(q.ast);
}

/** True when the query reads the local resolved state (`is:`). */
export function usesResolvedState(q: Query): boolean {
  return q.keys.has('is');
}

/** True when the query reads issue figures (firstSeen, lastSeen, timesSeen). */
export function usesIssueStats(q: Query): boolean {
  return q.keys.has('firstSeen') || q.keys.has('lastSeen') || q.keys.has('timesSeen');
}

/**
 * The stored events (newest first) that match, for the read API and the CLI:
 * issue figures and resolved state are looked up only when the query reads them.
 */
export function filterStored(events: readonly StoredEvent[], q: Query, isResolved: (groupKey: string) => boolean, limit = Infinity): StoredEvent[] {
  const stats = usesIssueStats(q) ? issueStatsOf(events) : undefined;
  const resolved = usesResolvedState(q);
  const out: StoredEvent[] = [];
  for (const e of events) {
    if (out.length >= limit) break;
    const s = new SearchableEvent(e, { receivedAt: e.receivedAt, ...(stats ? { issue: () => stats.get(e.groupKey) } : {}) });
    if (resolved) s.resolved = isResolved(e.groupKey);
    if (q.test(s)) out.push(e);
  }
  return out;
}

function issueStatsOf(events: readonly StoredEvent[]): Map<string, EventIssueStats> {
  const stats = new Map<string, EventIssueStats>();
  for (const e of events) {
    const ts = new SearchableEvent(e).fields.timestamp ?? e.receivedAt;
    const s = stats.get(e.groupKey);
    if (!s) stats.set(e.groupKey, { firstSeen: ts, lastSeen: ts, count: 1 });
    else {
      s.count++;
      if (ts < s.firstSeen) s.firstSeen = ts;
      if (ts > s.lastSeen) s.lastSeen = ts;
    }
  }
  return stats;
}

export type { SearchAst };
export { SearchableEvent };

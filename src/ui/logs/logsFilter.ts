import type { StoredLog } from '../../capture/kinds/logs/storedLog';
import { compileSearch } from '../../sentry/search/compile';
import { type SearchableLog, logKeyTable } from '../../sentry/search/logKeys';
import { LOG_LEVELS } from '../../sentry/records/logRecord';

/** A line as the Logs page draws it: [timestamp (s), level, body, traceId or "", spanId or ""]. */
export type LogLineData = [number, string, string, string, string];

/** A filter that applies, with how the query was read where it may surprise (`note`), or why it cannot apply. */
export type LogsFilterResult = { ok: true; test: (l: StoredLog) => boolean; note?: string } | { ok: false; reason: string };

/** A log as the search language reads it (null ids as absent). */
function searchable(l: StoredLog): SearchableLog {
  return { timestamp: l.timestamp, level: l.level, body: l.body, traceId: l.traceId ?? undefined, spanId: l.spanId ?? undefined, attributes: l.attributes };
}

/**
 * The Logs view's filter: a query in Sentry's search language (the same as
 * the read API's `GET /logs?query=`) and a lowest level shown. A query that
 * cannot be read is a reason with its position, never an empty list.
 */
export function logsFilter(query: string, minLevel: string): LogsFilterResult {
  const min = Math.max(0, (LOG_LEVELS as readonly string[]).indexOf(minLevel));
  const levelOk = (l: StoredLog) => (LOG_LEVELS as readonly string[]).indexOf(l.level) >= min;
  const text = query.trim();
  if (!text) return { ok: true, test: levelOk };
  const q = compileSearch(text, logKeyTable);
  if (!q.ok) return { ok: false, reason: q.reason };
  const test = (l: StoredLog) => levelOk(l) && q.value.test(searchable(l));
  const note = q.value.notes.map((n) => n.message).join('; ');
  return note ? { ok: true, test, note } : { ok: true, test };
}

export function logLine(l: StoredLog): LogLineData {
  return [l.timestamp, l.level, l.body, l.traceId ?? '', l.spanId ?? ''];
}

import { type KeyDef, type KeyTable, type UnknownKey, closestKey } from './keys';

/**
 * The keys of trace summaries. A trace view or read API maps each trace to
 * this plain shape and compiles queries with `traceKeyTable`:
 *
 *     const q = compileSearch('duration:>500ms op:http.server !has:error', traceKeyTable);
 *     if (!q.ok) return fail(q.reason);   // the reason names the position
 *     const hits = traces.filter((t) => q.value.test(t));
 *
 * Keys: `trace`/`trace.id`, `transaction` (the root span's name), `op` (the
 * root span's op), `duration` (`500ms`, `2s`, `1.5m`; a bare number is
 * milliseconds), `timestamp` (its start), `spans` (how many), `errors` (how
 * many; `has:error` is "at least one"). Free text is the transaction, the
 * op and the trace id. There are no other keys: anything else is refused.
 */
export interface SearchableTrace {
  traceId: string;
  rootName?: string | undefined;
  rootOp?: string | undefined;
  /** Milliseconds since the epoch (seconds are accepted too). */
  startTimestamp: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
}

type Def = KeyDef<SearchableTrace>;
const ms = (t: number): number => (t > 1e11 ? t : t * 1000);

export const TRACE_KEYS: Record<string, Def> = {
  trace: { type: 'text', doc: 'the trace id', cost: 1, get: (t) => t.traceId },
  transaction: { type: 'text', doc: "the root span's name", cost: 1, get: (t) => t.rootName },
  op: { type: 'text', doc: "the root span's op (http.server, task...)", cost: 1, get: (t) => t.rootOp },
  duration: { type: 'duration', doc: 'how long it took: >500ms, <2s', cost: 1, get: (t) => t.durationMs },
  timestamp: { type: 'date', doc: 'when it started: -1h, >2024-05-01', cost: 1, get: (t) => ms(t.startTimestamp) },
  spans: { type: 'number', doc: 'how many spans it has', cost: 1, get: (t) => t.spanCount },
  error: { type: 'number', doc: 'how many errors it has (has:error: at least one)', cost: 1, get: (t) => t.errorCount, has: (t) => t.errorCount > 0 },
};

const ALIASES: Record<string, string> = {
  'trace.id': 'trace',
  trace_id: 'trace',
  id: 'trace',
  'transaction.duration': 'duration',
  'span.duration': 'duration',
  'transaction.op': 'op',
  'span.op': 'op',
  'span.count': 'spans',
  errors: 'error',
  'error.count': 'error',
};
const NAMES = [...Object.keys(TRACE_KEYS), ...Object.keys(ALIASES)];

function resolveTraceKey(key: string): UnknownKey {
  const near = closestKey(key, NAMES);
  return near ? { unknown: `did you mean ${near}?`, near } : { unknown: `the keys for traces are ${Object.keys(TRACE_KEYS).join(', ')}` };
}

export const traceKeyTable: KeyTable<SearchableTrace> = {
  kind: 'traces',
  keys: TRACE_KEYS,
  aliases: ALIASES,
  resolve: resolveTraceKey,
  text: (t) => [t.rootName ?? '', t.rootOp ?? '', t.traceId],
  textCost: 1,
};

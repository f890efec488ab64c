import { viewEvent } from '../../../sentry/event/eventView';
import { durationMs } from '../../../sentry/records/spanRecord';
import type { StoredSpan } from './storedSpan';
import type { StoredLog } from '../logs/storedLog';
import type { TelemetryStoreApi } from '../telemetryStore';
import type { ErrorLinks } from './errorLinks';
import { type TraceSummary, summarizeTrace } from './traceSummary';

/** A span as `GET /traces/{id}` gives it. */
export interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  op: string;
  name: string;
  startTimestamp: number;
  timestamp: number;
  durationMs: number;
  status: string;
  /** Its parent never arrived. */
  orphan: boolean;
  transactionId: string | null;
  attributes: StoredSpan['attributes'];
}

/** A log line as `GET /logs` and `GET /traces/{id}` give it: attributes as plain values. */
export interface LogView {
  timestamp: number;
  level: string;
  body: string;
  traceId: string | null;
  spanId: string | null;
  attributes: StoredLog['attributes'];
}

export interface TraceDetail {
  traceId: string;
  spans: SpanView[];
  errors: Array<{ id: string; title: string; level: string }>;
  logs: LogView[];
}

/** The traces, their spans, errors and logs as the read API, the CLI and the views read them. */
export class TraceReader {
  constructor(
    private readonly telemetry: TelemetryStoreApi,
    private readonly links: ErrorLinks,
  ) {}

  /** Traces newest first (by start), at most `limit`, those `filter` keeps. */
  list(limit: number, filter?: (t: TraceSummary) => boolean): TraceSummary[] {
    const all: TraceSummary[] = [];
    for (const t of this.telemetry.traces.entries()) {
      const s = summarizeTrace(t, this.links.errorCount(t.traceId));
      if (!filter || filter(s)) all.push(s);
    }
    all.sort((a, b) => b.startTimestamp - a.startTimestamp);
    return all.slice(0, limit);
  }

  /** Everything that carries the trace id, or undefined when nothing does. */
  detail(traceId: string): TraceDetail | undefined {
    const t = this.telemetry.traces.get(traceId);
    const errors = this.links.errorsOf(traceId);
    const logs = this.telemetry.logs.ofTrace(traceId).reverse();
    if (!t && !errors.length && !logs.length) return undefined;
    const spans = t ? [...t.spans.values()].sort((a, b) => a.startTimestamp - b.startTimestamp) : [];
    return {
      traceId,
      spans: spans.map((s) => spanView(s, s.parentSpanId !== null && !t!.spans.has(s.parentSpanId))),
      errors: errors.map((e) => {
        const v = viewEvent(e.event);
        return { id: e.id, title: v.title, level: v.level };
      }),
      logs: logs.map(logView),
    };
  }
}

export function spanView(s: StoredSpan, orphan: boolean): SpanView {
  return {
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    op: s.op,
    name: s.name,
    startTimestamp: s.startTimestamp,
    timestamp: s.timestamp,
    durationMs: durationMs(s),
    status: s.status,
    orphan,
    transactionId: s.transactionId ?? null,
    attributes: s.attributes,
  };
}

export function logView(l: StoredLog): LogView {
  return { timestamp: l.timestamp, level: l.level, body: l.body, traceId: l.traceId, spanId: l.spanId, attributes: l.attributes };
}

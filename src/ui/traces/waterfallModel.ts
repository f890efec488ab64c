import type { TraceDetail } from '../../capture/kinds/traces/traceReader';
import { buildWaterfall } from '../../capture/kinds/traces/waterfall';
import type { StoredSpan } from '../../capture/kinds/traces/storedSpan';
import { formatDuration, plural } from './traceFormat';

/** A row as the page draws it: [depth, offsetMs, widthMs, op, name, status, orphan, hasCode]. */
export type WaterfallRowData = [number, number, number, string, string, string, 0 | 1, 0 | 1];

export interface WaterfallPageData {
  type: 'trace';
  traceId: string;
  title: string;
  summary: string;
  totalMs: number;
  rows: WaterfallRowData[];
  errors: Array<{ id: string; title: string; level: string }>;
  logs: number;
}

/** Where a span's code is, from the OpenTelemetry `code.*` attributes SDKs set. */
export function codeLocationOf(attributes: StoredSpan['attributes']): { file: string; line?: number; function?: string } | undefined {
  const file = attributes['code.filepath'] ?? attributes['code.file.path'];
  if (typeof file !== 'string' || !file) return undefined;
  const line = attributes['code.lineno'] ?? attributes['code.line.number'];
  const fn = attributes['code.function'] ?? attributes['code.function.name'];
  return { file, ...(typeof line === 'number' && line > 0 ? { line } : {}), ...(typeof fn === 'string' ? { function: fn } : {}) };
}

/**
 * What the waterfall page shows of a trace: its spans laid out (buildWaterfall)
 * as compact rows, its errors and how many logs it has. `spans` comes back in
 * row order, so a row's index names its span.
 */
export function waterfallPage(detail: TraceDetail, spans: StoredSpan[]): { page: WaterfallPageData; ordered: StoredSpan[] } {
  const w = buildWaterfall(spans);
  const rows: WaterfallRowData[] = w.rows.map((r) => [
    r.depth,
    r.offsetMs,
    r.widthMs,
    r.span.op,
    r.span.name,
    r.span.status,
    r.orphan ? 1 : 0,
    codeLocationOf(r.span.attributes) ? 1 : 0,
  ]);
  const root = w.rows.find((r) => !r.orphan)?.span ?? w.rows[0]?.span;
  const orphans = w.rows.filter((r) => r.orphan).length;
  const parts = [
    formatDuration(w.totalMs),
    plural(rows.length, 'span'),
    detail.errors.length ? plural(detail.errors.length, 'error') : undefined,
    orphans ? `${orphans} whose parent never arrived` : undefined,
    `trace ${detail.traceId}`,
  ];
  return {
    page: {
      type: 'trace',
      traceId: detail.traceId,
      title: root ? `${root.op ? `${root.op}: ` : ''}${root.name}` : `Trace ${detail.traceId}`,
      summary: parts.filter(Boolean).join(' · '),
      totalMs: w.totalMs,
      rows,
      errors: detail.errors,
      logs: detail.logs.length,
    },
    ordered: w.rows.map((r) => r.span),
  };
}

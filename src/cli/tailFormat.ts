import { frameLocation, topFrame, viewEvent } from '../sentry/event/eventView';
import { decodeLogItem } from '../sentry/records/logItem';
import { durationMs } from '../sentry/records/spanRecord';
import { decodeSpanItem } from '../sentry/records/spanItem';
import { transactionSpans } from '../sentry/records/transactionSpans';

/** What `tail` can follow, and the envelope item types of each (as `spotlight tail` groups them). */
export const TAIL_KINDS = { errors: ['event'], traces: ['transaction', 'span'], logs: ['log'] } as const;
export type TailKind = keyof typeof TAIL_KINDS;

/** One item of a stream-feed envelope (`[itemHeaders, payload]`, see sentry/envelope/envelopeSplit.ts). */
export type FeedItem = [Record<string, unknown>, unknown];

/**
 * The lines `tail` prints for one envelope item: tab-separated text, or one
 * JSON object per line with `--json`. A span or log item gives a line per
 * span or log; what cannot be read gives none.
 */
export function formatItem(item: FeedItem, kinds: ReadonlySet<string>, json: boolean): string[] {
  const [headers, payload] = item;
  const type = typeof headers.type === 'string' ? headers.type : '';
  if (!kinds.has(type) || payload === null || typeof payload !== 'object') return [];
  const p = payload as Record<string, unknown>;
  const bytes = () => Buffer.from(JSON.stringify(p));
  const out = (o: Record<string, unknown>, text: unknown[]) => (json ? JSON.stringify(o) : text.map((t) => String(t ?? '')).join('\t'));
  switch (type) {
    case 'event': {
      const v = viewEvent(p);
      const top = topFrame(v);
      const trace = (p.contexts as { trace?: { trace_id?: unknown } } | undefined)?.trace?.trace_id;
      const o = { type: 'error', id: p.event_id ?? null, level: v.level, title: v.title, topFrame: top ? frameLocation(top) : null, traceId: typeof trace === 'string' ? trace : null };
      return [out(o, ['error', v.level, v.title, o.topFrame ?? ''])];
    }
    case 'transaction': {
      const d = transactionSpans(p, typeof p.event_id === 'string' ? p.event_id : undefined);
      const root = d.records[0];
      if (!root) return [];
      const o = { type: 'transaction', traceId: root.traceId, name: root.name, op: root.op, durationMs: durationMs(root), spanCount: d.records.length, status: root.status };
      return [out(o, ['trace', root.name, root.op, `${Math.round(o.durationMs)} ms`, `${o.spanCount} spans`, root.traceId])];
    }
    case 'span':
      return decodeSpanItem(bytes(), typeof headers.content_type === 'string' ? headers.content_type : undefined, 128).records.map((s) => {
        const o = { type: 'span', traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name, op: s.op, durationMs: durationMs(s), status: s.status };
        return out(o, ['span', s.name, s.op, `${Math.round(o.durationMs)} ms`, s.status, s.traceId]);
      });
    case 'log':
      return decodeLogItem(bytes(), 128).records.map((l) => {
        const o = { type: 'log', timestamp: l.timestamp, level: l.level, body: l.body, traceId: l.traceId, spanId: l.spanId, attributes: l.attributes };
        return out(o, ['log', l.level, l.body, l.traceId ?? '']);
      });
    default:
      return [];
  }
}

import type { Attributes } from './attributes';

/**
 * One span as the capture keeps it, whatever carried it: a span v2 item, a
 * legacy standalone span item, or a transaction (its root span and its
 * `spans`). Times are seconds since the epoch, as Sentry sends them.
 */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** null at the root of its trace (or of what arrived of it). */
  parentSpanId: string | null;
  op: string;
  name: string;
  startTimestamp: number;
  /** The end. */
  timestamp: number;
  /** `ok`, `error`, or a v1 status such as `internal_error`. */
  status: string;
  /** The root span of a transaction, or a span v2 with `is_segment`. */
  isSegment: boolean;
  /** The transaction's event id when the span came in one. */
  transactionId?: string;
  attributes: Attributes;
}

export const SPAN_ID = /^[0-9a-f]{16}$/;
export const TRACE_ID = /^[0-9a-f]{32}$/;

/** A trace or span id as SDKs send it (hex, maybe with dashes or upper case), normalised; undefined when it is not one. */
export function normalizeHexId(id: unknown, pattern: RegExp): string | undefined {
  if (typeof id !== 'string') return undefined;
  const s = id.replace(/-/g, '').toLowerCase();
  return pattern.test(s) ? s : undefined;
}

/** The trace an event belongs to: its `contexts.trace.trace_id` (SDK and REST API events alike), normalised; undefined when it has none. */
export function traceIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const contexts = (event as { contexts?: unknown }).contexts;
  if (typeof contexts !== 'object' || contexts === null) return undefined;
  const trace = (contexts as { trace?: unknown }).trace;
  if (typeof trace !== 'object' || trace === null) return undefined;
  return normalizeHexId((trace as { trace_id?: unknown }).trace_id, TRACE_ID);
}

/** A timestamp as Sentry accepts it, seconds since the epoch as a number or an RFC 3339 string, in seconds; undefined when it is neither. */
export function toSeconds(t: unknown): number | undefined {
  if (typeof t === 'number') return Number.isFinite(t) && t >= 0 ? t : undefined;
  if (typeof t === 'string' && t.length > 0) {
    const n = Number(t);
    if (Number.isFinite(n)) return n >= 0 ? n : undefined;
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? ms / 1000 : undefined;
  }
  return undefined;
}

/** Duration of a span in milliseconds (never negative). */
export function durationMs(s: Pick<SpanRecord, 'startTimestamp' | 'timestamp'>): number {
  return Math.max(0, (s.timestamp - s.startTimestamp) * 1000);
}

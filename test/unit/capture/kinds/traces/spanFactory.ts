import type { StoredSpan } from '../../../../../src/capture/kinds/traces/storedSpan';

/** A span for the pure-state tests: ids and times given, the rest plain. */
export function span(traceId: string, spanId: string, parentSpanId: string | null, start: number, end: number, more: Partial<StoredSpan> = {}): StoredSpan {
  return { traceId, spanId, parentSpanId, op: 'op', name: `span ${spanId}`, startTimestamp: start, timestamp: end, status: 'ok', isSegment: false, attributes: {}, receivedAt: 0, ...more };
}

export const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

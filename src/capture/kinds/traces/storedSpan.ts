import type { SpanRecord } from '../../../sentry/records/spanRecord';

/** A span as kept: the record, scrubbed, and when the listener received it (ms since the epoch). */
export interface StoredSpan extends SpanRecord {
  receivedAt: number;
}

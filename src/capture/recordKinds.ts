import type { LogRecord } from '../sentry/logRecord';
import type { SpanRecord } from '../sentry/spanRecord';

/** A span as kept: the record, scrubbed, and when the listener received it (ms since the epoch). */
export interface StoredSpan extends SpanRecord {
  receivedAt: number;
}

/** A log line as kept: the record, scrubbed, and when the listener received it (ms since the epoch). */
export interface StoredLog extends LogRecord {
  receivedAt: number;
}

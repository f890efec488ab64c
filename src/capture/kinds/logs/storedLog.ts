import type { LogRecord } from '../../../sentry/records/logRecord';

/** A log line as kept: the record, scrubbed, and when the listener received it (ms since the epoch). */
export interface StoredLog extends LogRecord {
  receivedAt: number;
}

/** A `log` item as the store keeps it: its payload's JSON text, checked and scrubbed, and how many lines it holds. */
export interface LogItemText {
  text: string;
  count: number;
}

import type { EnvelopeEvent, RecordItem } from '../sentry/envelopeParser';
import type { LogRecord } from '../sentry/logRecord';
import type { SpanRecord } from '../sentry/spanRecord';
import { decodeLogItem } from '../sentry/logItem';
import { decodeSpanItem } from '../sentry/spanItem';
import { transactionSpans } from '../sentry/transactionSpans';
import type { Logger } from '../util/logger';
import type { StoredLog, StoredSpan } from './recordKinds';

export interface DecodedRecords {
  spans: StoredSpan[];
  logs: StoredLog[];
  /** Spans and logs (or whole items) dropped as malformed; each has its line in the log. */
  dropped: number;
}

export interface RecordIngestOptions {
  maxJsonDepth: number;
  /** The event scrubber: spans and logs are scrubbed as events are, before they are kept. */
  scrub: <T>(r: T) => T;
  log: Logger;
}

/**
 * The spans and logs of one envelope, ready to keep: transactions become
 * their spans, span and log items are decoded, each record scrubbed and
 * stamped with the time it arrived. A malformed record (or item) is dropped
 * with a warning and costs nothing else.
 */
export function decodeRecords(transactions: readonly EnvelopeEvent[], items: readonly RecordItem[], receivedAt: number, opts: RecordIngestOptions): DecodedRecords {
  const out: DecodedRecords = { spans: [], logs: [], dropped: 0 };
  const drop = (reasons: string[]) => {
    for (const r of reasons) opts.log.warn(`dropped: ${r}`);
    out.dropped += reasons.length;
  };
  for (const t of transactions) {
    const d = transactionSpans(t.payload, t.eventId);
    drop(d.dropped);
    for (const s of d.records) out.spans.push({ ...scrubSpan(s, opts.scrub), receivedAt });
  }
  for (const item of items) {
    if (item.type === 'span') {
      const d = decodeSpanItem(item.payload, item.contentType, opts.maxJsonDepth);
      drop(d.dropped);
      for (const s of d.records) out.spans.push({ ...scrubSpan(s, opts.scrub), receivedAt });
    } else {
      const d = decodeLogItem(item.payload, opts.maxJsonDepth);
      drop(d.dropped);
      for (const l of d.records) out.logs.push({ ...scrubLog(l, opts.scrub), receivedAt });
    }
  }
  return out;
}

// The ids are checked hex already and are not data: kept out of the scrubber's value patterns,
// which would take an all-digit span id for a card number.

function scrubSpan(s: SpanRecord, scrub: <T>(r: T) => T): SpanRecord {
  const { traceId, spanId, parentSpanId, transactionId, ...data } = s;
  return { ...scrub(data), traceId, spanId, parentSpanId, ...(transactionId !== undefined ? { transactionId } : {}) };
}

function scrubLog(l: LogRecord, scrub: <T>(r: T) => T): LogRecord {
  const { traceId, spanId, ...data } = l;
  return { ...scrub(data), traceId, spanId };
}

import type { EnvelopeEvent, RecordItem } from '../../sentry/envelope/envelopeParser';
import type { SpanRecord } from '../../sentry/records/spanRecord';
import { decodeSpanItem } from '../../sentry/records/spanItem';
import { transactionSpans } from '../../sentry/records/transactionSpans';
import type { Logger } from '../../util/logger';
import type { LogItemText } from '../kinds/logs/storedLog';
import { type LogItemScrub, logItemToKeep } from './logItemIngest';
import type { StoredSpan } from '../kinds/traces/storedSpan';

export interface DecodedRecords {
  spans: StoredSpan[];
  /** Log items, checked and scrubbed, their lines not decoded (logItemIngest.ts). */
  logItems: LogItemText[];
  /** Spans and logs (or whole items) dropped as malformed; each has its line in the log. */
  dropped: number;
}

export interface RecordIngestOptions extends LogItemScrub {
  log: Logger;
}

/**
 * The spans and logs of one envelope, ready to keep: transactions become
 * their spans, span items are decoded, each span scrubbed and stamped with
 * the time it arrived; a log item is checked and scrubbed whole, its lines
 * left undecoded until read. A malformed record (or item) is dropped with a
 * warning and costs nothing else.
 */
export function decodeRecords(transactions: readonly EnvelopeEvent[], items: readonly RecordItem[], receivedAt: number, opts: RecordIngestOptions): DecodedRecords {
  const out: DecodedRecords = { spans: [], logItems: [], dropped: 0 };
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
      const d = logItemToKeep(item.payload, opts);
      drop(d.dropped);
      if (d.item) out.logItems.push(d.item);
    }
  }
  return out;
}

// The ids are checked hex already and are not data: kept out of the scrubber's value patterns,
// which would take an all-digit span id for a card number. (In a log item, `trace_id` and
// `span_id` are structural keys, which the scrubber leaves to themselves as well.)

function scrubSpan(s: SpanRecord, scrub: <T>(r: T) => T): SpanRecord {
  const { traceId, spanId, parentSpanId, transactionId, ...data } = s;
  return { ...scrub(data), traceId, spanId, parentSpanId, ...(transactionId !== undefined ? { transactionId } : {}) };
}

import { transactionSpans, mayBeTransactionText } from '../../../sentry/records/transactionSpans';
import type { Logger } from '../../../util/logger';
import type { EventStore } from '../events/eventStore';
import { eventJsonOf } from '../events/lazyEvent';
import type { StoredEvent } from '../events/storedEvent';
import { type SpanRecordKept, spanKind, spanRecordId } from './spanKind';

/**
 * Transactions that earlier versions stored as events (before spans were
 * kept) are moved where transactions go now: their spans into the span kind
 * of the same store, the events deleted. Whoever opens the store for the
 * Errors tree, the listener or the CLI runs this once after opening it, so
 * that such a transaction leaves the Errors tree, the Problems panel, the
 * status-bar counts and `/errors`, and shows as a trace. The events were
 * scrubbed when they were stored; their spans keep the time they arrived.
 * Two processes doing it at once do no harm: a span is one record per trace
 * and span id, and deleting an event twice is deleting it once.
 */

/** Whether a stored event is a transaction (a lazy event's text is tested before anything is parsed). */
export function isStoredTransaction(e: StoredEvent): boolean {
  const text = eventJsonOf(e);
  if (text !== undefined && !mayBeTransactionText(text)) return false;
  return e.event.type === 'transaction';
}

/**
 * Moves the store's transaction events to its spans; resolves with how many
 * were moved. The store must be opened with the span kind. A failure to
 * write is logged, never thrown: the transactions then stay where they were
 * until the next open (a store that cannot be written has bigger problems,
 * which its own writes report).
 */
export async function moveStoredTransactions(store: EventStore, log: Logger): Promise<number> {
  const found = store.list({ filter: isStoredTransaction });
  if (!found.length) return 0;
  const spans: SpanRecordKept[] = [];
  for (const e of found) {
    const d = transactionSpans(e.event, e.id);
    for (const reason of d.dropped) log.warn(`stored transaction ${e.id}: dropped ${reason}`);
    for (const s of d.records) spans.push({ ...s, receivedAt: e.receivedAt, id: spanRecordId(s) });
  }
  try {
    // Spans first: a failure between the two leaves the transaction where it was, never lost.
    await store.records.kind(spanKind).append(spans);
    await store.delete(found.map((e) => e.id));
  } catch (e) {
    log.warn(`moving ${found.length} stored transaction(s) to the traces failed: ${e instanceof Error ? e.message : String(e)}`);
    return 0;
  }
  log.info(`moved ${found.length} transaction(s) an earlier version stored as errors to the traces (${spans.length} span(s))`);
  return found.length;
}

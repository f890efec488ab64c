import { z } from 'zod';
import { plainAttributes } from './attributes';
import { type ItemDecode, zodIssues } from '../envelope/itemDecode';
import { fromV1, spanV1Schema } from './spanItem';
import { SPAN_ID, type SpanRecord, TRACE_ID, normalizeHexId, toSeconds } from './spanRecord';

const traceContext = z.looseObject({
  trace_id: z.string(),
  span_id: z.string(),
  parent_span_id: z.string().nullish(),
  op: z.string().nullish(),
  status: z.string().nullish(),
  description: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});

const transactionSchema = z.looseObject({
  transaction: z.string().nullish(),
  start_timestamp: z.union([z.number(), z.string()]),
  timestamp: z.union([z.number(), z.string()]),
  contexts: z.looseObject({ trace: traceContext }),
  spans: z.array(z.unknown()).nullish(),
  tags: z.unknown().optional(),
});

/** Text that may hold `"type": "transaction"`: a test that spares parsing events that cannot be transactions. */
export function mayBeTransactionText(text: string): boolean {
  return /"type"\s*:\s*"transaction"/.test(text);
}

/**
 * A transaction event as spans: its root span (`contexts.trace`, named after
 * the transaction, with the transaction's tags and trace data as attributes)
 * and its `spans`, each checked alone: a bad child is dropped, the others stay.
 * A transaction without a trace context or times is dropped whole.
 */
export function transactionSpans(payload: Record<string, unknown>, eventId: string | undefined): ItemDecode<SpanRecord> {
  const t = transactionSchema.safeParse(payload);
  if (!t.success) return { records: [], dropped: [`transaction: ${zodIssues(t.error)}`] };
  const trace = t.data.contexts.trace;
  const traceId = normalizeHexId(trace.trace_id, TRACE_ID);
  const spanId = normalizeHexId(trace.span_id, SPAN_ID);
  const start = toSeconds(t.data.start_timestamp);
  const end = toSeconds(t.data.timestamp);
  if (!traceId || !spanId) return { records: [], dropped: ['transaction: contexts.trace needs a 32-hex trace_id and a 16-hex span_id'] };
  if (start === undefined || end === undefined) return { records: [], dropped: ['transaction: start_timestamp and timestamp must be times'] };
  const attributes = plainAttributes(trace.data);
  for (const [k, v] of Object.entries(plainAttributes(tagsObject(t.data.tags)))) attributes[k] ??= v;
  const root: SpanRecord = {
    traceId,
    spanId,
    parentSpanId: normalizeHexId(trace.parent_span_id, SPAN_ID) ?? null,
    op: trace.op ?? '',
    name: t.data.transaction ?? trace.description ?? trace.op ?? '<unnamed transaction>',
    startTimestamp: start,
    timestamp: Math.max(end, start),
    status: trace.status ?? 'ok',
    isSegment: true,
    ...(eventId ? { transactionId: eventId } : {}),
    attributes,
  };
  const records = [root];
  const dropped: string[] = [];
  (t.data.spans ?? []).forEach((raw, i) => {
    const s = spanV1Schema.safeParse(raw);
    if (!s.success) {
      dropped.push(`transaction ${root.name}, span ${i}: ${zodIssues(s.error)}`);
      return;
    }
    const r = fromV1(s.data, traceId);
    if (r) records.push({ ...r, ...(eventId ? { transactionId: eventId } : {}) });
  });
  return { records, dropped };
}

/** Tags as an object (`{"k": "v"}`) or as Sentry's list form (`[["k", "v"]]`). */
function tagsObject(tags: unknown): unknown {
  if (!Array.isArray(tags)) return tags;
  const out: Record<string, unknown> = {};
  for (const pair of tags) if (Array.isArray(pair) && typeof pair[0] === 'string') out[pair[0]] = pair[1];
  return out;
}

import { z } from 'zod';
import type { StoredSpan } from './storedSpan';
import type { RecordKind } from '../../store/recordKind';

/** A span as a store record: its id is `<traceId>:<spanId>` (a span sent twice is one record). */
export interface SpanRecordKept extends StoredSpan {
  id: string;
}

/** Spans kept per trace kept, on average, before the store's own bound drops the oldest spans. */
export const SPANS_PER_TRACE_BOUND = 50;

const attributeValue: z.ZodType<unknown> = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))]);

const spanRecordSchema = z.object({
  id: z.string().min(1),
  receivedAt: z.number(),
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
  spanId: z.string().regex(/^[0-9a-f]{16}$/),
  parentSpanId: z.string().nullable(),
  op: z.string(),
  name: z.string(),
  startTimestamp: z.number(),
  timestamp: z.number(),
  status: z.string(),
  isSegment: z.boolean(),
  transactionId: z.string().optional(),
  attributes: z.record(z.string(), attributeValue),
}) as unknown as z.ZodType<SpanRecordKept, unknown>;

/** Spans (streamed, or a transaction's) as a kind of store record (store/recordStore.ts). */
export const spanKind: RecordKind<SpanRecordKept> = {
  name: 'span',
  defaultBound: 2000 * SPANS_PER_TRACE_BOUND,
  schema: spanRecordSchema,
};

export function spanRecordId(s: Pick<StoredSpan, 'traceId' | 'spanId'>): string {
  return `${s.traceId}:${s.spanId}`;
}

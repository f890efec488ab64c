import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LOG_LEVELS } from '../../../sentry/records/logRecord';
import type { StoredLog } from './storedLog';
import type { RecordKind } from '../../store/recordKind';

/**
 * Log lines as a store record: a batch, so that an envelope's `log` item of
 * up to 100 lines is written as one record, not one per line. Either
 *   - `item`: the item's payload as the SDK sent it (`{"items": [...]}`),
 *     checked and scrubbed, decoded into lines only when read (logBatch.ts);
 *     JSON text as the listener keeps it, the parsed object once read back
 *     from the store; or
 *   - `lines`: lines already decoded (appended as lines, or a single line as
 *     stores kept them before batches: such a record is read as a batch of one).
 * `count` is how many lines it holds: what the kind's bound counts.
 */
export interface LogBatchRecord {
  id: string;
  receivedAt: number;
  count: number;
  item?: string | Record<string, unknown>;
  lines?: StoredLog[];
}

const attributeValue: z.ZodType<unknown> = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))]);

const lineSchema = z.object({
  receivedAt: z.number(),
  timestamp: z.number(),
  level: z.enum(LOG_LEVELS),
  body: z.string(),
  traceId: z.string().nullable(),
  spanId: z.string().nullable(),
  severityNumber: z.number().optional(),
  attributes: z.record(z.string(), attributeValue),
}) as unknown as z.ZodType<StoredLog, unknown>;

const batchSchema = z.object({
  id: z.string().min(1),
  receivedAt: z.number(),
  count: z.number().int().nonnegative(),
  item: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  lines: z.array(lineSchema).optional(),
});

/** A line as stores before batches wrote it (its own record): read as a batch of one. */
const singleLineSchema = z.intersection(z.object({ id: z.string().min(1) }), lineSchema).transform(({ id, ...line }): LogBatchRecord => ({ id, receivedAt: line.receivedAt, count: 1, lines: [line] }));

/** Log lines as a kind of store record (store/recordStore.ts), bounded by lines. */
export const logKind: RecordKind<LogBatchRecord> = {
  name: 'log',
  defaultBound: 100_000,
  schema: z.union([batchSchema, singleLineSchema]) as unknown as z.ZodType<LogBatchRecord, unknown>,
  weight: (r) => r.count,
  // An item's text is JSON already: written as it is, not escaped again into a string.
  encode: (r) =>
    typeof r.item === 'string' && r.lines === undefined
      ? `{"id":${JSON.stringify(r.id)},"receivedAt":${r.receivedAt},"count":${r.count},"item":${r.item}}`
      : JSON.stringify(r),
};

const prefix = randomBytes(4).toString('hex');
let counter = 0;

/** A new log record id: this process's prefix and a counter. */
export function newLogId(): string {
  return `${prefix}-${(counter++).toString(36)}`;
}

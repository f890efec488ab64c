import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LOG_LEVELS } from '../../sentry/logRecord';
import type { StoredLog } from '../recordKinds';
import type { RecordKind } from '../store/recordKind';

/** A log line as a store record: its id is unique to the process that received it. */
export interface LogRecordKept extends StoredLog {
  id: string;
}

const attributeValue: z.ZodType<unknown> = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))]);

const logRecordSchema = z.object({
  id: z.string().min(1),
  receivedAt: z.number(),
  timestamp: z.number(),
  level: z.enum(LOG_LEVELS),
  body: z.string(),
  traceId: z.string().nullable(),
  spanId: z.string().nullable(),
  severityNumber: z.number().optional(),
  attributes: z.record(z.string(), attributeValue),
}) as unknown as z.ZodType<LogRecordKept, unknown>;

/** Log lines as a kind of store record (store/recordStore.ts). */
export const logKind: RecordKind<LogRecordKept> = {
  name: 'log',
  defaultBound: 100_000,
  schema: logRecordSchema,
};

const prefix = randomBytes(4).toString('hex');
let counter = 0;

/** A new log record id: this process's prefix and a counter. */
export function newLogId(): string {
  return `${prefix}-${(counter++).toString(36)}`;
}

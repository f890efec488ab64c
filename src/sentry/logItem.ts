import { z } from 'zod';
import { flattenAttributes, stringAttribute, typedAttributesSchema } from './attributes';
import { parseJsonObject } from './envelopeParser';
import { type ItemDecode, zodIssues } from './itemDecode';
import { type LogRecord, logLevelOf } from './logRecord';
import { SPAN_ID, TRACE_ID, normalizeHexId, toSeconds } from './spanRecord';

/** The content type of log items (develop.sentry.dev "Logs"). */
export const LOG_CONTENT_TYPE = 'application/vnd.sentry.items.log+json';

const logSchema = z.looseObject({
  timestamp: z.union([z.number(), z.string()]),
  level: z.string(),
  body: z.string(),
  trace_id: z.string().nullish(),
  span_id: z.string().nullish(),
  severity_number: z.number().optional(),
  attributes: typedAttributesSchema.optional(),
});

const containerSchema = z.looseObject({ version: z.number().optional(), items: z.array(z.unknown()) });

/**
 * Decodes the payload of a `log` item, `{"items": [...]}`: each log line
 * checked alone, a bad one dropped with its index and the reason.
 */
export function decodeLogItem(payload: Uint8Array, maxDepth: number): ItemDecode<LogRecord> {
  const json = parseJsonObject(payload, maxDepth, 'log item');
  if (!json.ok) return { records: [], dropped: [json.reason] };
  const c = containerSchema.safeParse(json.value);
  if (!c.success) return { records: [], dropped: [`log item: ${zodIssues(c.error)}`] };
  const records: LogRecord[] = [];
  const dropped: string[] = [];
  c.data.items.forEach((raw, i) => {
    const l = logSchema.safeParse(raw);
    if (!l.success) {
      dropped.push(`log item, log ${i}: ${zodIssues(l.error)}`);
      return;
    }
    const timestamp = toSeconds(l.data.timestamp);
    if (timestamp === undefined) {
      dropped.push(`log item, log ${i}: timestamp must be seconds since the epoch or an RFC 3339 time`);
      return;
    }
    const attributes = flattenAttributes(l.data.attributes);
    const spanId = normalizeHexId(l.data.span_id, SPAN_ID) ?? normalizeHexId(stringAttribute(attributes, 'sentry.trace.parent_span_id'), SPAN_ID) ?? null;
    records.push({
      timestamp,
      level: logLevelOf(l.data.level),
      body: l.data.body,
      traceId: normalizeHexId(l.data.trace_id, TRACE_ID) ?? null,
      spanId,
      ...(l.data.severity_number !== undefined ? { severityNumber: l.data.severity_number } : {}),
      attributes,
    });
  });
  return { records, dropped };
}

import { z } from 'zod';
import { type Attributes, flattenAttributes, flattenPlainTyped, stringAttribute, typedAttributesSchema } from './attributes';
import { parseJsonObject } from '../envelope/envelopeParser';
import { type ItemDecode, zodIssues } from '../envelope/itemDecode';
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
  return json.ok ? decodeLogItemValue(json.value) : { records: [], dropped: [json.reason] };
}

/** decodeLogItem on the payload already parsed (depth-checked). */
export function decodeLogItemValue(value: Record<string, unknown>): ItemDecode<LogRecord> {
  const d = decodeLines(value);
  return { records: d.records, dropped: d.dropped };
}

/** A log item checked as the store keeps it (undecoded): its lines that pass, with the reasons for those that do not. */
export interface CheckedLogItem {
  /** The payload with only the lines that pass; undefined when none do. */
  value: Record<string, unknown> | undefined;
  /** How many lines `value` holds. */
  count: number;
  /** Whether `value` is the payload as parsed (no line was dropped). */
  whole: boolean;
  dropped: string[];
}

/** Checks a `log` item's payload, already parsed (depth-checked), line by line, as decodeLogItem would decode it. */
export function checkLogItem(value: Record<string, unknown>): CheckedLogItem {
  const d = decodeLines(value);
  if (!d.records.length) return { value: undefined, count: 0, whole: false, dropped: d.dropped };
  const whole = d.records.length === d.raw.length;
  return { value: whole ? value : { ...value, items: d.kept }, count: d.records.length, whole, dropped: d.dropped };
}

function decodeLines(value: Record<string, unknown>): { records: LogRecord[]; dropped: string[]; raw: unknown[]; kept: unknown[] } {
  const c = containerSchema.safeParse(value);
  if (!c.success) return { records: [], dropped: [`log item: ${zodIssues(c.error)}`], raw: [], kept: [] };
  const records: LogRecord[] = [];
  const dropped: string[] = [];
  const kept: unknown[] = [];
  c.data.items.forEach((raw, i) => {
    // What every SDK sends passes plainLog, which says what the schema says without a zod parse per line;
    // the schema stays the one source of the reasons for what fails.
    let line = plainLog(raw);
    if (!line) {
      const l = logSchema.safeParse(raw);
      if (!l.success) {
        dropped.push(`log item, log ${i}: ${zodIssues(l.error)}`);
        return;
      }
      line = { ...l.data, attributes: flattenAttributes(l.data.attributes) };
    }
    const timestamp = toSeconds(line.timestamp);
    if (timestamp === undefined) {
      dropped.push(`log item, log ${i}: timestamp must be seconds since the epoch or an RFC 3339 time`);
      return;
    }
    const attributes = line.attributes;
    const spanId = normalizeHexId(line.span_id, SPAN_ID) ?? normalizeHexId(stringAttribute(attributes, 'sentry.trace.parent_span_id'), SPAN_ID) ?? null;
    kept.push(raw);
    records.push({
      timestamp,
      level: logLevelOf(line.level),
      body: line.body,
      traceId: normalizeHexId(line.trace_id, TRACE_ID) ?? null,
      spanId,
      ...(line.severity_number !== undefined ? { severityNumber: line.severity_number } : {}),
      attributes,
    });
  });
  return { records, dropped, raw: c.data.items, kept };
}

interface PlainLog {
  timestamp: number | string;
  level: string;
  body: string;
  trace_id?: string | null | undefined;
  span_id?: string | null | undefined;
  severity_number?: number | undefined;
  attributes: Attributes;
}

const optString = (v: unknown) => v === undefined || v === null || typeof v === 'string';

/** A log line that passes logSchema, read without zod; undefined otherwise. */
function plainLog(raw: unknown): PlainLog | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if ((typeof r.timestamp !== 'number' && typeof r.timestamp !== 'string') || typeof r.level !== 'string' || typeof r.body !== 'string') return undefined;
  if (!optString(r.trace_id) || !optString(r.span_id) || (r.severity_number !== undefined && typeof r.severity_number !== 'number')) return undefined;
  const attributes = flattenPlainTyped(r.attributes);
  if (!attributes) return undefined;
  return { timestamp: r.timestamp, level: r.level, body: r.body, trace_id: r.trace_id as string | null | undefined, span_id: r.span_id as string | null | undefined, severity_number: r.severity_number as number | undefined, attributes };
}

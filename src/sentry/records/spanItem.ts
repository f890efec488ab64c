import { z } from 'zod';
import { flattenAttributes, flattenPlainTyped, plainAttributes, stringAttribute, typedAttributesSchema } from './attributes';
import { parseJsonObject } from '../envelope/envelopeParser';
import { type ItemDecode, zodIssues } from '../envelope/itemDecode';
import { SPAN_ID, type SpanRecord, TRACE_ID, normalizeHexId, toSeconds } from './spanRecord';

/** The content type of streamed spans (develop.sentry.dev "Span Protocol"). */
export const SPAN_V2_CONTENT_TYPE = 'application/vnd.sentry.items.span.v2+json';

const traceId = z.string().transform((s, ctx) => normalizeHexId(s, TRACE_ID) ?? (ctx.addIssue({ code: 'custom', message: 'must be 32 hexadecimal digits' }), z.NEVER));
const spanId = z.string().transform((s, ctx) => normalizeHexId(s, SPAN_ID) ?? (ctx.addIssue({ code: 'custom', message: 'must be 16 hexadecimal digits' }), z.NEVER));
const seconds = z.union([z.number(), z.string()]).transform((t, ctx) => toSeconds(t) ?? (ctx.addIssue({ code: 'custom', message: 'must be seconds since the epoch or an RFC 3339 time' }), z.NEVER));

/** One span of a span v2 item. */
const spanV2Schema = z.looseObject({
  trace_id: traceId,
  span_id: spanId,
  parent_span_id: spanId.nullish(),
  name: z.string().optional(),
  status: z.string().optional(),
  is_segment: z.boolean().optional(),
  start_timestamp: seconds,
  end_timestamp: seconds,
  attributes: typedAttributesSchema.optional(),
});

/** A span as transactions carry them, and as the legacy standalone `span` item is. */
export const spanV1Schema = z.looseObject({
  trace_id: traceId.optional(),
  span_id: spanId,
  parent_span_id: spanId.nullish(),
  op: z.string().nullish(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  start_timestamp: seconds,
  timestamp: seconds,
  data: z.record(z.string(), z.unknown()).nullish(),
  tags: z.record(z.string(), z.unknown()).nullish(),
  is_segment: z.boolean().optional(),
});

const containerSchema = z.looseObject({ version: z.number().optional(), items: z.array(z.unknown()) });

/** A v1 span (already checked) as a record; `traceId` fills in a span that names none. */
export function fromV1(s: z.infer<typeof spanV1Schema>, traceIdOfParent: string | undefined): SpanRecord | undefined {
  const trace = s.trace_id ?? traceIdOfParent;
  if (!trace) return undefined;
  const attributes = plainAttributes(s.data);
  if (s.tags) for (const [k, v] of Object.entries(plainAttributes(s.tags))) attributes[k] ??= v;
  return {
    traceId: trace,
    spanId: s.span_id,
    parentSpanId: s.parent_span_id ?? null,
    op: s.op ?? '',
    name: s.description ?? s.op ?? '',
    startTimestamp: s.start_timestamp,
    timestamp: Math.max(s.timestamp, s.start_timestamp),
    status: s.status ?? 'ok',
    isSegment: s.is_segment ?? false,
    attributes,
  };
}

function fromV2(s: z.infer<typeof spanV2Schema>): SpanRecord {
  const attributes = flattenAttributes(s.attributes);
  const op = stringAttribute(attributes, 'sentry.op') ?? '';
  return {
    traceId: s.trace_id,
    spanId: s.span_id,
    parentSpanId: s.parent_span_id ?? null,
    op,
    name: s.name ?? op,
    startTimestamp: s.start_timestamp,
    timestamp: Math.max(s.end_timestamp, s.start_timestamp),
    status: s.status ?? 'ok',
    isSegment: s.is_segment ?? false,
    attributes,
  };
}

/**
 * Decodes the payload of a `span` item: a span v2 container
 * (`{"version": 2, "items": [...]}`, content type SPAN_V2_CONTENT_TYPE) or a
 * legacy standalone span (one v1 span object). A span that fails its schema
 * is dropped alone, with its index and the reason.
 */
export function decodeSpanItem(payload: Uint8Array, contentType: string | undefined, maxDepth: number): ItemDecode<SpanRecord> {
  const json = parseJsonObject(payload, maxDepth, 'span item');
  if (!json.ok) return { records: [], dropped: [json.reason] };
  const records: SpanRecord[] = [];
  const dropped: string[] = [];
  if (contentType === SPAN_V2_CONTENT_TYPE || Array.isArray(json.value.items)) {
    const c = containerSchema.safeParse(json.value);
    if (!c.success) return { records, dropped: [`span item: ${zodIssues(c.error)}`] };
    c.data.items.forEach((raw, i) => {
      // What SDKs send passes plainV2 without a zod parse per span; the schema gives the reasons for the rest.
      const fast = plainV2(raw);
      if (fast) return void records.push(fast);
      const s = spanV2Schema.safeParse(raw);
      if (s.success) records.push(fromV2(s.data));
      else dropped.push(`span item, span ${i}: ${zodIssues(s.error)}`);
    });
    return { records, dropped };
  }
  const s = spanV1Schema.safeParse(json.value);
  if (!s.success) return { records, dropped: [`span item: ${zodIssues(s.error)}`] };
  const r = fromV1(s.data, undefined);
  if (r) records.push(r);
  else dropped.push('span item: trace_id is missing');
  return { records, dropped };
}

/** A span v2 that passes spanV2Schema, as a record, read without zod; undefined otherwise. */
function plainV2(raw: unknown): SpanRecord | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const traceId = normalizeHexId(r.trace_id, TRACE_ID);
  const spanId = normalizeHexId(r.span_id, SPAN_ID);
  const parent = r.parent_span_id === undefined || r.parent_span_id === null ? null : normalizeHexId(r.parent_span_id, SPAN_ID);
  const start = typeof r.start_timestamp === 'number' ? toSeconds(r.start_timestamp) : undefined;
  const end = typeof r.end_timestamp === 'number' ? toSeconds(r.end_timestamp) : undefined;
  if (!traceId || !spanId || parent === undefined || start === undefined || end === undefined) return undefined;
  if ((r.name !== undefined && typeof r.name !== 'string') || (r.status !== undefined && typeof r.status !== 'string') || (r.is_segment !== undefined && typeof r.is_segment !== 'boolean')) return undefined;
  const attributes = flattenPlainTyped(r.attributes);
  if (!attributes) return undefined;
  const op = stringAttribute(attributes, 'sentry.op') ?? '';
  return {
    traceId,
    spanId,
    parentSpanId: parent,
    op,
    name: (r.name as string | undefined) ?? op,
    startTimestamp: start,
    timestamp: Math.max(end, start),
    status: (r.status as string | undefined) ?? 'ok',
    isSegment: (r.is_segment as boolean | undefined) ?? false,
    attributes,
  };
}

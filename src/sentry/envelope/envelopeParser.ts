import { z } from 'zod';
import { type Result, ok, fail } from '../../util/result';
import type { TextScrubResult } from '../scrub/scrubText';

/**
 * A strict parser for Sentry envelopes (develop.sentry.dev "Envelopes"):
 *
 *     Envelope = Headers { "\n" Item } [ "\n" ]
 *     Item     = Headers "\n" Payload
 *     Payload  = exactly `length` bytes when the item header has `length`,
 *                else everything up to the next "\n" or the end of input
 *
 * Payloads are bytes: an attachment may hold a UTF-8 BOM, `\r\n` or any binary
 * data, and `length` is a byte count. Events (`event`, `transaction`) and user
 * feedback (`feedback`, which is an event with a feedback context) are parsed
 * as JSON objects; `user_report` (the legacy feedback form, no event of its
 * own), attachments, sessions, logs, spans, client reports and any type this
 * parser has never heard of are accepted and counted, as Relay does.
 */

export const EVENT_ITEM_TYPES = ['event', 'transaction', 'feedback'] as const;
export type EventItemType = (typeof EVENT_ITEM_TYPES)[number];

const EVENT_ID = /^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const envelopeHeadersSchema = z.looseObject({
  event_id: z.string().regex(EVENT_ID, 'event_id must be 32 hexadecimal digits').optional(),
  dsn: z.string().optional(),
  sent_at: z.string().optional(),
});

const itemHeadersSchema = z.looseObject({
  type: z.string().min(1, 'item type must not be empty'),
  length: z.number().int().nonnegative().optional(),
  content_type: z.string().optional(),
  filename: z.string().optional(),
});

export type EnvelopeHeaders = z.infer<typeof envelopeHeadersSchema>;
export type ItemHeaders = z.infer<typeof itemHeadersSchema>;

// What every SDK sends passes these checks, which say the same as the schemas above without a zod parse per
// envelope (the schemas stay the only source of the reasons given for what fails them). A loose zod object
// returns a copy with the same keys; the parsed value itself is just as good.
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

function plainEnvelopeHeaders(h: Record<string, unknown>): h is EnvelopeHeaders {
  return (h.event_id === undefined || (typeof h.event_id === 'string' && EVENT_ID.test(h.event_id))) && optionalString(h.dsn) && optionalString(h.sent_at);
}

function plainItemHeaders(h: Record<string, unknown>): h is ItemHeaders {
  const length = h.length;
  return (
    typeof h.type === 'string' &&
    h.type.length > 0 &&
    (length === undefined || (typeof length === 'number' && Number.isInteger(length) && length >= 0)) &&
    optionalString(h.content_type) &&
    optionalString(h.filename)
  );
}

export interface EnvelopeEvent {
  type: EventItemType;
  /** Lowercase 32-hex id: the payload's `event_id`, else the envelope's, else undefined. */
  eventId: string | undefined;
  payload: Record<string, unknown>;
  /** The same payload decoded: the text `payload` was parsed from. */
  text: string;
  /** With the `scrubText` option, its result when it took the event. */
  scrubbed?: TextScrubResult;
}

export interface EnvelopeItemInfo {
  type: string;
  /** Payload size in bytes. */
  length: number;
}

/** Item types whose payload holds many records (spans, logs), decoded by their own parts (spanItem.ts, logItem.ts). */
export const RECORD_ITEM_TYPES = ['span', 'log'] as const;
export type RecordItemType = (typeof RECORD_ITEM_TYPES)[number];

/** A span or log item as it came: its headers' content type and its payload bytes (a view into the body). */
export interface RecordItem {
  type: RecordItemType;
  contentType: string | undefined;
  payload: Uint8Array;
}

export interface ParsedEnvelope {
  headers: EnvelopeHeaders;
  items: EnvelopeItemInfo[];
  events: EnvelopeEvent[];
  /** The span and log items, undecoded: a bad one must cost only itself. */
  recordItems: RecordItem[];
  attachments: number;
  /** How many items of each type the envelope held. */
  itemCounts: Record<string, number>;
}

export interface EnvelopeParseOptions {
  /** Largest event payload in bytes (Relay: 1 MiB). */
  maxEventBytes?: number;
  /** Deepest JSON nesting accepted in headers and events. */
  maxJsonDepth?: number;
  /** Most items in one envelope. */
  maxItems?: number;
  /**
   * A scrubber's text pass (Scrubber.text): when given, each event's JSON
   * text goes through it first, and an event it takes is not parsed at all
   * (`scrubbed` holds the result, `payload` parses the text only if read).
   * Events it declines are parsed as without it.
   */
  scrubText?: (json: string, maxNesting?: number) => TextScrubResult | undefined;
}

const NL = 0x0a;

export function normalizeEventId(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

/** Why an envelope was refused: an event item over the size limit (HTTP 413), or anything else wrong with it (400). */
export type EnvelopeFailureCode = 'too-large' | 'invalid';

/** parseEnvelope's outcome: a failure carries a code to branch on and a reason for a person. */
export type EnvelopeResult = { ok: true; value: ParsedEnvelope } | { ok: false; code: EnvelopeFailureCode; reason: string };

type TooLarge = { ok: false; code: 'too-large'; reason: string };

export function parseEnvelope(body: Uint8Array, opts: EnvelopeParseOptions = {}): EnvelopeResult {
  const r = parseEnvelopeBody(body, opts);
  return r.ok || 'code' in r ? r : { ok: false, code: 'invalid', reason: r.reason };
}

function parseEnvelopeBody(body: Uint8Array, opts: EnvelopeParseOptions): Result<ParsedEnvelope> | TooLarge {
  const maxEventBytes = opts.maxEventBytes ?? 1024 * 1024;
  const maxDepth = opts.maxJsonDepth ?? 128;
  const maxItems = opts.maxItems ?? 10_000;
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (buf.length === 0) return fail('the envelope is empty: it needs at least a headers line');

  let end = buf.indexOf(NL);
  if (end < 0) end = buf.length;
  const headerJson = parseJsonObject(buf.subarray(0, end), maxDepth, 'envelope headers');
  if (!headerJson.ok) return headerJson;
  let headers: EnvelopeHeaders;
  if (plainEnvelopeHeaders(headerJson.value)) {
    headers = headerJson.value;
  } else {
    const headersParsed = envelopeHeadersSchema.safeParse(headerJson.value);
    if (!headersParsed.success) return fail(`envelope headers are invalid: ${zodReason(headersParsed.error)}`);
    headers = headersParsed.data;
  }
  const envelopeEventId = headers.event_id !== undefined ? normalizeEventId(headers.event_id) : undefined;

  const items: EnvelopeItemInfo[] = [];
  const events: EnvelopeEvent[] = [];
  const recordItems: RecordItem[] = [];
  const itemCounts: Record<string, number> = Object.create(null) as Record<string, number>;
  let attachments = 0;
  let pos = end + 1;
  while (pos < buf.length) {
    const n = items.length + 1;
    if (n > maxItems) return fail(`the envelope has more than ${maxItems} items`);
    let hEnd = buf.indexOf(NL, pos);
    if (hEnd < 0) hEnd = buf.length;
    if (hEnd === pos) {
      return fail(`item ${n}: expected item headers but found an empty line at byte ${pos}`);
    }
    const ih = parseJsonObject(buf.subarray(pos, hEnd), maxDepth, `item ${n} headers`);
    if (!ih.ok) return ih;
    let itemHeaders: ItemHeaders;
    if (plainItemHeaders(ih.value)) {
      itemHeaders = ih.value;
    } else {
      const ihParsed = itemHeadersSchema.safeParse(ih.value);
      if (!ihParsed.success) return fail(`item ${n} headers are invalid: ${zodReason(ihParsed.error)}`);
      itemHeaders = ihParsed.data;
    }
    const payloadStart = Math.min(hEnd + 1, buf.length);
    let payloadEnd: number;
    if (itemHeaders.length !== undefined) {
      payloadEnd = payloadStart + itemHeaders.length;
      if (payloadEnd > buf.length) {
        return fail(
          `item ${n} (${itemHeaders.type}) declares length ${itemHeaders.length} but only ${buf.length - payloadStart} bytes follow`,
        );
      }
      if (payloadEnd < buf.length && buf[payloadEnd] !== NL) {
        return fail(`item ${n} (${itemHeaders.type}): expected a newline after its ${itemHeaders.length}-byte payload`);
      }
    } else {
      payloadEnd = buf.indexOf(NL, payloadStart);
      if (payloadEnd < 0) payloadEnd = buf.length;
    }
    const payload = buf.subarray(payloadStart, payloadEnd);
    const type = itemHeaders.type;
    items.push({ type, length: payload.length });
    itemCounts[type] = (itemCounts[type] ?? 0) + 1;
    if (type === 'attachment') attachments++;
    else if (type === 'span' || type === 'log') recordItems.push({ type, contentType: itemHeaders.content_type, payload });
    if ((EVENT_ITEM_TYPES as readonly string[]).includes(type)) {
      if (payload.length > maxEventBytes) {
        return { ok: false, code: 'too-large', reason: `item ${n} (${type}) is ${payload.length} bytes, more than the ${maxEventBytes}-byte event limit` };
      }
      const text = payload.toString('utf8');
      const read = readEventText(text, maxDepth, `item ${n} (${type})`, opts.scrubText);
      if (!read.ok) return read;
      const { scrubbed, rawId } = read.value;
      let event: EnvelopeEvent;
      if (scrubbed) {
        let value: Record<string, unknown> | undefined;
        event = {
          type: type as EventItemType,
          eventId: envelopeEventId,
          get payload() {
            return (value ??= JSON.parse(text) as Record<string, unknown>);
          },
          text,
          scrubbed,
        };
      } else {
        event = { type: type as EventItemType, eventId: envelopeEventId, payload: read.value.payload!, text };
      }
      if (rawId !== undefined) {
        if (typeof rawId !== 'string' || !EVENT_ID.test(rawId)) {
          return fail(`item ${n} (${type}): event_id must be 32 hexadecimal digits`);
        }
        event.eventId = normalizeEventId(rawId);
      }
      events.push(event);
    }
    pos = payloadEnd + 1;
  }
  return ok({ headers, items, events, recordItems, attachments, itemCounts });
}

/**
 * An event's JSON text as the envelope and store routes take it: through the
 * scrubber's text pass when it takes the event (then it is not parsed here),
 * else parsed (depth-checked) for the object walk. `rawId` is its `event_id`
 * as sent, for the caller to check.
 */
export function readEventText(
  text: string,
  maxDepth: number,
  what: string,
  scrubText?: EnvelopeParseOptions['scrubText'],
): Result<{ scrubbed?: TextScrubResult; payload?: Record<string, unknown>; rawId: unknown }> {
  const scrubbed = scrubText?.(text, maxDepth);
  if (scrubbed) return ok({ scrubbed, rawId: scrubbed.rawEventId });
  const parsed = parseJsonText(text, maxDepth, what);
  return parsed.ok ? ok({ payload: parsed.value, rawId: parsed.value.event_id }) : parsed;
}

/**
 * Parses bytes as one JSON object, refusing nesting deeper than `maxDepth`
 * (checked on the bytes before JSON.parse, so a hostile payload never reaches
 * a recursive walk). `__proto__` keys stay plain own data properties.
 */
export function parseJsonObject(bytes: Uint8Array, maxDepth: number, what: string): Result<Record<string, unknown>> {
  return parseJsonText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), maxDepth, what);
}

/** parseJsonObject on text already decoded. */
function parseJsonText(text: string, maxDepth: number, what: string): Result<Record<string, unknown>> {
  // Nesting deeper than maxDepth needs more than maxDepth opening brackets: count
  // them with the native indexOf first, and scan for the depth only when there are that many.
  if (!atMostBrackets(text, maxDepth) && jsonDepth(text, maxDepth) > maxDepth) {
    return fail(`${what}: JSON nested deeper than ${maxDepth} levels`);
  }
  return parseObjectUnchecked(text, what);
}

/** JSON.parse of text that must be one object, its depth not checked (the callers check it, before or after). */
export function parseObjectUnchecked(text: string, what: string): Result<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail(`${what}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(`${what}: must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return ok(value as Record<string, unknown>);
}

/** The nesting depth of JSON text, stopping early once it passes `stopAbove`. */
export function jsonDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Whether `text` holds at most `limit` of `{` and `[` together (inside strings or not). */
function atMostBrackets(text: string, limit: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++n > limit) return false;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++n > limit) return false;
  return true;
}

function zodReason(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

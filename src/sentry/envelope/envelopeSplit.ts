/**
 * An envelope split into its headers and items as JSON values, in the shape
 * Spotlight's sidecar gives its `/stream` readers:
 * `[headers, [[itemHeaders, payload], ...]]`, where a JSON payload is the
 * parsed object with the item's `type` set on it, and any other payload is
 * `{"data": text}` (UTF-8 for text content types, else base64). For an
 * envelope that parseEnvelope already accepted; what does not split is left out.
 */
import { jsonDepth } from './envelopeParser';

/** Deeper JSON stays text (base64), as parseEnvelope refuses it for events. */
const MAX_DEPTH = 128;

export type SplitEnvelope = [Record<string, unknown>, Array<[Record<string, unknown>, unknown]>];

const TEXT_TYPES = new Set(['text/plain', 'text/css', 'text/csv', 'text/html', 'text/javascript', 'text/json', 'text/x-json', 'application/json', 'application/ld+json']);
const RAW_TYPES = new Set(['attachment', 'replay_video', 'statsd']);

export function splitEnvelope(body: Uint8Array): SplitEnvelope | undefined {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let end = buf.indexOf(0x0a);
  if (end < 0) end = buf.length;
  const headers = jsonObject(buf.subarray(0, end));
  if (!headers) return undefined;
  const items: Array<[Record<string, unknown>, unknown]> = [];
  let pos = end + 1;
  while (pos < buf.length) {
    let hEnd = buf.indexOf(0x0a, pos);
    if (hEnd < 0) hEnd = buf.length;
    const ih = jsonObject(buf.subarray(pos, hEnd));
    if (!ih) return [headers, items];
    const start = Math.min(hEnd + 1, buf.length);
    let stop: number;
    if (typeof ih.length === 'number') stop = Math.min(start + ih.length, buf.length);
    else {
      stop = buf.indexOf(0x0a, start);
      if (stop < 0) stop = buf.length;
    }
    const raw = buf.subarray(start, stop);
    const type = typeof ih.type === 'string' ? ih.type : '';
    let payload: unknown;
    if (RAW_TYPES.has(type)) {
      const ct = typeof ih.content_type === 'string' ? ih.content_type : type === 'statsd' ? 'text/plain' : '';
      payload = { data: raw.toString(TEXT_TYPES.has(ct) ? 'utf8' : 'base64') };
    } else {
      const obj = jsonObject(raw);
      payload = obj ? Object.assign(obj, { type }) : { data: raw.toString('base64') };
    }
    items.push([ih, payload]);
    pos = stop + 1;
  }
  return [headers, items];
}

function jsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  const text = bytes.toString('utf8');
  if (jsonDepth(text, MAX_DEPTH) > MAX_DEPTH) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

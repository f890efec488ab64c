/**
 * Encodes a Sentry envelope: a JSON header line, then per item a JSON item
 * header line carrying `length` (the payload's byte count) and the payload
 * bytes followed by "\n". Objects are serialised as JSON (which never contains
 * a raw newline), strings as UTF-8, bytes as they are.
 */
export interface EnvelopeItemInput {
  headers: { type: string; [key: string]: unknown };
  payload: Uint8Array | string | object;
}

const encoder = new TextEncoder();

function payloadBytes(payload: Uint8Array | string | object): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === 'string') return encoder.encode(payload);
  return encoder.encode(JSON.stringify(payload));
}

export function encodeEnvelope(headers: Record<string, unknown>, items: readonly EnvelopeItemInput[]): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(`${JSON.stringify(headers)}\n`)];
  for (const item of items) {
    const body = payloadBytes(item.payload);
    const { length: _ignored, ...rest } = item.headers as Record<string, unknown>;
    parts.push(encoder.encode(`${JSON.stringify({ ...rest, length: body.byteLength })}\n`), body, encoder.encode('\n'));
  }
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

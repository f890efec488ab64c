/**
 * Size and time limits of the local listener, in line with Sentry's ingest
 * (Relay): an event item may be at most 1 MiB once decompressed (Relay's
 * `max_event_size`), a store request body the same. Relay accepts envelopes up
 * to 200 MiB because it streams attachments to storage; the listener holds a
 * request in the extension host's memory, so envelopes are capped lower, at
 * 20 MiB compressed and 20 MiB decompressed. Anything larger is answered 413.
 */
export interface Limits {
  /** Largest request body as sent on the wire (compressed or not). */
  maxBodyBytes: number;
  /** Largest envelope after decompression. */
  maxEnvelopeBytes: number;
  /** Largest event (`event`/`transaction`/`feedback` item, store body, webhook body) after decompression. */
  maxEventBytes: number;
  /** Largest request head (request line + headers); larger is answered 431. */
  maxHeaderBytes: number;
  /** A client must send its complete head within this time, else 408. */
  headersTimeoutMs: number;
  /** A client that sends no body bytes for this long gets 408. */
  bodyIdleTimeoutMs: number;
  /** The whole request must arrive within this time, else 408. */
  requestTimeoutMs: number;
  /** JSON nested deeper than this is rejected with 400 (protects every later recursive walk). */
  maxJsonDepth: number;
  /** Open connections beyond this are closed at once. */
  maxConnections: number;
}

export const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBodyBytes: 20 * MiB,
  maxEnvelopeBytes: 20 * MiB,
  maxEventBytes: 1 * MiB,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  bodyIdleTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxJsonDepth: 128,
  maxConnections: 512,
});

export function resolveLimits(partial: Partial<Limits> | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}

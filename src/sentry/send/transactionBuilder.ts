import { randomBytes, randomUUID } from 'node:crypto';
import type { BuildContext } from './eventBuilder';
import { type SharedPayloadFields, newEventId, nonEmpty, sharedPayloadFields } from './payloadFields';

/**
 * Builds a Sentry transaction event (`type: "transaction"`): the root span in
 * `contexts.trace`, its child spans in `spans`, each with its parent's span id
 * and its start and end times, as the SDKs send them.
 */

/** One child span, placed on the transaction's time line. */
export interface SpanInput {
  op: string;
  description: string;
  /** Milliseconds after the transaction started. */
  startMs: number;
  durationMs: number;
  /** The index (in `spans`) of the parent span, which must come earlier; none: the transaction's root span. */
  parent?: number;
  /** Sentry's span status; default "ok". */
  status?: string;
  data?: Record<string, string | number | boolean>;
}

export interface TransactionInput extends SharedPayloadFields {
  /** The transaction's name, e.g. "GET /checkout". */
  name: string;
  /** The root span's op, e.g. "http.server". */
  op: string;
  durationMs: number;
  spans: readonly SpanInput[];
  platform?: string;
}

export interface SentrySpan {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  op: string;
  description: string;
  /** Seconds since the epoch, fractional. */
  start_timestamp: number;
  timestamp: number;
  status: string;
  data?: Record<string, string | number | boolean>;
}

/** The transaction as sent (the protocol's snake_case field names). */
export interface SentryTransactionPayload extends SharedPayloadFields {
  type: 'transaction';
  event_id: string;
  transaction: string;
  transaction_info: { source: 'custom' };
  start_timestamp: number;
  timestamp: number;
  platform: string;
  sdk: { name: string; version: string };
  contexts: { trace: { trace_id: string; span_id: string; op: string; status: string } };
  spans: SentrySpan[];
}

export interface TransactionBuildContext extends BuildContext {
  /** 16 hex digits for a span id (default: random). */
  randomSpanId?: () => string;
}

/**
 * The transaction ends now and started `durationMs` before; a span that
 * would run past the transaction's end is a mistake in the input and throws,
 * as does a parent index that does not point at an earlier span.
 */
export function buildTransaction(input: TransactionInput, ctx: TransactionBuildContext): SentryTransactionPayload {
  const endMs = (ctx.now ?? (() => new Date()))().getTime();
  const startMs = endMs - input.durationMs;
  const eventId = newEventId(ctx.randomId);
  const spanId = ctx.randomSpanId ?? (() => randomBytes(8).toString('hex'));
  // The trace id is its own random value, not the event id: a trace holds more than this one event.
  const traceId = randomUUID().replace(/-/g, '');
  const rootSpanId = spanId();
  const ids: string[] = [];
  const spans = input.spans.map((s, i): SentrySpan => {
    if (s.parent !== undefined && !(Number.isInteger(s.parent) && s.parent >= 0 && s.parent < i)) {
      throw new Error(`span ${i} (${s.op}) names parent ${s.parent}, which is not an earlier span`);
    }
    if (s.startMs < 0 || s.durationMs < 0 || s.startMs + s.durationMs > input.durationMs) {
      throw new Error(`span ${i} (${s.op}) does not fit in the transaction's ${input.durationMs} ms`);
    }
    const id = spanId();
    ids.push(id);
    return {
      trace_id: traceId,
      span_id: id,
      parent_span_id: s.parent === undefined ? rootSpanId : ids[s.parent]!,
      op: s.op,
      description: s.description,
      start_timestamp: (startMs + s.startMs) / 1000,
      timestamp: (startMs + s.startMs + s.durationMs) / 1000,
      status: s.status ?? 'ok',
      ...(nonEmpty(s.data) ? { data: { ...s.data } } : {}),
    };
  });
  const t: SentryTransactionPayload = {
    type: 'transaction',
    event_id: eventId,
    transaction: input.name,
    transaction_info: { source: 'custom' },
    start_timestamp: startMs / 1000,
    timestamp: endMs / 1000,
    platform: input.platform && input.platform !== '' ? input.platform : 'other',
    sdk: { name: ctx.sdkName, version: ctx.sdkVersion },
    contexts: { trace: { trace_id: traceId, span_id: rootSpanId, op: input.op, status: 'ok' } },
    spans,
    ...sharedPayloadFields(input),
  };
  return t;
}

/**
 * Whether a payload to send is a transaction. (It has no issue page to link
 * to: Sentry shows a transaction in its trace view, which needs the
 * organization and the trace, not the event id.)
 */
export function isTransactionPayload(payload: object): boolean {
  return (payload as { type?: unknown }).type === 'transaction';
}

import type { BuildContext, EventInput } from './eventBuilder';
import type { EventTemplate } from './eventTemplate';
import { sharedPayloadFields } from './payloadFields';
import { type SentryTransactionPayload, type SpanInput, type TransactionInput, buildTransaction } from './transactionBuilder';

/**
 * The performance template: a checkout request as a transaction whose child
 * spans show where its time went, one database query clearly slow (well over
 * Sentry's 1 s threshold for a slow DB query), one span nested two deep.
 */

export const PERFORMANCE_TRANSACTION_NAME = 'GET /checkout';
/** The slow span's duration, in milliseconds, and its op and description. */
export const SLOW_SPAN = {
  op: 'db.sql.query',
  description: 'SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC',
  durationMs: 1850,
} as const;

const TOTAL_MS = 2400;

const CHECKOUT_SPANS: readonly SpanInput[] = [
  { op: 'middleware.express', description: 'authenticate', startMs: 4, durationMs: 38 },
  { op: 'db.sql.query', description: 'SELECT * FROM carts WHERE id = $1', startMs: 46, durationMs: 14, data: { 'db.system': 'postgresql' } },
  { op: 'http.client', description: 'POST https://payments.example.com/v1/charges', startMs: 64, durationMs: 310, data: { 'http.response.status_code': 200 } },
  { op: 'function', description: 'buildOrderSummary', startMs: 380, durationMs: 1990 },
  { op: SLOW_SPAN.op, description: SLOW_SPAN.description, startMs: 392, durationMs: SLOW_SPAN.durationMs, parent: 3, data: { 'db.system': 'postgresql' } },
  { op: 'serialize', description: 'render order summary', startMs: 2250, durationMs: 105, parent: 3 },
];

/** The form's answers (the message is the transaction's name) with the template's spans. */
export function performanceTransaction(input: EventInput): TransactionInput {
  const t: TransactionInput = { name: input.message.trim() || PERFORMANCE_TRANSACTION_NAME, op: 'http.server', durationMs: TOTAL_MS, spans: CHECKOUT_SPANS, ...sharedPayloadFields(input) };
  if (input.platform !== undefined) t.platform = input.platform;
  return t;
}

export const performanceTemplate: EventTemplate = {
  id: 'performance',
  label: 'Slow transaction (performance)',
  description: `a transaction with child spans, one DB query taking ${SLOW_SPAN.durationMs / 1000} s`,
  hasLevel: false,
  messagePrompt: 'The transaction name (required), e.g. GET /checkout',
  build() {
    return { message: PERFORMANCE_TRANSACTION_NAME };
  },
  payload(input: EventInput, ctx: BuildContext): SentryTransactionPayload {
    return buildTransaction(performanceTransaction(input), ctx);
  },
};

import { TRACE_ID, normalizeHexId } from '../../sentry/spanRecord';

/** The trace an error belongs to: `contexts.trace.trace_id` (SDK and REST API events alike). */
export function traceIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const contexts = (event as { contexts?: unknown }).contexts;
  if (typeof contexts !== 'object' || contexts === null) return undefined;
  const trace = (contexts as { trace?: unknown }).trace;
  if (typeof trace !== 'object' || trace === null) return undefined;
  return normalizeHexId((trace as { trace_id?: unknown }).trace_id, TRACE_ID);
}

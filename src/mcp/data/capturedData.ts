import type { StoredEvent } from '../../capture/kinds/events/storedEvent';
import type { TraceSummary } from '../../capture/kinds/traces/traceSummary';
import type { LogView, TraceDetail } from '../../capture/kinds/traces/traceReader';
import type { Result } from '../../util/result';

/** Most events a tool reads in one go (the read API's own limit). */
export const MAX_READ = 1000;

/**
 * Where the tools read captured data from: the store itself (inside the
 * process that runs the listener) or the running listener's read API (the
 * stdio server). Newest first; every list is bounded.
 */
export interface CapturedData {
  /** Events newest first, at most `limit` (up to MAX_READ), matching `query` (Sentry's search syntax) when given. A bad query is a failed result. */
  events(opts: { query?: string; limit: number }, signal?: AbortSignal): Promise<Result<StoredEvent[]>>;
  /** The events whose id is `id` or starts with it (at most two: one is an answer, two say the prefix is ambiguous). */
  byId(id: string, signal?: AbortSignal): Promise<StoredEvent[]>;
}

/** Spans and logs, where the listener keeps them (as the read API's `/traces` and `/logs` give them). */
export interface CapturedTelemetry {
  /** Trace summaries, newest first. */
  traces(limit: number, signal?: AbortSignal): Promise<TraceSummary[]>;
  /** Everything that carries a full trace id; undefined when nothing does. */
  trace(traceId: string, signal?: AbortSignal): Promise<TraceDetail | undefined>;
  /** Log lines, newest first. */
  logs(limit: number, signal?: AbortSignal): Promise<LogView[]>;
}

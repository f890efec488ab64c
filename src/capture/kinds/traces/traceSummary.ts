import { durationMs } from '../../../sentry/records/spanRecord';
import type { StoredSpan } from './storedSpan';
import type { TraceEntry } from './traceIndex';

/** One line of the traces list (`GET /traces`, the Traces view). */
export interface TraceSummary {
  traceId: string;
  rootName: string;
  rootOp: string;
  /** Seconds since the epoch: the earliest span start. */
  startTimestamp: number;
  /** From the earliest start to the latest end. */
  durationMs: number;
  /** Every span kept, a transaction's root span included. */
  spanCount: number;
  errorCount: number;
}

/**
 * The root of what arrived of a trace: a span without a parent, else (its
 * root never came) the earliest span whose parent is not here; among several,
 * a segment (transaction root) before a plain span, then the earliest.
 */
export function rootSpanOf(spans: ReadonlyMap<string, StoredSpan>): StoredSpan | undefined {
  let best: StoredSpan | undefined;
  let bestRank = Infinity;
  for (const s of spans.values()) {
    const parentless = s.parentSpanId === null;
    const orphan = !parentless && !spans.has(s.parentSpanId!);
    if (!parentless && !orphan) continue;
    const rank = (parentless ? 0 : 2) + (s.isSegment ? 0 : 1);
    if (rank < bestRank || (rank === bestRank && best !== undefined && s.startTimestamp < best.startTimestamp)) {
      best = s;
      bestRank = rank;
    }
  }
  return best;
}

export function summarizeTrace(t: TraceEntry, errorCount: number): TraceSummary {
  const root = rootSpanOf(t.spans);
  return {
    traceId: t.traceId,
    rootName: root?.name ?? '',
    rootOp: root?.op ?? '',
    startTimestamp: t.startTimestamp,
    durationMs: durationMs({ startTimestamp: t.startTimestamp, timestamp: t.endTimestamp }),
    spanCount: t.spans.size,
    errorCount,
  };
}

import type { StoredSpan } from './storedSpan';

/** The spans of one trace, by span id, with what the list needs without a walk. */
export interface TraceEntry {
  readonly traceId: string;
  readonly spans: Map<string, StoredSpan>;
  /** When its first span arrived (ms): the bound evicts the trace first seen first. */
  readonly firstReceivedAt: number;
  lastReceivedAt: number;
  startTimestamp: number;
  endTimestamp: number;
}

/** What applying spans changed: traces that got spans, traces evicted. */
export interface TraceIndexChange {
  touched: string[];
  evicted: string[];
  /** The span ids (`spanId`) of each evicted trace, by trace id. */
  evictedSpans: Map<string, string[]>;
}

/** Most spans one trace keeps; later ones are counted in `droppedSpans`, not kept (a runaway loop must not take the memory). */
export const MAX_SPANS_PER_TRACE = 50_000;

/**
 * Spans grouped by trace id, bounded by a number of traces (oldest first:
 * the trace whose first span came first goes first). Pure state: records in,
 * no disk, no clock. A span sent twice (same trace and span id) replaces the
 * first.
 */
export class TraceIndex {
  private readonly traces = new Map<string, TraceEntry>();
  private spanTotal = 0;
  /** Spans not kept because their trace was full. */
  droppedSpans = 0;

  constructor(private maxTraces: number) {}

  get size(): number {
    return this.traces.size;
  }

  get spanCount(): number {
    return this.spanTotal;
  }

  get bound(): number {
    return this.maxTraces;
  }

  apply(spans: readonly StoredSpan[]): TraceIndexChange {
    const touched = new Set<string>();
    for (const s of spans) {
      let t = this.traces.get(s.traceId);
      if (!t) {
        t = { traceId: s.traceId, spans: new Map(), firstReceivedAt: s.receivedAt, lastReceivedAt: s.receivedAt, startTimestamp: s.startTimestamp, endTimestamp: s.timestamp };
        this.traces.set(s.traceId, t);
      }
      if (!t.spans.has(s.spanId)) {
        if (t.spans.size >= MAX_SPANS_PER_TRACE) {
          this.droppedSpans++;
          continue;
        }
        this.spanTotal++;
      }
      t.spans.set(s.spanId, s);
      if (s.receivedAt > t.lastReceivedAt) t.lastReceivedAt = s.receivedAt;
      if (s.startTimestamp < t.startTimestamp) t.startTimestamp = s.startTimestamp;
      if (s.timestamp > t.endTimestamp) t.endTimestamp = s.timestamp;
      touched.add(s.traceId);
    }
    const evictedSpans = new Map<string, string[]>();
    const evicted = this.evictOverBound(evictedSpans);
    for (const id of evicted) touched.delete(id);
    return { touched: [...touched], evicted, evictedSpans };
  }

  setBound(maxTraces: number, evictedSpans?: Map<string, string[]>): string[] {
    this.maxTraces = maxTraces;
    return this.evictOverBound(evictedSpans);
  }

  get(traceId: string): TraceEntry | undefined {
    return this.traces.get(traceId);
  }

  has(traceId: string): boolean {
    return this.traces.has(traceId);
  }

  /** Every trace, in no particular order. */
  entries(): IterableIterator<TraceEntry> {
    return this.traces.values();
  }

  delete(traceIds: readonly string[]): string[] {
    const gone: string[] = [];
    for (const id of traceIds) {
      const t = this.traces.get(id);
      if (!t) continue;
      this.spanTotal -= t.spans.size;
      this.traces.delete(id);
      gone.push(id);
    }
    return gone;
  }

  /** Removes single spans (`[traceId, spanId]`); a trace left without spans goes too. Returns the traces that changed. */
  removeSpans(ids: ReadonlyArray<readonly [string, string]>): string[] {
    const changed = new Set<string>();
    for (const [traceId, spanId] of ids) {
      const t = this.traces.get(traceId);
      if (!t || !t.spans.delete(spanId)) continue;
      this.spanTotal--;
      changed.add(traceId);
      if (!t.spans.size) this.traces.delete(traceId);
    }
    return [...changed];
  }

  clear(): void {
    this.traces.clear();
    this.spanTotal = 0;
  }

  private evictOverBound(evictedSpans?: Map<string, string[]>): string[] {
    const evicted: string[] = [];
    // A Map iterates in insertion order: the first key is the trace first seen.
    for (const [id, t] of this.traces) {
      if (this.traces.size <= this.maxTraces) break;
      this.spanTotal -= t.spans.size;
      this.traces.delete(id);
      evicted.push(id);
      evictedSpans?.set(id, [...t.spans.keys()]);
    }
    return evicted;
  }
}

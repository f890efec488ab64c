import { Emitter, type Disposable, reportTo } from '../../util/emitter';
import { type Logger, silentLogger } from '../../util/logger';
import { batchedLogLines, linesOfAll } from './logs/logBatch';
import { type LogBatchRecord, logKind, newLogId } from './logs/logKind';
import type { StoredSpan } from './traces/storedSpan';
import type { LogItemText, StoredLog } from './logs/storedLog';
import type { KindStore } from '../store/kindStore';
import type { RecordStore } from '../store/recordStore';
import type { LogLines, TelemetryBounds, TelemetryChange, TelemetryStoreApi } from './telemetryStore';
import { SPANS_PER_TRACE_BOUND, type SpanRecordKept, spanKind, spanRecordId } from './traces/spanKind';
import { TraceIndex } from './traces/traceIndex';

/** The store bounds of the span and log kinds for the given settings (see EventStore.open's `bounds`). */
export function telemetryStoreBounds(b: TelemetryBounds): Record<string, number> {
  return { [spanKind.name]: b.maxTraces * SPANS_PER_TRACE_BOUND, [logKind.name]: b.maxLogs };
}

/** The kinds to open the store with. */
export const TELEMETRY_KINDS = [spanKind, logKind] as const;

/**
 * Spans and logs kept in the durable store (store/recordStore.ts) as the
 * `span` and `log` kinds: written before the SDK's answer as events are,
 * shared with every process that follows the store. Spans are also grouped
 * by trace in memory (TraceIndex), bounded by traces: a trace evicted there
 * has its spans deleted from the store. Logs are kept in batches (a log
 * item each, logs/logKind.ts), decoded when read, bounded by lines.
 */
export class DurableTelemetryStore implements TelemetryStoreApi {
  readonly traces: TraceIndex;
  readonly logs: LogLines;
  private readonly spans: KindStore<SpanRecordKept>;
  private readonly logStore: KindStore<LogBatchRecord>;
  private readonly changed = new Emitter<TelemetryChange>(reportTo(() => this.log, 'a listener of span and log changes'));
  private readonly subs: Disposable[];
  readonly onDidChange = this.changed.event;

  constructor(
    store: RecordStore,
    bounds: TelemetryBounds,
    private readonly log: Logger = silentLogger,
  ) {
    this.spans = store.kind(spanKind);
    this.logStore = store.kind(logKind);
    this.traces = new TraceIndex(bounds.maxTraces);
    // Oldest first, so the bound keeps the newest traces.
    this.dropSpans(this.traces.apply(this.spans.list().reverse()).evictedSpans);
    this.logs = batchedLogLines(this.logStore, log);
    this.subs = [
      this.spans.onDidChange((c) => {
        if (c.cleared) {
          this.traces.clear();
          this.dropSpans(this.traces.apply(this.spans.list().reverse()).evictedSpans);
          return this.changed.fire({ traces: [], removedTraces: [], logs: [], cleared: true });
        }
        const removed = this.traces.removeSpans(c.removed.map(splitSpanId));
        const applied = this.traces.apply(c.added);
        const gone = [...removed.filter((id) => !this.traces.has(id)), ...applied.evicted];
        this.dropSpans(applied.evictedSpans);
        if (applied.touched.length || gone.length) this.changed.fire({ traces: applied.touched, removedTraces: gone, logs: [], cleared: false });
      }),
      this.logStore.onDidChange((c) => {
        if (!c.cleared && !c.added.length) return;
        const added = c.added;
        let lines: StoredLog[] | undefined;
        // The lines are decoded only if a listener reads them.
        this.changed.fire({
          traces: [],
          removedTraces: [],
          get logs() {
            return (lines ??= linesOfAll(added, log));
          },
          cleared: c.cleared,
        });
      }),
    ];
  }

  async appendSpans(spans: readonly StoredSpan[]): Promise<void> {
    if (!spans.length) return;
    await this.spans.append(spans.map((s) => ({ ...s, id: spanRecordId(s) })));
  }

  appendLogs(logs: readonly StoredLog[]): Promise<void> {
    if (!logs.length) return Promise.resolve();
    const receivedAt = logs.reduce((t, l) => Math.max(t, l.receivedAt), 0);
    return this.logStore.append([{ id: newLogId(), receivedAt, count: logs.length, lines: [...logs] }]);
  }

  appendLogItems(items: readonly LogItemText[], receivedAt: number): Promise<void> {
    if (!items.length) return Promise.resolve();
    return this.logStore.append(items.map((i) => ({ id: newLogId(), receivedAt, count: i.count, item: i.text })));
  }

  setBounds(bounds: TelemetryBounds): void {
    const b = telemetryStoreBounds(bounds);
    this.spans.setBound(b[spanKind.name]!);
    this.logStore.setBound(b[logKind.name]!);
    const evictedSpans = new Map<string, string[]>();
    const evicted = this.traces.setBound(bounds.maxTraces, evictedSpans);
    if (evicted.length) {
      this.changed.fire({ traces: [], removedTraces: evicted, logs: [], cleared: false });
      this.dropSpans(evictedSpans);
    }
  }

  async clear(): Promise<void> {
    await Promise.all([this.spans.clear(), this.logStore.clear()]);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }

  /** Deletes from the store the spans of traces the trace bound evicted (else they stay on disk until the span bound drops them). */
  private dropSpans(evicted: Map<string, string[]>): void {
    const ids: string[] = [];
    for (const [traceId, spanIds] of evicted) for (const spanId of spanIds) ids.push(spanRecordId({ traceId, spanId }));
    // A failure here costs disk space only: the spans are gone from the traces already.
    if (ids.length) void this.spans.delete(ids).catch((e: unknown) => this.log.warn(`deleting the spans of evicted traces failed: ${e instanceof Error ? e.message : String(e)}`));
  }
}

function splitSpanId(id: string): [string, string] {
  const i = id.indexOf(':');
  return [id.slice(0, i), id.slice(i + 1)];
}

import { Emitter, type Disposable } from '../util/emitter';
import { LogBuffer } from './logs/logBuffer';
import type { StoredLog, StoredSpan } from './recordKinds';
import { TraceIndex } from './traces/traceIndex';

/** What changed in the spans and logs kept. */
export interface TelemetryChange {
  /** Traces that got spans. */
  traces: string[];
  /** Traces evicted by the bound or deleted. */
  removedTraces: string[];
  /** Log lines added, oldest first. */
  logs: StoredLog[];
  cleared: boolean;
}

export interface TelemetryBounds {
  /** Most traces kept (`sentry.capture.maxTraces`). */
  maxTraces: number;
  /** Most log lines kept (`sentry.capture.maxLogs`). */
  maxLogs: number;
}

/** Where the listener keeps spans and logs, and where the read API and the views read them. */
export interface TelemetryStoreApi extends Disposable {
  /** Resolves once the spans are kept as the store keeps them. */
  appendSpans(spans: readonly StoredSpan[]): Promise<void>;
  appendLogs(logs: readonly StoredLog[]): Promise<void>;
  readonly traces: TraceIndex;
  readonly logs: LogBuffer;
  setBounds(bounds: TelemetryBounds): void;
  clear(): Promise<void>;
  readonly onDidChange: (listener: (change: TelemetryChange) => void) => Disposable;
}

/** Spans and logs kept in memory, each kind bounded (oldest first). */
export class MemoryTelemetryStore implements TelemetryStoreApi {
  readonly traces: TraceIndex;
  readonly logs: LogBuffer;
  private readonly changed = new Emitter<TelemetryChange>();
  readonly onDidChange = this.changed.event;

  constructor(bounds: TelemetryBounds) {
    this.traces = new TraceIndex(bounds.maxTraces);
    this.logs = new LogBuffer(bounds.maxLogs);
  }

  appendSpans(spans: readonly StoredSpan[]): Promise<void> {
    if (spans.length) {
      const c = this.traces.apply(spans);
      this.changed.fire({ traces: c.touched, removedTraces: c.evicted, logs: [], cleared: false });
    }
    return Promise.resolve();
  }

  appendLogs(logs: readonly StoredLog[]): Promise<void> {
    if (logs.length) {
      this.logs.apply(logs);
      this.changed.fire({ traces: [], removedTraces: [], logs: [...logs], cleared: false });
    }
    return Promise.resolve();
  }

  setBounds(bounds: TelemetryBounds): void {
    const evicted = this.traces.setBound(bounds.maxTraces);
    this.logs.setBound(bounds.maxLogs);
    if (evicted.length) this.changed.fire({ traces: [], removedTraces: evicted, logs: [], cleared: false });
  }

  clear(): Promise<void> {
    this.traces.clear();
    this.logs.clear();
    this.changed.fire({ traces: [], removedTraces: [], logs: [], cleared: true });
    return Promise.resolve();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

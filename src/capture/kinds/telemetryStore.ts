import type { Disposable } from '../../util/emitter';
import type { StoredSpan } from './traces/storedSpan';
import type { LogItemText, StoredLog } from './logs/storedLog';
import type { TraceIndex } from './traces/traceIndex';

/** What changed in the spans and logs kept. */
export interface TelemetryChange {
  /** Traces that got spans. */
  traces: string[];
  /** Traces evicted by the bound or deleted. */
  removedTraces: string[];
  /** Log lines added, oldest first (decoded when first read). */
  readonly logs: StoredLog[];
  cleared: boolean;
}

export interface TelemetryBounds {
  /** Most traces kept (`sentry.capture.maxTraces`). */
  maxTraces: number;
  /** Most log lines kept (`sentry.capture.maxLogs`). */
  maxLogs: number;
}

/** Log lines as the read API reads them. */
export interface LogLines {
  readonly size: number;
  /** Up to `limit` lines that pass `filter`, newest first. */
  newestFirst(limit: number, filter?: (l: StoredLog) => boolean): StoredLog[];
  /** The lines of one trace (its id as kept: lowercase hex), newest first. */
  ofTrace(traceId: string): StoredLog[];
}

/** Where the listener keeps spans and logs, and where the read API and the views read them. */
export interface TelemetryStoreApi extends Disposable {
  /** Resolves once the spans are kept as the store keeps them. */
  appendSpans(spans: readonly StoredSpan[]): Promise<void>;
  /** Keeps lines already decoded, as one batch. */
  appendLogs(logs: readonly StoredLog[]): Promise<void>;
  /** Keeps log items (checked and scrubbed, ingest/logItemIngest.ts), each as one batch; their lines are decoded when read. */
  appendLogItems(items: readonly LogItemText[], receivedAt: number): Promise<void>;
  readonly traces: TraceIndex;
  readonly logs: LogLines;
  setBounds(bounds: TelemetryBounds): void;
  clear(): Promise<void>;
  readonly onDidChange: (listener: (change: TelemetryChange) => void) => Disposable;
}

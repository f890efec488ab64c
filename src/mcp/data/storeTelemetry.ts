import type { TelemetryStoreApi } from '../../capture/kinds/telemetryStore';
import type { TraceReader } from '../../capture/kinds/traces/traceReader';
import { logView } from '../../capture/kinds/traces/traceReader';
import type { CapturedTelemetry } from './capturedData';

/** The tools' spans and logs read straight from the telemetry store (the listener runs in this process). */
export class StoreTelemetry implements CapturedTelemetry {
  constructor(
    private readonly telemetry: TelemetryStoreApi,
    private readonly reader: TraceReader,
  ) {}

  async traces(limit: number) {
    return this.reader.list(limit);
  }

  async trace(traceId: string) {
    return this.reader.detail(traceId);
  }

  async logs(limit: number) {
    return this.telemetry.logs.newestFirst(limit).map(logView);
  }
}

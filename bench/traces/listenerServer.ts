// The listener under the log bench: its durable store (spans and logs kinds
// too) in the directory given as argv[2]. Prints "port <n>" once listening;
// SIGTERM stops it cleanly.
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../src/capture/durableTelemetryStore';
import { EventStore } from '../../src/capture/eventStore';
import { CaptureListener } from '../../src/capture/listener';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: listenerServer.ts <store dir>');
  const bounds = { maxTraces: 2000, maxLogs: 10_000_000 };
  const store = await EventStore.open(dir, { maxEvents: 10_000, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
  const telemetry = new DurableTelemetryStore(store.records, bounds);
  const listener = new CaptureListener({ store, telemetry });
  const r = await listener.start({ host: '127.0.0.1', port: 0 });
  if (!r.ok) throw new Error(r.reason);
  process.stdout.write(`port ${r.value.port}\n`);
  process.on('SIGTERM', () => {
    void listener
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

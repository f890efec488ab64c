// The listener under bench (capture.mjs, traces.mjs): its durable store in the
// directory given as argv[2] (argv[3]: durability 'write' or 'fsync', default
// 'write'; argv[4]: maxEvents; argv[5] 'telemetry': also keep spans and logs,
// as the extension's listener does). Prints "port <n>" once listening;
// SIGTERM stops it cleanly.
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../src/capture/kinds/durableTelemetryStore';
import { EventStore } from '../../src/capture/kinds/events/eventStore';
import { CaptureListener } from '../../src/capture/listener/listener';

const USAGE = 'usage: listenerServer.ts <store dir> [write|fsync] [maxEvents] [telemetry]';
/** The log bench's bounds: room for every line it sends. */
const TELEMETRY_BOUNDS = { maxTraces: 2000, maxLogs: 10_000_000 };

async function main(): Promise<void> {
  const [dir, durability = 'write', maxEvents = '1000000', extra] = process.argv.slice(2);
  if (!dir || (durability !== 'write' && durability !== 'fsync') || (extra !== undefined && extra !== 'telemetry')) throw new Error(USAGE);
  const withTelemetry = extra === 'telemetry';
  const store = await EventStore.open(dir, {
    maxEvents: Number(maxEvents),
    durability,
    ...(withTelemetry ? { kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(TELEMETRY_BOUNDS) } : {}),
  });
  const telemetry = withTelemetry ? new DurableTelemetryStore(store.records, TELEMETRY_BOUNDS) : undefined;
  const listener = new CaptureListener({ store, ...(telemetry ? { telemetry } : {}) });
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

// Reopens the store in argv[2] as a fresh process would after the listener
// stopped; prints how many log lines it holds, and of the request ids in the
// file argv[3] (one per line: the acknowledged envelopes) how many lack any of
// their 100 lines (each line carries its request id as `bench.request`).
import { readFileSync } from 'node:fs';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../src/capture/kinds/durableTelemetryStore';
import { EventStore } from '../../src/capture/kinds/events/eventStore';

async function main(): Promise<void> {
  const [dir, idsFile] = process.argv.slice(2);
  if (!dir || !idsFile) throw new Error('usage: countLogs.ts <store dir> <ids file>');
  const ids = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
  const bounds = { maxTraces: 2000, maxLogs: 10_000_000 };
  const store = await EventStore.open(dir, { maxEvents: 10_000, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
  const telemetry = new DurableTelemetryStore(store.records, bounds);
  try {
    const perRequest = new Map<string, number>();
    for (const l of telemetry.logs.newestFirst(Infinity)) {
      const id = String(l.attributes['bench.request']);
      perRequest.set(id, (perRequest.get(id) ?? 0) + 1);
    }
    const missing = ids.filter((id) => perRequest.get(id) !== 100).length;
    process.stdout.write(`${JSON.stringify({ stored: telemetry.logs.size, checked: ids.length, missing })}\n`);
  } finally {
    telemetry.dispose();
    await store.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

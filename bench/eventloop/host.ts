// The extension host's side of bench/eventloop.mjs: what a VS Code window runs
// for local capture - the shared store with its event, span and log kinds,
// opened following (as the extension does), the spans and logs over it, the
// issue index the Errors tree keeps, and the listener:
//   argv[2] 'in-thread': the CaptureListener on this thread (the design before);
//           'worker':    the listener and the store's writer on a worker thread
//                        (WorkerCaptureListener, bundled entry in argv[4]).
// argv[3] is the store directory. Prints "port <n>" once listening. Then, on
// stdin: "begin" starts measuring this thread's event-loop delay
// (perf_hooks.monitorEventLoopDelay, 1 ms resolution) and how busy it is
// (eventLoopUtilization); "end" prints one JSON line with p50/p99/max in ms, the
// thread's busy ms and the events
// the host's store holds; "quit" stops everything and exits.
import { type EventLoopUtilization, type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../src/capture/kinds/durableTelemetryStore';
import { EventStore } from '../../src/capture/kinds/events/eventStore';
import { IssueIndex } from '../../src/capture/kinds/events/issueGroups';
import { CaptureListener } from '../../src/capture/listener/listener';
import { WorkerCaptureListener } from '../../src/capture/worker/workerListener';

async function main(): Promise<void> {
  const [design, dir, workerPath] = process.argv.slice(2);
  if ((design !== 'in-thread' && design !== 'worker') || !dir || (design === 'worker' && !workerPath)) {
    throw new Error('usage: host.ts in-thread|worker <store dir> [worker bundle]');
  }
  // the extension's defaults: 10,000 events, 2,000 traces, 100,000 log lines (package.json)
  const bounds = { maxTraces: 2_000, maxLogs: 100_000 };
  const store = await EventStore.open(dir, { maxEvents: 10_000, follow: true, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
  const index = new IssueIndex(store);
  store.onDidChange((c) => index.apply(c));
  const telemetry = new DurableTelemetryStore(store.records, bounds);
  const listener =
    design === 'in-thread'
      ? new CaptureListener({ store, telemetry })
      : new WorkerCaptureListener({ workerPath: workerPath!, storeDir: dir, maxEvents: 10_000, telemetry: bounds, scrubbing: { extraKeys: [], extraPatterns: [] }, projects: [], version: 'bench' });
  const r = await listener.start({ host: '127.0.0.1', port: 0 });
  if (!r.ok) throw new Error(r.reason);
  process.stdout.write(`port ${r.value.port}\n`);

  let h: IntervalHistogram | undefined;
  let elu: EventLoopUtilization = performance.eventLoopUtilization();
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'begin') {
      h = monitorEventLoopDelay({ resolution: 1 });
      h.enable();
      elu = performance.eventLoopUtilization();
    } else if (line === 'end' && h) {
      h.disable();
      const used = performance.eventLoopUtilization(elu);
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      process.stdout.write(
        `${JSON.stringify({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), busyMs: Math.round(used.active), events: store.size, issues: index.size })}\n`,
      );
    } else if (line === 'quit') break;
  }
  await listener.stop();
  await store.close();
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

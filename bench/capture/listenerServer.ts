// The listener under bench: its durable store in the directory given as argv[2]
// (argv[3]: durability 'write' or 'fsync', default 'write'; argv[4]: maxEvents).
// Prints "port <n>" once listening; SIGTERM stops it cleanly.
import { EventStore } from '../../src/capture/eventStore';
import { CaptureListener } from '../../src/capture/listener';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const durability = process.argv[3] ?? 'write';
  if (!dir || (durability !== 'write' && durability !== 'fsync')) throw new Error('usage: listenerServer.ts <store dir> [write|fsync] [maxEvents]');
  const store = await EventStore.open(dir, { maxEvents: Number(process.argv[4] ?? 1_000_000), durability });
  const listener = new CaptureListener({ store });
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

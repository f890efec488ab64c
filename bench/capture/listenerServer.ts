// The listener under bench: its durable store in the directory given as argv[2].
// Prints "port <n>" once listening; SIGTERM stops it cleanly.
import { EventStore } from '../../src/capture/eventStore';
import { CaptureListener } from '../../src/capture/listener';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: listenerServer.ts <store dir> [maxEvents]');
  const store = await EventStore.open(dir, { maxEvents: Number(process.argv[3] ?? 1_000_000) });
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

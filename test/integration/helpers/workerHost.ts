// A process that captures the way a VS Code window does: the listener on a
// worker thread (argv[3]: the bundled worker) writing to the store in argv[2].
// Prints "listening on <port>"; SIGTERM stops it in order.
import { WorkerCaptureListener } from '../../../src/capture/worker/workerListener';

async function main(): Promise<void> {
  const [dir, workerPath] = process.argv.slice(2);
  if (!dir || !workerPath) throw new Error('usage: workerHost.ts <store dir> <worker bundle>');
  const listener = new WorkerCaptureListener({ workerPath, storeDir: dir, maxEvents: 10_000, scrubbing: { extraKeys: [], extraPatterns: [] }, projects: [], version: 'test' });
  const r = await listener.start({ host: '127.0.0.1', port: 0 });
  if (!r.ok) throw new Error(r.reason);
  process.stdout.write(`listening on ${r.value.port}\n`);
  process.on('SIGTERM', () => void listener.stop().then(() => process.exit(0)));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

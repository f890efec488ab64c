import { parentPort, workerData } from 'node:worker_threads';
import { createScrubber } from '../../sentry/scrub';
import type { Logger } from '../../util/logger';
import { EventStore } from '../eventStore';
import { CaptureListener } from '../listener';
import type { Limits } from '../limits';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../durableTelemetryStore';
import { type FromWorker, type ToWorker, toWorkerSchema, workerConfigSchema } from './protocol';

/**
 * The listener worker's entry (bundled as dist/listenerWorker.js): runs the
 * capture listener and the store's writer on a thread of its own, so the
 * work every event costs (reading, checking, scrubbing, writing it) never
 * runs on the extension host's thread. The host follows the store's log for
 * what was captured, as any other window does (see workerListener.ts).
 */

if (!parentPort) throw new Error('listenerWorker.ts runs as a worker thread');
const port = parentPort;

const post = (m: FromWorker) => port.postMessage(m);
const log: Logger = {
  trace() {},
  debug() {},
  info: (message) => post({ type: 'log', level: 'info', message }),
  warn: (message) => post({ type: 'log', level: 'warn', message }),
  error: (message) => post({ type: 'log', level: 'error', message }),
};

const secrets = new Map<number, (value: string | undefined) => void>();
let nextSecret = 0;

async function main(): Promise<void> {
  const config = workerConfigSchema.parse(workerData);
  const scrub = createScrubber(config.scrubbing);
  if (!scrub.ok) log.warn(`sentry.scrubbing.extraPatterns is wrong (${scrub.reason}); captured events are scrubbed with the built-in rules only`);
  const store = await EventStore.open(config.storeDir, {
    maxEvents: config.maxEvents,
    follow: true,
    logger: log,
    writeGroupKeys: true, // the window's store follows: spare it deriving them
    ...(config.telemetry ? { kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(config.telemetry) } : {}),
  });
  const telemetry = config.telemetry ? new DurableTelemetryStore(store.records, config.telemetry, log) : undefined;
  const listener = new CaptureListener({
    store,
    ...(telemetry ? { telemetry } : {}),
    ...(scrub.ok ? { scrubber: scrub.value } : {}),
    logger: log,
    ...(config.webhookSecret
      ? {
          webhookSecret: () =>
            new Promise<string | undefined>((resolve) => {
              const id = nextSecret++;
              secrets.set(id, resolve);
              post({ type: 'secret', id });
            }),
        }
      : {}),
    projects: config.projects,
    version: config.version,
    ...(config.limits ? { limits: config.limits as Partial<Limits> } : {}),
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await listener.stop();
      listener.dispose();
      telemetry?.dispose();
      await store.close();
      post({ type: 'stopped' });
      port.close();
    })());
  port.on('message', (raw: unknown) => {
    const parsed = toWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      log.error(`the listener worker got a message it does not know: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const m: ToWorker = parsed.data;
    switch (m.type) {
      case 'stop':
        void stop();
        break;
      case 'secret':
        secrets.get(m.id)?.(m.value);
        secrets.delete(m.id);
        break;
      case 'maxEvents':
        store.setMaxEvents(m.value);
        break;
      case 'telemetryBounds':
        telemetry?.setBounds({ maxTraces: m.maxTraces, maxLogs: m.maxLogs });
        break;
      case 'stats':
        post({ type: 'stats', id: m.id, stats: listener.stats });
        break;
    }
  });
  const result = await listener.start({ host: config.host, port: config.port });
  post({ type: 'started', result });
  if (!result.ok) await stop();
}

main().catch((e: unknown) => {
  log.error(`the listener worker failed: ${e instanceof Error ? e.message : String(e)}`);
  post({ type: 'started', result: { ok: false, code: 'other', reason: e instanceof Error ? e.message : String(e) } });
  port.close();
});

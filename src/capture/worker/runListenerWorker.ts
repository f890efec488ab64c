import type { IncomingMessage, ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { createScrubber } from '../../sentry/scrub/scrub';
import type { Logger } from '../../util/logger';
import { EventStore } from '../kinds/events/eventStore';
import { CaptureListener } from '../listener/listener';
import type { Limits } from '../http/limits';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../kinds/durableTelemetryStore';
import { moveStoredTransactions } from '../kinds/traces/storedTransactions';
import type { TraceReader } from '../kinds/traces/traceReader';
import { type FromWorker, type RestCaller, type ToWorker, toWorkerSchema, workerConfigSchema, type WorkerFiles, type WorkerRest, type WorkerWorkspace } from './protocol';
import { errorOfRestFailure } from './restFailure';

/** The worker's `/mcp` route, over the store it writes (made by the MCP layer, which sits above capture). */
export interface WorkerMcp {
  route(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  setWorkspace(workspace: WorkerWorkspace): void;
  /** Files of the workspace changed (the window's file watcher saw them). */
  filesChanged(files: WorkerFiles): void;
  /** The window's REST API configuration for search_issues and get_issue; undefined: not configured. */
  setRest(rest: WorkerRest | undefined): void;
  dispose(): void;
}

export type WorkerMcpFactory = (ctx: {
  store: EventStore;
  telemetry?: DurableTelemetryStore;
  reader?: TraceReader;
  workspace: WorkerWorkspace;
  version: string;
  logger: Logger;
  /** Runs a REST call on the window's client (search_issues, get_issue). */
  restCall: RestCaller;
}) => WorkerMcp;

/**
 * The listener worker's body (src/listenerWorker.ts is the entry, bundled as
 * dist/listenerWorker.js): runs the capture listener and the store's writer
 * on a thread of its own, so the work every event costs (reading, checking,
 * scrubbing, writing it) never runs on the extension host's thread. The host
 * follows the store's log for what was captured, as any other window does
 * (see workerListener.ts). With a workspace in its config and an `mcp`
 * factory, the listener also serves the agents' tools at `/mcp`.
 */
export function runListenerWorker(opts: { mcp?: WorkerMcpFactory } = {}): void {
  if (!parentPort) throw new Error('the listener worker runs as a worker thread');
  const port = parentPort;
  const post = (m: FromWorker) => port.postMessage(m);
  const log: Logger = {
    trace() {},
    debug() {},
    info: (message) => post({ type: 'log', level: 'info', message }),
    warn: (message) => post({ type: 'log', level: 'warn', message }),
    error: (message) => post({ type: 'log', level: 'error', message }),
  };
  main(port, post, log, opts.mcp).catch((e: unknown) => {
    log.error(`the listener worker failed: ${e instanceof Error ? e.message : String(e)}`);
    post({ type: 'started', result: { ok: false, code: 'other', reason: e instanceof Error ? e.message : String(e) } });
    port.close();
  });
}

async function main(port: NonNullable<typeof parentPort>, post: (m: FromWorker) => void, log: Logger, makeMcp: WorkerMcpFactory | undefined): Promise<void> {
  const secrets = new Map<number, (value: string | undefined) => void>();
  let nextSecret = 0;
  const restCalls = new Map<number, { resolve: (value: unknown) => void; reject: (e: Error) => void }>();
  let nextRest = 0;
  const restCall: RestCaller = (method, args) =>
    new Promise((resolve, reject) => {
      const id = nextRest++;
      restCalls.set(id, { resolve, reject });
      post({ type: 'rest', id, method, args });
    });
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
  if (telemetry) await moveStoredTransactions(store, log);
  let mcp: WorkerMcp | undefined;
  const listener = new CaptureListener({
    store,
    mcp: () => mcp?.route(),
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
  const reader = listener.traceReader;
  if (config.workspace && makeMcp) {
    mcp = makeMcp({ store, ...(telemetry ? { telemetry } : {}), ...(reader ? { reader } : {}), workspace: config.workspace, version: config.version, logger: log, restCall });
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await listener.stop();
      listener.dispose();
      mcp?.dispose();
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
      case 'workspace':
        mcp?.setWorkspace(m.workspace);
        break;
      case 'files':
        mcp?.filesChanged(m.files);
        break;
      case 'rest':
        mcp?.setRest(m.rest ?? undefined);
        break;
      case 'restResult': {
        const waiting = restCalls.get(m.id);
        restCalls.delete(m.id);
        if (m.failure) waiting?.reject(errorOfRestFailure(m.failure));
        else waiting?.resolve(m.value);
        break;
      }
    }
  });
  const result = await listener.start({ host: config.host, port: config.port });
  post({ type: 'started', result });
  if (!result.ok) await stop();
}


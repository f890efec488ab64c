import { Worker } from 'node:worker_threads';
import { Emitter, type Disposable } from '../../util/emitter';
import { type Logger, silentLogger, tagged } from '../../util/logger';
import { SentryError } from '../../sentry/errors';
import type { CaptureStats } from '../http/httpReplies';
import { urlHost, type StartResult } from '../http/httpServer';
import type { Limits } from '../http/limits';
import type { TelemetryBounds } from '../kinds/telemetryStore';
import { type FromWorker, fromWorkerSchema, type RestCaller, type ToWorker, type WindowRestApi, type WorkerConfig, type WorkerFiles, type WorkerRest, type WorkerWorkspace } from './protocol';
import { restFailureOf } from './restFailure';

/**
 * The capture listener on a worker thread, as the extension host drives it.
 *
 * Why a worker: each event costs the listener about 150 µs of CPU (reading,
 * checking, scrubbing and writing it), and on the extension host's one
 * thread that is time every other extension in the window waits for while
 * an SDK bursts. The worker owns the HTTP server and the store's writer;
 * the host opens the same store as a follower (as a second window does) and
 * sees what was captured when it reads the log, in batches it applies a few
 * milliseconds at a time. bench/eventloop.mjs measures the host's
 * event-loop delay both ways.
 *
 * Why not a separate process shared by the windows: a process must be
 * found, started and stopped by whichever window comes and goes, must never
 * outlive the last one, and needs its own crash handling; the store already
 * lets a second window follow the first one's capture, and the worker dies
 * with its window, so nothing is left behind. The cost is that a window
 * reload closes the port for the moment the window needs to start again
 * (as it did before); SDKs retry or drop, as with any restart of Sentry.
 */

export interface WorkerListenerOptions {
  /** The bundled worker entry: dist/listenerWorker.js. */
  workerPath: string;
  storeDir: string;
  maxEvents: number;
  /** Bounds of the spans and logs the listener keeps (the read API's /traces and /logs); none: it keeps none. */
  telemetry?: TelemetryBounds;
  scrubbing: { extraKeys: string[]; extraPatterns: string[] };
  projects: string[];
  version: string;
  logger?: Logger;
  /** The webhook client secret, asked for per webhook request. */
  webhookSecret?: () => Promise<string | undefined> | string | undefined;
  limits?: Partial<Limits>;
  /** The folders and code mappings the listener's `/mcp` resolves frames against; none: no `/mcp`. */
  workspace?: WorkerWorkspace;
}

/** How long `stop` waits for the worker to close its store before ending the thread. */
const STOP_WAIT_MS = 5000;

export class WorkerCaptureListener implements Disposable {
  private worker: Worker | undefined;
  private boundHost = '127.0.0.1';
  private boundPort = 0;
  private stopped: (() => void) | undefined;
  private readonly log: Logger;
  private readonly workerLog: Logger;
  private readonly statsWaiters = new Map<number, (s: CaptureStats) => void>();
  private nextStats = 0;
  private readonly exited = new Emitter<{ reason: string }>();
  private workspace: WorkerWorkspace | undefined;
  private rest: WorkerRest | undefined;
  private restCall: RestCaller | undefined;

  /** Fires when the worker ends without being asked to (it crashed): capture has stopped. */
  readonly onDidExit = this.exited.event;

  constructor(private readonly opts: WorkerListenerOptions) {
    this.log = opts.logger ? tagged(opts.logger, 'capture') : silentLogger;
    // The worker's own lines come tagged by the part that wrote them ([capture], [store], [mcp]): passed on as they are.
    this.workerLog = opts.logger ?? silentLogger;
    this.workspace = opts.workspace;
  }

  get listening(): boolean {
    return this.boundPort !== 0;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string | undefined {
    return this.boundPort ? `http://${urlHost(this.boundHost)}:${this.boundPort}` : undefined;
  }

  dsn(projectId = '1'): string | undefined {
    const h = this.boundHost === '0.0.0.0' || this.boundHost === '::' ? '127.0.0.1' : this.boundHost;
    return this.boundPort ? `http://public@${urlHost(h)}:${this.boundPort}/${projectId}` : undefined;
  }

  /** Starts the worker, which opens the store and listens; resolves with how that went. */
  start(opts: { host: string; port: number }): Promise<StartResult> {
    if (this.worker) return Promise.resolve({ ok: false, code: 'already-started', reason: `local capture is already listening on ${this.url ?? 'its port'}` });
    const config: WorkerConfig = {
      storeDir: this.opts.storeDir,
      maxEvents: this.opts.maxEvents,
      ...(this.opts.telemetry ? { telemetry: this.opts.telemetry } : {}),
      host: opts.host,
      port: opts.port,
      scrubbing: this.opts.scrubbing,
      projects: this.opts.projects,
      version: this.opts.version,
      webhookSecret: this.opts.webhookSecret !== undefined,
      ...(this.opts.limits ? { limits: this.opts.limits as Record<string, number> } : {}),
      ...(this.workspace ? { workspace: this.workspace } : {}),
    };
    const worker = new Worker(this.opts.workerPath, { workerData: config, name: 'sentry-lens-listener' });
    this.worker = worker;
    if (this.rest) this.post({ type: 'rest', rest: this.rest }); // over the port, never in workerData
    return new Promise<StartResult>((resolve) => {
      let settled = false;
      const settle = (r: StartResult) => {
        if (settled) return;
        settled = true;
        if (r.ok) {
          this.boundHost = opts.host;
          this.boundPort = r.value.port;
          this.log.info(`listening on ${r.value.url} (in a worker thread)`);
        }
        resolve(r);
      };
      worker.on('message', (raw: unknown) => {
        const parsed = fromWorkerSchema.safeParse(raw);
        if (!parsed.success) {
          this.log.error(`the listener worker sent a message of unknown shape: ${parsed.error.issues[0]?.message ?? ''}`);
          return;
        }
        const m = parsed.data;
        if (m.type === 'started') settle(m.result);
        else this.onMessage(m);
      });
      // What the worker threw (a part of the extension missing, say) is the reason a start fails.
      let failure: string | undefined;
      worker.on('error', (e) => {
        failure = e.message;
        this.log.error(`the listener worker failed: ${e.message}`);
      });
      worker.on('exit', (code) => {
        const asked = this.stopped !== undefined;
        this.stopped?.();
        this.stopped = undefined;
        if (this.worker === worker) this.worker = undefined;
        const wasListening = this.boundPort !== 0;
        this.boundPort = 0;
        settle({ ok: false, code: 'other', reason: failure ? `the listener worker failed: ${failure}` : `the listener worker ended (exit code ${code}) before it listened` });
        if (!asked && wasListening) {
          this.log.error(`the listener worker ended unexpectedly (exit code ${code})`);
          this.exited.fire({ reason: `the listener worker ended (exit code ${code})` });
        }
      });
    });
  }

  /** Asks the worker to stop listening and close the store (flushed, lock released), then ends it. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.boundPort = 0;
    const exited = new Promise<void>((resolve) => (this.stopped = resolve));
    this.post({ type: 'stop' });
    const timer = setTimeout(() => void worker.terminate(), STOP_WAIT_MS);
    await exited;
    clearTimeout(timer);
    this.log.info('stopped');
  }

  /** The worker's store applies a new bound too (it is the writer, which compacts). */
  setMaxEvents(maxEvents: number): void {
    this.post({ type: 'maxEvents', value: maxEvents });
  }

  /** New bounds for the spans and logs the worker keeps. */
  setTelemetryBounds(bounds: TelemetryBounds): void {
    this.post({ type: 'telemetryBounds', ...bounds });
  }

  /** New folders or code mappings for `/mcp` (kept for a later start too). */
  setWorkspace(workspace: WorkerWorkspace): void {
    this.workspace = workspace;
    this.post({ type: 'workspace', workspace });
  }

  /**
   * The window's REST API (undefined: none) for `/mcp`'s search_issues and get_issue, kept for a later start too:
   * the worker is told what to name; its calls come back here and run on `rest.call` (the token stays in the window).
   */
  setRest(rest: WindowRestApi | undefined): void {
    this.rest = rest?.config;
    this.restCall = rest?.call;
    this.post({ type: 'rest', rest: rest?.config ?? null });
  }

  /** Files of the workspace changed: the index of `/mcp` follows. */
  filesChanged(files: WorkerFiles): void {
    this.post({ type: 'files', files });
  }

  /** The listener's counts, from the worker. */
  stats(): Promise<CaptureStats> {
    if (!this.worker) return Promise.resolve({ responses: {}, captured: 0, rejected: 0, lastCaptureAt: undefined });
    const id = this.nextStats++;
    return new Promise((resolve) => {
      this.statsWaiters.set(id, resolve);
      this.post({ type: 'stats', id });
    });
  }

  dispose(): void {
    void this.stop();
    this.exited.dispose();
  }

  private onMessage(m: Exclude<FromWorker, { type: 'started' }>): void {
    switch (m.type) {
      case 'log':
        this.workerLog[m.level](m.message);
        break;
      case 'rest': {
        const call = this.restCall;
        const answer = call ? call(m.method, m.args) : Promise.reject(new SentryError('auth', 'The Sentry REST API is not configured in this window.'));
        answer.then(
          (value) => this.post({ type: 'restResult', id: m.id, value }),
          (e: unknown) => {
            if (!(e instanceof SentryError)) this.log.error(`a REST call for /mcp failed: ${e instanceof Error ? e.message : String(e)}`);
            this.post({ type: 'restResult', id: m.id, failure: restFailureOf(e) });
          },
        );
        break;
      }
      case 'secret':
        void Promise.resolve(this.opts.webhookSecret?.()).then(
          (value) => this.post({ type: 'secret', id: m.id, ...(value !== undefined ? { value } : {}) }),
          (e: unknown) => {
            this.log.error(`reading the webhook secret failed: ${e instanceof Error ? e.message : String(e)}`);
            this.post({ type: 'secret', id: m.id });
          },
        );
        break;
      case 'stats': {
        const responses: Record<number, number> = {};
        for (const [k, v] of Object.entries(m.stats.responses)) responses[Number(k)] = v;
        this.statsWaiters.get(m.id)?.({ ...m.stats, responses, lastCaptureAt: m.stats.lastCaptureAt });
        this.statsWaiters.delete(m.id);
        break;
      }
      case 'stopped':
        break;
    }
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }
}

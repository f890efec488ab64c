import * as vscode from 'vscode';
import type { EventStore } from '../../capture/kinds/events/eventStore';
import type { EventStoreApi } from '../../capture/kinds/events/storedEvent';
import type { TelemetryStoreApi } from '../../capture/kinds/telemetryStore';
import type { WindowRestApi } from '../../capture/worker/protocol';
import type { WorkerCaptureListener } from '../../capture/worker/workerListener';
import { type Dsn, parseDsn } from '../../sentry/send/dsn';
import { DisposableBase } from '../../util/disposable';
import { type Logger, tagged } from '../../util/logger';
import { SerialQueue } from '../../util/serialQueue';
import { ContextKeys } from '../common/contextKeys';
import { SecretKeys } from '../secrets/secretKeys';
import { currentSettings } from '../settings/settings';
import { isLoopbackHost } from '../settings/settingsModel';
import type { ListenerStatus, StatusEvent } from '../status/statusModel';
import { localDsn } from './localDsn';
import { type McpWorkspaceSource, WorkspaceFollower } from './workspaceFollower';

export interface LocalCaptureDeps {
  /** The store directory (under globalStorageUri: shared by every window). */
  storeDir: string;
  secrets: vscode.SecretStorage;
  log: Logger;
  report(e: StatusEvent): void;
  version: string;
  /** The listener worker's bundled entry (dist/listenerWorker.js). */
  workerPath: string;
}

/** How often a window that follows another window's listener checks whether it may take the port over. */
const FOLLOWER_RECHECK_MS = 15_000;
const RESTART_KEYS = ['capture.port', 'capture.host', 'capture.projects', 'scrubbing.extraKeys', 'scrubbing.extraPatterns'];

/**
 * Local capture for this window: the shared event store (opened on first
 * use, following what other windows append) and the listener. When another
 * Sentry Lens window holds the port, this one follows the shared store
 * quietly and takes the port over when that window goes away; when some
 * other program holds it, the status bar says so (never a pop-up unless the
 * user asked to start capture). The listener, the store and their schemas
 * load on first use. The listener runs on a worker thread with the store's
 * writer (capture/worker/workerListener.ts says why); this window's store
 * follows what it writes, as another window's would.
 */
export class LocalCaptureService extends DisposableBase {
  private storePromise: Promise<EventStore> | undefined;
  private telemetryPromise: Promise<TelemetryStoreApi> | undefined;
  private listener: WorkerCaptureListener | undefined;
  private status: ListenerStatus = { state: 'stopped' };
  /** The user wants capture on (autoStart or Start Local Capture) until Stop Local Capture. */
  private wanted = false;
  private followerTimer: ReturnType<typeof setTimeout> | undefined;
  private warnedHosts = new Set<string>();
  private readonly chain = new SerialQueue();
  private shutdownPromise: Promise<void> | undefined;
  private readonly log: Logger;
  private workspace: WorkspaceFollower | undefined;
  private rest: (() => WindowRestApi | undefined) | undefined;
  private readonly statusChanged = this._register(new vscode.EventEmitter<ListenerStatus>());
  /** The listener started, stopped, moved port, or this window follows another one. */
  readonly onDidChangeStatus = this.statusChanged.event;

  constructor(private readonly deps: LocalCaptureDeps) {
    super();
    this.log = tagged(deps.log, 'capture');
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (RESTART_KEYS.some((k) => e.affectsConfiguration(`sentry.${k}`)) && this.wanted) {
          this.log.info('capture settings changed: restarting the listener');
          void this.serial(() => this.restart(false));
        }
        if (e.affectsConfiguration('sentry.capture.maxEvents') && this.storePromise) {
          // Every window gets this change and applies it to its own view of the shared store; the writer compacts.
          void this.storePromise.then(
            (store) => {
              const max = currentSettings().captureMaxEvents; // a whole number from 1 (settingsModel clamps it)
              if (max === store.maxEvents) return; // (VS Code reports its settings as changed when it registers them)
              const before = store.size;
              store.setMaxEvents(max);
              this.listener?.setMaxEvents(max); // the worker's store is the writer, which compacts
              this.log.info(`sentry.capture.maxEvents is now ${max}${store.size < before ? `: the ${before - store.size} oldest event(s) were dropped` : ''}`);
            },
            () => undefined, // the store did not open: reported where it was opened
          );
        }
        if (e.affectsConfiguration('sentry.capture.maxTraces') || e.affectsConfiguration('sentry.capture.maxLogs')) {
          const s = currentSettings();
          const bounds = { maxTraces: s.captureMaxTraces, maxLogs: s.captureMaxLogs };
          this.listener?.setTelemetryBounds(bounds); // the worker's store is the writer
          void this.telemetryPromise?.then((t) => t.setBounds(bounds));
        }
        if (e.affectsConfiguration('sentry.capture.autoStart') && currentSettings().captureAutoStart && !this.wanted) {
          void this.start(false);
        }
      }),
    );
  }

  private async storePromiseOrOpen(): Promise<EventStore> {
    await this.store();
    return this.storePromise!;
  }

  /** The shared store, opened once (every window follows the same directory). */
  store(): Promise<EventStoreApi> {
    if (!this.storePromise) {
      if (this.isDisposed) return Promise.reject(new Error('local capture is shut down'));
      this.storePromise = (async () => {
        const { EventStore } = await import('../../capture/kinds/events/eventStore');
        const settings = currentSettings();
        const { TELEMETRY_KINDS, telemetryStoreBounds } = await import('../../capture/kinds/durableTelemetryStore');
        const store = await EventStore.open(this.deps.storeDir, {
          maxEvents: settings.captureMaxEvents,
          follow: true,
          logger: this.deps.log,
          kinds: TELEMETRY_KINDS,
          bounds: telemetryStoreBounds({ maxTraces: settings.captureMaxTraces, maxLogs: settings.captureMaxLogs }),
        });
        // Before anything reads it: a transaction an earlier version kept as an error is never shown as one.
        const { moveStoredTransactions } = await import('../../capture/kinds/traces/storedTransactions');
        await moveStoredTransactions(store, this.log);
        this.log.info(`event store opened with ${store.size} event(s)`);
        return store;
      })();
      this.storePromise.catch((e: unknown) => {
        this.log.error(`the event store could not be opened: ${(e as Error).message}`);
        this.storePromise = undefined;
      });
    }
    return this.storePromise;
  }

  /** Where spans and logs are kept (opened once, bounded by sentry.capture.maxTraces / maxLogs). */
  telemetry(): Promise<TelemetryStoreApi> {
    this.telemetryPromise ??= Promise.all([this.storePromiseOrOpen(), import('../../capture/kinds/durableTelemetryStore')]).then(([store, { DurableTelemetryStore }]) => {
      const s = currentSettings();
      return new DurableTelemetryStore(store.records, { maxTraces: s.captureMaxTraces, maxLogs: s.captureMaxLogs }, this.log);
    });
    this.telemetryPromise.catch(() => (this.telemetryPromise = undefined));
    return this.telemetryPromise;
  }

  /**
   * Where the listener's `/mcp` resolves frames: given once the window's
   * resolver exists, followed as folders and mappings change (a listener
   * already running gets the change at once).
   */
  followWorkspace(source: McpWorkspaceSource): vscode.Disposable {
    this.workspace?.dispose();
    this.workspace = new WorkspaceFollower(source, () => this.listener, this.log);
    return this.workspace;
  }

  /**
   * The REST API for the listener's `/mcp` (search_issues, get_issue): sent
   * to the worker when it starts and again at every change (the token set or
   * removed, the API settings edited).
   */
  followRest(current: () => WindowRestApi | undefined, onDidChange: vscode.Event<void>): vscode.Disposable {
    this.rest = current;
    return onDidChange(() => this.listener?.setRest(current()));
  }

  get current(): ListenerStatus {
    return this.status;
  }

  /** The local DSN for the configured (or bound) port. */
  dsnText(): string {
    const s = currentSettings();
    if (this.listener?.listening) return localDsn(s.captureHost, this.listener.port);
    return localDsn(s.captureHost, s.capturePort);
  }

  /** Starts capture if needed and returns its DSN (for "Use Local Capture"), or undefined when it cannot run. */
  async ensureLocalDsn(): Promise<Dsn | undefined> {
    if (this.status.state !== 'listening' && this.status.state !== 'follower') await this.start(true);
    if (this.status.state !== 'listening' && this.status.state !== 'follower') return undefined;
    const d = parseDsn(this.dsnText());
    return d.ok ? d.value : undefined;
  }

  /** Starts the listener. `userAsked`: a command ran, so a failure may show a message; autoStart stays quiet. */
  start(userAsked: boolean): Promise<void> {
    this.wanted = true;
    return this.serial(() => this.doStart(userAsked));
  }

  stop(): Promise<void> {
    this.wanted = false;
    return this.serial(async () => {
      this.clearFollower();
      await this.closeListener();
      this.setStatus({ state: 'stopped' });
      this.log.info('local capture stopped');
    });
  }

  /** Status-bar way out: another port. */
  async choosePort(): Promise<void> {
    const s = currentSettings();
    const text = await vscode.window.showInputBox({
      title: 'Sentry local capture port',
      prompt: `Port ${s.capturePort} is used by another program. SDKs must then be given the new DSN (Copy Local DSN).`,
      value: String(s.capturePort === 65535 ? 8970 : s.capturePort + 1),
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A port is a number from 1 to 65535'),
    });
    if (!text) return;
    // The configuration listener restarts the listener on the new port.
    this.wanted = true;
    await vscode.workspace.getConfiguration('sentry').update('capture.port', Number(text.trim()), vscode.ConfigurationTarget.Global);
  }

  async retry(): Promise<void> {
    await this.start(true);
  }

  /** Copies the DSN of whoever holds the port (SDKs may keep sending there if it is a Sentry receiver). */
  async copyOwnerDsn(): Promise<void> {
    const s = currentSettings();
    await vscode.env.clipboard.writeText(localDsn(s.captureHost, s.capturePort));
    void vscode.window.setStatusBarMessage('Sentry: local DSN copied', 3000);
  }

  async copyLocalDsn(): Promise<void> {
    const dsn = this.dsnText();
    await vscode.env.clipboard.writeText(dsn);
    const running = this.status.state === 'listening' || this.status.state === 'follower';
    if (running) {
      void vscode.window.showInformationMessage(`Sentry: local DSN copied (${dsn}). Give it to any Sentry SDK; events show in the Errors view.`);
    } else {
      const c = await vscode.window.showInformationMessage(`Sentry: local DSN copied (${dsn}). Local capture is not running.`, 'Start Local Capture');
      if (c) await this.start(true);
    }
  }

  private async doStart(userAsked: boolean): Promise<void> {
    if (this.isDisposed || !this.wanted) return;
    if (this.listener?.listening) {
      if (userAsked) void vscode.window.showInformationMessage(`Sentry: local capture is already listening (${this.dsnText()})`);
      return;
    }
    const settings = currentSettings();
    const host = settings.captureHost || '127.0.0.1';
    const port = settings.capturePort;
    this.warnNonLoopback(host);
    // A follower checking whether the port came free keeps its state until it knows.
    const recheck = this.status.state === 'follower';
    if (!recheck) this.setStatus({ state: 'starting', host, port });
    let listener: WorkerCaptureListener;
    try {
      await this.store(); // this window's view of what the worker captures
      const workspace = await this.workspace?.current();
      const { WorkerCaptureListener } = await import('../../capture/worker/workerListener');
      listener = new WorkerCaptureListener({
        workerPath: this.deps.workerPath,
        storeDir: this.deps.storeDir,
        maxEvents: settings.captureMaxEvents,
        telemetry: { maxTraces: settings.captureMaxTraces, maxLogs: settings.captureMaxLogs },
        scrubbing: { extraKeys: settings.scrubbingExtraKeys, extraPatterns: settings.scrubbingExtraPatterns },
        logger: this.deps.log,
        webhookSecret: async () => this.deps.secrets.get(SecretKeys.webhookSecret),
        projects: settings.captureProjects,
        version: this.deps.version,
        ...(workspace ? { workspace } : {}),
      });
    } catch (e) {
      const reason = (e as Error).message;
      this.setStatus({ state: 'failed', reason });
      if (userAsked) void vscode.window.showErrorMessage(`Sentry: local capture could not start: ${reason}`);
      return;
    }
    const r = await listener.start({ host, port });
    if (this.isDisposed || !this.wanted) {
      listener.dispose();
      return;
    }
    if (r.ok) {
      this.listener = listener;
      listener.setRest(this.rest?.()); // from here on the changes reach it too
      listener.onDidExit(({ reason }) => {
        if (this.listener !== listener) return;
        this.listener = undefined;
        this.setStatus({ state: 'failed', reason });
      });
      this.clearFollower();
      this.setStatus({ state: 'listening', host, port: r.value.port });
      this.log.info(`local capture listening on ${r.value.url} (DSN ${localDsn(host, r.value.port)})`);
      if (userAsked) void vscode.window.showInformationMessage(`Sentry: local capture listening. DSN: ${localDsn(host, r.value.port)}`, 'Copy Local DSN').then((c) => c && this.copyLocalDsn());
      return;
    }
    listener.dispose();
    if (r.code === 'port-in-use' && r.ownedBySentryLens) {
      // Another window (or the CLI) captures into the same store: follow it quietly.
      if (!recheck) this.log.info(`port ${port} is held by another Sentry Lens: following its events`);
      this.setStatus({ state: 'follower', host, port });
      this.scheduleFollowerCheck();
      if (userAsked) void vscode.window.showInformationMessage(`Sentry: another window already captures on port ${port}; its events show here too.`);
      return;
    }
    if (r.code === 'port-in-use') {
      this.setStatus({ state: 'portInUse', host, port, reason: r.reason });
      this.log.warn(`local capture could not start: ${r.reason}`);
      // Background starts only change the status bar (it offers the ways out); a command the user ran gets one answer.
      if (userAsked) {
        void vscode.window.showWarningMessage(`Sentry: port ${port} is used by another program.`, 'Choose Another Port', 'Retry').then((c) => {
          if (c === 'Choose Another Port') void this.choosePort();
          else if (c === 'Retry') void this.start(true);
        });
      }
      return;
    }
    this.setStatus({ state: 'failed', reason: r.reason });
    this.log.error(`local capture could not start: ${r.reason}`);
    if (userAsked) void vscode.window.showErrorMessage(`Sentry: local capture could not start: ${r.reason}`);
  }

  private async restart(userAsked: boolean): Promise<void> {
    this.clearFollower();
    await this.closeListener();
    await this.doStart(userAsked);
  }

  private warnNonLoopback(host: string): void {
    if (isLoopbackHost(host) || this.warnedHosts.has(host)) return;
    this.warnedHosts.add(host);
    void vscode.window.showWarningMessage(
      `Sentry: local capture listens on ${host} (sentry.capture.host): other machines on the network can send events and read the captured ones.`,
    );
  }

  private scheduleFollowerCheck(): void {
    this.clearFollower();
    this.followerTimer = setTimeout(() => {
      this.followerTimer = undefined;
      if (this.status.state === 'follower' && this.wanted) void this.serial(() => this.doStart(false));
    }, FOLLOWER_RECHECK_MS);
  }

  private clearFollower(): void {
    if (this.followerTimer) clearTimeout(this.followerTimer);
    this.followerTimer = undefined;
  }

  private async closeListener(): Promise<void> {
    const l = this.listener;
    this.listener = undefined;
    if (l) {
      await l.stop().catch((e: unknown) => this.log.warn(`stopping the listener failed: ${(e as Error).message}`));
      l.dispose();
    }
  }

  private setStatus(s: ListenerStatus): void {
    this.status = s;
    this.statusChanged.fire(s);
    void vscode.commands.executeCommand('setContext', ContextKeys.capturing, s.state === 'listening' || s.state === 'follower' || s.state === 'starting');
    this.deps.report({ type: 'listener', status: s });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.chain.run(fn);
  }

  /**
   * The orderly end (what deactivate() waits for): nothing starts any more, a
   * start under way finishes and drops its listener, the listener stops (its
   * port is free), and the store writes what it holds, syncs and lets go of
   * its writer lock. Idempotent.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.doShutdown();
    return this.shutdownPromise;
  }

  private async doShutdown(): Promise<void> {
    this.wanted = false;
    this.clearFollower();
    super.dispose();
    try {
      await this.chain.idle();
      await this.closeListener();
      // A store that failed to open was reported where it was opened: nothing to close.
      const store = await this.storePromise?.catch(() => undefined);
      (await this.telemetryPromise?.catch(() => undefined))?.dispose();
      await store?.close();
      this.log.info('local capture shut down');
    } catch (e) {
      this.log.error(`shutting down local capture failed: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }

  override dispose(): void {
    this.shutdown().catch(() => undefined); // logged in doShutdown
  }
}

import * as vscode from 'vscode';
import type { Level } from './sentry/event/eventView';
import { tagged } from './util/logger';
import { ApiIssuesService } from './ui/api/apiIssuesService';
import { registerApiCommands } from './ui/api/apiCommands';
import { combineNewErrors } from './ui/api/apiHealthModel';
import { LocalCaptureService } from './ui/capture/localCaptureService';
import { CommandIds } from './ui/common/commandIds';
import type { ErrorViewDeps } from './ui/common/contracts';
import { EventSender } from './ui/createIssue/eventSender';
import { DsnSecret } from './ui/secrets/dsnSecret';
import { dsnLabel } from './ui/secrets/dsnLabel';
import { logChannelLogger } from './ui/common/logChannelLogger';
import { registerSecretCommands } from './ui/secrets/secretCommands';
import { currentSettings } from './ui/settings/settings';
import { StatusBar } from './ui/status/statusBar';
import { showStatusBarMenu } from './ui/status/statusBarMenu';
import { registerLanguageModelTools } from './ui/agents/languageModelTools';
import { registerMcpServerDefinitions } from './ui/agents/mcpServerDefinitions';
import { registerTraceViews } from './ui/traces/registerTraceViews';
import { registerErrorViews } from './ui/errors/registerErrorViews';
import { registerWalkthrough } from './ui/walkthrough/registerWalkthrough';
import { registerStackTraces } from './ui/stackTraces/registerStackTraces';
import { registerFrameMarks } from './ui/frameMarks/registerFrameMarks';

/**
 * What deactivateWindow() waits for. VS Code calls deactivate() without arguments,
 * so activateWindow() leaves the shutdown of the window it built here; it is the
 * only module-level state.
 */
let shutdown: (() => Promise<void>) | undefined;

/**
 * The window's composition: builds the services, hands them to the commands
 * and views, and pushes every one into context.subscriptions. src/extension.ts
 * requires this file (dist/shell.js) right after VS Code's activate call
 * returns; `loadStarted` is when it began loading it. The HTTP clients, the
 * listener, the store and the zod schemas load on first use (dynamic import
 * inside the services, dist/lazy.js).
 */
export function activateWindow(context: vscode.ExtensionContext, loadStarted: number): void {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Sentry', { log: true });
  context.subscriptions.push(channel);
  const log = logChannelLogger(channel);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const sub = (...d: vscode.Disposable[]) => context.subscriptions.push(...d);

  const statusBar = new StatusBar();
  const dsnSecret = new DsnSecret(context.secrets, tagged(log, 'dsn'));
  sub(statusBar, dsnSecret, dsnSecret.onDidChange((dsn) => statusBar.apply({ type: 'dsn', label: dsn ? dsnLabel(dsn) : undefined })));

  // "N new" in the status bar: captured events (from the views) plus API issues.
  const newErrors = { views: { count: 0, highest: undefined as Level | undefined }, api: { count: 0, highest: undefined as Level | undefined } };
  const publishNew = () => statusBar.apply({ type: 'newErrors', ...combineNewErrors([newErrors.views, newErrors.api]) });

  const capture = new LocalCaptureService({
    storeDir: vscode.Uri.joinPath(context.globalStorageUri, 'events').fsPath,
    secrets: context.secrets,
    log,
    report: (e) => statusBar.apply(e),
    version,
    workerPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'listenerWorker.js').fsPath,
  });
  const api = new ApiIssuesService({
    secrets: context.secrets,
    log,
    onHealth: (health) => statusBar.apply({ type: 'api', health }),
    onNewIssues: (count, highest) => {
      newErrors.api = { count, highest };
      publishNew();
    },
  });
  const sender = new EventSender(`sentry-lens/${version}`, log, (e) => statusBar.apply(e));
  sub(capture, api, capture.followRest(() => api.restForListener, api.onDidChangeRest));
  shutdown = () => capture.shutdown();

  sub(
    ...registerSecretCommands(context.secrets, dsnSecret, tagged(log, 'secrets')),
    ...registerApiCommands(context.secrets, api, log),
    vscode.commands.registerCommand(CommandIds.createIssue, async () => {
      const { runCreateIssue } = await import('./ui/createIssue/createIssueFlow');
      await runCreateIssue({
        globalState: context.globalState,
        dsnSecret,
        sender,
        localDsn: () => capture.ensureLocalDsn(),
        sdk: { name: 'sentry-lens', version },
      });
    }),
    vscode.commands.registerCommand(CommandIds.startCapture, () => capture.start(true)),
    vscode.commands.registerCommand(CommandIds.stopCapture, () => capture.stop()),
    vscode.commands.registerCommand(CommandIds.copyLocalDsn, () => capture.copyLocalDsn()),
    vscode.commands.registerCommand(CommandIds.showLog, () => channel.show(true)),
    vscode.commands.registerCommand(CommandIds.statusBarMenu, () => showStatusBarMenu(statusBar, capture)),
    ...registerWalkthrough(context.extension.id, statusBar),
  );

  const deps: ErrorViewDeps = {
    log: channel,
    store: () => capture.store(),
    api,
    reportNewErrors: (count, highest) => {
      newErrors.views = { count, highest };
      publishNew();
    },
  };
  const views = registerErrorViews(context, deps);
  const frames = views.opener.host;
  sub(capture.followWorkspace({ current: () => frames.workspace(), onDidChange: frames.onDidChange, onDidChangeFile: frames.onDidChangeFile }));
  registerFrameMarks(context, { log: channel, opener: views.opener, tree: views.tree, api });
  const traces = registerTraceViews({
    extensionUri: context.extensionUri,
    telemetry: () => capture.telemetry(),
    store: () => capture.store(),
    api,
    openFrame: (frame) => views.opener.open({ frame }),
    log: channel,
    errorSelection: () => views.selection(),
  });
  context.subscriptions.push(
    ...traces.disposables,
    ...registerLanguageModelTools({ store: () => capture.store(), telemetry: () => capture.telemetry(), reader: traces.reader, host: views.opener.host, rest: () => api.reconfigure().then(() => api.restTarget), log: channel }),
    ...registerMcpServerDefinitions({ status: () => capture.current, onDidChangeStatus: capture.onDidChangeStatus, version, log: channel }),
  );
  registerStackTraces(context, {
    log: channel,
    opener: views.opener,
    openEvent: async (eventId) => {
      await vscode.commands.executeCommand(CommandIds.openEvent, { kind: 'capturedEvent', eventId });
    },
  });

  // Background work starts after activate returns: the secrets, the API session, and capture when autoStart says so.
  dsnSecret.reloadInBackground();
  void api.reconfigure();
  if (currentSettings().captureAutoStart) void capture.start(false);
  const done = performance.now();
  channel.info(`activated in ${(done - loadStarted).toFixed(1)} ms (loading the shell ${(started - loadStarted).toFixed(1)} ms, building the window ${(done - started).toFixed(1)} ms)`);
}

/**
 * The orderly shutdown: the listener stopped, the store flushed and its lock
 * released. VS Code waits for the promise, then disposes
 * context.subscriptions (by then the capture service is already down).
 */
export function deactivateWindow(): Promise<void> {
  const s = shutdown;
  shutdown = undefined;
  return s ? s() : Promise.resolve();
}

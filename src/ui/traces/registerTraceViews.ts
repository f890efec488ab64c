import * as vscode from 'vscode';
import type { EventStoreApi } from '../../capture/kinds/events/storedEvent';
import type { TelemetryStoreApi } from '../../capture/kinds/telemetryStore';
import type { TraceReader } from '../../capture/kinds/traces/traceReader';
import { type FrameView, topFrame, viewEvent } from '../../sentry/event/eventView';
import { traceIdOf } from '../../sentry/records/spanRecord';
import { CommandIds } from '../common/commandIds';
import type { ApiIssuesSource } from '../common/contracts';
import { eventTargetOf } from '../events/eventTarget';
import { LOGS_VIEW_ID, LogsViewProvider } from '../logs/logsViewProvider';
import { TracesTreeProvider } from './tracesTreeProvider';
import { WaterfallPanels } from './waterfallPanels';

export const TRACES_VIEW_ID = 'sentry.traces';

export interface TraceViewDeps {
  extensionUri: vscode.Uri;
  telemetry(): Promise<TelemetryStoreApi>;
  store(): Promise<EventStoreApi>;
  api: ApiIssuesSource;
  openFrame(frame: FrameView): Promise<void>;
  log: vscode.LogOutputChannel;
  /** The Errors tree's selection, for Show Trace of Event run without an item (a keybinding). */
  errorSelection(): readonly unknown[];
}

/**
 * The traces and logs half of the shell: the "Traces" tree, the waterfall of
 * a trace, the "Logs" view in the panel, and the links between them and the
 * errors (an error's trace, a trace's errors and logs).
 */
export interface TraceViews {
  disposables: vscode.Disposable[];
  /** The window's one reader of traces (with the error links), built on first use; the agents' tools share it. */
  reader(): Promise<TraceReader>;
}

export function registerTraceViews(deps: TraceViewDeps): TraceViews {
  const disposables: vscode.Disposable[] = [];
  let reader: TraceReader | undefined;
  let readerReady: Promise<TraceReader> | undefined;
  const getReader = (): Promise<TraceReader> => {
    readerReady ??= (async () => {
      const [{ TraceReader }, { ErrorLinks }, telemetry, store] = await Promise.all([
        import('../../capture/kinds/traces/traceReader'),
        import('../../capture/kinds/traces/errorLinks'),
        deps.telemetry(),
        deps.store(),
      ]);
      const links = new ErrorLinks(store);
      disposables.push(links);
      reader = new TraceReader(telemetry, links);
      return reader;
    })();
    return readerReady;
  };

  const tree = new TracesTreeProvider(() => reader);
  const view = vscode.window.createTreeView(TRACES_VIEW_ID, { treeDataProvider: tree });
  const openError = async (eventId: string) => {
    const stored = (await deps.store()).get(eventId);
    const frame = stored ? topFrame(viewEvent(stored.event)) : undefined;
    if (frame) await deps.openFrame(frame);
    else await vscode.commands.executeCommand(CommandIds.openEvent, { kind: 'capturedEvent', eventId });
  };
  const panels = new WaterfallPanels({ extensionUri: deps.extensionUri, reader: getReader, telemetry: deps.telemetry, openFrame: deps.openFrame, openError, log: deps.log });
  const logs = new LogsViewProvider(deps.extensionUri, deps.telemetry, deps.log);
  disposables.push(tree, view, panels, logs, vscode.window.registerWebviewViewProvider(LOGS_VIEW_ID, logs));

  void getReader().then(
    async () => {
      const telemetry = await deps.telemetry();
      const store = await deps.store();
      const sub = telemetry.onDidChange((c) => (c.traces.length || c.removedTraces.length || c.cleared ? tree.schedule() : undefined));
      const errSub = store.onDidChange(() => tree.schedule());
      disposables.push({ dispose: () => (sub.dispose(), errSub.dispose()) });
      tree.schedule();
    },
    (e: unknown) => deps.log.warn(`[traces] the traces are not available yet: ${e instanceof Error ? e.message : String(e)}`),
  );

  const openTrace = async (arg?: unknown) => {
    let traceId = typeof arg === 'string' ? arg : undefined;
    if (!traceId) {
      const r = await getReader();
      const picked = await vscode.window.showQuickPick(
        r.list(200).map((t) => ({ label: t.rootName || t.traceId, description: `${t.rootOp} · ${t.spanCount} spans${t.errorCount ? ` · ${t.errorCount} errors` : ''}`, traceId: t.traceId })),
        { title: 'Sentry: Open Captured Trace', placeHolder: 'Pick a captured trace' },
      );
      traceId = picked?.traceId;
    }
    if (traceId) await panels.show(traceId);
  };

  const showTraceOfEvent = async (arg?: unknown) => {
    const target = eventTargetOf(arg ?? deps.errorSelection()[0], deps.api.issues);
    let event: unknown;
    if (target.source === 'captured') {
      const store = await deps.store();
      event = (target.eventId ? store.get(target.eventId) : store.list({ limit: 1 })[0])?.event;
    } else if (target.source === 'api') {
      event = await deps.api.latestEvent(target.issue.id);
    }
    const traceId = traceIdOf(event);
    if (!traceId) {
      void vscode.window.showInformationMessage('Sentry: this event carries no trace id (contexts.trace.trace_id).');
      return;
    }
    await panels.show(traceId);
  };

  disposables.push(
    vscode.commands.registerCommand(CommandIds.openTrace, openTrace),
    vscode.commands.registerCommand(CommandIds.showTraceOfEvent, showTraceOfEvent),
    vscode.commands.registerCommand(CommandIds.showLogs, (query?: unknown) => logs.show(typeof query === 'string' ? query : undefined)),
  );
  return { disposables, reader: getReader };
}

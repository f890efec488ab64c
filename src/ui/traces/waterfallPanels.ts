import * as vscode from 'vscode';
import type { StoredSpan } from '../../capture/kinds/traces/storedSpan';
import type { TraceReader } from '../../capture/kinds/traces/traceReader';
import type { TelemetryStoreApi } from '../../capture/kinds/telemetryStore';
import type { FrameView } from '../../sentry/event/eventView';
import { CommandIds } from '../common/commandIds';
import { setTracesPage, tracesMedia } from '../webview/tracesWebview';
import { codeLocationOf, waterfallPage } from './waterfallModel';

export interface WaterfallDeps {
  extensionUri: vscode.Uri;
  reader(): Promise<TraceReader>;
  telemetry(): Promise<TelemetryStoreApi>;
  /** Opens a frame through the window's resolver (as a click in the Errors tree does). */
  openFrame(frame: FrameView): Promise<void>;
  /** Opens a captured error at its top in-app frame. */
  openError(eventId: string): Promise<void>;
  log: vscode.LogOutputChannel;
}

/**
 * "Open Captured Trace": one webview panel per trace (revealed when open already) with
 * the spans on a time axis, nested under their parents. A span with a code
 * location opens its line, the trace's errors open their details, and the
 * logs link shows the trace's logs in the Logs view.
 */
export class WaterfallPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly deps: WaterfallDeps) {}

  async show(traceId: string): Promise<void> {
    const existing = this.panels.get(traceId);
    if (existing) {
      existing.reveal();
      return;
    }
    const [reader, telemetry] = await Promise.all([this.deps.reader(), this.deps.telemetry()]);
    const detail = reader.detail(traceId);
    if (!detail) {
      void vscode.window.showInformationMessage(`Sentry: no spans, errors or logs with trace id ${traceId} are kept.`);
      return;
    }
    const spans: StoredSpan[] = [...(telemetry.traces.get(traceId)?.spans.values() ?? [])];
    const { page, ordered } = waterfallPage(detail, spans);
    const media = tracesMedia(this.deps.extensionUri);
    const panel = vscode.window.createWebviewPanel('sentry.trace', `Trace: ${page.title}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    this.panels.set(traceId, panel);
    const webview = panel.webview;
    setTracesPage(webview, media, {
      title: 'Trace',
      style: 'waterfall.css',
      script: 'waterfall.js',
      body: `<header><h1 id="title"></h1><div id="summary"></div><div id="errors"></div><a id="logs" href="#"></a></header>
<div id="rows" role="table" aria-label="Spans"><div id="spacer"></div></div>`,
    });
    const sub = webview.onDidReceiveMessage(async (raw: unknown) => {
      const { parseWaterfallMessage } = await import('./waterfallMessage');
      const parsed = parseWaterfallMessage(raw);
      if (!parsed.ok) {
        this.deps.log.warn(`[traces] ${parsed.reason}`);
        return;
      }
      const msg = parsed.value;
      if (msg.type === 'ready') void webview.postMessage(page);
      else if (msg.type === 'openError') await this.deps.openError(msg.id);
      else if (msg.type === 'showLogs') await vscode.commands.executeCommand(CommandIds.showLogs, `trace:${traceId}`);
      else await this.openSpan(ordered[msg.index], detail.errors);
    });
    panel.onDidDispose(() => {
      sub.dispose();
      this.panels.delete(traceId);
    });
  }

  private async openSpan(span: StoredSpan | undefined, errors: Array<{ id: string }>): Promise<void> {
    if (!span) return;
    const code = codeLocationOf(span.attributes);
    if (code) {
      await this.deps.openFrame({ absPath: code.file, filename: code.file, ...(code.line ? { lineno: code.line } : {}), ...(code.function ? { function: code.function } : {}), inApp: true });
      return;
    }
    if (errors.length) {
      const choice = await vscode.window.showInformationMessage(
        `Sentry: the span "${span.name}" carries no code location (code.filepath). Open the trace's error instead?`,
        'Open Error',
      );
      if (choice) await this.deps.openError(errors[0]!.id);
      return;
    }
    vscode.window.setStatusBarMessage(`$(info) Sentry: the span "${span.name}" carries no code location (code.filepath)`, 5000);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

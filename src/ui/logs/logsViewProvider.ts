import * as vscode from 'vscode';
import type { TelemetryStoreApi } from '../../capture/kinds/telemetryStore';
import type { Disposable } from '../../util/emitter';
import { CommandIds } from '../common/commandIds';
import { type LogsFilterResult, logLine, logsFilter } from './logsFilter';
import { setTracesPage, tracesMedia } from '../webview/tracesWebview';

export const LOGS_VIEW_ID = 'sentry.logs';
/** Lines the page holds at most; older ones scroll away. */
export const LOGS_SHOWN = 5_000;

/**
 * The "Logs" view in the panel: captured log lines as they arrive (follow
 * mode, which the page stops when the user scrolls up), a lowest level, and
 * a query in Sentry's search language; each line's trace opens its waterfall.
 * Filtering happens here, on the extension side, so the page only draws.
 */
export class LogsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private query = '';
  private level = 'trace';
  private filter: LogsFilterResult = logsFilter('', 'trace');
  private sub: Disposable | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly telemetry: () => Promise<TelemetryStoreApi>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = tracesMedia(this.extensionUri);
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    setTracesPage(view.webview, media, {
      title: 'Logs',
      style: 'logs.css',
      script: 'logs.js',
      body: `<div id="bar"><input id="query" type="text" spellcheck="false" placeholder="Filter: level:error body:*timeout* trace:… (Sentry search)" aria-label="Filter logs">
<select id="level" aria-label="Lowest level"><option value="trace">all levels</option><option value="debug">debug+</option><option value="info">info+</option><option value="warn">warn+</option><option value="error">error+</option><option value="fatal">fatal</option></select>
<label><input id="follow" type="checkbox" checked> Follow</label><span id="count"></span></div>
<div id="error" role="alert"></div>
<div id="note" role="status"></div>
<div id="lines" role="log" aria-live="off"></div>`,
    });
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      view.onDidDispose(() => {
        this.view = undefined;
        this.sub?.dispose();
        this.sub = undefined;
      }),
    );
  }

  /** Shows the view with this query (e.g. `trace:<id>` from a trace). */
  async show(query: string | undefined): Promise<void> {
    if (query !== undefined) this.setFilter(query, this.level);
    await vscode.commands.executeCommand(`${LOGS_VIEW_ID}.focus`);
    if (this.view) await this.sendAll();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const { parseLogsMessage } = await import('./logsMessage');
    const parsed = parseLogsMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`[logs] ${parsed.reason}`);
      return;
    }
    const msg = parsed.value;
    if (msg.type === 'openTrace') {
      await vscode.commands.executeCommand(CommandIds.openTrace, msg.traceId);
      return;
    }
    if (msg.type === 'filter') this.setFilter(msg.query, msg.level);
    if (msg.type === 'ready' && !this.sub) {
      const t = await this.telemetry();
      this.sub = t.onDidChange((c) => {
        if (c.cleared) void this.sendAll();
        else if (c.logs.length && this.filter.ok) {
          const test = this.filter.test;
          const lines = c.logs.filter(test).map(logLine);
          if (lines.length) void this.view?.webview.postMessage({ type: 'append', lines });
        }
      });
    }
    await this.sendAll();
  }

  private setFilter(query: string, level: string): void {
    this.query = query;
    this.level = level;
    this.filter = logsFilter(query, level);
  }

  private async sendAll(): Promise<void> {
    const view = this.view;
    if (!view) return;
    const t = await this.telemetry();
    const state = { query: this.query, level: this.level };
    if (!this.filter.ok) {
      void view.webview.postMessage({ type: 'logs', ...state, error: this.filter.reason, lines: [], total: t.logs.size });
      return;
    }
    const lines = t.logs.newestFirst(LOGS_SHOWN, this.filter.test).reverse().map(logLine);
    void view.webview.postMessage({ type: 'logs', ...state, ...(this.filter.note ? { note: this.filter.note } : {}), lines, total: t.logs.size });
  }

  dispose(): void {
    this.sub?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

import * as vscode from 'vscode';
import type { TraceReader } from '../../capture/kinds/traces/traceReader';
import type { TraceSummary } from '../../capture/kinds/traces/traceSummary';
import { CommandIds } from '../common/commandIds';
import { relativeTime } from '../common/relativeTime';
import { formatDuration, plural } from './traceFormat';

/** How many traces the view lists (newest first); the bound of the store can be larger. */
export const TRACES_SHOWN = 500;

/**
 * The "Traces" view: captured traces newest first, each with its root's name,
 * duration, span count, age and an error marker; a click opens its waterfall.
 * Changes arrive in bursts while an SDK sends spans: refreshes are batched.
 */
export class TracesTreeProvider implements vscode.TreeDataProvider<TraceSummary>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly reader: () => TraceReader | undefined) {}

  /** Asks for a refresh, at most one every 250 ms. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, 250);
  }

  getChildren(element?: TraceSummary): TraceSummary[] {
    if (element) return [];
    return this.reader()?.list(TRACES_SHOWN) ?? [];
  }

  getTreeItem(t: TraceSummary): vscode.TreeItem {
    const item = new vscode.TreeItem(t.rootName || `trace ${t.traceId.slice(0, 8)}`, vscode.TreeItemCollapsibleState.None);
    item.id = `trace:${t.traceId}`;
    const age = relativeTime(t.startTimestamp * 1000, Date.now());
    const errors = t.errorCount ? ` · ${plural(t.errorCount, 'error')}` : '';
    item.description = `${formatDuration(t.durationMs)} · ${plural(t.spanCount, 'span')}${errors} · ${age}`;
    // Plain text: event data never becomes markup or links in a tooltip.
    item.tooltip = [
      t.rootName || '(no root span)',
      t.rootOp ? `op: ${t.rootOp}` : undefined,
      `trace ${t.traceId}`,
      `${formatDuration(t.durationMs)}, ${plural(t.spanCount, 'span')}, ${plural(t.errorCount, 'error')}`,
      new Date(t.startTimestamp * 1000).toISOString(),
    ]
      .filter(Boolean)
      .join('\n');
    item.iconPath = t.errorCount ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('pulse');
    item.contextValue = t.errorCount ? 'trace withErrors' : 'trace';
    item.command = { command: CommandIds.openTrace, title: 'Open Captured Trace', arguments: [t.traceId] };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}

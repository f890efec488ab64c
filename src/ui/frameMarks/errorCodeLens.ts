import * as vscode from 'vscode';
import { recoverLine } from '../../source/resolver/lineRecovery';
import { CommandIds } from '../common/commandIds';
import { currentSettings } from '../settings/settings';
import { relativeTime } from '../common/relativeTime';
import type { ErrorLineMarks } from './errorLineMarks';

/**
 * A CodeLens above each line that is an in-app frame of a recent error: how
 * many events, how long ago, and the error; a click opens the event. The line
 * follows unsaved edits through the frame's recorded source line. Off with
 * `sentry.codeLens.enabled`.
 */
export class ErrorCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly marks: ErrorLineMarks,
    private readonly now: () => number = Date.now,
  ) {
    this.subscriptions = [
      this.changed,
      marks.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sentry.codeLens.enabled')) this.changed.fire();
      }),
    ];
  }

  /** Draws the lenses again (their ages move on). */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file' || !currentSettings().codeLensEnabled) return [];
    const marks = this.marks.marksIn(document.uri.fsPath);
    if (!marks.length) return [];
    const lines = document.getText().split(/\r\n|\r|\n/);
    const lenses: vscode.CodeLens[] = [];
    for (const m of marks) {
      let line = m.line;
      if (m.contextLine !== undefined) {
        const found = recoverLine(lines, { lineno: m.line, contextLine: m.contextLine });
        // The line was edited away: no mark rather than a mark on the wrong line.
        if (found.warning || found.line === undefined) continue;
        line = found.line;
      }
      if (line < 1 || line > document.lineCount) continue;
      const events = `${m.count} event${m.count === 1 ? '' : 's'}`;
      const title = m.title.length > 80 ? `${m.title.slice(0, 79)}…` : m.title;
      const range = new vscode.Range(line - 1, 0, line - 1, 0);
      lenses.push(
        new vscode.CodeLens(range, {
          title: `$(bug) Sentry: ${events}, last ${relativeTime(m.lastSeen, this.now())}: ${title}`,
          tooltip: 'Open the event',
          command: CommandIds.openEvent,
          arguments: [m.target],
        }),
        new vscode.CodeLens(range, {
          title: '$(debug-alt) Debug',
          tooltip: 'Replay the event in the debugger: its call stack, variables and breadcrumbs',
          command: CommandIds.debugEvent,
          arguments: [m.target],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

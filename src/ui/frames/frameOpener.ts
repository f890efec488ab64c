import * as vscode from 'vscode';
import { ContextKeys } from '../common/contextKeys';
import { CommandIds } from '../common/commandIds';
import { logDetailOf, userMessageOf } from '../../sentry/errors';
import type { FrameRef } from '../events/errorNodes';
import type { FrameContentProvider } from './frameContentProvider';
import { frameDocumentText, frameLinesSource } from './frameDocumentText';
import type { FrameResolverHost } from './frameResolverHost';

export const ADD_MAPPING_ACTION = 'Add Code Mapping';

/** Opens a frame at its resolved file, line and column, or its context lines in a read-only document. */
export class FrameOpener {
  private openedOnce = false;

  constructor(
    readonly host: FrameResolverHost,
    private readonly content: FrameContentProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The walkthrough's "Open a frame" step waits for this context key: however the frame was opened (tree, details, Problems, a stack trace). */
  private opened(): void {
    if (this.openedOnce) return;
    this.openedOnce = true;
    void vscode.commands.executeCommand('setContext', ContextKeys.frameOpened, true);
  }

  async open(ref: FrameRef): Promise<void> {
    const f = ref.frame;
    let resolution;
    try {
      resolution = await this.host.resolve(f, ref.platform);
    } catch (e) {
      this.log.error(`[frames] resolving ${f.absPath ?? f.filename ?? '?'}: ${logDetailOf(e)}`);
      void vscode.window.showErrorMessage(`Sentry: could not resolve the frame: ${userMessageOf(e)}`);
      return;
    }
    const embedded = resolution.embeddedSource;
    if (embedded) {
      // The source map leads to an original that is not in the workspace but carries its text: show that, read-only.
      const document = await vscode.workspace.openTextDocument(this.content.add(embedded.source, embedded.text));
      const pos = new vscode.Position(Math.max(embedded.line - 1, 0), Math.max(embedded.column - 1, 0));
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(pos, pos), preview: true });
      void vscode.window.showInformationMessage(
        `Sentry: ${embedded.source} is not in the workspace; showing it read-only from the source map of ${resolution.file ?? 'the bundle'}.`,
      );
      return;
    }
    if (resolution.file) {
      const line = Math.max((resolution.line ?? 1) - 1, 0);
      const col = Math.max((resolution.column ?? 1) - 1, 0);
      const pos = new vscode.Position(line, col);
      await vscode.window.showTextDocument(vscode.Uri.file(resolution.file), { selection: new vscode.Range(pos, pos), preview: true });
      if (resolution.note) vscode.window.setStatusBarMessage(`$(info) Sentry: ${resolution.note}`, 10_000);
      if (resolution.warning) void vscode.window.showWarningMessage(`Sentry: ${resolution.warning}`);
      this.opened();
      return;
    }
    const tried = resolution.candidates.length;
    const reason = `No workspace file matches this frame (${tried} candidate${tried === 1 ? '' : 's'} tried). Add a code mapping to map it.`;
    const doc = frameDocumentText(f, reason, ref.origin);
    const uri = this.content.add(f.absPath ?? f.filename ?? 'frame', doc.text, 'frameContext');
    const document = await vscode.workspace.openTextDocument(uri);
    const pos = new vscode.Position(doc.line, 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(pos, pos), preview: true });
    this.opened();
    // Not awaited: opening the frame is done once its lines show, whether or not the offer is ever answered.
    void vscode.window
      .showInformationMessage(`Sentry: no workspace file matches ${f.absPath ?? f.filename ?? 'this frame'}. Showing ${frameLinesSource(ref.origin)}.`, ADD_MAPPING_ACTION)
      .then((choice) => (choice === ADD_MAPPING_ACTION ? vscode.commands.executeCommand(CommandIds.addCodeMapping, ref) : undefined));
  }
}

import * as vscode from 'vscode';
import type { FrameView } from '../../sentry/event/eventView';
import type { FrameResolverHost } from '../frames/frameResolverHost';
import { parseUriRequest } from './uriRequest';

/**
 * `vscode://sentry-lens.sentry-lens/open?file=…&line=…&column=…` opens a
 * workspace file, the path resolved like a stack frame (code mappings, suffix
 * index, source maps); `…/event?id=…` opens a captured event. A link can do
 * nothing else: a bad link is refused with its reason, and a location resolving
 * outside the workspace folders is not opened.
 */
export class LocationUriHandler implements vscode.UriHandler {
  constructor(
    private readonly host: FrameResolverHost,
    private readonly openEvent: (eventId: string) => Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    const req = parseUriRequest(uri.path, uri.query, uri.fragment);
    if (!req.ok) {
      this.log.warn(`[links] refused a link: ${req.reason}`);
      void vscode.window.showWarningMessage(`Sentry: this link was not opened: ${req.reason}.`);
      return;
    }
    if (req.value.kind === 'event') {
      await this.openEvent(req.value.id);
      return;
    }
    const { file, line, column } = req.value;
    const frame: FrameView = /^(?:\/|[a-zA-Z]:[\\/]|[a-zA-Z][\w+.-]*:\/\/)/.test(file) ? { absPath: file } : { filename: file };
    if (line !== undefined) frame.lineno = line;
    if (column !== undefined) frame.colno = column;
    const r = await this.host.resolve(frame);
    if (!r.file) {
      void vscode.window.showWarningMessage(`Sentry: no workspace file matches ${file}${r.warning ? ` (${r.warning})` : ''}.`);
      return;
    }
    const target = vscode.Uri.file(r.file);
    if (!vscode.workspace.getWorkspaceFolder(target)) {
      this.log.warn(`[links] refused a link to ${r.file}: outside the workspace folders`);
      void vscode.window.showWarningMessage(`Sentry: the link leads outside the workspace folders (${r.file}); it was not opened.`);
      return;
    }
    const pos = new vscode.Position(Math.max((r.line ?? 1) - 1, 0), Math.max((r.column ?? 1) - 1, 0));
    await vscode.window.showTextDocument(target, { selection: new vscode.Range(pos, pos), preview: true });
    if (r.note) vscode.window.setStatusBarMessage(`$(info) Sentry: ${r.note}`, 10_000);
  }
}

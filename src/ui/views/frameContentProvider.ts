import * as vscode from 'vscode';

export const FRAME_SCHEME = 'sentry-frame';
const MAX_DOCS = 50;

/** Read-only `sentry-frame:` documents holding a frame's context lines when no local file matches. */
export class FrameContentProvider implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '// This frame is no longer available; open it again from the Sentry view.\n';
  }

  /** Registers content and returns its URI (named after the frame's file so the editor picks a language). */
  add(fileName: string, text: string): vscode.Uri {
    const base = fileName.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? 'frame';
    const uri = vscode.Uri.from({ scheme: FRAME_SCHEME, path: `/${++this.counter}/${base.replace(/[?#]/g, '_')}` });
    this.docs.set(uri.toString(), text);
    if (this.docs.size > MAX_DOCS) this.docs.delete(this.docs.keys().next().value!);
    return uri;
  }
}

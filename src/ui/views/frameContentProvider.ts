import * as vscode from 'vscode';
import { frameContextPath, plainDocumentPath } from './frameContextPath';

export const FRAME_SCHEME = 'sentry-frame';
const MAX_DOCS = 50;

/** Read-only `sentry-frame:` documents holding a frame's context lines when no local file matches. */
export class FrameContentProvider implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '// This frame is no longer available; open it again from the Sentry view.\n';
  }

  /**
   * Registers content and returns its URI, named after `fileName`. A frame's
   * context lines (`frameContext`) get the language of frameContextPath.ts, so
   * no language server reports problems in them; other text keeps the language
   * of its name.
   */
  add(fileName: string, text: string, kind: 'frameContext' | 'text' = 'text'): vscode.Uri {
    const n = ++this.counter;
    const uri = vscode.Uri.from({ scheme: FRAME_SCHEME, path: kind === 'frameContext' ? frameContextPath(n, fileName) : plainDocumentPath(n, fileName) });
    this.docs.set(uri.toString(), text);
    if (this.docs.size > MAX_DOCS) this.docs.delete(this.docs.keys().next().value!);
    return uri;
  }
}

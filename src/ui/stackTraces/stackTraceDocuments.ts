import * as vscode from 'vscode';

export const STACK_SCHEME = 'sentry-stack';
const MAX_DOCS = 20;

/** Read-only `sentry-stack:` documents holding pasted stack traces (the last 20). */
export class StackTraceDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? 'This stack trace is no longer open; run "Sentry: Open Stack Trace…" again.\n';
  }

  /** Keeps a text and returns the URI of its document. */
  add(text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: STACK_SCHEME, path: `/Stack Trace ${++this.counter}.log` });
    this.docs.set(uri.toString(), text);
    if (this.docs.size > MAX_DOCS) this.docs.delete(this.docs.keys().next().value!);
    return uri;
  }
}

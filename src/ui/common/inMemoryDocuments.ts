import * as vscode from 'vscode';

/**
 * Read-only documents of one URI scheme whose text the extension holds in
 * memory, the newest `max` of them; a URI whose text was let go shows
 * `goneText` (how to open it again).
 */
export class InMemoryDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly scheme: string,
    private readonly max: number,
    private readonly goneText: string,
  ) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? this.goneText;
  }

  /** Keeps a text at the path `pathOf(n)` (n counts the documents, from 1) and returns its URI. */
  protected keep(pathOf: (n: number) => string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: pathOf(++this.counter) });
    this.docs.set(uri.toString(), text);
    if (this.docs.size > this.max) this.docs.delete(this.docs.keys().next().value!);
    return uri;
  }
}

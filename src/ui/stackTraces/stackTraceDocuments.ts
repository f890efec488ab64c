import type * as vscode from 'vscode';
import { InMemoryDocuments } from '../common/inMemoryDocuments';

export const STACK_SCHEME = 'sentry-stack';

/** Read-only `sentry-stack:` documents holding pasted stack traces (the last 20). */
export class StackTraceDocuments extends InMemoryDocuments {
  constructor() {
    super(STACK_SCHEME, 20, 'This stack trace is no longer open; run "Sentry: Open Stack Trace…" again.\n');
  }

  /** Keeps a text and returns the URI of its document. */
  add(text: string): vscode.Uri {
    return this.keep((n) => `/Stack Trace ${n}.log`, text);
  }
}

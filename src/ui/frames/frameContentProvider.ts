import type * as vscode from 'vscode';
import { InMemoryDocuments } from '../common/inMemoryDocuments';
import { frameContextPath, plainDocumentPath } from './frameContextPath';

export const FRAME_SCHEME = 'sentry-frame';

/** Read-only `sentry-frame:` documents holding a frame's context lines when no local file matches (the last 50). */
export class FrameContentProvider extends InMemoryDocuments {
  constructor() {
    super(FRAME_SCHEME, 50, '// This frame is no longer available; open it again from the Sentry view.\n');
  }

  /**
   * Registers content and returns its URI, named after `fileName`. A frame's
   * context lines (`frameContext`) get the language of frameContextPath.ts, so
   * no language server reports problems in them; other text keeps the language
   * of its name.
   */
  add(fileName: string, text: string, kind: 'frameContext' | 'text' = 'text'): vscode.Uri {
    return this.keep((n) => (kind === 'frameContext' ? frameContextPath(n, fileName) : plainDocumentPath(n, fileName)), text);
  }
}

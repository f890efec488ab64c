import type * as vscode from 'vscode';
import { MissingPartError } from './util/missingPart';

/**
 * The entry VS Code loads (dist/extension.js). VS Code records an
 * extension's activation as the time to load this file plus the activate()
 * call, and every window pays it at startup; so this file holds nothing but
 * the hand-over: activate() returns at once, and on the next turn of the event
 * loop the window's shell (src/shell.ts, built as dist/shell.js) is required
 * and builds the views and commands. VS Code waits for the returned promise
 * before it runs a command of this extension or asks its views for data, so a
 * command invoked early waits for the shell instead of failing.
 */
type Shell = typeof import('./shell');

let shell: Shell | undefined;
let deactivated = false;

/**
 * The shell, required once; a missing or broken dist/shell.js is a
 * MissingPartError (this file's own copy of the class: it never reaches the
 * shell, which has its own).
 */
async function loadShell(): Promise<Shell> {
  try {
    return await import('./shell');
  } catch (e) {
    throw new MissingPartError('shell.js', e);
  }
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    if (deactivated) return;
    const loadStarted = performance.now();
    try {
      shell = await loadShell();
    } catch (e) {
      // Activation fails with the sentence, and the person sees it (the views would stay empty otherwise).
      const { window } = await import('vscode');
      if (e instanceof MissingPartError) void window.showErrorMessage(`Sentry Lens: ${e.userMessage}`);
      throw e;
    }
    shell.activateWindow(context, loadStarted);
  });
}

/** The shell's orderly shutdown, if it was loaded. */
export function deactivate(): Promise<void> {
  deactivated = true;
  return shell ? shell.deactivateWindow() : Promise.resolve();
}

import * as vscode from 'vscode';
import { CommandIds } from '../common/commandIds';
import { ContextKeys } from '../common/contextKeys';
import type { StatusBar } from '../status/statusBar';
import { WALKTHROUGH_ID } from './walkthroughId';


/**
 * "Get started with Sentry Lens": `sentry.getStarted` opens it, and the
 * context keys its steps wait for are set here when the real thing happens
 * (a send succeeded); the views set the one for a captured event. The other
 * steps complete on their own commands (`onCommand:` in package.json).
 */
/** How long after opening the walkthrough its steps are taken to be registered. */
const READY_DELAY_MS = 1500;

export function registerWalkthrough(extensionId: string, statusBar: StatusBar): vscode.Disposable[] {
  let sent = false;
  let ready: ReturnType<typeof setTimeout> | undefined;
  return [
    vscode.commands.registerCommand(CommandIds.getStarted, async () => {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false);
      if (ready) return;
      // After the walkthrough registered its steps: what was done before it opened now ticks its step off.
      ready = setTimeout(() => void vscode.commands.executeCommand('setContext', ContextKeys.walkthroughReady, true), READY_DELAY_MS);
    }),
    { dispose: () => clearTimeout(ready) },
    statusBar.onDidChange(() => {
      if (sent || !statusBar.current.lastSend?.ok) return;
      sent = true;
      void vscode.commands.executeCommand('setContext', ContextKeys.testEventSent, true);
    }),
  ];
}

import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { ContextKeys } from '../contextKeys';
import type { StatusBar } from '../statusBar';
import { WALKTHROUGH_ID } from './walkthroughId';


/**
 * "Get started with Sentry Lens": `sentry.getStarted` opens it, and the
 * context keys its steps wait for are set here when the real thing happens
 * (a send succeeded); the views set the one for a captured event. The other
 * steps complete on their own commands (`onCommand:` in package.json).
 */
export function registerWalkthrough(extensionId: string, statusBar: StatusBar): vscode.Disposable[] {
  let sent = false;
  return [
    vscode.commands.registerCommand(CommandIds.getStarted, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false),
    ),
    statusBar.onDidChange(() => {
      if (sent || !statusBar.current.lastSend?.ok) return;
      sent = true;
      void vscode.commands.executeCommand('setContext', ContextKeys.testEventSent, true);
    }),
  ];
}
